package normalize

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
)

// checkResult asserts the output lands within 0.1 LU of the target and
// under the ceiling, by our meter and by ffmpeg's ebur128.
func checkResult(t *testing.T, out string, rep *Report) {
	t.Helper()
	lufs, tp := measure(t, out)
	t.Logf("%s: gain %+.2f dB, limiter %v (max GR %.2f dB), %d passes; output %.3f LUFS %.3f dBTP (report %.3f, %.3f)",
		filepath.Base(out), rep.GainDB, rep.Limiter, rep.MaxGainReductionDB, rep.Passes, lufs, tp, rep.OutputLUFS, rep.OutputTruePeakDBTP)
	if math.Abs(lufs-rep.TargetLUFS) > 0.1 || tp > rep.MaxTruePeakDBTP {
		t.Errorf("our meter: %.3f LUFS, %.3f dBTP; want %.1f ±0.1 LUFS, <= %.1f dBTP", lufs, tp, rep.TargetLUFS, rep.MaxTruePeakDBTP)
	}
	if math.Abs(lufs-rep.OutputLUFS) > 0.01 || math.Abs(tp-rep.OutputTruePeakDBTP) > 0.01 {
		t.Errorf("report says %.3f LUFS %.3f dBTP, the file measures %.3f, %.3f", rep.OutputLUFS, rep.OutputTruePeakDBTP, lufs, tp)
	}
	if fl, ftp, ok := ffmpegMeasure(t, out); ok {
		t.Logf("ffmpeg: %.3f LUFS, %.3f dBTP", fl, ftp)
		if math.Abs(fl-rep.TargetLUFS) > 0.1 || ftp > rep.MaxTruePeakDBTP {
			t.Errorf("ffmpeg: %.3f LUFS, %.3f dBTP; want %.1f ±0.1 LUFS, <= %.1f dBTP", fl, ftp, rep.TargetLUFS, rep.MaxTruePeakDBTP)
		}
	}
}

