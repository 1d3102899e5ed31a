package admrender

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"immerse/adm"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/objects"
)

// benchScene is the benchmark's scene: nobj objects circling the
// listener at different speeds and heights, with a keyframe every 100 ms,
// so its ADM export has 100 ms blocks.
func benchScene(nobj int, seconds float64) *objects.Scene {
	s := &objects.Scene{SampleRate: 48000}
	for i := 0; i < nobj; i++ {
		o := objects.Object{Name: fmt.Sprintf("obj%d", i+1), File: fmt.Sprintf("obj%d.wav", i+1)}
		for k := 0; float64(k)*0.1 <= seconds+1e-9; k++ {
			tk := float64(k) * 0.1
			az := math.Mod(float64(i)*36+tk*float64(10+5*i)+180, 360) - 180
			el := 30 * math.Sin(tk*0.3+float64(i))
			o.Positions = append(o.Positions, objects.Keyframe{Time: tk, Azimuth: objects.F(az), Elevation: objects.F(el)})
		}
		s.Objects = append(s.Objects, o)
	}
	return s
}

// writeExport writes the ADM export of scene s as a BW64 file of frames
// frames of noise on every track (amplitude 0.1); mod, when set, edits
// the document first.
func writeExport(t testing.TB, s *objects.Scene, path string, frames int64, mod ...func(*adm.Document)) {
	t.Helper()
	e, err := adm.FromScene(s, 48000, frames)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mod {
		m(e.Doc)
	}
	w, err := e.Create(path, encoders.Format{}, encoders.WriteOptions{Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	gens := make([]noiseGen, len(e.Tracks))
	for i := range gens {
		gens[i].s = uint64(i+1) * 0x2545F4914F6CDD1D
	}
	buf := dsp.NewBuffer(len(e.Tracks), 4800)
	for done := int64(0); done < frames; {
		n := int(min(4800, frames-done))
		view := make([][]float32, len(buf))
		for c := range buf {
			for i := 0; i < n; i++ {
				buf[c][i] = float32(0.1 * gens[c].next())
			}
			view[c] = buf[c][:n]
		}
		if err := w.Write(view); err != nil {
			t.Fatal(err)
		}
		done += int64(n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// extentDiffuse gives every Objects block a width, height and diffuse
// part.
func extentDiffuse(d *adm.Document) {
	for _, c := range d.ChannelFormats {
		for _, blk := range c.Blocks {
			if o := blk.Objects; o != nil {
				o.Width, o.Height, o.Diffuse = 30, 10, 0.3
			}
		}
	}
}

// TestWriteBenchMaster writes the benchmark master for timing the
// reference renderer (ADMRENDER_BENCH_MASTER=path; with
// ADMRENDER_BENCH_EXTENT=1, the extent+diffuse variant).
func TestWriteBenchMaster(t *testing.T) {
	path := os.Getenv("ADMRENDER_BENCH_MASTER")
	if path == "" {
		t.Skip("set ADMRENDER_BENCH_MASTER=file.wav to write the benchmark master (10 objects, 60 s, 100 ms blocks)")
	}
	if os.Getenv("ADMRENDER_BENCH_EXTENT") != "" {
		writeExport(t, benchScene(10, 60), path, 60*48000, extentDiffuse)
		return
	}
	writeExport(t, benchScene(10, 60), path, 60*48000)
}

// BenchmarkRender renders the 10-object, 60-second master with 100 ms
// blocks to 4+7+0 (the benchmark); "point" has point sources, as
// exported from a scene, "extent+diffuse" gives every block a width,
// height and a diffuse part (the extent panner and the decorrelators).
func BenchmarkRender(b *testing.B) {
	const seconds = 60
	frames := int64(seconds * 48000)
	dir := b.TempDir()
	point := filepath.Join(dir, "point.wav")
	writeExport(b, benchScene(10, seconds), point, frames)
	l := layout(b, "4+7+0")
	run := func(b *testing.B, path string, mod func(*adm.Document)) {
		buf := dsp.NewBuffer(len(l.Channels), 1024)
		b.SetBytes(frames * 4 * int64(len(l.Channels)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			f, err := encoders.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			doc, err := adm.ReadFrom(f, path)
			if err != nil {
				b.Fatal(err)
			}
			if mod != nil {
				mod(doc)
			}
			r, err := New(f, doc, Options{Layout: l})
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := r.Read(buf); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			f.Close()
		}
		b.ReportMetric(float64(seconds)*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
	}
	b.Run("point", func(b *testing.B) { run(b, point, nil) })
	b.Run("extent+diffuse", func(b *testing.B) { run(b, point, extentDiffuse) })
}

// BenchmarkRead measures the steady state: 1024-frame blocks of the
// 10-object master (100 ms blocks, moving point sources) per layout, with
// no allocation per block.
func BenchmarkRead(b *testing.B) {
	path := filepath.Join(b.TempDir(), "m.wav")
	writeExport(b, benchScene(10, 10), path, 10*48000)
	for _, name := range []string{"0+5+0", "4+7+0", "9+10+3"} {
		b.Run(name, func(b *testing.B) {
			l := layout(b, name)
			buf := dsp.NewBuffer(len(l.Channels), 1024)
			var r *Renderer
			reopen := func() {
				if r != nil {
					r.Close()
				}
				var err error
				if r, err = Open(path, Options{Layout: l}); err != nil {
					b.Fatal(err)
				}
			}
			reopen()
			b.SetBytes(1024 * 4 * int64(len(l.Channels)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := r.Read(buf); err == io.EOF {
					b.StopTimer()
					reopen()
					b.StartTimer()
				} else if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			r.Close()
			b.ReportMetric(1024/48000.0*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}
