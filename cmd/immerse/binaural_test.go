package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestBinauralCommands(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin.wav")
	out, stderr, code := run(t, "", "render", "--demo", "--binaural", "-o", bin, "--json")
	if code != 0 {
		t.Fatalf("render --binaural: exit %d: %s", code, stderr)
	}
	var rep struct {
		Layout   string
		Channels []struct{ Label, WAV string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Layout != "binaural" || len(rep.Channels) != 2 || rep.Channels[0].Label != "left" {
		t.Errorf("binaural report %v %+v", err, rep)
	}
	feeds := filepath.Join(dir, "feeds.wav")
	if _, stderr, code := run(t, "", "render", "--demo", "--layout", "7.1.4", "-o", feeds, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	v := filepath.Join(dir, "v.wav")
	out, stderr, code = run(t, "", "virtualize", feeds, "-o", v, "--json")
	if code != 0 || !strings.Contains(out, `"binaural"`) {
		t.Errorf("virtualize: exit %d %s %s", code, out, stderr)
	}
	_, stderr, code = run(t, "", "virtualize", feeds, "--layout", "5.1", "-o", filepath.Join(dir, "x.wav"))
	if code == 0 || !strings.Contains(stderr, "has 12 channels but layout 5.1 has 6") {
		t.Errorf("virtualize with the wrong layout: exit %d %s", code, stderr)
	}
	out, _, code = run(t, "", "hrtf", "info", "--json")
	var s struct {
		Convention   string
		SampleRate   int
		Measurements int
		Taps         int
	}
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s.Convention != "SimpleFreeFieldHRIR" || s.Measurements != 710 || s.Taps != 512 || s.SampleRate != 44100 {
		t.Errorf("hrtf info: exit %d %+v", code, s)
	}
	_, stderr, code = run(t, "", "hrtf", "info", feeds)
	if code != 2 || !strings.Contains(stderr, "feeds.wav") {
		t.Errorf("hrtf info on a WAV: exit %d %s", code, stderr)
	}
}
