package mixer

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
)

// writeExample copies the example session to a directory with its stems
// written as real WAV and FLAC files, and loads it.
func writeExample(t *testing.T, seconds float64) (*Session, string) {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "session.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, d := range exampleStems(seconds) {
		w, err := encoders.Create(filepath.Join(dir, filepath.Base(name)), encoders.Format{SampleRate: testRate, Channels: len(d), BitDepth: 24}, encoders.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := LoadSession(path)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func readAll(t *testing.T, path string) ([][]float32, encoders.Format) {
	t.Helper()
	out, f, err := encoders.ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	return out, f
}

// TestMixFile: MixFile writes what the Mixer reads (24-bit WAV at the
// session rate), reports the levels it wrote and refuses to overwrite
// without Overwrite, leaving no temporary file behind.
func TestMixFile(t *testing.T) {
	s, dir := writeExample(t, 1)
	out := filepath.Join(dir, "mix.wav")
	var calls, last int64
	rep, err := MixFile(s, out, FileOptions{Config: Config{TruePeak: true}, HeadroomDB: 6,
		Progress: func(done, total int64) { calls++; last = done }})
	if err != nil {
		t.Fatal(err)
	}
	got, format := readAll(t, out)
	if format.SampleRate != 48000 || format.Channels != 2 || format.BitDepth != 24 || format.Float {
		t.Errorf("format %v", format)
	}
	want := mixWith(t, s, nil, Config{}, 4096) // stems from files (nil opener)
	if len(got[0]) != len(want[0]) || rep.Frames != int64(len(want[0])) || last != rep.Frames || calls == 0 {
		t.Fatalf("file %d frames, mixer %d, report %d, progress %d", len(got[0]), len(want[0]), rep.Frames, last)
	}
	for c := range want {
		for i := range want[c] {
			if math.Abs(float64(got[c][i]-want[c][i])) > 1.0/(1<<23) {
				t.Fatalf("channel %d frame %d: file %g, mix %g", c, i, got[c][i], want[c][i])
			}
		}
	}
	if rep.Frames != 48000+int64(math.Round(2.225*48000)) || rep.TailSeconds != 2.225 || rep.LatencyFrames != 74 {
		t.Errorf("frames %d tail %g latency %d", rep.Frames, rep.TailSeconds, rep.LatencyFrames)
	}
	peak := 0.0
	for c := range want {
		for _, v := range want[c] {
			peak = math.Max(peak, math.Abs(float64(v)))
		}
	}
	if m := rep.Master; math.Abs(m.PeakDBFS-dsp.GainToDB(peak)) > 1e-9 || m.TruePeakDBTP == nil || *m.TruePeakDBTP < m.PeakDBFS-1e-9 ||
		m.HeadroomDB != -*m.TruePeakDBTP || len(rep.Tracks) != 3 || len(rep.Buses) != 4 || rep.Tracks[2].Name != "Lead Vocal" {
		t.Errorf("report %+v", rep)
	}
	_, err = MixFile(s, out, FileOptions{})
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second mix without Overwrite: %v", err)
	}
	if _, err := MixFile(s, out, FileOptions{Overwrite: true, BitDepth: 32}); err != nil {
		t.Fatal(err)
	}
	if _, f := readAll(t, out); !f.Float {
		t.Errorf("--bits 32 wrote %v", f)
	}
	if _, err := MixFile(s, filepath.Join(dir, "mix.flac"), FileOptions{BitDepth: 16}); err != nil {
		t.Fatal(err)
	}
	if _, f := readAll(t, filepath.Join(dir, "mix.flac")); f.BitDepth != 16 {
		t.Errorf("FLAC %v", f)
	}
	_, err = MixFile(s, filepath.Join(dir, "x.flac"), FileOptions{BitDepth: 32})
	wantErr(t, err, "FLAC holds 16 or 24-bit integers")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || e.Name() == "x.flac" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestMixFileMatchesFFmpeg cross-checks the report's master peak and RMS
// with ffmpeg's astats on the written file.
func TestMixFileMatchesFFmpeg(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed; skipping the cross-check of the report's levels")
	}
	s, dir := writeExample(t, 1)
	out := filepath.Join(dir, "mix.wav")
	rep, err := MixFile(s, out, FileOptions{BitDepth: 32, Config: Config{TruePeak: true}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", out, "-af", "astats=measure_perchannel=none,ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, res)
	}
	value := func(label string) float64 {
		m := regexp.MustCompile(label + `:\s*(-?[0-9.]+)`).FindSubmatch(res)
		if m == nil {
			t.Fatalf("no %q in ffmpeg's output:\n%s", label, res)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	if p := value("Peak level dB"); math.Abs(p-rep.Master.PeakDBFS) > 0.01 {
		t.Errorf("peak: report %.3f dBFS, ffmpeg %.3f", rep.Master.PeakDBFS, p)
	}
	if r := value("RMS level dB"); math.Abs(r-rep.Master.RMSDBFS) > 0.01 {
		t.Errorf("RMS: report %.3f dBFS, ffmpeg %.3f", rep.Master.RMSDBFS, r)
	}
	// ebur128's true peak (4× oversampled too, another interpolator):
	// within 0.5 dB on this noisy material.
	m := regexp.MustCompile(`True peak:\s*Peak:\s*(-?[0-9.]+)`).FindSubmatch(res)
	if m == nil {
		t.Fatalf("no true peak in ffmpeg's output:\n%s", res)
	}
	tp, _ := strconv.ParseFloat(string(m[1]), 64)
	t.Logf("true peak: report %.2f dBTP, ffmpeg ebur128 %.1f dBTP; sample peak %.2f dBFS", *rep.Master.TruePeakDBTP, tp, rep.Master.PeakDBFS)
	if math.Abs(tp-*rep.Master.TruePeakDBTP) > 0.5 {
		t.Errorf("true peak: report %.2f dBTP, ffmpeg %.1f", *rep.Master.TruePeakDBTP, tp)
	}
}

// TestLevelWarnings: the report warns above -1 dBFS, under the headroom
// target, and on clipping.
func TestLevelWarnings(t *testing.T) {
	dir := t.TempDir()
	stems := memStems{"t.wav": {sine(testRate/4, 440, 1)}}
	for _, c := range []struct {
		gain float64
		want string
	}{
		{-9, ""},
		{-1, "dB of headroom, under the 6 dB asked for; lower the master gain by"},
		{2.5, "above -1 dBFS: encoding and resampling may clip it"},
		{6, "samples over full scale were clipped in the integer output"},
	} {
		s := parse(t, oneTrack("", `"gain": `+fmtG(c.gain)))
		rep, err := MixFile(s, filepath.Join(dir, "m.wav"), FileOptions{Overwrite: true, HeadroomDB: 6, Open: stems.open(testRate)})
		if err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(rep.Warnings, "\n")
		if c.want == "" && joined != "" || !strings.Contains(joined, c.want) {
			t.Errorf("gain %g dB (master peak %.2f dBFS): warnings %q, want %q", c.gain, rep.Master.PeakDBFS, joined, c.want)
		}
	}
}
