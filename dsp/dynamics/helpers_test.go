package dynamics

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

// alternating returns ±amp, a signal whose magnitude is constant (so a peak
// detector reads a steady level).
func alternating(n int, amp float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp)
		if i%2 == 1 {
			x[i] = -float32(amp)
		}
	}
	return x
}

func noise(ch, n int, amp float64, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 3))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(amp * (2*r.Float64() - 1))
		}
	}
	return x
}

func rmsDB(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return dsp.PowerToDB(s / float64(len(x)))
}

// run processes x in blocks (keyed by key when it is not nil).
func run(p dsp.Processor, x, key [][]float32, block int) [][]float32 {
	out := dsp.NewBuffer(len(x), dsp.Frames(x))
	var in, o, k [][]float32
	for from := 0; from < dsp.Frames(x); from += block {
		to := min(from+block, dsp.Frames(x))
		in = dsp.Slice(in, x, from, to)
		o = dsp.Slice(o, out, from, to)
		if key != nil {
			k = dsp.Slice(k, key, from, to)
			p.(SidechainProcessor).ProcessSidechain(o, in, k)
		} else {
			p.Process(o, in)
		}
	}
	return out
}

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
