package admrender

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/render"
)

// RenderFile writes the render aligned with the input, as long, in the
// layout's WAV order with its channel mask.
func TestRenderFile(t *testing.T) {
	in := objectsMaster(t, 9600)
	l := layout(t, "7.1.4")
	out := filepath.Join(t.TempDir(), "feeds.wav")
	rep, err := RenderFile(in, out, FileOptions{Options: Options{Layout: l}, BitDepth: 32})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Frames != 9600 || rep.Layout != "7.1.4" || len(rep.Channels) != 12 || rep.Channels[4].Label != "M+135" {
		t.Fatalf("report %+v", rep)
	}
	f, err := encoders.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Format().ChannelMask != l.Mask || f.Length() != 9600 || !f.Format().Float {
		t.Fatalf("output %s, %d frames", f.Format(), f.Length())
	}
	got := dsp.NewBuffer(12, 9600)
	dsp.ReadFull(f, got)
	want, _ := renderAll(t, in, l)
	for fc, k := range l.WAVOrder() {
		for i := range got[fc] {
			if got[fc][i] != want[k][i] {
				t.Fatalf("file channel %d (%s) frame %d: %g, the renderer gives %g", fc, l.Channels[k].Label, i, got[fc][i], want[k][i])
			}
		}
	}
	// No overwrite without asking; the file is left alone.
	if _, err := RenderFile(in, out, FileOptions{Options: Options{Layout: l}}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second render: %v, want fs.ErrExist", err)
	}
	// Peak normalisation in two passes.
	norm := -1.0
	rep, err = RenderFile(in, out, FileOptions{Options: Options{Layout: l}, BitDepth: 32, Overwrite: true, NormalizePeakDB: &norm})
	if err != nil {
		t.Fatal(err)
	}
	peak := -300.0
	for _, c := range rep.Channels {
		peak = math.Max(peak, c.PeakDBFS)
	}
	if math.Abs(peak+1) > 0.01 || rep.NormalizeGainDB == nil {
		t.Errorf("normalised peak %.3f dBFS, gain %v", peak, rep.NormalizeGainDB)
	}
}

func TestRenderFileErrors(t *testing.T) {
	in := objectsMaster(t, 480)
	dir := t.TempDir()
	l := layout(t, "7.1.4")
	for _, c := range []struct {
		out  string
		opt  FileOptions
		want string
	}{
		{"a.flac", FileOptions{Options: Options{Layout: l}}, "FLAC holds at most 8 channels"},
		{"a.wav", FileOptions{Options: Options{Layout: l}, BitDepth: 20}, "--bits 20"},
		{"a.wav", FileOptions{}, "no target layout"},
	} {
		_, err := RenderFile(in, filepath.Join(dir, c.out), c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.out, err, c.want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("failed renders left %d files", len(ents))
	}
}

// A master with a ds64 chunk (BW64, as files over 4 GiB must be) renders
// like the plain one.
func TestRenderDS64(t *testing.T) {
	dir := t.TempDir()
	s := benchScene(2, 0.5)
	plain, big := filepath.Join(dir, "plain.wav"), filepath.Join(dir, "ds64.wav")
	writeExport(t, s, plain, 24000)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	r, err := encoders.Open(plain)
	if err != nil {
		t.Fatal(err)
	}
	var chunks []encoders.Chunk
	for _, id := range []string{"chna", "axml"} {
		b, err := r.ReadChunk(id)
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, encoders.Chunk{ID: id, Data: b})
	}
	audio := dsp.NewBuffer(r.Channels(), int(r.Length()))
	dsp.ReadFull(r, audio)
	r.Close()
	w, err := encoders.Create(big, encoders.Format{SampleRate: 48000, Channels: len(audio), BitDepth: 24},
		encoders.WriteOptions{Chunks: chunks, ForceDS64: true, BW64: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(audio)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if info, _ := encoders.Stat(big); info.Container != encoders.BW64 || len(data) == 0 {
		t.Fatalf("container %s", info.Container)
	}
	l := layout(t, "5.1")
	a, _ := renderAll(t, plain, l)
	b, _ := renderAll(t, big, l)
	for c := range a {
		for i := range a[c] {
			if a[c][i] != b[c][i] {
				t.Fatalf("channel %d frame %d differs", c, i)
			}
		}
	}
}

// RenderBinauralFile is RenderFile to the virtual layout followed by the
// virtualizer of package render: the same samples as virtualizing a
// float feeds file.
func TestRenderBinauralFile(t *testing.T) {
	in := objectsMaster(t, 4800)
	dir := t.TempDir()
	l := layout(t, "5.1")
	feeds, direct, via := filepath.Join(dir, "feeds.wav"), filepath.Join(dir, "bin.wav"), filepath.Join(dir, "via.wav")
	if _, err := RenderFile(in, feeds, FileOptions{Options: Options{Layout: l}, BitDepth: 32}); err != nil {
		t.Fatal(err)
	}
	rep, err := RenderBinauralFile(in, direct, FileOptions{Options: Options{Layout: l}, BitDepth: 32}, render.Binaural{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Layout != "binaural via 5.1" || len(rep.Channels) != 2 || rep.Frames <= 4800 {
		t.Fatalf("report %+v", rep)
	}
	if _, err := render.VirtualizeFile(feeds, l, via, render.FileOptions{BitDepth: 32}, render.Binaural{}); err != nil {
		t.Fatal(err)
	}
	a, b := readFile(t, direct), readFile(t, via)
	if len(a[0]) != len(b[0]) {
		t.Fatalf("%d and %d frames", len(a[0]), len(b[0]))
	}
	for c := range a {
		for i := range a[c] {
			if a[c][i] != b[c][i] {
				t.Fatalf("ear %d frame %d: %g, via the feeds file %g", c, i, a[c][i], b[c][i])
			}
		}
	}
}

func readFile(t *testing.T, path string) [][]float32 {
	t.Helper()
	out, _, err := encoders.ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
