package assist

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"immerse/encoders"
	"immerse/mixer"
)

// writeWAV writes planar float samples as a 32-bit float WAV file.
func writeWAV(t *testing.T, path string, x [][]float32) {
	t.Helper()
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: testRate, Channels: len(x), BitDepth: 32, Float: true}, x, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

func sine(freq, dbfs float64, n int) []float32 {
	a := math.Pow(10, dbfs/20)
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(a * math.Sin(2*math.Pi*freq*float64(i)/testRate))
	}
	return x
}

// TestAnalyzeFileValues checks the file measurements against analytic
// values: EBU Tech 3341 case 1 (a 1 kHz stereo sine at -23 dBFS reads
// -23.0 LUFS), a sine's crest factor (3.01 dB) and 1/3-octave level
// (-23.0 dB: a -23 dBFS sine is -26.01 dB of mean square per channel, and
// band levels sum the two channels), identical channels (correlation 1), and the tilt of
// white noise (+3 dB/octave: its power per band grows with the
// bandwidth) and of pink noise (0).
func TestAnalyzeFileValues(t *testing.T) {
	dir := t.TempDir()
	n := 20 * testRate
	s := sine(1000, -23, n)
	path := filepath.Join(dir, "tone.wav")
	writeWAV(t, path, [][]float32{s, s})
	r, err := AnalyzeFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	k1000 := -1
	for i, c := range r.Bands {
		if c == 1000 {
			k1000 = i
		}
	}
	t.Logf("1 kHz at -23 dBFS: %.2f LUFS, LRA %.2f LU, crest %.2f dB, 1 kHz band %.2f dB, true peak %.2f dBTP, correlation %.3f",
		r.IntegratedLUFS, r.LoudnessRangeLU, r.CrestDB, r.SpectrumDB[k1000], r.TruePeakDBTP, *r.Correlation)
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"integrated", r.IntegratedLUFS, -23, 0.1},
		{"crest", r.CrestDB, 3.01, 0.05},
		{"1 kHz band", r.SpectrumDB[k1000], -23, 0.1},
		{"true peak", r.TruePeakDBTP, -23, 0.1},
		{"correlation", *r.Correlation, 1, 1e-6},
		{"LRA", r.LoudnessRangeLU, 0, 0.1},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s: %.3f, want %.3f ± %g", c.name, c.got, c.want, c.tol)
		}
	}
	// Noise tilts.
	rng := rand.New(rand.NewSource(7))
	white := make([]float32, n)
	pink := make([]float32, n)
	var b [7]float64
	for i := range white {
		w := rng.NormFloat64() * 0.05
		white[i] = float32(w)
		// Paul Kellet's pink filter (refined), -3 dB/octave.
		b[0] = 0.99886*b[0] + w*0.0555179
		b[1] = 0.99332*b[1] + w*0.0750759
		b[2] = 0.96900*b[2] + w*0.1538520
		b[3] = 0.86650*b[3] + w*0.3104856
		b[4] = 0.55000*b[4] + w*0.5329522
		b[5] = -0.7616*b[5] - w*0.0168980
		pink[i] = float32((b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w*0.5362) * 0.2)
		b[6] = w * 0.115926
	}
	for _, c := range []struct {
		name string
		x    []float32
		want float64
	}{{"white", white, 3}, {"pink", pink, 0}} {
		p := filepath.Join(dir, c.name+".wav")
		writeWAV(t, p, [][]float32{c.x})
		r, err := AnalyzeFile(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s noise: tilt %.2f dB/octave", c.name, r.TiltDBPerOctave)
		if math.Abs(r.TiltDBPerOctave-c.want) > 0.3 {
			t.Errorf("%s noise tilt %.2f dB/octave, want %.1f", c.name, r.TiltDBPerOctave, c.want)
		}
	}
}

func TestAnalyzeFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := AnalyzeFile(filepath.Join(dir, "missing.wav"), nil); err == nil {
		t.Error("a missing file was accepted")
	}
	p := filepath.Join(dir, "six.wav")
	x := make([][]float32, 6)
	for c := range x {
		x[c] = make([]float32, 1000)
	}
	w, err := encoders.Create(p, encoders.Format{SampleRate: testRate, Channels: 6, BitDepth: 16}, encoders.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(x); err != nil {
		t.Fatal(err)
	}
	w.Close()
	_, err = AnalyzeFile(p, nil)
	if err == nil {
		t.Fatal("a 6-channel file was accepted")
	}
	t.Log(err)
}

func TestWriteSession(t *testing.T) {
	dir := t.TempDir()
	f := demoFixture()
	s := f.s.Clone()
	s.Source = filepath.Join(dir, "session.json")
	s.Dir = dir
	in, _ := marshalSession(s, "x.json")
	if err := os.WriteFile(s.Source, in, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteSession(s, s.Source, s.Source, true); !errors.Is(err, ErrWouldOverwrite) {
		t.Errorf("overwriting the input: %v", err)
	}
	sub := filepath.Join(dir, "out")
	os.Mkdir(sub, 0o755)
	out := filepath.Join(sub, "assisted.yaml")
	if err := WriteSession(s, out, s.Source, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteSession(s, out, s.Source, false); !errors.Is(err, ErrWouldOverwrite) {
		t.Errorf("an existing output without overwrite: %v", err)
	}
	back, err := mixer.LoadSession(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Tracks[0].File != "../kick.wav" || len(back.Tracks) != len(s.Tracks) || back.Tracks[7].Automation["gain"] == nil {
		t.Errorf("written session: first stem %q, %d tracks", back.Tracks[0].File, len(back.Tracks))
	}
	if entries, _ := os.ReadDir(sub); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}
