package prep

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp/cleanup"
	"immerse/mixer"
)

const sessionJSON = `{
  "sampleRate": 48000,
  "tracks": [
    {"name": "Lead", "file": "a/vocal.wav", "gain": -2, "role": "lead-vocal",
     "inserts": [{"type": "compressor", "threshold": -20, "ratio": 3}],
     "sends": [{"bus": "Plate", "level": -12}],
     "automation": {"gain": [[0, -3], [1, 0]]}},
    {"name": "Double", "file": "b/vocal.wav", "pan": -0.4},
    {"name": "Gtr L", "file": "gtr.wav", "pan": -1},
    {"name": "Gtr R", "file": "gtr.wav", "pan": 1, "phaseInvert": true}
  ],
  "buses": [{"name": "Plate", "inserts": [{"type": "reverb", "decay": 1.8, "mix": 1}]}],
  "master": {"gain": -1}
}`

// TestSession: every distinct stem is cleaned once into the output
// folder (same-named stems get -2), and the new session points at them
// with everything else unchanged.
func TestSession(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a/vocal.wav", "b/vocal.wav", "gtr.wav"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		x, _, _ := programme(3*rate/2, true, true)
		writeWAV(t, filepath.Join(dir, p), 24, [][]float32{x[0]})
	}
	sessPath := filepath.Join(dir, "song.json")
	os.WriteFile(sessPath, []byte(sessionJSON), 0o644)
	s, err := mixer.LoadSession(sessPath)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "prepped")
	dc := cleanup.DefaultDeclickParams()
	dn := cleanup.DefaultDenoiseParams()
	dn.ReductionDB = 10
	var last, total int64
	rep, err := Session(s, out, Options{Declick: &dc, Denoise: &dn, Progress: func(d, tt int64) { last, total = d, tt }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Session != filepath.Join(out, "song.json") || len(rep.Stems) != 3 || last != total {
		t.Fatalf("report %+v (progress %d of %d)", rep, last, total)
	}
	if got := rep.Stems[2].Tracks; len(got) != 2 || got[0] != "Gtr L" || got[1] != "Gtr R" {
		t.Errorf("shared stem tracks %v", got)
	}
	for _, name := range []string{"vocal.wav", "vocal-2.wav", "gtr.wav"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("stem %s: %v", name, err)
		}
	}
	n, err := mixer.LoadSession(rep.Session)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"vocal.wav", "vocal-2.wav", "gtr.wav", "gtr.wav"}
	for i, tr := range n.Tracks {
		if tr.File != wantFiles[i] {
			t.Errorf("track %d file %q, want %q", i, tr.File, wantFiles[i])
		}
	}
	// Everything but the files is the original session.
	orig := s.Clone()
	for i := range orig.Tracks {
		orig.Tracks[i].File = wantFiles[i]
	}
	a, _ := json.Marshal(orig)
	b, _ := json.Marshal(n)
	if string(a) != string(b) {
		t.Errorf("session changed:\n%s\n%s", a, b)
	}
	// The new session mixes (its stems open at the new paths).
	if _, err := mixer.MixFile(n, filepath.Join(out, "mix.wav"), mixer.FileOptions{}); err != nil {
		t.Errorf("mixing the cleaned session: %v", err)
	}
	// A second run refuses to overwrite; the session itself is never its
	// own output.
	if _, err := Session(s, out, Options{Declick: &dc}); err == nil || !strings.Contains(err.Error(), "exist") {
		t.Errorf("second run: %v", err)
	}
	if _, err := Session(s, dir, Options{Declick: &dc, Overwrite: true}); err == nil || !strings.Contains(err.Error(), "never overwrites its input") {
		t.Errorf("cleaning a session into its own folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "vocal.wav")); err == nil {
		t.Error("a refused session job left a stem behind")
	}
}
