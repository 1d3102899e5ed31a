package ambisonics

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/geom"
	"immerse/hrtf"
	"immerse/objects"
)

// renderField writes an order-N field of one static object and returns
// its path and the object's stem.
func renderField(t *testing.T, dir, name string, order int, norm Normalization, az, el float64, frames int) (string, []float32) {
	t.Helper()
	st := memStems{"a.wav": noiseStem(11, 1, frames)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", az, el)}}
	out := filepath.Join(dir, name)
	if _, err := RenderFile(sc, out, Options{Order: order, Normalization: norm, BitDepth: 32, Open: st.open}); err != nil {
		t.Fatal(err)
	}
	return out, st["a.wav"][0]
}

// Decoding to 7.1.4 gives the decoder's gains times the stem, in the WAV
// channel order with the layout's mask.
func TestDecodeFileSpeakers(t *testing.T) {
	dir := t.TempDir()
	in, x := renderField(t, dir, "f.wav", 3, SN3D, 50, 15, 10000)
	out := filepath.Join(dir, "feeds.wav")
	l := getLayout(t, "7.1.4")
	rep, err := DecodeFile(in, out, DecodeOptions{Layout: l, BitDepth: 32})
	if err != nil {
		t.Fatal(err)
	}
	feeds, f := readAll(t, out)
	if f.Channels != 12 || f.ChannelMask != 0x2D63F || len(feeds[0]) != 10000 {
		t.Fatalf("format %+v, %d frames", f, len(feeds[0]))
	}
	dec, _ := NewDecoder(l, 3, DecoderOptions{})
	g := dec.Gains(nil, geom.Cart(50, 15, 1))
	for fch, k := range l.WAVOrder() {
		for i := range feeds[fch] {
			if want := g[k] * float64(x[i]); math.Abs(float64(feeds[fch][i])-want) > 1e-5 {
				t.Fatalf("%s frame %d: %g, want %g", l.Channels[k].Label, i, feeds[fch][i], want)
			}
		}
	}
	if rep.Order != 3 || rep.NormalizationFrom != "sidecar" || rep.Frames != 10000 || rep.Channels[3].Label != "LFE1" || rep.Channels[0].WAV != "FL" {
		t.Errorf("report %+v", rep)
	}
}

// The sidecar's normalisation is used, an explicit one wins, and without
// a sidecar the default is SN3D.
func TestDecodeFileNormalizationSources(t *testing.T) {
	dir := t.TempDir()
	l := getLayout(t, "5.1")
	ref, _ := renderField(t, dir, "sn3d.wav", 2, SN3D, -70, 0, 2000)
	n3d, _ := renderField(t, dir, "n3d.wav", 2, N3D, -70, 0, 2000)
	a, b := filepath.Join(dir, "a.wav"), filepath.Join(dir, "b.wav")
	if _, err := DecodeFile(ref, a, DecodeOptions{Layout: l, BitDepth: 32}); err != nil {
		t.Fatal(err)
	}
	rep, err := DecodeFile(n3d, b, DecodeOptions{Layout: l, BitDepth: 32})
	if err != nil {
		t.Fatal(err)
	}
	if rep.NormalizationFrom != "sidecar" || rep.Normalization != "N3D" {
		t.Errorf("report %+v", rep)
	}
	fa, _ := readAll(t, a)
	fb, _ := readAll(t, b)
	for c := range fa {
		for i := range fa[c] {
			if math.Abs(float64(fa[c][i]-fb[c][i])) > 1e-5 {
				t.Fatalf("channel %d frame %d: SN3D field %g, N3D field %g", c, i, fa[c][i], fb[c][i])
			}
		}
	}
	// Without the sidecar the N3D file is read as SN3D: a different decode.
	os.Remove(SidecarPath(n3d))
	rep, err = DecodeFile(n3d, b, DecodeOptions{Layout: l, BitDepth: 32, Overwrite: true})
	if err != nil || rep.NormalizationFrom != "default" || rep.Normalization != "SN3D" {
		t.Fatalf("%+v %v", rep, err)
	}
	n := N3D
	rep, err = DecodeFile(n3d, b, DecodeOptions{Layout: l, BitDepth: 32, Overwrite: true, Input: &n})
	if err != nil || rep.NormalizationFrom != "option" {
		t.Fatalf("%+v %v", rep, err)
	}
	fb, _ = readAll(t, b)
	if math.Abs(float64(fa[0][100]-fb[0][100])) > 1e-5 {
		t.Errorf("explicit N3D: %g, want %g", fb[0][100], fa[0][100])
	}
	// A sidecar that does not match the file is an error.
	os.WriteFile(SidecarPath(n3d), []byte(`{"format":"ambisonics","order":1,"channels":4,"channelOrdering":"ACN","normalization":"SN3D"}`), 0o644)
	if _, err := DecodeFile(n3d, b, DecodeOptions{Layout: l, Overwrite: true}); err == nil || !strings.Contains(err.Error(), "another file") {
		t.Errorf("mismatched sidecar: %v", err)
	}
	os.WriteFile(SidecarPath(n3d), []byte(`{not json`), 0o644)
	if _, err := DecodeFile(n3d, b, DecodeOptions{Layout: l, Overwrite: true}); err == nil || !strings.Contains(err.Error(), "sidecar") {
		t.Errorf("corrupt sidecar: %v", err)
	}
}

func TestDecodeFileErrors(t *testing.T) {
	dir := t.TempDir()
	l := getLayout(t, "5.1")
	// Five channels are no ambisonic order.
	bad := filepath.Join(dir, "five.wav")
	writeWAV(t, bad, dsp.NewBuffer(5, 100))
	if _, err := DecodeFile(bad, filepath.Join(dir, "o.wav"), DecodeOptions{Layout: l}); err == nil || !strings.Contains(err.Error(), "not a full-sphere") {
		t.Errorf("5 channels: %v", err)
	}
	if _, err := DecodeFile(filepath.Join(dir, "missing.wav"), filepath.Join(dir, "o.wav"), DecodeOptions{Layout: l}); err == nil {
		t.Error("missing input accepted")
	}
	in, _ := renderField(t, dir, "f.wav", 2, SN3D, 0, 0, 100)
	fuma := FuMa
	if _, err := DecodeFile(in, filepath.Join(dir, "o.wav"), DecodeOptions{Layout: l, Input: &fuma}); err == nil {
		t.Error("FuMa order 2 accepted")
	}
	if _, err := DecodeFile(in, filepath.Join(dir, "o.flac"), DecodeOptions{Layout: l, BitDepth: 32}); err == nil {
		t.Error("32-bit FLAC accepted")
	}
	if _, err := DecodeFile(in, in, DecodeOptions{Layout: l, Overwrite: true}); err == nil || !strings.Contains(err.Error(), "replace the input") {
		t.Errorf("output over the input: %v", err)
	}
	assertNoTemps(t, dir)
}

// Binaural decode of a file equals the stem convolved with the filters'
// response for its direction (latency compensated), for the input's
// length.
func TestDecodeFileBinaural(t *testing.T) {
	dir := t.TempDir()
	const frames = 5000
	in, x := renderField(t, dir, "f.wav", 2, SN3D, 90, 0, frames)
	out := filepath.Join(dir, "bin.wav")
	set := hrtf.Default() // 44.1 kHz: resampled to the field's 48 kHz
	for _, m := range []BinauralMethod{MagLS, Virtual} {
		rep, err := DecodeFile(in, out, DecodeOptions{HRTF: set, Binaural: BinauralOptions{Method: m}, BitDepth: 32, Overwrite: true, BlockSize: 256})
		if err != nil {
			t.Fatal(err)
		}
		ears, f := readAll(t, out)
		if f.Channels != 2 || f.SampleRate != testRate || len(ears[0]) != frames || rep.Frames != frames {
			t.Fatalf("%v: format %+v, %d frames", m, f, len(ears[0]))
		}
		s48, _ := set.Resampled(testRate)
		filt, _ := DesignBinaural(s48, 2, BinauralOptions{Method: m})
		l, r := filt.Response(SH(nil, 2, geom.Cart(90, 0, 1), SN3D))
		worst, peak := 0.0, 0.0
		for ear, h := range [][]float64{l, r} {
			for i := range frames {
				var want float64
				for k, v := range h {
					j := i + filt.Latency - k
					if j >= 0 && j < frames {
						want += v * float64(x[j])
					}
				}
				worst = max(worst, math.Abs(float64(ears[ear][i])-want))
				peak = max(peak, math.Abs(want))
			}
		}
		if worst > 1e-4*peak {
			t.Errorf("%v: largest difference from the direct convolution %g (peak %g)", m, worst, peak)
		}
		if !strings.Contains(rep.Layout, "binaural") || rep.Channels[0].Label != "L" {
			t.Errorf("report %+v", rep)
		}
	}
}
