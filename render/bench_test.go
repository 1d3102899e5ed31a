package render

import (
	"fmt"
	"runtime"
	"testing"

	"immerse/dsp"
	"immerse/objects"
	"immerse/speakers"
)

// BenchmarkRender renders 64 moving objects to 7.1.4; the x-realtime
// metric is seconds of audio rendered per second of CPU wall time.
func BenchmarkRender(b *testing.B) {
	for _, objs := range []int{16, 64} {
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("objects=%d/workers=%d", objs, workers), func(b *testing.B) {
				benchRender(b, "7.1.4", objs, workers)
			})
		}
	}
}

// BenchmarkRenderBS2127 renders 16 objects with BS.2076 metadata to
// 7.1.4: moving with a changing width and height (the extent panner runs
// at every gain grid point), static with width and a diffuse part (gains
// once, then the decorrelators), and the same static objects with their
// metadata set to no effect (the cost of the BS.2127 voice alone).
func BenchmarkRenderBS2127(b *testing.B) {
	for _, kind := range []string{"moving-extent", "static-diffuse", "no-effect"} {
		b.Run(kind+"/objects=16", func(b *testing.B) {
			benchRenderWith(b, "7.1.4", 16, 1, func(i int, k []objects.Keyframe) {
				switch kind {
				case "moving-extent":
					k[0].Width, k[0].Height = objects.F(10), objects.F(0)
					k[1].Width, k[1].Height = objects.F(90), objects.F(40)
				case "static-diffuse":
					k[1] = k[0]
					k[1].Time = 10
					k[0].Width, k[0].Diffuse = objects.F(30), objects.F(0.3)
				case "no-effect":
					k[0].Width = objects.F(0)
				}
			})
		})
	}
}

func benchRender(b *testing.B, layoutName string, objs, workers int) {
	benchRenderWith(b, layoutName, objs, workers, nil)
}

func benchRenderWith(b *testing.B, layoutName string, objs, workers int, meta func(int, []objects.Keyframe)) {
	l, _ := speakers.Get(layoutName)
	const seconds = 10
	st := memStems{}
	sc := &objects.Scene{}
	for i := 0; i < objs; i++ {
		f := fmt.Sprintf("o%d.wav", i)
		st[f] = noise(int64(i), 1, seconds*rate)
		az := float64(i*47%360) - 180
		sc.Objects = append(sc.Objects, objects.Object{Name: f, File: f, Positions: []objects.Keyframe{
			{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(float64(i%4) * 15)},
			{Time: seconds, Azimuth: objects.F(-az), Elevation: objects.F(30)},
		}})
		if meta != nil {
			meta(i, sc.Objects[i].Positions)
		}
	}
	buf := dsp.NewBuffer(len(l.Channels), DefaultBlockSize)
	b.ReportAllocs()
	b.SetBytes(int64(seconds * rate * 4 * objs))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e, err := New(sc, st.open, Config{Layout: l, Workers: workers})
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

// BenchmarkBinaural renders moving objects directly to binaural (each with
// its own interpolated, crossfaded HRIR; KEMAR resampled to 48 kHz), and a
// 7.1.4 speaker feed through static virtual loudspeakers.
func BenchmarkBinaural(b *testing.B) {
	for _, c := range []struct{ objs, workers int }{{16, 1}, {64, 1}, {128, 1}, {128, runtime.GOMAXPROCS(0)}} {
		objs := c.objs
		b.Run(fmt.Sprintf("objects=%d/workers=%d", objs, c.workers), func(b *testing.B) {
			const seconds = 5
			st := memStems{}
			sc := &objects.Scene{}
			for i := 0; i < objs; i++ {
				f := fmt.Sprintf("o%d.wav", i)
				st[f] = noise(int64(i), 1, seconds*rate)
				az := float64(i*47%360) - 180
				sc.Objects = append(sc.Objects, objects.Object{Name: f, File: f, Positions: []objects.Keyframe{
					{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(float64(i%4) * 15)},
					{Time: seconds, Azimuth: objects.F(-az), Elevation: objects.F(30)},
				}})
			}
			benchSource(b, seconds, func() LengthSource {
				s, _, err := NewBinaural(sc, st.open, Config{Workers: c.workers}, Binaural{})
				if err != nil {
					b.Fatal(err)
				}
				return s
			})
		})
	}
	b.Run("virtualize-7.1.4", func(b *testing.B) {
		const seconds = 10
		l, _ := speakers.Get("7.1.4")
		feeds := noise(3, 12, seconds*rate)
		benchSource(b, seconds, func() LengthSource {
			v, err := Virtualize(&memLengthSource{dsp.NewBufferSource(feeds, rate)}, l, Binaural{})
			if err != nil {
				b.Fatal(err)
			}
			return v
		})
	})
}

func benchSource(b *testing.B, seconds int, open func() LengthSource) {
	open().Close() // prepare the HRIR set once, outside the timing
	buf := dsp.NewBuffer(2, DefaultBlockSize)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := open()
		for {
			if _, err := s.Read(buf); err != nil {
				break
			}
		}
		s.Close()
	}
	b.ReportMetric(float64(seconds*b.N)/b.Elapsed().Seconds(), "x-realtime")
}
