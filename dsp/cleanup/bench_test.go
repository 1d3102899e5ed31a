package cleanup

import (
	"testing"
	"time"

	"immerse/dsp"
)

// The benchmarks process 60 s of 48 kHz audio in 1024-frame blocks and
// report the real-time factor (seconds of audio per second of CPU).

const benchSeconds = 60

var benchSignal []float32

func benchInput() []float32 {
	if benchSignal == nil {
		n := benchSeconds * testRate
		x, _ := plantClicks(musicLike(42, n, testRate), 4242)
		benchSignal = add(x, hum(50, 0.1, []float64{0.01, 0.005, 0.003}, n, testRate))
		benchSignal = add(benchSignal, whiteNoise(43, 0.001, n))
	}
	return benchSignal
}

func runBench(b *testing.B, newProc func() dsp.Processor, channels int) {
	x := benchInput()
	buf := dsp.NewBuffer(channels, 1024)
	b.SetBytes(int64(len(x) * 4 * channels))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := newProc()
		b.StartTimer()
		for j := 0; j+1024 <= len(x); j += 1024 {
			for c := range buf {
				copy(buf[c], x[j:j+1024])
			}
			p.Process(buf, buf)
		}
	}
	el := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(benchSeconds/el, "x_realtime")
}

func BenchmarkDeclick60s(b *testing.B) {
	for _, ch := range []int{1, 2} {
		b.Run(map[int]string{1: "mono", 2: "stereo"}[ch], func(b *testing.B) {
			runBench(b, func() dsp.Processor { d, _ := NewDeclicker(DefaultDeclickParams(), testRate, ch); return d }, ch)
		})
	}
}

func BenchmarkDehum60s(b *testing.B) {
	for _, ch := range []int{1, 2} {
		b.Run(map[int]string{1: "mono", 2: "stereo"}[ch], func(b *testing.B) {
			runBench(b, func() dsp.Processor { d, _ := NewDehummer(DefaultDehumParams(), testRate, ch); return d }, ch)
		})
	}
}

func BenchmarkDenoise60s(b *testing.B) {
	x := benchInput()
	pr, _ := NewNoiseProfiler(testRate, 1)
	pr.Process([][]float32{x[:10*testRate]})
	prof, _ := pr.Profile()
	for _, ch := range []int{1, 2} {
		b.Run(map[int]string{1: "mono", 2: "stereo"}[ch], func(b *testing.B) {
			runBench(b, func() dsp.Processor { d, _ := NewDenoiser(DefaultDenoiseParams(), testRate, ch, prof); return d }, ch)
		})
	}
}

func BenchmarkStripSilence60s(b *testing.B) {
	runBench(b, func() dsp.Processor { s, _ := NewStripper(DefaultStripParams(), testRate, 2); return s }, 2)
}

func BenchmarkHumAnalyzer60s(b *testing.B) {
	x := benchInput()
	b.SetBytes(int64(len(x) * 4))
	b.ReportAllocs()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		a, _ := NewHumAnalyzer(testRate, 1, 8)
		for j := 0; j+4096 <= len(x); j += 4096 {
			a.Process([][]float32{x[j : j+4096]})
		}
	}
	b.ReportMetric(benchSeconds/(time.Since(start).Seconds()/float64(b.N)), "x_realtime")
}
