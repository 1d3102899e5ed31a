package filter

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAgainstSox filters the same noise with sox's RBJ biquad effects and
// with this package, and compares the outputs sample by sample. sox works
// in 32-bit integers between effects, hence the 2e-7 tolerance on a 0.1
// signal.
func TestAgainstSox(t *testing.T) {
	sox, err := exec.LookPath("sox")
	if err != nil {
		t.Skip("sox not installed: skipping the cross-check with sox's biquads")
	}
	const rate = 48000
	x := noise(1, 4800, 0.1, 11)[0]
	dir := t.TempDir()
	in := filepath.Join(dir, "in.raw")
	if err := os.WriteFile(in, f32bytes(x), 0o644); err != nil {
		t.Fatal(err)
	}
	slope := func(p BandParams, s float64) BandParams { p.ShelfSlope = s; return p }
	cases := []struct {
		effect string
		p      BandParams
	}{
		{"equalizer 1000 1q 6", band(Peak, 1000, 6, 1)},
		{"equalizer 150 3q -12", band(Peak, 150, -12, 3)},
		{"highpass 100 0.7071067811865476q", band(HighPass, 100, 0, 0.7071067811865476)},
		{"lowpass 2000 2q", band(LowPass, 2000, 0, 2)},
		{"bass 6 200 0.5s", slope(band(LowShelf, 200, 6, 0.7071), 0.5)},
		{"treble -4 5000 1s", slope(band(HighShelf, 5000, -4, 0.7071), 1)},
		{"bandpass 1500 3q", band(BandPass, 1500, 0, 3)},
		{"bandreject 3000 2q", band(Notch, 3000, 0, 2)},
		{"allpass 800 1.5q", band(AllPass, 800, 0, 1.5)},
	}
	for i, c := range cases {
		out := filepath.Join(dir, "out"+strconv.Itoa(i)+".raw")
		args := append([]string{"-D", "-V1", "-t", "f32", "-r", strconv.Itoa(rate), "-c", "1", in, "-t", "f32", out},
			strings.Fields(c.effect)...)
		if msg, err := exec.Command(sox, args...).CombinedOutput(); err != nil {
			t.Fatalf("sox %s: %v: %s", c.effect, err, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		want := f32floats(b)
		f := mustFilter(t, c.p, rate, 1)
		got := make([]float32, len(x))
		f.Process([][]float32{got}, [][]float32{x})
		if len(want) != len(got) {
			t.Fatalf("sox %s: %d samples, want %d", c.effect, len(want), len(got))
		}
		worst := 0.0
		for j := range got {
			worst = math.Max(worst, math.Abs(float64(got[j]-want[j])))
		}
		t.Logf("sox %s: max difference %.2g", c.effect, worst)
		if worst > 2e-7 {
			t.Errorf("sox %s: max difference %g", c.effect, worst)
		}
	}
}

func f32bytes(x []float32) []byte {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

func f32floats(b []byte) []float32 {
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}
