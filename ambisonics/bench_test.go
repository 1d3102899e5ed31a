package ambisonics

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"immerse/dsp"
	"immerse/geom"
	"immerse/objects"
	"immerse/render"
)

// BenchmarkEncode renders 64 moving objects into an order-3 (and order-7)
// sound field through the render engine; x-realtime is seconds of scene
// per second of wall time.
func BenchmarkEncode(b *testing.B) {
	for _, order := range []int{3, 7} {
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("objects=64/order=%d/workers=%d", order, workers), func(b *testing.B) {
				benchEncode(b, 64, order, workers)
			})
		}
	}
}

func benchEncode(b *testing.B, objs, order, workers int) {
	const seconds = 5
	st := memStems{}
	sc := &objects.Scene{SampleRate: testRate}
	for i := range objs {
		f := fmt.Sprintf("o%d.wav", i)
		st[f] = noiseStem(uint64(i), 1, seconds*testRate)
		az := float64(i*47%360) - 180
		sc.Objects = append(sc.Objects, objects.Object{Name: f, File: f, Positions: []objects.Keyframe{
			{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(float64(i%4) * 15)},
			{Time: seconds, Azimuth: objects.F(-az), Elevation: objects.F(30)},
		}})
	}
	enc, _ := NewEncoder(order, SN3D, Rotation{})
	buf := dsp.NewBuffer(enc.Channels(), render.DefaultBlockSize)
	b.ReportAllocs()
	b.SetBytes(int64(seconds * testRate * 4 * objs))
	for b.Loop() {
		e, err := render.New(sc, st.open, render.Config{Encoder: enc, Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := e.Read(buf); err != nil {
				break
			}
		}
		e.Close()
	}
	b.ReportMetric(float64(seconds*b.N)/b.Elapsed().Seconds(), "x-realtime")
}

// BenchmarkDecodeSpeakers decodes 1024-frame blocks to 7.1.4.
func BenchmarkDecodeSpeakers(b *testing.B) {
	for _, order := range []int{1, 3, 7} {
		b.Run(fmt.Sprintf("order=%d/7.1.4", order), func(b *testing.B) {
			dec, err := NewDecoder(getLayout(b, "7.1.4"), order, DecoderOptions{})
			if err != nil {
				b.Fatal(err)
			}
			const block = 1024
			src := noiseBuffer(rand.New(rand.NewPCG(1, 1)), Channels(order), block)
			dst := dsp.NewBuffer(12, block)
			b.ReportAllocs()
			b.SetBytes(int64(block * 4 * Channels(order)))
			for b.Loop() {
				dec.Process(dst, src)
			}
			b.ReportMetric(float64(block*b.N)/testRate/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkDecodeBinaural runs the binaural decoder (MagLS filters from
// KEMAR at 48 kHz, 1024 taps) on 512-frame blocks.
func BenchmarkDecodeBinaural(b *testing.B) {
	set := kemar48(b)
	for _, order := range []int{1, 3, 5, 7} {
		b.Run(fmt.Sprintf("order=%d", order), func(b *testing.B) {
			f, err := DesignBinaural(set, order, BinauralOptions{})
			if err != nil {
				b.Fatal(err)
			}
			dec, _ := NewBinauralDecoder(f, DefaultBlockSize)
			src := noiseBuffer(rand.New(rand.NewPCG(1, 1)), Channels(order), DefaultBlockSize)
			dst := dsp.NewBuffer(2, DefaultBlockSize)
			b.ReportAllocs()
			b.SetBytes(int64(DefaultBlockSize * 4 * Channels(order)))
			for b.Loop() {
				dec.Process(dst, src)
			}
			b.ReportMetric(float64(DefaultBlockSize*b.N)/testRate/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkDesignBinaural is the one-off cost of designing the filters.
func BenchmarkDesignBinaural(b *testing.B) {
	set := kemar48(b)
	for _, m := range []BinauralMethod{MagLS, Virtual} {
		b.Run(fmt.Sprintf("%v/order=3", m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DesignBinaural(set, 3, BinauralOptions{Method: m}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGains(b *testing.B) {
	for _, order := range []int{1, 3, 7} {
		b.Run(fmt.Sprintf("order=%d", order), func(b *testing.B) {
			e, _ := NewEncoder(order, SN3D, Rotation{Yaw: 10})
			dst := make([]float64, e.Channels())
			d := geom.Cart(30, 10, 1)
			b.ReportAllocs()
			for b.Loop() {
				dst = e.Gains(dst, d)
			}
		})
	}
}

func BenchmarkNewDecoder(b *testing.B) {
	l := getLayout(b, "7.1.4")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewDecoder(l, 3, DecoderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
