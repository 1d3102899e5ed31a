package ambisonics

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/geom"
	"immerse/objects"
	"immerse/render"
)

const testRate = 48000

// memStems serves stems from memory.
type memStems map[string][][]float32

func (m memStems) open(path string) (render.Stem, error) {
	d, ok := m[filepath.Base(path)]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return dsp.NewBufferSource(d, testRate), nil
}

func noiseStem(seed uint64, channels, frames int) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 99))
	return noiseBuffer(rng, channels, frames)
}

func staticObject(name string, az, el float64) objects.Object {
	return objects.Object{Name: name, File: name + ".wav", Positions: []objects.Keyframe{{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(el)}}}
}

// readAll reads a whole audio file.
func readAll(t *testing.T, path string) ([][]float32, encoders.Format) {
	t.Helper()
	out, f, err := encoders.ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	return out, f
}

// wavFormatTag returns the wFormatTag and dwChannelMask of a WAV file's
// fmt chunk, read from the bytes.
func wavFormatTag(t *testing.T, path string) (tag uint16, mask uint32) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for p := 12; p+8 <= len(data); {
		id, size := string(data[p:p+4]), int(binary.LittleEndian.Uint32(data[p+4:]))
		if id == "fmt " {
			tag = binary.LittleEndian.Uint16(data[p+8:])
			if size >= 40 {
				mask = binary.LittleEndian.Uint32(data[p+8+20:])
			}
			return tag, mask
		}
		p += 8 + size + size%2
	}
	t.Fatal("no fmt chunk")
	return 0, 0
}

// The field holds stem × SH(direction) per channel; the head-locked
// object goes to the stereo file; the sidecar says what the field is.
func TestRenderFileAmbiX(t *testing.T) {
	dir := t.TempDir()
	st := memStems{"a.wav": noiseStem(1, 1, 3000), "v.wav": noiseStem(2, 1, 2000)}
	voice := staticObject("v", 30, 0)
	voice.HeadLocked = true
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", 90, 20), voice}}
	out := filepath.Join(dir, "vr.wav")
	rep, err := RenderFile(sc, out, Options{Order: 3, BitDepth: 32, Open: st.open})
	if err != nil {
		t.Fatal(err)
	}
	field, f := readAll(t, out)
	if f.Channels != 16 || f.ChannelMask != 0 || len(field[0]) != 3000 {
		t.Fatalf("field format %+v, %d frames", f, len(field[0]))
	}
	if tag, mask := wavFormatTag(t, out); tag != 0xFFFE || mask != 0 {
		t.Errorf("fmt chunk: format tag %#x mask %#x, want WAVE_FORMAT_EXTENSIBLE with mask 0", tag, mask)
	}
	y := SH(nil, 3, geom.Cart(90, 20, 1), SN3D)
	for c := range field {
		for i, v := range field[c] {
			if want := float64(st["a.wav"][0][i]) * y[c]; math.Abs(float64(v)-want) > 1e-6 {
				t.Fatalf("ACN%d frame %d: %g, want %g", c, i, v, want)
			}
		}
	}
	if rep.Field.Layout != "AmbiX order 3 (SN3D)" || rep.Field.Channels[5].Label != "ACN5" || rep.Field.Output != out {
		t.Errorf("field report %+v", rep.Field)
	}
	head, hf := readAll(t, filepath.Join(dir, "vr_headlocked.wav"))
	if hf.Channels != 2 || len(head[0]) != 2000 {
		t.Fatalf("head-locked format %+v", hf)
	}
	for i, v := range st["v.wav"][0] {
		if head[0][i] != v || head[1][i] != 0 {
			t.Fatalf("head-locked frame %d: %g %g, want %g 0 (M+030 only)", i, head[0][i], head[1][i], v)
		}
	}
	side, err := ReadSidecar(filepath.Join(dir, "vr.json"))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "vr.json")); st.Mode().Perm() != 0o644 {
		t.Errorf("sidecar mode %v", st.Mode())
	}
	want := Sidecar{Format: "ambisonics", Convention: "AmbiX", Order: 3, Channels: 16, ChannelOrdering: "ACN", Normalization: "SN3D",
		SampleRate: testRate, Audio: "vr.wav", HeadLocked: "vr_headlocked.wav", Coordinates: Coordinates}
	if *side != want {
		t.Errorf("sidecar %+v\nwant %+v", *side, want)
	}
	if rep.Sidecar != filepath.Join(dir, "vr.json") || rep.HeadLocked.Output != filepath.Join(dir, "vr_headlocked.wav") {
		t.Errorf("report %+v", rep)
	}
	assertNoTemps(t, dir)
}

