package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// programmeWAV writes a mono file: tone phrases with 60 Hz hum, faint
// noise between them and a few clicks.
func programmeWAV(t *testing.T, path string, seconds int) {
	t.Helper()
	n := seconds * 48000
	x := noiseSignal(3, 3e-4, n)
	for i := range x {
		tt := float64(i) / 48000
		if int(tt)%2 == 1 {
			x[i] += float32(0.1*math.Sin(2*math.Pi*440*tt) + 0.05*math.Sin(2*math.Pi*660*tt))
		}
		x[i] += float32(0.01 * math.Sin(2*math.Pi*60*tt))
	}
	for _, at := range []int{60000, 130000} {
		x[at] += 0.5
		x[at+1] -= 0.3
	}
	writeWAV(t, path, 0, x)
}

func TestPrepFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "vocal.wav")
	programmeWAV(t, in, 5)
	out := filepath.Join(dir, "vocal_clean.wav")
	stdout, stderr, code := run(t, "", "prep", in, "-o", out, "--declick", "--dehum", "auto", "--denoise", "12", "--strip-silence", "-50", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		File  string
		Steps []map[string]any
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	var names []string
	for _, s := range rep.Steps {
		names = append(names, s["name"].(string))
	}
	if rep.File != in || strings.Join(names, ",") != "dehum,declick,denoise,stripSilence" {
		t.Errorf("report %s", stdout)
	}
	if clicks := rep.Steps[1]["clicks"].([]any); len(clicks) != 2 {
		t.Errorf("clicks %v", clicks)
	}
	if f := rep.Steps[0]["frequency"].(float64); math.Abs(f-60) > 0.05 {
		t.Errorf("hum at %g Hz", f)
	}
	// Text report, flags after the argument; the input is never the output.
	stdout, _, code = run(t, "", "prep", in, "--declick", "-o", filepath.Join(dir, "b.wav"))
	if code != 0 || !strings.Contains(stdout, "declick:       2 clicks repaired") {
		t.Errorf("exit %d: %s", code, stdout)
	}
	if _, stderr, code := run(t, "", "prep", in, "-o", in, "--declick"); code != 2 || !strings.Contains(stderr, "never overwrites its input") {
		t.Errorf("output = input: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "prep", in, "-o", filepath.Join(dir, "c.wav")); code != 2 || !strings.Contains(stderr, "no clean-up step") {
		t.Errorf("no step: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "prep", in, "-o", filepath.Join(dir, "d.wav"), "--denoise", "10", "--noise-from", "3:2"); code != 2 || !strings.Contains(stderr, "--noise-from") {
		t.Errorf("bad noise stretch: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "prep", in, "-o", filepath.Join(dir, "e.wav"), "--dehum", "55"); code != 2 || !strings.Contains(stderr, "50, 60 or auto") {
		t.Errorf("bad dehum: exit %d %s", code, stderr)
	}
}

func TestPrepSession(t *testing.T) {
	dir := t.TempDir()
	programmeWAV(t, filepath.Join(dir, "a.wav"), 3)
	programmeWAV(t, filepath.Join(dir, "b.wav"), 3)
	sess := filepath.Join(dir, "session.json")
	os.WriteFile(sess, []byte(`{"tracks": [{"name": "A", "file": "a.wav", "gain": -3}, {"name": "B", "file": "b.wav", "pan": 0.5}]}`), 0o644)
	out := filepath.Join(dir, "prepped")
	stdout, stderr, code := run(t, "", "prep", sess, "--declick", "--denoise", "10", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `tracks "A"`) || !strings.Contains(stdout, "session: "+filepath.Join(out, "session.json")) {
		t.Errorf("output %s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(out, "session.json"))
	if err != nil || !strings.Contains(string(data), `"file": "a.wav"`) || !strings.Contains(string(data), `"gain": -3`) {
		t.Errorf("session %s %v", data, err)
	}
	if _, _, code := run(t, "", "mix", filepath.Join(out, "session.json"), "-o", filepath.Join(dir, "mix.wav"), "--quiet"); code != 0 {
		t.Errorf("mixing the prepped session: exit %d", code)
	}
}

func TestPlatforms(t *testing.T) {
	stdout, _, code := run(t, "", "platforms", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var ps []struct {
		Name           string
		IntegratedLUFS float64
		TruePeakDBTP   float64
		DialogueGated  bool
	}
	if err := json.Unmarshal([]byte(stdout), &ps); err != nil || len(ps) != 11 || ps[0].Name != "spotify" || ps[0].IntegratedLUFS != -14 || !ps[9].DialogueGated {
		t.Errorf("%v %s", err, stdout)
	}
	stdout, _, code = run(t, "", "platforms")
	if code != 0 || !strings.Contains(stdout, "netflix") || !strings.Contains(stdout, "AES TD1004") {
		t.Errorf("exit %d: %s", code, stdout)
	}
}

func TestCheckPlatformAndPlayback(t *testing.T) {
	dir := t.TempDir()
	n := 4 * 48000
	l, r := noiseSignal(1, 0.2, n), noiseSignal(1, 0.2, n)
	mix := writeWAV(t, filepath.Join(dir, "mix.wav"), 0, l, r)
	stdout, stderr, code := run(t, "", "check", mix, "--platform", "spotify")
	if code != 1 || !strings.Contains(stdout, "Spotify will turn this down") {
		t.Errorf("exit %d: %s %s", code, stdout, stderr)
	}
	stdout, _, _ = run(t, "", "check", mix, "--playback", "phone,earbuds,laptop,car", "--json")
	var rep struct {
		Playback []struct {
			System           string
			LoudnessChangeLU float64
			LossByBandLU     map[string]float64
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Playback) != 4 || rep.Playback[0].System != "phone" || len(rep.Playback[0].LossByBandLU) != 10 {
		t.Errorf("%v: %s", err, stdout)
	}
	stdout, _, _ = run(t, "", "check", mix, "--playback", "all")
	if !strings.Contains(stdout, "low end lost") || !strings.Contains(stdout, "does not come out of the phone speaker") {
		t.Errorf("text: %s", stdout)
	}
	if _, stderr, code := run(t, "", "check", mix, "--platform", "napster"); code != 2 || !strings.Contains(stderr, "unknown platform") {
		t.Errorf("unknown platform: %d %s", code, stderr)
	}
	if _, _, code := run(t, "", "check", mix, "--platform", "spotify", "--max-true-peak", "-2"); code != 2 {
		t.Errorf("--platform with --max-true-peak: exit %d", code)
	}
	if _, stderr, code := run(t, "", "check", mix, "--playback", "hifi"); code != 2 || !strings.Contains(stderr, "hifi") {
		t.Errorf("unknown system: %d %s", code, stderr)
	}
}

func TestNormalizePlatform(t *testing.T) {
	dir := t.TempDir()
	n := 4 * 48000
	in := writeWAV(t, filepath.Join(dir, "podcast.wav"), 0, noiseSignal(2, 0.05, n), noiseSignal(3, 0.05, n))
	out := filepath.Join(dir, "podcast_out.wav")
	stdout, stderr, code := run(t, "", "normalize", in, "--platform", "podcast", "-o", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		OutputLUFS, OutputTruePeakDBTP float64
		Platform                       string
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Platform != "podcast" || math.Abs(rep.OutputLUFS+16) > 0.5 || rep.OutputTruePeakDBTP > -1 {
		t.Errorf("%v: %s", err, stdout)
	}
	if _, _, code := run(t, "", "normalize", in, "--platform", "podcast", "--target", "-20", "-o", filepath.Join(dir, "x.wav")); code != 2 {
		t.Errorf("--platform with --target: exit %d", code)
	}
}
