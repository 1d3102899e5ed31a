package resample

import (
	"fmt"
	"testing"

	"immerse/dsp"
)

// BenchmarkProcess reports the real-time factor: seconds of stereo audio
// converted per second of CPU.
func BenchmarkProcess(b *testing.B) {
	for _, c := range [][2]int{{44100, 48000}, {48000, 44100}, {96000, 48000}, {44100, 44101}} {
		b.Run(fmt.Sprintf("%d-%d", c[0], c[1]), func(b *testing.B) {
			const block = 1024
			r, _ := New(2, c[0], c[1])
			src := dsp.NewBuffer(2, block)
			for i := range src[0] {
				src[0][i] = float32(i%100) / 100
				src[1][i] = -src[0][i]
			}
			dst := dsp.NewBuffer(2, r.MaxOut(block))
			b.ReportAllocs()
			b.SetBytes(2 * block * 4)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r.Process(dst, src)
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(block)/float64(c[0])/sec, "x-realtime")
		})
	}
}

// BenchmarkResampleHRIR converts one 512-tap impulse response 44.1 -> 48 kHz.
func BenchmarkResampleHRIR(b *testing.B) {
	x := make([]float32, 512)
	x[30] = 1
	dst := make([]float32, 0, 600)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst = Resample(dst[:0], x, 44100, 48000)
	}
}
