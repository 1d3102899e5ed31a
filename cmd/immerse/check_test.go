package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"immerse/demo"
	"immerse/encoders"
	"immerse/render"
	"immerse/speakers"
)

// writeWAV writes planar float samples at 48 kHz as a 32-bit float WAV.
func writeWAV(t *testing.T, path string, mask uint32, src ...[]float32) string {
	t.Helper()
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: 48000, Channels: len(src), BitDepth: 32, Float: true, ChannelMask: mask}, src, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

func noiseSignal(seed uint64, rms float64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 5))
	x := make([]float32, n)
	var lp float64
	for i := range x {
		lp = 0.8*lp + 0.2*r.NormFloat64()
		x[i] = float32(rms * lp * 2)
	}
	return x
}

func negate(x []float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = -v
	}
	return y
}

// TestCheckPhase: an anti-phase pair fails (exit 1) on the mono loss with
// correlation -1; an in-phase pair passes (exit 0).
func TestCheckPhase(t *testing.T) {
	dir := t.TempDir()
	x := noiseSignal(1, 0.05, 4*48000)
	anti := writeWAV(t, filepath.Join(dir, "anti.wav"), 0, x, negate(x))
	same := writeWAV(t, filepath.Join(dir, "same.wav"), 0, x, x)

	out, stderr, code := run(t, "", "check", anti)
	if code != 1 || !strings.Contains(out, "FAIL 2.0") || !strings.Contains(out, "monoLossLU") || !strings.Contains(out, "verdict: FAIL") ||
		!strings.Contains(stderr, "failed") {
		t.Errorf("anti-phase: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, code = run(t, "", "check", anti, "--json")
	var rep struct {
		Verdict string
		Stages  []struct {
			Name        string
			Correlation *struct{ Mean, Min float64 }
			MonoLossLU  *float64
		}
		Problems []struct{ Stage, Metric, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	st := rep.Stages[0]
	if rep.Verdict != "fail" || st.Name != "2.0" || st.Correlation.Mean != -1 || st.Correlation.Min != -1 || *st.MonoLossLU < 50 {
		t.Errorf("anti-phase report %+v", rep)
	}

	out, _, code = run(t, "", "check", same)
	if code != 0 || !strings.Contains(out, "verdict: PASS") || !strings.Contains(out, "1.00/1.00") {
		t.Errorf("in phase: exit %d\n%s", code, out)
	}
}

// TestCheckThresholdFlags: the flags move the limits. A wide pair, L = a +
// 2.65 b and R = a + 2.65 c (a, b, c independent, equal power), correlates
// at 1/(1 + 2.65²) = 0.12 and loses 10 log10((2 + 2k²)/(2 + k²)) = 2.5 LU
// in mono: a warning on the 2.0 -> 1.0 jump (exit 0), a failure with
// --strict, nothing with --jump-warn 4; its true peak (-11.3 dBTP, in the
// 1.0 stage) fails --max-true-peak -12; its loudness fails a -14 LUFS target.
func TestCheckThresholdFlags(t *testing.T) {
	n := 4 * 48000
	a, l, r := noiseSignal(1, 0.03, n), noiseSignal(2, 0.03, n), noiseSignal(3, 0.03, n)
	for i := range a {
		l[i] = a[i] + 2.65*l[i]
		r[i] = a[i] + 2.65*r[i]
	}
	path := writeWAV(t, filepath.Join(t.TempDir(), "wide.wav"), 0, l, r)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 0, "verdict: WARN"},
		{[]string{"--strict"}, 1, "verdict: FAIL"},
		{[]string{"--jump-warn", "4"}, 0, "verdict: PASS"},
		{[]string{"--jump-warn", "4", "--max-true-peak", "-12"}, 1, "truePeakDBTP"},
		{[]string{"--jump-warn", "4", "--target", "-14"}, 1, "integratedLUFS"},
		{[]string{"--jump-warn", "4", "--mono-loss-warn", "2.3"}, 0, "WARN 2.0    monoLossLU"},
		{[]string{"--jump-warn", "4", "--mono-loss-warn", "1", "--mono-loss-fail", "2"}, 1, "FAIL 2.0    monoLossLU"},
		{[]string{"--jump-warn", "4", "--correlation-warn", "0.5", "--correlation-duration", "2"}, 0, "WARN 2.0    correlation"},
		{[]string{"--jump-warn", "4", "--correlation-warn", "0.5", "--correlation-duration", "4"}, 0, "verdict: PASS"},
	}
	for _, c := range cases {
		out, stderr, code := run(t, "", append([]string{"check", path}, c.args...)...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d (want %d), want %q in\n%s%s", c.args, code, c.code, c.want, out, stderr)
		}
	}
}

// TestCheckBadInput: bad input exits 2 with a precise message.
func TestCheckBadInput(t *testing.T) {
	dir := t.TempDir()
	x := noiseSignal(1, 0.05, 48000)
	stereo := writeWAV(t, filepath.Join(dir, "st.wav"), 0, x, x)
	three := writeWAV(t, filepath.Join(dir, "three.wav"), 0, x, x, x)
	badMix := filepath.Join(dir, "mix.json")
	os.WriteFile(badMix, []byte(`{"stages": [{"layout": "1.0", "matrix": {"M+000": {"U+045": 1}}}]}`), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", stereo, "--layout", "7.1.4"}, "the file has 2 channels but layout 7.1.4 has 12"},
		{[]string{"check", three}, "the file has 3 channels and no channel mask; name its layout (e.g. --layout 7.1.4)"},
		{[]string{"check", stereo, "--downmix-preset", "loud"}, `--downmix-preset "loud": unknown preset; use one of default, heights-0db, ltrt, no-heights, surround-minus6`},
		{[]string{"check", stereo, "--downmix", badMix}, `input "U+045" is not a channel of 2.0 (the file's layout`},
		{[]string{"check", stereo, "--mono-loss-fail", "1"}, "mono-loss failure 1 LU is below the warning level 3 LU"},
		{[]string{"check", filepath.Join(dir, "none.wav")}, "none.wav"},
		{[]string{"check"}, "give one audio file"},
		{[]string{"loudness", three}, "no channel mask"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, "", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// TestCheckPlotsAndLayout: a 5.1 file named by --layout (no mask) writes
// its plots; every PNG decodes at 1200 × 600.
func TestCheckPlotsAndLayout(t *testing.T) {
	dir := t.TempDir()
	var ch [][]float32
	for c := range 6 {
		ch = append(ch, noiseSignal(uint64(c), 0.03, 5*48000))
	}
	path := writeWAV(t, filepath.Join(dir, "mix51.wav"), 0, ch...)
	plots := filepath.Join(dir, "plots")
	out, stderr, code := run(t, "", "check", path, "--layout", "5.1", "--plot", plots, "--jump-warn", "5")
	if code != 0 || !strings.Contains(out, "5.1       6") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	for _, name := range []string{"loudness.png", "correlation.png", "monoloss.png", "truepeak.png"} {
		f, err := os.Open(filepath.Join(plots, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 600 {
			t.Errorf("%s: %v %v", name, err, img.Bounds())
		}
		if !strings.Contains(out, filepath.Join(plots, name)) {
			t.Errorf("plot %s not listed:\n%s", name, out)
		}
	}
}

// TestCheckRenderedDemo: `render --demo` then `check` passes, and the JSON
// names every stage.
func TestCheckRenderedDemo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.wav")
	if _, stderr, code := run(t, "", "render", "--demo", "--layout", "7.1.4", "-o", path, "-q"); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	out, stderr, code := run(t, "", "check", path, "--json")
	var rep struct {
		Layout, Verdict string
		Stages          []struct{ Name string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Layout != "7.1.4" || rep.Verdict != "pass" || len(rep.Stages) != 4 {
		t.Errorf("exit %d %+v %s", code, rep, stderr)
	}
}

// TestRenderCheckHelper runs renderCheck (what `render --check` calls) in
// a small app with the flags render would add: one JSON object with both
// reports, and the table after the render report.
func TestRenderCheckHelper(t *testing.T) {
	l, _ := speakers.Get("5.1")
	sc, stems := demo.Scene(48000)
	out := filepath.Join(t.TempDir(), "r.wav")
	rep, err := render.RenderFile(sc, out, render.FileOptions{Config: render.Config{Layout: l},
		Open: func(p string) (render.Stem, error) { return stems.Source(p, sc.SampleRate) }})
	if err != nil {
		t.Fatal(err)
	}
	runApp := func(args ...string) (string, error) {
		var buf bytes.Buffer
		app := &cli.App{Writer: &buf, Commands: []*cli.Command{{
			Name: "render", Flags: append([]cli.Flag{quietFlag, jsonFlag}, checkFlags()...),
			Action: func(c *cli.Context) error { return renderCheck(c, sc, rep, l) },
		}}}
		err := app.Run(append([]string{"immerse", "render"}, args...))
		return buf.String(), err
	}
	s, err := runApp("--json")
	var both struct {
		Render struct{ Layout string }
		Check  struct {
			Verdict string
			Stages  []struct{ Name string }
		}
	}
	if err != nil || json.Unmarshal([]byte(s), &both) != nil || both.Render.Layout != "5.1" || both.Check.Verdict != "pass" || len(both.Check.Stages) != 3 {
		t.Errorf("--json: %v %+v\n%s", err, both, s)
	}
	s, err = runApp("--max-true-peak", "-20")
	var ec exitCode
	if !strings.Contains(s, "verdict: FAIL") || !strings.Contains(s, "demo scene ->") || err == nil || !errors.As(err, &ec) || ec.code != 1 {
		t.Errorf("--max-true-peak -20: %v\n%s", err, s)
	}
}

// TestLoudnessCommand: EBU Tech 3341 case 1 through the CLI: a stereo
// 1 kHz tone at -23 dBFS reads -23.0 LUFS.
func TestLoudnessCommand(t *testing.T) {
	x := make([]float32, 20*48000)
	for i := range x {
		x[i] = float32(math.Pow(10, -23.0/20) * math.Sin(2*math.Pi*1000*float64(i)/48000))
	}
	path := writeWAV(t, filepath.Join(t.TempDir(), "tone.wav"), 0, x, x)
	out, _, code := run(t, "", "loudness", path, "--json")
	var rep struct {
		Layout          string
		IntegratedLUFS  float64
		LoudnessRangeLU float64
		TruePeakDBTP    float64
		PerChannel      []struct{ Label string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if rep.Layout != "2.0" || math.Abs(rep.IntegratedLUFS+23) > 0.1 || rep.LoudnessRangeLU > 0.1 || math.Abs(rep.TruePeakDBTP+23) > 0.1 || len(rep.PerChannel) != 2 {
		t.Errorf("loudness %+v", rep)
	}
	out, _, code = run(t, "", "loudness", path)
	if code != 0 || !strings.Contains(out, "integrated         -23.0 LUFS") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestNormalizeCommand: a quiet file with hits normalised to -16 LUFS /
// -1 dBTP measures -16 ±0.1 LUFS and under -1 dBTP with `loudness`; the
// input is never the output.
func TestNormalizeCommand(t *testing.T) {
	dir := t.TempDir()
	x := noiseSignal(3, 0.01, 10*48000)
	for at := 48000; at < len(x); at += 48000 {
		x[at] += 0.3 // a click per second: peaks need the limiter at -16 LUFS
	}
	in := writeWAV(t, filepath.Join(dir, "in.wav"), 0, x, x)
	out := filepath.Join(dir, "out.wav")
	stdout, stderr, code := run(t, "", "normalize", in, "--target", "-16", "--max-true-peak", "-1", "-o", out)
	if code != 0 || !strings.Contains(stdout, "limiter on") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	js, _, _ := run(t, "", "loudness", out, "--json")
	var rep struct{ IntegratedLUFS, TruePeakDBTP float64 }
	if json.Unmarshal([]byte(js), &rep) != nil || math.Abs(rep.IntegratedLUFS+16) > 0.1 || rep.TruePeakDBTP > -1 {
		t.Errorf("normalised file: %+v", rep)
	}
	if _, stderr, code = run(t, "", "normalize", in, "-o", in, "--force"); code != 2 || !strings.Contains(stderr, "never overwrites its input") {
		t.Errorf("output = input: exit %d %s", code, stderr)
	}
	if _, stderr, code = run(t, "", "normalize", in); code != 2 || !strings.Contains(stderr, "-o FILE") {
		t.Errorf("no output: exit %d %s", code, stderr)
	}
	if _, stderr, code = run(t, "", "normalize", in, "-o", out); code != 2 || !strings.Contains(stderr, "--force") {
		t.Errorf("existing output: exit %d %s", code, stderr)
	}
	stdout, _, code = run(t, "", "normalize", in, "-o", out, "--force", "--json", "--target", "-30")
	var nr struct {
		Limiter    bool
		GainDB     float64
		OutputLUFS float64
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &nr) != nil || nr.Limiter || math.Abs(nr.OutputLUFS+30) > 0.01 {
		t.Errorf("--target -30: exit %d %+v", code, nr)
	}
}
