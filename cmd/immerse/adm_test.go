package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/speakers"
)

// writeTestStem writes a WAV of a sine per channel.
func writeTestStem(t *testing.T, path string, channels int, mask uint32) {
	t.Helper()
	w, err := encoders.Create(path, encoders.Format{SampleRate: 48000, Channels: channels, BitDepth: 24, ChannelMask: mask}, encoders.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	buf := dsp.NewBuffer(channels, 24000)
	for c := range buf {
		for i := range buf[c] {
			buf[c][i] = float32(0.2 * math.Sin(float64(i*(c+1))*0.01))
		}
	}
	w.Write(buf)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// A scene exported as an ADM master, inspected, rendered (the input type
// detected), and converted back to a scene that renders.
func TestADMCommands(t *testing.T) {
	dir := t.TempDir()
	l, _ := speakers.Get("5.1")
	writeTestStem(t, filepath.Join(dir, "heli.wav"), 1, 0)
	writeTestStem(t, filepath.Join(dir, "bed.wav"), 6, l.Mask)
	scene := filepath.Join(dir, "scene.json")
	os.WriteFile(scene, []byte(`{"objects": [{"name": "heli", "file": "heli.wav", "positions": [
		{"time": 0, "azimuth": 30, "elevation": 0}, {"time": 0.25, "azimuth": 110, "elevation": 20}]}],
		"beds": [{"name": "music", "file": "bed.wav", "layout": "5.1", "gain": -3}]}`), 0o644)
	master := filepath.Join(dir, "master.wav")
	if _, stderr, code := run(t, "", "adm", "export", scene, "-o", master); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, "", "adm", "info", master, "--json")
	var info struct {
		Container string
		Tracks    int
		Frames    int64
		Objects   []struct {
			Name   string
			Tracks []int
		}
		Channels []struct {
			ID     string
			Blocks int
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &info) != nil {
		t.Fatalf("info: exit %d: %s %s", code, stderr, out)
	}
	if info.Tracks != 7 || info.Frames != 24000 || len(info.Objects) != 2 || info.Objects[1].Name != "music" || len(info.Objects[1].Tracks) != 6 {
		t.Errorf("info %+v", info)
	}
	if info.Channels[0].Blocks != 3 { // jump to the first keyframe, glide, hold
		t.Errorf("heli channel has %d blocks", info.Channels[0].Blocks)
	}
	text, _, code := run(t, "", "adm", "info", master)
	if code != 0 || !strings.Contains(text, `object AO_1001 "heli"`) || !strings.Contains(text, "track 7: ") {
		t.Errorf("info text (exit %d):\n%s", code, text)
	}
	feeds := filepath.Join(dir, "feeds.wav")
	out, stderr, code = run(t, "", "render", master, "--layout", "7.1.4", "-o", feeds, "--json")
	var rep struct {
		Layout string
		Frames int64
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Layout != "7.1.4" || rep.Frames != 24000 {
		t.Fatalf("render: exit %d: %s %s", code, stderr, out)
	}
	// Binaural: rendered to the --virtual layout, then virtualised.
	out, stderr, code = run(t, "", "render", master, "--virtual", "5.1", "-o", filepath.Join(dir, "bin.wav"), "--json")
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Layout != "binaural via 5.1" {
		t.Fatalf("binaural render: exit %d: %s %s", code, stderr, out)
	}
	back := filepath.Join(dir, "back.json")
	if _, stderr, code = run(t, "", "adm", "to-scene", master, "-o", back); code != 0 {
		t.Fatalf("to-scene: exit %d: %s", code, stderr)
	}
	if _, stderr, code = run(t, "", "render", back, "--layout", "5.1", "-o", filepath.Join(dir, "back.wav"), "-q"); code != 0 {
		t.Fatalf("render of the converted scene: exit %d: %s", code, stderr)
	}
}

func TestADMErrors(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.wav")
	writeTestStem(t, plain, 2, 0)
	_, stderr, code := run(t, "", "render", plain, "-o", filepath.Join(dir, "o.wav"))
	if code != 1 || !strings.Contains(stderr, "no chna chunk") {
		t.Errorf("render of a plain WAV: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{{"adm"}, {"adm", "bogus", "x"}, {"adm", "info"}, {"adm", "export", "s.json"}} {
		if _, stderr, code := run(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
	// The selection flags reach the renderer.
	l, _ := speakers.Get("5.1")
	writeTestStem(t, filepath.Join(dir, "bed.wav"), 6, l.Mask)
	os.WriteFile(filepath.Join(dir, "s.json"), []byte(`{"beds": [{"name": "b", "file": "bed.wav", "layout": "5.1"}]}`), 0o644)
	master := filepath.Join(dir, "m.wav")
	if _, stderr, code := run(t, "", "adm", "export", filepath.Join(dir, "s.json"), "-o", master); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	_, stderr, code = run(t, "", "render", master, "-o", filepath.Join(dir, "o.wav"), "--programme", "APR_9999")
	if code == 0 || !strings.Contains(stderr, "no audioProgramme APR_9999; the file has APR_1001") {
		t.Errorf("--programme: exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "render", master, "-o", filepath.Join(dir, "o.wav"), "--comp-object", "AO_9999")
	if code == 0 || !strings.Contains(stderr, "AO_9999 is not in any complementary object group") {
		t.Errorf("--comp-object: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "o.wav")); err == nil {
		t.Error("a failed render left an output file")
	}
}
