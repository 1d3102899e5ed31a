package saturate

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

const rate = 48000

func sine(n int, freq, amp float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/rate))
	}
	return x
}

func noise(ch, n int, amp float64, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 4))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(amp * (2*r.Float64() - 1))
		}
	}
	return x
}

// run processes x in blocks (dsp.ProcessAll).
func run(p dsp.Processor, x [][]float32, block int) [][]float32 { return dsp.ProcessAll(p, x, block) }

func equal(t *testing.T, what string, got, want [][]float32) {
	t.Helper()
	for c := range want {
		for i := range want[c] {
			if got[c][i] != want[c][i] {
				t.Fatalf("%s: ch %d frame %d: %g, want %g", what, c, i, got[c][i], want[c][i])
			}
		}
	}
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func rmsDB(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return dsp.PowerToDB(s / float64(len(x)))
}

// toneDB is the level in dB (re the amplitude of a full-scale sine) of the
// component at freq in x, by correlation over len(x) samples; exact when
// len(x) spans whole cycles of freq.
func toneDB(x []float32, freq float64) float64 {
	var re, im float64
	for i, v := range x {
		s, c := math.Sincos(2 * math.Pi * freq * float64(i) / rate)
		re += float64(v) * c
		im += float64(v) * s
	}
	return dsp.GainToDB(2 * math.Hypot(re, im) / float64(len(x)))
}
