package delivery

import (
	"testing"
	"time"
)

// The meters on 60 s of 48 kHz stereo in 4096-frame blocks; the metric
// is seconds of audio per second of CPU.

func BenchmarkPlaybackMeterAll60s(b *testing.B) {
	n := 60 * rate
	l, r := music(1, n, 0.1), music(2, n, 0.1)
	sys, _ := ParseSystems("all")
	b.SetBytes(int64(2 * 4 * n))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		m, _ := NewPlaybackMeter(sys, rate, 2)
		for j := 0; j+4096 <= n; j += 4096 {
			m.Process([][]float32{l[j : j+4096], r[j : j+4096]})
		}
		m.Result()
	}
	b.ReportMetric(60/(time.Since(start).Seconds()/float64(b.N)), "x_realtime")
}

func BenchmarkDialogueMeter60s(b *testing.B) {
	n := 60 * rate
	x := speech(1, n, 0.05)
	b.SetBytes(int64(2 * 4 * n))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		m, _ := NewDialogueMeter(rate, 2, nil)
		for j := 0; j+4096 <= n; j += 4096 {
			m.Process([][]float32{x[j : j+4096], x[j : j+4096]})
		}
		m.Result()
	}
	b.ReportMetric(60/(time.Since(start).Seconds()/float64(b.N)), "x_realtime")
}
