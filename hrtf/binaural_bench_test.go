package hrtf

import (
	"fmt"
	"sync"
	"testing"

	"immerse/geom"
)

// benchSets are dense synthetic sets (2354 directions, the size of the FH
// Köln set) at 48 kHz, built once.
var benchSets sync.Map // taps -> *Set

func benchSet(taps int) *Set {
	if s, ok := benchSets.Load(taps); ok {
		return s.(*Set)
	}
	s := sphericalHeadSet(fibonacciSphere(2354), synthRate, taps)
	benchSets.Store(taps, s)
	return s
}

// benchBinaural times one block for every source, reporting the real-time
// factor (seconds of audio rendered per second).
func benchBinaural(b *testing.B, set *Set, block, sources int, moving bool, dirs []geom.Vec) {
	bin, err := NewBinaural(set, block, sources)
	if err != nil {
		b.Fatal(err)
	}
	in := make([][]float32, sources)
	for i := range in {
		in[i] = noise32(block, uint64(i))
	}
	l, r := make([]float32, block), make([]float32, block)
	for i := 0; i < sources; i++ {
		if dirs != nil {
			bin.SetDirection(i, dirs[i])
		}
	}
	bin.Process(l, r, in)
	b.ReportAllocs()
	b.SetBytes(int64(4 * block * sources))
	k := 0
	for b.Loop() {
		if moving {
			for i := 0; i < sources; i++ {
				// 1.9° per block: once around the head every 2 s.
				bin.SetDirection(i, geom.Cart(float64(360*i/sources)+1.9*float64(k), float64(i%7)*10-20, 1))
			}
			k++
		}
		bin.Process(l, r, in)
	}
	b.ReportMetric(float64(block)/float64(set.SampleRate)*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}

// BenchmarkBinauralMoving: 16, 64 and 128 sources whose directions change
// every block, 512-frame blocks, 512- and 256-tap sets at 48 kHz.
func BenchmarkBinauralMoving(b *testing.B) {
	for _, taps := range []int{512, 256} {
		for _, n := range []int{16, 64, 128} {
			b.Run(fmt.Sprintf("taps%d-src%d", taps, n), func(b *testing.B) { benchBinaural(b, benchSet(taps), 512, n, true, nil) })
		}
	}
	for _, n := range []int{16, 64, 128} {
		b.Run(fmt.Sprintf("kemar44k1-src%d", n), func(b *testing.B) {
			benchBinaural(b, loadShared(b, "MIT_KEMAR_normal_pinna.sofa"), 512, n, true, nil)
		})
	}
}

// layout714 is a 7.1.4 layout (BS.2051 "J"): M+030 M-030 M+000 LFE M+090
// M-090 M+135 M-135 U+045 U-045 U+135 U-135; LFE is rendered from the
// front.
var layout714 = []geom.Vec{
	geom.Cart(30, 0, 1), geom.Cart(-30, 0, 1), geom.Cart(0, 0, 1), geom.Cart(0, 0, 1),
	geom.Cart(90, 0, 1), geom.Cart(-90, 0, 1), geom.Cart(135, 0, 1), geom.Cart(-135, 0, 1),
	geom.Cart(45, 45, 1), geom.Cart(-45, 45, 1), geom.Cart(135, 45, 1), geom.Cart(-135, 45, 1),
}

// BenchmarkBinauralVirtualizer: a 7.1.4 bed (12 static sources).
func BenchmarkBinauralVirtualizer(b *testing.B) {
	for _, taps := range []int{512, 256} {
		b.Run(fmt.Sprintf("taps%d", taps), func(b *testing.B) { benchBinaural(b, benchSet(taps), 512, 12, false, layout714) })
	}
	b.Run("kemar44k1", func(b *testing.B) {
		benchBinaural(b, loadShared(b, "MIT_KEMAR_normal_pinna.sofa"), 512, 12, false, layout714)
	})
}

// BenchmarkBinauralSilent: 128 sources of which 120 are silent (and have
// been for a while) and 8 are static: the silent ones cost a scan of their
// input block.
func BenchmarkBinauralSilent(b *testing.B) {
	const block, sources = 512, 128
	bin, err := NewBinaural(benchSet(256), block, sources)
	if err != nil {
		b.Fatal(err)
	}
	in := make([][]float32, sources)
	for i := range in {
		in[i] = make([]float32, block)
		if i < 8 {
			in[i] = noise32(block, uint64(i))
			bin.SetDirection(i, layout714[i])
		}
	}
	l, r := make([]float32, block), make([]float32, block)
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		for i := 8; i < sources; i++ {
			bin.SetDirection(i, geom.Cart(float64(k), 0, 1)) // moving while silent: no cost
		}
		k++
		bin.Process(l, r, in)
	}
	b.ReportMetric(float64(block)/synthRate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}
