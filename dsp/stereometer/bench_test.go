package stereometer

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

func BenchmarkMeter(b *testing.B) {
	const frames = 1024
	src := dsp.NewBuffer(2, frames)
	rng := rand.New(rand.NewPCG(1, 1))
	for c := range src {
		for i := range src[c] {
			src[c][i] = float32(0.1 * rng.NormFloat64())
		}
	}
	for _, bands := range []bool{true, false} {
		b.Run(fmt.Sprintf("bands=%v", bands), func(b *testing.B) {
			m, _ := New(fs, WithBands(bands))
			b.SetBytes(2 * frames * 4)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				m.Process(src)
			}
			b.ReportMetric(float64(b.N)*frames/fs/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}
