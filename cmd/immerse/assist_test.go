package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/demo"
	"immerse/encoders"
	"immerse/mixer"
)

// writeDemoSession writes the demo session (at 32 kHz) and its stems to
// dir, with the lead vocal buried by buryDB; it returns the session path.
func writeDemoSession(t *testing.T, dir string, buryDB float64) string {
	t.Helper()
	const rate = 32000
	s, stems := demo.Session(rate)
	for name, data := range stems {
		w, err := encoders.Create(filepath.Join(dir, name), encoders.Format{SampleRate: rate, Channels: len(data), BitDepth: 32, Float: true}, encoders.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range s.Tracks {
		tr := &s.Tracks[i]
		if tr.Name == "Lead Vocal" {
			tr.Gain += buryDB
			for k := range tr.Automation["gain"] {
				tr.Automation["gain"][k][1] += buryDB
			}
		}
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "session.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type assistJSON struct {
	Genre  string `json:"genre"`
	Focus  string `json:"focus"`
	Tracks []struct {
		Name         string          `json:"name"`
		Role         string          `json:"role"`
		RoleFrom     string          `json:"roleFrom"`
		Measurements json.RawMessage `json:"measurements"`
	} `json:"tracks"`
	Suggestions []struct {
		Track    string                     `json:"track"`
		Kind     string                     `json:"kind"`
		Reason   string                     `json:"reason"`
		Change   map[string]json.RawMessage `json:"change"`
		Expected map[string]struct {
			From, To float64
			Unit     string
		} `json:"expected"`
	} `json:"suggestions"`
	Summary string `json:"summary"`
}

func TestAssistSession(t *testing.T) {
	dir := t.TempDir()
	session := writeDemoSession(t, dir, -12)
	out := filepath.Join(dir, "assisted.json")
	stdout, stderr, code := run(t, "", "assist", session, "--genre", "pop", "-o", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r assistJSON
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if r.Genre != "pop" || r.Focus != "Lead Vocal" || len(r.Tracks) != 8 || r.Summary == "" {
		t.Errorf("report %+v", r)
	}
	for _, tr := range r.Tracks {
		if tr.Role == "" || tr.RoleFrom != "session" || len(tr.Measurements) < 100 {
			t.Errorf("track %+v", tr)
		}
	}
	raised := 0.0
	for _, s := range r.Suggestions {
		if s.Reason == "" || s.Change["op"] == nil || s.Kind == "" {
			t.Errorf("suggestion without reason or change: %+v", s)
		}
		if s.Track == "Lead Vocal" && s.Kind == "balance" {
			raised = s.Expected["faderDB"].To - s.Expected["faderDB"].From
		}
	}
	if raised < 8 {
		t.Errorf("the buried vocal is raised %.1f dB", raised)
	}
	// The assisted session is a session the mixer plays, keeping the
	// stems and the routing.
	s, err := mixer.LoadSession(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tracks) != 8 || len(s.Buses) != 4 || s.Tracks[0].File != "kick.wav" {
		t.Errorf("assisted session: %d tracks, %d buses, first stem %q", len(s.Tracks), len(s.Buses), s.Tracks[0].File)
	}
	mix := filepath.Join(dir, "mix.wav")
	if _, stderr, code := run(t, "", "mix", out, "-o", mix, "-q"); code != 0 {
		t.Errorf("mixing the assisted session: exit %d %s", code, stderr)
	}
	// The input is never overwritten, another file only with --force.
	before, _ := os.ReadFile(session)
	_, stderr, code = run(t, "", "assist", session, "-o", session, "-q")
	after, _ := os.ReadFile(session)
	if code != 2 || !strings.Contains(stderr, "input") || string(before) != string(after) {
		t.Errorf("-o the input: exit %d %s", code, stderr)
	}
	_, stderr, code = run(t, "", "assist", session, "-o", out, "-q")
	if code != 2 || !strings.Contains(stderr, "--force") {
		t.Errorf("-o an existing file: exit %d %s", code, stderr)
	}
}

func TestAssistText(t *testing.T) {
	stdout, stderr, code := run(t, "", "assist", "--demo", "--genre", "hiphop")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"demo session (hiphop", "Tracks as the session plays them", "Lead Vocal", "Suggestions:", "why:", "expected:", "suggestions ("} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, stdout)
		}
	}
}

func TestAssistErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"tracks": [{"name": "A", "file": "a.wav", "gain": 99}]}`), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"assist", "--demo", "--genre", "polka"}, 2, "pop, rock, hiphop"},
		{[]string{"assist", bad}, 2, "gain"},
		{[]string{"assist", "--demo", "--reference", filepath.Join(dir, "none.wav")}, 1, "none.wav"},
		{[]string{"assist", "--demo", "--focus", "Nobody"}, 2, "Nobody"},
		{[]string{"assist", "--demo", "--reference", bad, "--match", "colour"}, 2, "colour"},
		{[]string{"assist"}, 2, "session"},
	} {
		_, stderr, code := run(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d (want %d): %s", c.args, code, c.code, stderr)
		}
	}
}

func TestAnalyzeCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kick.wav")
	const rate = 48000
	x := make([]float32, 10*rate)
	for i := range x {
		x[i] = float32(math.Pow(10, -23.0/20) * math.Sin(2*math.Pi*1000*float64(i)/rate))
	}
	w, err := encoders.Create(path, encoders.Format{SampleRate: rate, Channels: 2, BitDepth: 32, Float: true}, encoders.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([][]float32{x, x})
	w.Close()
	stdout, stderr, code := run(t, "", "analyze", path, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		IntegratedLUFS float64            `json:"integratedLUFS"`
		Role           string             `json:"role"`
		RoleFrom       string             `json:"roleFrom"`
		SpectrumDB     []float64          `json:"spectrumDB"`
		Bands          []float64          `json:"bands"`
		KeptLU         map[string]float64 `json:"keptLU"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.IntegratedLUFS+23) > 0.1 || r.Role != "kick" || r.RoleFrom != "name" || len(r.Bands) != len(r.SpectrumDB) || r.KeptLU["phone"] == 0 {
		t.Errorf("analyze: %+v", r)
	}
	stdout, _, code = run(t, "", "analyze", path)
	if code != 0 || !strings.Contains(stdout, "-23.0 LUFS integrated") || !strings.Contains(stdout, "1/3-octave spectrum") {
		t.Errorf("analyze text: exit %d\n%s", code, stdout)
	}
	if _, _, code := run(t, "", "analyze"); code != 2 {
		t.Errorf("analyze without a file: exit %d", code)
	}
}

func TestGenresCommand(t *testing.T) {
	stdout, _, code := run(t, "", "genres")
	for _, g := range []string{"pop:", "rock:", "hiphop:", "electronic:", "classical:", "podcast:", "PR2014", "PG2009"} {
		if code != 0 || !strings.Contains(stdout, g) {
			t.Errorf("genres lacks %q (exit %d)", g, code)
		}
	}
	stdout, _, code = run(t, "", "genres", "--json")
	var p struct {
		Genres []struct{ Name string } `json:"genres"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &p) != nil || len(p.Genres) != 6 {
		t.Errorf("genres --json: exit %d, %d genres", code, len(p.Genres))
	}
	stdout, _, code = run(t, "", "genres", "--yaml")
	if code != 0 || !strings.HasPrefix(stdout, "# Genre profiles") {
		t.Errorf("genres --yaml: exit %d %.60q", code, stdout)
	}
}
