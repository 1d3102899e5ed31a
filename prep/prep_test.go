package prep

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/dsp/cleanup"
	"immerse/encoders"
)

const rate = 48000

func writeWAV(t testing.TB, path string, bits int, src [][]float32) {
	t.Helper()
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: rate, Channels: len(src), BitDepth: bits, Float: bits == 32}, src, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

func readWAV(t testing.TB, path string) (encoders.Format, [][]float32) {
	t.Helper()
	out, f, err := encoders.ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	return f, out
}

// tones is a phrase of a few harmonic tones (sustained, soft attack) of
// n frames.
func tones(seed uint64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]float32, n)
	for v := 0; v < 3; v++ {
		f0 := 150 * math.Pow(2, float64(r.IntN(24))/12)
		for i := range out {
			t := float64(i) / rate
			env := math.Min(1, t/0.03) * math.Min(1, float64(n-i)/(0.03*rate))
			s := 0.0
			for k := 1; k <= 4; k++ {
				s += math.Sin(2*math.Pi*f0*float64(k)*t*(1+0.002*math.Sin(2*math.Pi*5*t))) / float64(k)
			}
			out[i] += float32(0.05 * env * s)
		}
	}
	return out
}

// programme builds a stereo programme: phrases of tones (1.5 s) with gaps
// (1 s) of faint noise, 60 Hz hum throughout, and clicks in the phrases.
// It returns the signal, the clean phrases and the click times (frames).
func programme(n int, withHum, withClicks bool) (x, clean [][]float32, clicks []int) {
	r := rand.New(rand.NewPCG(9, 9))
	clean = [][]float32{make([]float32, n), make([]float32, n)}
	x = [][]float32{make([]float32, n), make([]float32, n)}
	period := 5 * rate / 2
	for s := rate; s+3*rate/2 <= n; s += period {
		for c := range clean {
			copy(clean[c][s:], tones(uint64(s+c), 3*rate/2))
		}
		if withClicks {
			for k := 0; k < 3; k++ {
				clicks = append(clicks, s+rate/5+k*rate*4/10+r.IntN(rate/20))
			}
		}
	}
	for c := range x {
		for i := range x[c] {
			x[c][i] = clean[c][i] + float32(3e-4*r.NormFloat64())
			if withHum {
				tt := float64(i) / rate
				x[c][i] += float32(0.01*math.Sin(2*math.Pi*60*tt) + 0.005*math.Sin(2*math.Pi*120*tt+1) + 0.003*math.Sin(2*math.Pi*180*tt+2))
			}
		}
	}
	for _, at := range clicks {
		for k := 0; k < 4; k++ {
			x[0][at+k] += float32(0.4 * math.Exp(-float64(k)) * math.Cos(2.2*float64(k)))
			x[1][at+k] += float32(0.3 * math.Exp(-float64(k)) * math.Cos(2.2*float64(k)))
		}
	}
	return x, clean, clicks
}

func allSteps() Options {
	dc := cleanup.DefaultDeclickParams()
	dn := cleanup.DefaultDenoiseParams()
	st := cleanup.DefaultStripParams()
	return Options{Dehum: "auto", Declick: &dc, Denoise: &dn, Strip: &st}
}

