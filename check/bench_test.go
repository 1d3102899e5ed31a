package check

import (
	"os"
	"testing"

	"immerse/bed"
	"immerse/encoders"
)

// BenchmarkFile714 runs the whole check (7.1.4 -> 5.1 -> 2.0 -> 1.0, true
// peak on every stage, the stereometer with octave bands) on a 20 s
// 12-channel float WAV, and the BS.1770 meter of the 7.1.4 stage alone
// (what ffmpeg's ebur128 does), and reports the speed as a multiple of
// real time.
// Set IMMERSE_BENCH_FILE to a file to benchmark that file instead, and
// IMMERSE_BENCH_KEEP to a path to keep the generated file (e.g. to time
// `ffmpeg -nostats -i FILE -af ebur128=peak=true -f null -` on it).
func BenchmarkFile714(b *testing.B) {
	path := os.Getenv("IMMERSE_BENCH_FILE")
	if path == "" {
		l := mustLayout(b, "7.1.4")
		src := make([][]float32, 12)
		for c := range src {
			src[c] = musicLike(uint64(c), 20*rate)
		}
		dir := b.TempDir()
		path = layoutFile(b, dir, "bench-714.wav", l, src)
		if keep := os.Getenv("IMMERSE_BENCH_KEEP"); keep != "" {
			data, err := os.ReadFile(path)
			if err == nil {
				err = os.WriteFile(keep, data, 0o644)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	info, err := encoders.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	for _, mode := range []struct {
		name string
		opt  Options
	}{{"check", Options{}}, {"loudness-only", Options{NoFold: true}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for range b.N {
				if _, err := File(path, mode.opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(info.Duration*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkPipeline measures one 4096-frame block through every stage (no
// file I/O), per source layout.
func BenchmarkPipeline(b *testing.B) {
	for _, name := range []string{"7.1.4", "5.1", "2.0"} {
		b.Run(name, func(b *testing.B) {
			l := mustLayout(b, name)
			const block = 4096
			p, err := newPipeline(rate, block, l, bed.FoldChain(l, bed.DefaultFold()), DefaultThresholds(), DefaultSilenceDBFS)
			defer p.close()
			if err != nil {
				b.Fatal(err)
			}
			for c, ch := range p.input() {
				copy(ch, musicLike(uint64(c), block))
			}
			b.SetBytes(int64(4 * block * len(l.Channels)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				p.process(block)
			}
			b.ReportMetric(float64(block)/rate*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}