// TestGainOnly: a quiet stereo programme whose peaks stay under the
// ceiling after the gain is only scaled: no limiter, every output sample
// is the input sample times the gain.
func TestGainOnly(t *testing.T) {
	n := 10 * rate
	src := [][]float32{musicLike(1, n, 0.03), musicLike(2, n, 0.03)}
	in := tempPath(t, "quiet.wav")
	writeFile(t, in, 32, 0, src)
	out := tempPath(t, "out.wav")
	opt := DefaultOptions()
	opt.TargetLUFS = -16
	rep, err := File(in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Limiter || rep.Passes != 2 || rep.InputTruePeakDBTP+rep.GainDB > -1 {
		t.Errorf("report %+v", rep)
	}
	if math.Abs(rep.GainDB-(-16-rep.InputLUFS)) > 1e-9 {
		t.Errorf("gain %.4f dB for input %.4f LUFS", rep.GainDB, rep.InputLUFS)
	}
	checkResult(t, out, rep)
	_, y := readFile(t, out)
	g := float32(dsp.DBToGain(rep.GainDB))
	for c := range src {
		if len(y[c]) != n {
			t.Fatalf("length %d, want %d", len(y[c]), n)
		}
		for i, v := range src[c] {
			if y[c][i] != v*g {
				t.Fatalf("channel %d frame %d: %g, want %g", c, i, y[c][i], v*g)
			}
		}
	}
}

// TestLimited: a programme with sharp hits whose gained true peak would
// exceed the ceiling gets the limiter; the output lands on the target and
// under the ceiling, keeps the input's length, and away from the hits
// (where the limiter is idle) every sample is exactly where it was: the
// limiter's latency is compensated.
func TestLimited(t *testing.T) {
	n := 12 * rate
	src := [][]float32{musicLike(3, n, 0.05), musicLike(4, n, 0.05)}
	withHits(src, rate, rate, 0.12) // one hit per second, from 1 s
	in := tempPath(t, "hits.wav")
	writeFile(t, in, 32, 0, src)
	out := tempPath(t, "out.wav")
	opt := DefaultOptions()
	opt.TargetLUFS, opt.MaxTruePeakDBTP = -16, -1
	rep, err := File(in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Limiter || rep.MaxGainReductionDB < 1 || len(rep.Warnings) != 0 {
		t.Errorf("report %+v", rep)
	}
	if rep.InputTruePeakDBTP+(-16-rep.InputLUFS) <= -1 {
		t.Fatalf("test signal too tame: gained true peak %.2f dBTP", rep.InputTruePeakDBTP+(-16-rep.InputLUFS))
	}
	checkResult(t, out, rep)
	_, y := readFile(t, out)
	if len(y[0]) != n {
		t.Fatalf("length %d, want %d", len(y[0]), n)
	}
	// 0.5-0.9 s: before the first hit, the limiter has nothing to do.
	g := dsp.DBToGain(rep.GainDB)
	for c := range src {
		for i := rate / 2; i < 9*rate/10; i++ {
			if want := float64(src[c][i]) * g; math.Abs(float64(y[c][i])-want) > 1e-6 {
				t.Fatalf("channel %d frame %d: %g, want %g (misaligned?)", c, i, y[c][i], want)
			}
		}
	}
}

// TestSurround51: a 24-bit 5.1 file (ffmpeg weighs 5.1 as we do) at a
// target that needs the limiter; the output keeps the input's format.
func TestSurround51(t *testing.T) {
	n := 8 * rate
	src := make([][]float32, 6)
	for c := range src {
		src[c] = musicLike(uint64(10+c), n, 0.08)
	}
	withHits(src[:3], rate/2, rate/2, 0.5)
	in := tempPath(t, "in51.wav")
	writeFile(t, in, 24, 0x3F, src)
	out := tempPath(t, "out51.wav")
	opt := DefaultOptions()
	opt.TargetLUFS, opt.MaxTruePeakDBTP = -14, -1
	rep, err := File(in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Layout != "5.1" || !strings.Contains(rep.Format, "24-bit PCM, mask 0x3F") {
		t.Errorf("layout %s, format %s", rep.Layout, rep.Format)
	}
	checkResult(t, out, rep)
}

// TestRefusals: the input is never overwritten (same path, a link to it),
// an existing output needs Overwrite, and failures leave no file.
func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.wav")
	writeFile(t, in, 16, 0, [][]float32{musicLike(1, rate, 0.1)})
	link := filepath.Join(dir, "link.wav")
	if err := os.Link(in, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(in)
	for _, out := range []string{in, filepath.Join(dir, ".", "in.wav"), link} {
		_, err := File(in, out, Options{TargetLUFS: -20, MaxTruePeakDBTP: -1, Overwrite: true})
		if err == nil || !strings.Contains(err.Error(), "never overwrites its input") || !errors.Is(err, ErrInput) {
			t.Errorf("output %s: %v", out, err)
		}
	}
	if after, _ := os.ReadFile(in); string(after) != string(before) {
		t.Fatal("the input changed")
	}
	existing := filepath.Join(dir, "exists.wav")
	os.WriteFile(existing, []byte("keep"), 0o644)
	if _, err := File(in, existing, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "already exists") || !errors.Is(err, ErrInput) {
		t.Errorf("existing output: %v", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep" {
		t.Error("existing output changed")
	}
	silent := filepath.Join(dir, "silent.wav")
	writeFile(t, silent, 16, 0, [][]float32{make([]float32, rate)})
	if _, err := File(silent, filepath.Join(dir, "s-out.wav"), DefaultOptions()); err == nil || !strings.Contains(err.Error(), "silent") {
		t.Errorf("silent input: %v", err)
	}
	for _, bad := range []Options{{TargetLUFS: 3, MaxTruePeakDBTP: -1}, {TargetLUFS: -16, MaxTruePeakDBTP: 1}, {TargetLUFS: -16, MaxTruePeakDBTP: -1, BitDepth: 12}} {
		if _, err := File(in, filepath.Join(dir, "bad.wav"), bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "exists.wav in.wav link.wav silent.wav" {
		t.Errorf("files left: %v", names)
	}
}

// TestBitDepth: 16-bit input gives 16-bit output by default, 32 on request.
func TestBitDepth(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.wav")
	writeFile(t, in, 16, 0, [][]float32{musicLike(1, 4*rate, 0.02), musicLike(2, 4*rate, 0.02)})
	for _, c := range []struct {
		bits int
		want string
	}{{0, "16-bit PCM"}, {32, "32-bit float"}, {24, "24-bit PCM"}} {
		out := filepath.Join(dir, "out"+string(rune('a'+c.bits))+".wav")
		opt := DefaultOptions()
		opt.BitDepth = c.bits
		rep, err := File(in, out, opt)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := readFile(t, out)
		if !strings.Contains(f.String(), c.want) || !strings.Contains(rep.Format, c.want) {
			t.Errorf("bits %d: %s (report %s)", c.bits, f, rep.Format)
		}
		if lufs, _ := measure(t, out); math.Abs(lufs-opt.TargetLUFS) > 0.1 {
			t.Errorf("bits %d: %.3f LUFS", c.bits, lufs)
		}
	}
}
