package reverb

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

const rate = 48000

// run processes x in blocks (dsp.ProcessAll).
func run(p dsp.Processor, x [][]float32, block int) [][]float32 { return dsp.ProcessAll(p, x, block) }

func must(t testing.TB, p Params, ch int) *Reverb {
	t.Helper()
	r, err := New(p, rate, ch)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func noise(ch, n int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 6))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(2*r.Float64() - 1)
		}
	}
	return x
}

// impulseResponse returns the wet stereo response (mix 1) to a unit
// impulse on both channels, n frames long.
func impulseResponse(t testing.TB, p Params, n int) [][]float32 {
	p.Mix = 1
	x := dsp.NewBuffer(2, n)
	x[0][0], x[1][0] = 1, 1
	return run(must(t, p, 2), x, 1024)
}

// rt60 measures the reverberation time of h by Schroeder backward
// integration: the energy decay curve EDC(t) = Σ_{τ≥t} h²(τ) in dB, a
// least-squares line fitted between -5 and -5-span dB, extrapolated to
// -60 dB (span 30: T30, span 20: T20).
func rt60(h []float64, span float64) float64 {
	edc := make([]float64, len(h))
	s := 0.0
	for i := len(h) - 1; i >= 0; i-- {
		s += h[i] * h[i]
		edc[i] = s
	}
	var sx, sy, sxx, sxy, n float64
	for i, e := range edc {
		db := dsp.PowerToDB(e / edc[0])
		if db <= -5 && db >= -5-span {
			x := float64(i) / rate
			sx += x
			sy += db
			sxx += x * x
			sxy += x * db
			n++
		}
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return -60 / slope
}

func f64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

func energy(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return s
}

func corr(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

// kurtosis is E[x⁴]/E[x²]² of a window (3 for Gaussian noise).
func kurtosis(x []float32) float64 {
	var m2, m4 float64
	for _, v := range x {
		q := float64(v) * float64(v)
		m2 += q
		m4 += q * q
	}
	n := float64(len(x))
	m2 /= n
	return m4 / n / (m2 * m2)
}
