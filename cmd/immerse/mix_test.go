package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMixDemo(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo_mix.wav")
	stdout, stderr, code := run(t, "", "mix", "--demo", "-o", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("--json run printed to stderr (no TTY, no warnings expected): %q", stderr)
	}
	var rep struct {
		Format     string
		SampleRate int
		Frames     int64
		Tracks     []struct{ Name string }
		Buses      []struct{ Name string }
		Master     struct {
			PeakDBFS     float64
			TruePeakDBTP *float64
			RMSDBFS      float64
		}
		Warnings []string
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if rep.SampleRate != 48000 || rep.Format != "48000 Hz, 2 ch, 24-bit PCM" || len(rep.Tracks) != 8 || len(rep.Buses) != 4 ||
		rep.Frames < 16*48000 || rep.Master.TruePeakDBTP == nil || *rep.Master.TruePeakDBTP > -6 || rep.Master.RMSDBFS < -30 || len(rep.Warnings) != 0 {
		t.Errorf("report %+v", rep)
	}
	info, _, code := run(t, "", "info", out, "--json")
	var fi struct {
		Channels int
		Duration float64
	}
	if code != 0 || json.Unmarshal([]byte(info), &fi) != nil || fi.Channels != 2 || fi.Duration < 16 {
		t.Errorf("info: exit %d %+v", code, fi)
	}
	stdout, _, code = run(t, "", "mix", "--demo", "-o", out, "--report", "--force", "--bits", "16")
	if code != 0 || !strings.Contains(stdout, "track  Lead Vocal") || !strings.Contains(stdout, "bus    Plate") || !strings.Contains(stdout, "16-bit") {
		t.Errorf("--report: exit %d\n%s", code, stdout)
	}
	_, stderr, code = run(t, "", "mix", "--demo", "-o", out, "-q")
	if code == 0 || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite without --force: exit %d %s", code, stderr)
	}
}

func TestEffectsJSON(t *testing.T) {
	stdout, _, code := run(t, "", "effects", "--json")
	var list []struct {
		Type   string
		Params []struct {
			Name        string
			Unit        string
			Min, Max    float64
			Default     float64
			Automatable bool
		}
		BandParams []struct{ Name string }
		Sidechain  bool
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &list) != nil {
		t.Fatalf("exit %d: %s", code, stdout)
	}
	types := map[string]bool{}
	for _, e := range list {
		types[e.Type] = true
		if e.Type == "compressor" {
			p := e.Params[1]
			if !e.Sidechain || p.Name != "ratio" || p.Min != 1 || p.Max != 100 || p.Default != 4 || !p.Automatable {
				t.Errorf("compressor %+v", e)
			}
		}
	}
	for _, want := range []string{"highpass", "lowpass", "eq", "compressor", "gate", "limiter", "saturation", "exciter", "delay", "reverb", "midside", "utility"} {
		if !types[want] {
			t.Errorf("effects --json lacks %s", want)
		}
	}
	stdout, _, code = run(t, "", "effects", "reverb")
	if code != 0 || !strings.Contains(stdout, "decay") || !strings.Contains(stdout, "reverberation time RT60") || strings.Contains(stdout, "compressor") {
		t.Errorf("effects reverb: exit %d\n%s", code, stdout)
	}
}

func TestMixBadSessionExits2(t *testing.T) {
	dir := t.TempDir()
	session := filepath.Join(dir, "session.json")
	os.WriteFile(session, []byte(`{"tracks": [{"name": "Lead Vocal", "file": "vox.wav", "inserts": [
	  {"type": "eq"}, {"type": "compressor", "threshold": -20, "ratio": 0.5}]}]}`), 0o644)
	out := filepath.Join(dir, "mix.wav")
	_, stderr, code := run(t, "", "mix", session, "-o", out)
	if code != 2 || !strings.Contains(stderr, `mixer: `+session+`: track "Lead Vocal" insert 2 (compressor): field "ratio": 0.5 is out of range; allowed 1 to 100`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	os.WriteFile(session, []byte(`{"tracks": [{"name": "Kick", "file": "kick.wav"}]}`), 0o644)
	_, stderr, code = run(t, "", "mix", session, "-o", out)
	if code != 2 || !strings.Contains(stderr, `track "Kick": stem "kick.wav"`) {
		t.Errorf("missing stem: exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "mix", session)
	if code != 2 || !strings.Contains(stderr, "-o FILE") {
		t.Errorf("no output: exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "mix", "--demo", "-o", out, "--headroom", "-6")
	if code != 2 || !strings.Contains(stderr, "positive number of dB") {
		t.Errorf("--headroom -6: exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "mix", "--demo", "-o", filepath.Join(dir, "m.flac"), "--bits", "32")
	if code != 2 || !strings.Contains(stderr, "FLAC holds 16 or 24-bit") {
		t.Errorf("FLAC --bits 32: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed mix left an output file")
	}
}
