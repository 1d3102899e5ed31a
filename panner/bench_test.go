package panner

import (
	"math/rand"
	"testing"

	"immerse/geom"
	"immerse/speakers"
)

func BenchmarkGains(b *testing.B) {
	for _, name := range []string{"stereo", "5.1", "7.1.4", "9.1.6", "22.2"} {
		b.Run(name, func(b *testing.B) {
			l, _ := speakers.Get(name)
			p, err := NewPointSource(l)
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewSource(1))
			dirs := make([]geom.Vec, 1024)
			for i := range dirs {
				dirs[i] = geom.Vec{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
			}
			g := make([]float64, p.Channels())
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				g = p.Gains(g, dirs[i&1023])
			}
		})
	}
}

func BenchmarkConfigure(b *testing.B) {
	l, _ := speakers.Get("22.2")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := NewPointSource(l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGainsHint pans a slowly moving source (as the engine does, a
// direction every 256 frames) with a region hint.
func BenchmarkGainsHint(b *testing.B) {
	l, _ := speakers.Get("7.1.4")
	p, _ := NewPointSource(l)
	g := make([]float64, p.Channels())
	hint := -1
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g = p.GainsHint(g, geom.Cart(float64(i%36000)/100-180, 10, 1), &hint)
	}
}