func assertNoTemps(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// ffprobe sees 16 channels and no named layout.
func TestRenderFileFFprobe(t *testing.T) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	dir := t.TempDir()
	st := memStems{"a.wav": noiseStem(1, 1, 4800)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", 10, 0)}}
	out := filepath.Join(dir, "o3.wav")
	if _, err := RenderFile(sc, out, Options{Order: 3, Open: st.open}); err != nil {
		t.Fatal(err)
	}
	b, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=channels,channel_layout,sample_rate", "-of", "default=nw=1", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	t.Logf("ffprobe: %s", strings.ReplaceAll(strings.TrimSpace(s), "\n", ", "))
	if !strings.Contains(s, "channels=16") || !strings.Contains(s, "sample_rate=48000") {
		t.Errorf("ffprobe: %s", s)
	}
	if strings.Contains(s, "channel_layout=") && !strings.Contains(s, "channel_layout=unknown") {
		t.Errorf("ffprobe names a loudspeaker layout: %s", s)
	}
}

// A yawed render equals the unrotated render of the turned scene; beds
// are encoded at their channels' nominal directions, LFE dropped.
func TestRenderFileRotationAndBed(t *testing.T) {
	dir := t.TempDir()
	st := memStems{"a.wav": noiseStem(1, 1, 1000), "bed.wav": noiseStem(3, 6, 1000)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", 0, 0)}, Beds: []objects.Bed{{Name: "b", File: "bed.wav", Layout: "5.1"}}}
	out := filepath.Join(dir, "rot.wav")
	rep, err := RenderFile(sc, out, Options{Order: 2, BitDepth: 32, Rotation: Rotation{Yaw: 90}, Open: st.open})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Field.Warnings) != 1 || !strings.Contains(rep.Field.Warnings[0], "LFE1 dropped") {
		t.Errorf("warnings %v", rep.Field.Warnings)
	}
	field, _ := readAll(t, out)
	yo := SH(nil, 2, geom.Cart(90, 0, 1), SN3D)
	// Bed file order FL FR FC LFE BL BR = M+030 M-030 M+000 LFE M+110 M-110, each turned by 90.
	bedAz := []float64{30, -30, 0, 0, 110, -110}
	for c := range field {
		for i := range 1000 {
			want := float64(st["a.wav"][0][i]) * yo[c]
			for k, az := range bedAz {
				if k == 3 {
					continue
				}
				want += float64(st["bed.wav"][k][i]) * SH(nil, 2, geom.Cart(az+90, 0, 1), SN3D)[c]
			}
			if math.Abs(float64(field[c][i])-want) > 1e-5 {
				t.Fatalf("ACN%d frame %d: %g, want %g", c, i, field[c][i], want)
			}
		}
	}
	side, _ := ReadSidecar(filepath.Join(dir, "rot.json"))
	if side == nil || side.Rotation == nil || *side.Rotation != (Rotation{Yaw: 90}) || side.HeadLocked != "" {
		t.Errorf("sidecar %+v", side)
	}
}

func TestRenderFileFuMaAndN3D(t *testing.T) {
	dir := t.TempDir()
	st := memStems{"a.wav": noiseStem(1, 1, 500)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", -40, 10)}}
	for _, n := range []Normalization{FuMa, N3D} {
		out := filepath.Join(dir, n.String()+".wav")
		rep, err := RenderFile(sc, out, Options{Order: 1, Normalization: n, BitDepth: 32, Open: st.open})
		if err != nil {
			t.Fatal(err)
		}
		field, _ := readAll(t, out)
		y := SH(nil, 1, geom.Cart(-40, 10, 1), n)
		for c := range field {
			if math.Abs(float64(field[c][100])-float64(st["a.wav"][0][100])*y[c]) > 1e-6 {
				t.Errorf("%v channel %d: %g", n, c, field[c][100])
			}
		}
		side, err := ReadSidecar(SidecarPath(out))
		if err != nil || side.Normalization != n.String() || side.ChannelOrdering != n.ChannelOrdering() {
			t.Errorf("%v sidecar %+v %v", n, side, err)
		}
		if n == FuMa && (rep.Field.Channels[1].Label != "X" || rep.Field.Layout != "FuMa B-format order 1 (WXYZ)") {
			t.Errorf("FuMa report %+v", rep.Field)
		}
	}
	if _, err := RenderFile(sc, filepath.Join(dir, "f2.wav"), Options{Order: 2, Normalization: FuMa, Open: st.open}); err == nil {
		t.Error("FuMa order 2 accepted")
	}
}

// Outputs are checked before anything is rendered; nothing is left
// behind on refusal.
func TestRenderFileRefuses(t *testing.T) {
	dir := t.TempDir()
	st := memStems{"a.wav": noiseStem(1, 1, 500)}
	scenePath := filepath.Join(dir, "vr.json")
	os.WriteFile(scenePath, []byte(`{"objects":[]}`), 0o644)
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", 0, 0)}, Source: scenePath}
	_, err := RenderFile(sc, filepath.Join(dir, "vr.wav"), Options{Order: 1, Overwrite: true, Open: st.open})
	if err == nil || !strings.Contains(err.Error(), "scene file itself") {
		t.Errorf("sidecar over the scene: %v", err)
	}
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"hello": 1}`), 0o644)
	sc.Source = ""
	_, err = RenderFile(sc, filepath.Join(dir, "other.wav"), Options{Order: 1, Overwrite: true, Open: st.open})
	if err == nil || !strings.Contains(err.Error(), "not an ambisonics sidecar") {
		t.Errorf("sidecar over another JSON file: %v", err)
	}
	out := filepath.Join(dir, "x.wav")
	if _, err := RenderFile(sc, out, Options{Order: 1, Open: st.open}); err != nil {
		t.Fatal(err)
	}
	if _, err := RenderFile(sc, out, Options{Order: 1, Open: st.open}); !errors.Is(err, os.ErrExist) {
		t.Errorf("existing output: %v", err)
	}
	if _, err := RenderFile(sc, out, Options{Order: 1, Overwrite: true, Open: st.open}); err != nil {
		t.Errorf("overwrite: %v", err)
	}
	head := &objects.Scene{Objects: []objects.Object{staticObject("a", 0, 0)}}
	head.Objects[0].HeadLocked = true
	if _, err := RenderFile(head, filepath.Join(dir, "h.wav"), Options{Order: 1, Open: st.open}); err == nil || !strings.Contains(err.Error(), "no world-locked") {
		t.Errorf("head-locked only: %v", err)
	}
	if _, err := RenderFile(sc, filepath.Join(dir, "o9.wav"), Options{Order: 9, Open: st.open}); err == nil {
		t.Error("order 9 accepted")
	}
	assertNoTemps(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "vr.wav")); err == nil {
		t.Error("refused render left vr.wav")
	}
}

// writeWAV writes a float WAV.
func writeWAV(t *testing.T, path string, data [][]float32) {
	t.Helper()
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: testRate, Channels: len(data), BitDepth: 32, Float: true}, data, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}