// TestFileAllSteps: hum, clicks, noise and silences are all dealt with,
// the output keeps its length and format, and the report says what was
// done where (in the JSON schema of the issue).
func TestFileAllSteps(t *testing.T) {
	n := 10 * rate
	x, _, clicks := programme(n, true, true)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.wav")
	writeWAV(t, in, 24, x)
	var last, total int64
	opt := allSteps()
	opt.Progress = func(d, tt int64) { last, total = d, tt }
	rep, err := File(in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	f, y := readWAV(t, out)
	if f.BitDepth != 24 || f.Channels != 2 || len(y[0]) != n {
		t.Fatalf("output %v, %d frames", f, len(y[0]))
	}
	if last != total || total != 3*int64(n) || rep.Passes != 3 {
		t.Errorf("progress %d of %d, %d passes", last, total, rep.Passes)
	}
	d := rep.Dehum
	t.Logf("dehum: %+v", *d)
	if d.Detected != "60" || math.Abs(d.Frequency-60) > 0.02 || d.Harmonics < 3 || d.ReductionDB < 20 {
		t.Errorf("dehum %+v", *d)
	}
	t.Logf("declick: %d clicks of %d planted: %+v", rep.Declick.Count, len(clicks), rep.Declick.Clicks)
	found := 0
	for _, at := range clicks {
		for _, c := range rep.Declick.Clicks {
			if math.Abs(c.Time-float64(at)/rate) <= 0.001 {
				found++
				break
			}
		}
	}
	if found < len(clicks)-1 || rep.Declick.Count > len(clicks)+1 {
		t.Errorf("declick: %d of %d planted clicks found, %d reported", found, len(clicks), rep.Declick.Count)
	}
	p := rep.Denoise.Profile
	t.Logf("denoise: profile %v, noise %.1f dB", p, rep.Denoise.NoiseLevelDB)
	// Gaps of faint noise: [0, 1), [2.5, 3.5), [5, 6) … s.
	if inGap := math.Mod(p[0], 2.5); p[1]-p[0] < 0.45 || inGap > 0.55 || rep.Denoise.ReductionDB != 12 {
		t.Errorf("denoise %+v", *rep.Denoise)
	}
	t.Logf("strip: %v", rep.Strip.Regions)
	if len(rep.Strip.Regions) < 3 {
		t.Errorf("strip regions %v", rep.Strip.Regions)
	}
	// The strip regions are exact zeros in the file (times are rounded to
	// 1 ms).
	for _, r := range rep.Strip.Regions {
		for i := int(math.Ceil((r[0] + 0.001) * rate)); i < int((r[1]-0.001)*rate); i++ {
			if y[0][i] != 0 || y[1][i] != 0 {
				t.Fatalf("frame %d in region %v is %g", i, r, y[0][i])
			}
		}
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{`"file":`, `"steps":[{"name":"dehum"`, `{"name":"declick","clicks":[{"time":`, `"samples":`,
		`"frequency":`, `"harmonics":`, `"reductionDB":`, `{"name":"denoise","reductionDB":12`, `"profile":[`, `{"name":"stripSilence"`, `"regions":[[`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil || back.Declick.Count != rep.Declick.Count || back.Strip == nil || back.Dehum.Detected != "60" {
		t.Errorf("read back: %v %+v", err, back)
	}
}

// TestFileDeclickOnlyUnchanged: a clean programme through de-click alone
// comes out bit-identical (float WAV), with no clicks reported.
func TestFileDeclickOnlyUnchanged(t *testing.T) {
	n := 4 * rate
	x, _, _ := programme(n, false, false)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.wav")
	writeWAV(t, in, 32, x)
	dc := cleanup.DefaultDeclickParams()
	rep, err := File(in, out, Options{Declick: &dc})
	if err != nil {
		t.Fatal(err)
	}
	_, y := readWAV(t, out)
	for c := range x {
		for i := range x[c] {
			if math.Float32bits(x[c][i]) != math.Float32bits(y[c][i]) {
				t.Fatalf("channel %d frame %d changed", c, i)
			}
		}
	}
	if rep.Declick.Count != 0 || rep.Passes != 1 {
		t.Errorf("report %+v", rep.Declick)
	}
}

// TestFileRefuses: the input as output, an existing output and no step
// are input errors; nothing is written.
func TestFileRefuses(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.wav")
	x, _, _ := programme(rate, false, false)
	writeWAV(t, in, 16, x)
	dc := cleanup.DefaultDeclickParams()
	if _, err := File(in, in, Options{Declick: &dc}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "never overwrites its input") {
		t.Errorf("out = in: %v", err)
	}
	link := filepath.Join(dir, "link.wav")
	if os.Link(in, link) == nil {
		if _, err := File(in, link, Options{Declick: &dc}); !errors.Is(err, ErrInput) {
			t.Errorf("out is a link to in: %v", err)
		}
	}
	exists := filepath.Join(dir, "exists.wav")
	writeWAV(t, exists, 16, x)
	if _, err := File(in, exists, Options{Declick: &dc}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "exist") {
		t.Errorf("existing output: %v", err)
	}
	if _, err := File(in, filepath.Join(dir, "o.wav"), Options{}); !errors.Is(err, ErrNothingToDo) {
		t.Errorf("no step: %v", err)
	}
	dn := cleanup.DefaultDenoiseParams()
	if _, err := File(in, filepath.Join(dir, "o.wav"), Options{Denoise: &dn, NoiseFrom: &Span{5, 6}}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "no whole") {
		t.Errorf("noise stretch after the end: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") || e.Name() == "o.wav" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestFileNoiseFrom: the profile comes from the given stretch.
func TestFileNoiseFrom(t *testing.T) {
	n := 6 * rate
	x, _, _ := programme(n, false, false)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.wav")
	writeWAV(t, in, 32, x)
	dn := cleanup.DefaultDenoiseParams()
	dn.ReductionDB = 20
	sp, err := ParseSpan("2.6:3.4")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := File(in, filepath.Join(dir, "out.wav"), Options{Denoise: &dn, NoiseFrom: &sp})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Denoise.Profile
	if p[0] < 2.6 || p[1] > 3.4 || math.Abs(rep.Denoise.NoiseLevelDB-dsp.PowerToDB(9e-8)) > 0.5 {
		t.Errorf("profile %v level %.2f", p, rep.Denoise.NoiseLevelDB)
	}
	_, y := readWAV(t, filepath.Join(dir, "out.wav"))
	// The gap from 2.5 to 3.5 s falls by about 20 dB.
	var a, b float64
	for i := 27 * rate / 10; i < 33*rate/10; i++ {
		a += float64(x[0][i]) * float64(x[0][i])
		b += float64(y[0][i]) * float64(y[0][i])
	}
	if drop := dsp.PowerToDB(a / b); drop < 17 {
		t.Errorf("gap fell by %.1f dB", drop)
	}
}

func TestParseSpan(t *testing.T) {
	for s, want := range map[string]Span{"0:0.5": {0, 0.5}, " 1.5 : 3 ": {1.5, 3}} {
		if got, err := ParseSpan(s); err != nil || got != want {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	for _, s := range []string{"", "1", "a:b", "2:1", "-1:1", "1:1", "0:NaN", "0:Inf", "0:4000"} {
		if _, err := ParseSpan(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// FuzzParseSpan: no input panics; an accepted span is valid.
func FuzzParseSpan(f *testing.F) {
	for _, s := range []string{"0:0.5", "1.5:3", ":", "1e308:1e309", "-0:0", "0x1p-2:1", "NaN:1", "3:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpan(s)
		if err == nil && (sp.validate() != nil || !(sp.End > sp.Start) || sp.Start < 0) {
			t.Errorf("%q gave %+v", s, sp)
		}
	})
}
