package normalize

import (
	"math"
	"testing"

	"immerse/delivery"
)

// TestPlatformPodcast: `normalize --platform podcast` lands within 0.5 LU
// of -16 LUFS and under the -1 dBTP ceiling, on our meter and on ffmpeg's
// ebur128 (when ffmpeg is installed).
func TestPlatformPodcast(t *testing.T) {
	n := 8 * rate
	in := tempPath(t, "loud.wav")
	writeFile(t, in, 24, 0, [][]float32{musicLike(3, n, 0.3), musicLike(4, n, 0.3)})
	p, _ := delivery.Lookup("podcast")
	opt := DefaultOptions()
	opt.Platform = p
	out := tempPath(t, "podcast.wav")
	rep, err := File(in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	lufs, tp := measure(t, out)
	t.Logf("podcast: %.2f LUFS in, %.3f LUFS %.3f dBTP out (limiter %v)", rep.InputLUFS, lufs, tp, rep.Limiter)
	if rep.Platform != "podcast" || rep.TargetLUFS != -16 || rep.MaxTruePeakDBTP != -1 || rep.Measurement != delivery.MeasuredIntegrated {
		t.Errorf("report %+v", rep)
	}
	if math.Abs(lufs+16) > 0.5 || tp > -1 {
		t.Errorf("our meter: %.3f LUFS %.3f dBTP", lufs, tp)
	}
	if fl, ftp, ok := ffmpegMeasure(t, out); ok {
		t.Logf("ffmpeg ebur128: %.3f LUFS, %.3f dBTP", fl, ftp)
		if math.Abs(fl+16) > 0.5 || ftp > -1 {
			t.Errorf("ffmpeg: %.3f LUFS %.3f dBTP", fl, ftp)
		}
	} else {
		t.Log("ffmpeg not installed: cross-check skipped")
	}
}

// TestPlatformCeilingAndFallback: a ceiling preset (atmos-music) lands
// just under its ceiling; Netflix on music (no dialogue) applies its
// full-programme rule, -24 LUFS, under -2 dBTP.
func TestPlatformCeilingAndFallback(t *testing.T) {
	n := 6 * rate
	in := tempPath(t, "m.wav")
	writeFile(t, in, 32, 0, [][]float32{musicLike(5, n, 0.05), musicLike(6, n, 0.05)})
	for _, c := range []struct {
		name       string
		want, tp   float64
		measuredAs string
	}{{"atmos-music", -18.1, -1, delivery.MeasuredIntegrated}, {"netflix", -24, -2, delivery.MeasuredFullFallback}} {
		p, _ := delivery.Lookup(c.name)
		opt := DefaultOptions()
		opt.Platform = p
		out := tempPath(t, c.name+".wav")
		rep, err := File(in, out, opt)
		if err != nil {
			t.Fatal(err)
		}
		lufs, tp := measure(t, out)
		t.Logf("%s: %.3f LUFS, %.3f dBTP (%s)", c.name, lufs, tp, rep.Measurement)
		if math.Abs(lufs-c.want) > 0.06 || tp > c.tp || rep.Measurement != c.measuredAs {
			t.Errorf("%s: %.3f LUFS %.3f dBTP %s, want %.1f under %g dBTP (%s)", c.name, lufs, tp, rep.Measurement, c.want, c.tp, c.measuredAs)
		}
		if c.name == "netflix" && (rep.DialoguePercent == nil || *rep.DialoguePercent > 15) {
			t.Errorf("netflix dialogue %v", rep.DialoguePercent)
		}
	}
}
