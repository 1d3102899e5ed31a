package stereometer

import (
	"math"
	"math/rand/v2"
	"testing"
)

const fs = 48000

func noise(rng *rand.Rand, n int, rms float64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rms * rng.NormFloat64())
	}
	return out
}

func neg(x []float32) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = -v
	}
	return out
}

func sineWave(freq, amp float64, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/fs))
	}
	return out
}

func add(a, b []float32) []float32 {
	out := make([]float32, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

func feed(m *Meter, l, r []float32, block int) {
	for pos := 0; pos < len(l); pos += block {
		end := min(len(l), pos+block)
		m.Process([][]float32{l[pos:end], r[pos:end]})
	}
}

func measure(t testing.TB, l, r []float32, opts ...Option) Result {
	t.Helper()
	m, err := New(fs, opts...)
	if err != nil {
		t.Fatal(err)
	}
	feed(m, l, r, 4096)
	return m.Result()
}
