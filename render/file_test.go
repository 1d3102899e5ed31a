package render

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/objects"
)

func fileOptions(t *testing.T, layoutName string, st memStems) FileOptions {
	return FileOptions{Config: Config{Layout: layout(t, layoutName)}, Open: st.open}
}

// The file holds exactly what the engine renders, in WAV channel order.
func TestRenderFileReadsBack(t *testing.T) {
	sc, st := manyObjects(6, rate/2)
	out := filepath.Join(t.TempDir(), "out.wav")
	opt := fileOptions(t, "7.1.4", st)
	opt.BitDepth = 32
	rep, err := RenderFile(sc, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := renderAll(t, sc, st, opt.Config, 1024)
	r, err := encoders.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f := r.Format()
	if f.ChannelMask != 0x2D63F || f.Channels != 12 || !f.Float || r.Length() != int64(len(want[0])) {
		t.Fatalf("file format %+v, %d frames", f, r.Length())
	}
	got := dsp.NewBuffer(12, int(r.Length()))
	if _, err := dsp.ReadFull(r, got); err != nil {
		t.Fatal(err)
	}
	l := layout(t, "7.1.4")
	for fch, k := range l.WAVOrder() {
		for i := range got[fch] {
			if got[fch][i] != want[k][i] {
				t.Fatalf("file channel %d (%s) sample %d: %v, rendered %v", fch, l.Channels[k].Label, i, got[fch][i], want[k][i])
			}
		}
		if rep.Channels[fch].Label != l.Channels[k].Label {
			t.Errorf("report channel %d is %s", fch, rep.Channels[fch].Label)
		}
	}
}

func TestRenderFileFFprobeLayouts(t *testing.T) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed (apt-get install ffmpeg): channel-layout cross-check skipped")
	}
	cases := map[string][]string{ // accepted ffprobe channel_layout values (old and new ffmpeg)
		"7.1.4":  {"7.1.4", "12 channels (FL+FR+FC+LFE+BL+BR+SL+SR+TFL+TFR+TBL+TBR)"},
		"5.1":    {"5.1"},
		"7.1":    {"7.1"},
		"5.1.2":  {"5.1.2", "5.1.2(back)", "8 channels (FL+FR+FC+LFE+BL+BR+TFL+TFR)"},
		"5.1.4":  {"5.1.4", "10 channels (FL+FR+FC+LFE+BL+BR+TFL+TFR+TBL+TBR)"},
		"7.1.2":  {"7.1.2", "10 channels (FL+FR+FC+LFE+BL+BR+SL+SR+TFL+TFR)"},
		"stereo": {"stereo"},
	}
	for name, accept := range cases {
		st := memStems{"a.wav": noise(1, 1, 4800)}
		sc := &objects.Scene{Objects: []objects.Object{staticObject("a", "a.wav", 0, 0)}}
		out := filepath.Join(t.TempDir(), "o.wav")
		if _, err := RenderFile(sc, out, fileOptions(t, name, st)); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=channels,channel_layout", "-of", "default=nw=1", out).Output()
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "channel_layout="); ok {
				got = v
			}
		}
		ok := false
		for _, a := range accept {
			ok = ok || got == a
		}
		if !ok {
			t.Errorf("%s: ffprobe says channel_layout=%q, want one of %q", name, got, accept)
		}
	}
}

func TestRenderFileRefusals(t *testing.T) {
	st := memStems{"a.wav": noise(1, 1, 4800)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", "a.wav", 0, 0)}}
	dir := t.TempDir()
	// FLAC holds 8 channels: refused before rendering, nothing written.
	out := filepath.Join(dir, "o.flac")
	_, err := RenderFile(sc, out, fileOptions(t, "7.1.4", st))
	if err == nil || !strings.Contains(err.Error(), "FLAC holds at most 8 channels") || !strings.Contains(err.Error(), ".wav") {
		t.Errorf("12-channel FLAC: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a refused FLAC left a file")
	}
	// 5.1 FLAC works, 24-bit.
	if _, err := RenderFile(sc, out, fileOptions(t, "5.1", st)); err != nil {
		t.Fatal(err)
	}
	// An existing output is kept unless Overwrite.
	before, _ := os.ReadFile(out)
	opt := fileOptions(t, "stereo", st)
	if _, err := RenderFile(sc, out, opt); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("overwrite without force: %v", err)
	}
	after, _ := os.ReadFile(out)
	if string(before) != string(after) {
		t.Error("existing output changed")
	}
	opt.Overwrite = true
	if _, err := RenderFile(sc, out, opt); err != nil {
		t.Errorf("overwrite with force: %v", err)
	}
	// A stem that fails mid-render leaves no output.
	bad := filepath.Join(dir, "bad.wav")
	opt = fileOptions(t, "stereo", st)
	opt.Open = func(p string) (Stem, error) { return &failingStem{dsp.NewBufferSource(noise(2, 1, 48000), rate)}, nil }
	if _, err := RenderFile(sc, bad, opt); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("failing stem: %v", err)
	}
	if _, err := os.Stat(bad); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a failed render left a file")
	}
}

type failingStem struct{ *dsp.BufferSource }

func (f *failingStem) Read(dst [][]float32) (int, error) {
	n, err := f.BufferSource.Read(dst)
	if n > 0 && f.BufferSource.Length() > 0 {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestNormalizePeak(t *testing.T) {
	sc, st := manyObjects(3, rate/4)
	out := filepath.Join(t.TempDir(), "n.wav")
	opt := fileOptions(t, "5.1", st)
	opt.BitDepth = 32
	target := -1.0
	opt.NormalizePeakDB = &target
	rep, err := RenderFile(sc, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	peak := -500.0
	for _, c := range rep.Channels {
		peak = math.Max(peak, c.PeakDBFS)
	}
	if math.Abs(peak-target) > 0.01 || rep.NormalizeGainDB == nil {
		t.Errorf("peak after normalising to -1 dBFS: %v dB (gain %v)", peak, rep.NormalizeGainDB)
	}
}
