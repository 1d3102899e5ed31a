package filter

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

func sine(n int, freq float64, rate int, amp float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return x
}

func noise(ch, n int, amp float64, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 2))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(amp * (2*r.Float64() - 1))
		}
	}
	return x
}

// measureDB runs a sine of freq through p (mono) and returns the gain in dB
// of the steady state: RMS of the output over a whole number of cycles
// after settling, over the RMS of the input over the same samples.
func measureDB(p dsp.Processor, freq float64, rate int, settle float64) float64 {
	cycles := math.Max(1, math.Round(0.3*freq))
	win := int(math.Round(cycles * float64(rate) / freq))
	start := int(settle * float64(rate))
	x := sine(start+win, freq, rate, 0.25)
	y := make([]float32, len(x))
	p.Process([][]float32{y}, [][]float32{x})
	var ei, eo float64
	for i := start; i < len(x); i++ {
		ei += float64(x[i]) * float64(x[i])
		eo += float64(y[i]) * float64(y[i])
	}
	return dsp.PowerToDB(eo / ei)
}

// run processes x with p in blocks of the given size and returns the output.
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

func mustFilter(t testing.TB, p BandParams, rate, ch int) *Filter {
	t.Helper()
	f, err := New(p, rate, ch)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func band(k Kind, freq, gainDB, q float64) BandParams {
	p := DefaultBandParams()
	p.Kind, p.FreqHz, p.GainDB, p.Q = k, freq, gainDB, q
	return p
}
