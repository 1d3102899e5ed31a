package normalize

import (
	"path/filepath"
	"testing"
)

// BenchmarkFile normalises 20 s of stereo: gain only (two passes) and with
// the limiter (a measuring pass and the limited passes), reporting the
// speed as a multiple of real time.
func BenchmarkFile(b *testing.B) {
	n := 20 * rate
	quiet := [][]float32{musicLike(1, n, 0.03), musicLike(2, n, 0.03)}
	hits := [][]float32{musicLike(3, n, 0.05), musicLike(4, n, 0.05)}
	withHits(hits, rate, rate, 0.12)
	dir := b.TempDir()
	for _, c := range []struct {
		name string
		src  [][]float32
	}{{"gain-only", quiet}, {"limited", hits}} {
		in := filepath.Join(dir, c.name+".wav")
		writeFile(b, in, 24, 0, c.src)
		b.Run(c.name, func(b *testing.B) {
			opt := DefaultOptions()
			opt.TargetLUFS, opt.Overwrite = -16, true
			out := filepath.Join(dir, c.name+"-out.wav")
			b.ReportAllocs()
			passes := 0
			for range b.N {
				rep, err := File(in, out, opt)
				if err != nil {
					b.Fatal(err)
				}
				passes = rep.Passes
			}
			b.ReportMetric(20*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
			b.ReportMetric(float64(passes), "passes")
		})
	}
}
