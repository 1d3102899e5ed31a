package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var binary string

// TestMain builds the command once; the tests run it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "immerse-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "immerse")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run executes immerse and returns stdout, stderr and the exit code.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestGainsJSON(t *testing.T) {
	out, _, code := run(t, "", "gains", "--layout", "7.1.4", "--az", "30", "--el", "15", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var g struct {
		Layout    string    `json:"layout"`
		Azimuth   float64   `json:"azimuth"`
		Elevation float64   `json:"elevation"`
		Channels  []string  `json:"channels"`
		Gains     []float64 `json:"gains"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if g.Layout != "4+7+0" || g.Azimuth != 30 || g.Elevation != 15 || len(g.Channels) != 12 || g.Channels[3] != "LFE1" || g.Gains[3] != 0 {
		t.Errorf("gains JSON %+v", g)
	}
	var p float64
	for _, v := range g.Gains {
		p += v * v
	}
	if math.Abs(p-1) > 1e-12 || g.Gains[0] == 0 || g.Gains[8] == 0 {
		t.Errorf("gains %v", g.Gains)
	}
}

func TestGainsDirsFromStdin(t *testing.T) {
	var in strings.Builder
	for az := -180; az <= 180; az += 3 {
		for el := -90; el <= 90; el += 30 {
			in.WriteString(strings.TrimSpace(strings.Join([]string{itoa(az), itoa(el)}, " ")) + "\n")
		}
	}
	out, _, code := run(t, in.String(), "gains", "--layout", "5.1", "--dirs", "-", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var g struct{ Gains []float64 }
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil || len(g.Gains) != 6 {
			t.Fatalf("line %d: %v %s", n+1, err, sc.Text())
		}
		n++
	}
	if n != 121*7 {
		t.Errorf("%d lines, want %d", n, 121*7)
	}
	_, errOut, code := run(t, "10 20\nten 20\n", "gains", "--dirs", "-")
	if code != 2 || !strings.Contains(errOut, "- line 2: want two numbers") {
		t.Errorf("bad line: exit %d, %s", code, errOut)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestRenderDemoAndInfo(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo.wav")
	stdout, stderr, code := run(t, "", "render", "--demo", "--layout", "5.1", "-o", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Layout   string
		Channels []struct{ Label string }
		Frames   int64
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Layout != "5.1" || len(rep.Channels) != 6 || rep.Frames != 12*48000 {
		t.Fatalf("report %v %+v", err, rep)
	}
	if stderr != "" {
		t.Errorf("--json run printed to stderr (no TTY, so no progress bar expected): %q", stderr)
	}
	info, _, code := run(t, "", "info", out, "--json")
	var fi struct {
		Layout   string
		Channels int
		Duration float64
		Peaks    []struct{ Label string }
	}
	if code != 0 || json.Unmarshal([]byte(info), &fi) != nil || fi.Layout != "5.1" || fi.Channels != 6 || fi.Duration != 12 || fi.Peaks[4].Label != "M+110" {
		t.Errorf("info: exit %d %+v", code, fi)
	}
	// A second render to the same file is refused without --force.
	_, stderr, code = run(t, "", "render", "--demo", "--layout", "5.1", "-o", out, "-q")
	if code == 0 || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite without --force: exit %d %s", code, stderr)
	}
	if _, _, code = run(t, "", "render", "--demo", "--layout", "5.1", "-o", out, "-q", "--force"); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
}

func TestBadInputExitCodes(t *testing.T) {
	dir := t.TempDir()
	scene := filepath.Join(dir, "s.json")
	os.WriteFile(scene, []byte(`{"objects": [{"name": "a", "file": "a.wav", "positions": [{"time": 0, "azimuth": 0, "elevation": 0, "azimth": 3}]}]}`), 0o644)
	_, stderr, code := run(t, "", "render", scene, "-o", filepath.Join(dir, "o.wav"))
	if code != 2 || !strings.Contains(stderr, `object "a" keyframe 1: unknown field "azimth" (did you mean "azimuth"?)`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "render", "--demo", "--layout", "7.2.4", "-o", filepath.Join(dir, "o.wav"))
	if code != 2 || !strings.Contains(stderr, `unknown layout "7.2.4"`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "", "info", scene)
	if code == 0 || !strings.Contains(stderr, "s.json") {
		t.Errorf("info on a JSON file: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "o.wav")); err == nil {
		t.Error("a failed render left an output file")
	}
}

func TestLayoutsCommand(t *testing.T) {
	out, _, code := run(t, "", "layouts", "--json")
	var ls []struct {
		Name     string
		Channels []struct{ Label string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &ls) != nil || len(ls) != 13 {
		t.Fatalf("layouts --json: exit %d, %d layouts", code, len(ls))
	}
	out, _, _ = run(t, "", "layouts", "7.1.4")
	if !strings.Contains(out, "WAV mask 0x2D63F: FL+FR+FC+LFE+BL+BR+SL+SR+TFL+TFR+TBL+TBR") || !strings.Contains(out, "U+045") {
		t.Errorf("layouts 7.1.4:\n%s", out)
	}
}
