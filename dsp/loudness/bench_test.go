package loudness

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

func noiseBlock(ch, frames int) [][]float32 {
	rng := rand.New(rand.NewPCG(5, 6))
	src := dsp.NewBuffer(ch, frames)
	for c := range src {
		for i := range src[c] {
			src[c][i] = float32(0.1 * rng.NormFloat64())
		}
	}
	return src
}

// reportRealtime reports how many seconds of audio one second of CPU time
// measures.
func reportRealtime(b *testing.B, frames, rate int) {
	audio := float64(b.N) * float64(frames) / float64(rate)
	b.ReportMetric(audio/b.Elapsed().Seconds(), "x-realtime")
}

// BenchmarkMeter measures 12 (7.1.4) and 2 channels at 48 kHz in blocks of
// 1024 frames, with and without true peak.
func BenchmarkMeter(b *testing.B) {
	const frames = 1024
	for _, ch := range []int{2, 12} {
		for _, tp := range []bool{true, false} {
			name := fmt.Sprintf("ch=%d/truepeak=%v", ch, tp)
			b.Run(name, func(b *testing.B) {
				src := noiseBlock(ch, frames)
				m, _ := New(48000, ch, nil, WithTruePeak(tp))
				b.SetBytes(int64(ch * frames * 4))
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					m.Process(src)
				}
				reportRealtime(b, frames, 48000)
			})
		}
	}
}

func BenchmarkTruePeak(b *testing.B) {
	for _, rate := range []int{48000, 96000, 192000} {
		b.Run(fmt.Sprintf("rate=%d/ch=12", rate), func(b *testing.B) {
			const frames = 1024
			src := noiseBlock(12, frames)
			t, _ := NewTruePeak(rate, 12)
			b.SetBytes(int64(12 * frames * 4))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				t.Measure(src)
			}
			reportRealtime(b, frames, rate)
		})
	}
}

// BenchmarkTruePeakMusic measures 12 channels of a 10 s music-like programme
// (from a reset meter each time round), where most chunks cannot beat the
// peak already found and skip the interpolation.
func BenchmarkTruePeakMusic(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	const ch, frames = 12, 1024
	src := make([][]float32, ch)
	for c := range src {
		src[c] = musicLike(rng, 48000, 10)
	}
	n := len(src[0])
	block := make([][]float32, ch)
	t, _ := NewTruePeak(48000, ch)
	b.SetBytes(ch * frames * 4)
	b.ReportAllocs()
	b.ResetTimer()
	pos := 0
	for range b.N {
		if pos+frames > n {
			pos = 0
			t.Reset()
		}
		for c := range block {
			block[c] = src[c][pos : pos+frames]
		}
		t.Measure(block)
		pos += frames
	}
	reportRealtime(b, frames, 48000)
}

func BenchmarkResult(b *testing.B) {
	m, _ := New(48000, 2, nil)
	feed(m, noiseBlock(2, 48000*10), 4096)
	b.ReportAllocs()
	for range b.N {
		_ = m.Result()
	}
}
