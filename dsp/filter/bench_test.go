package filter

import (
	"testing"

	"immerse/dsp"
)

const benchFrames = 512

func benchProcessor(b *testing.B, p dsp.Processor) {
	x := noise(2, benchFrames, 0.5, 1)
	y := dsp.NewBuffer(2, benchFrames)
	b.ReportAllocs()
	b.SetBytes(2 * benchFrames * 4)
	for b.Loop() {
		p.Process(y, x)
	}
	b.ReportMetric(float64(benchFrames)/48000*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}

func BenchmarkFilter(b *testing.B) {
	b.Run("peak", func(b *testing.B) { benchProcessor(b, mustFilter(b, band(Peak, 1000, 6, 1), 48000, 2)) })
	b.Run("hp48", func(b *testing.B) {
		benchProcessor(b, mustFilter(b, BandParams{Kind: HighPass, FreqHz: 80, Q: 0.7071, SlopeDBOct: 48}, 48000, 2))
	})
	b.Run("eq8", func(b *testing.B) {
		var bands []BandParams
		for i := 0; i < 8; i++ {
			bands = append(bands, band(Peak, 100*float64(i+1), 3, 1))
		}
		e, err := NewEQ(EQParams{Bands: bands}, 48000, 2)
		if err != nil {
			b.Fatal(err)
		}
		benchProcessor(b, e)
	})
}

func BenchmarkSetFreq(b *testing.B) {
	f := mustFilter(b, band(Peak, 1000, 6, 1), 48000, 2)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.SetFreq(1000 + float64(i%100))
	}
}
