package check

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/bed"
	"immerse/dsp"
)

// The example of the package documentation: 7.1.4 -> 5.1 with the heights
// at -3 dB into the front and surround pairs, then a stereo and mono stage.
const exampleDownmix = `{"stages": [
  {"layout": "5.1", "matrix": {
    "M+030": {"M+030": 1, "U+045": 0.7071},
    "M-030": {"M-030": 1, "U-045": 0.7071},
    "M+000": {"M+000": 1},
    "LFE1":  {"LFE1": 1},
    "M+110": {"M+090": 0.7071, "M+135": 0.7071, "U+135": 0.7071},
    "M-110": {"M-090": 0.7071, "M-135": 0.7071, "U-135": 0.7071}}},
  {"layout": "2.0", "matrix": {
    "M+030": {"M+030": 1, "M+000": 0.7071, "M+110": 0.5},
    "M-030": {"M-030": 1, "M+000": 0.7071, "M-110": 0.5}}},
  {"layout": "1.0", "matrix": {"M+000": {"M+030": 0.5, "M-030": 0.5}}}
]}`

// TestCustomDownmix: the documented example parses, binds to 7.1.4, and a
// tone in U+135 (file channel TBL) lands where the matrix says: 0.7071 in
// M+110, 0.7071·0.5 in 2.0 left, half of that in mono.
func TestCustomDownmix(t *testing.T) {
	spec, err := ParseDownmix([]byte(exampleDownmix), "mix.json")
	if err != nil {
		t.Fatal(err)
	}
	if spec.String() != "mix.json: 5.1 -> 2.0 -> 1.0" {
		t.Errorf("spec %s", spec)
	}
	l := mustLayout(t, "7.1.4")
	chain, err := spec.Chain(l)
	if err != nil {
		t.Fatal(err)
	}
	if g := chain[0].Gain("M+110", "U+135"); g != 0.7071 {
		t.Errorf("U+135 -> M+110 = %g", g)
	}
	if g := chain[0].Gain("M+030", "M+090"); g != 0 {
		t.Errorf("missing entry M+090 -> M+030 = %g, want 0", g)
	}
	const amp, n = 0.5, rate / 2
	src := make([][]float32, 12)
	for c := range src {
		src[c] = zeros(n)
	}
	src[l.Index("U+135")] = sine(1000, amp, n)
	r, err := File(layoutFile(t, t.TempDir(), "tbl.wav", l, src), Options{Downmix: spec})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]float64{
		"5.1": {"M+110": 0.7071},
		"2.0": {"M+030": 0.7071 * 0.5},
		"1.0": {"M+000": 0.7071 * 0.5 * 0.5},
	}
	for _, st := range r.Stages[1:] {
		if !strings.HasPrefix(st.Downmix, "custom matrix, mix.json stage") {
			t.Errorf("stage %s downmix %q", st.Name, st.Downmix)
		}
		for _, ch := range st.PerChannel {
			w := dsp.GainToDB(amp * want[st.Name][ch.Label])
			if math.Abs(ch.SamplePeakDBFS-w) > 0.011 {
				t.Errorf("%s %s: %.2f dBFS, want %.2f", st.Name, ch.Label, ch.SamplePeakDBFS, w)
			}
		}
	}
	// LoadDownmix reads the same from a file.
	path := filepath.Join(t.TempDir(), "mix.json")
	os.WriteFile(path, []byte(exampleDownmix), 0o644)
	if s2, err := LoadDownmix(path); err != nil || len(s2.Stages) != 3 {
		t.Errorf("LoadDownmix: %v", err)
	}
}

// TestDownmixErrors: every mistake is reported with where and what.
func TestDownmixErrors(t *testing.T) {
	cases := []struct{ json, want string }{
		{`{"stages": []}`, "mix.json: no stages"},
		{`{"stage": []}`, `unknown field "stage"`},
		{`{"stages": [{"matrix": {"M+000": {"M+030": 1}}}]}`, `stage 1: "layout" is missing`},
		{`{"stages": [{"layout": "5.2", "matrix": {"M+000": {"M+030": 1}}}]}`, `stage 1: speakers: unknown layout "5.2"`},
		{`{"stages": [{"layout": "1.0"}]}`, `stage 1 (1.0): "matrix" is missing`},
		{`{"stages": [{"layout": "1.0", "matrix": {"M+030": {"M+030": 1}}}]}`, `stage 1 (1.0): output "M+030" is not a channel of 1.0 (channels: M+000)`},
		{`{"stages": [{"layout": "1.0", "matrix": {"M+000": {"M+030": 17}}}]}`, "output M+000: input M+030: gain 17 is outside [-16, 16]"},
		{`{"stages": [{"layout": "1.0", "matrix": {"M+000": {"M+030": "1"}}}]}`, "cannot unmarshal string"},
		{`{"stages": [{"layout": "1.0", "matrix": {"M+000": {"M+030": 1}}}]} {}`, "data after the JSON object"},
		{`{"stages": [`, "unexpected EOF"},
	}
	for _, c := range cases {
		_, err := ParseDownmix([]byte(c.json), "mix.json")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "check: mix.json") {
			t.Errorf("%s:\n  got  %v\n  want %q", c.json, err, c.want)
		}
	}
	// Input labels are checked against the file's layout and the previous
	// stage when the chain is bound.
	spec, err := ParseDownmix([]byte(`{"stages": [{"layout": "2.0", "matrix": {"M+030": {"U+045": 1}}}, {"layout": "1.0", "matrix": {"M+000": {"M+110": 1}}}]}`), "mix.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spec.Chain(mustLayout(t, "5.1")); err == nil || !strings.Contains(err.Error(),
		`stage 1 (2.0): output M+030: input "U+045" is not a channel of 5.1 (the file's layout; channels: M+030 M-030 M+000 LFE1 M+110 M-110)`) {
		t.Errorf("5.1: %v", err)
	}
	if _, err := spec.Chain(mustLayout(t, "7.1.4")); err == nil || !strings.Contains(err.Error(),
		`stage 2 (1.0): output M+000: input "M+110" is not a channel of 2.0 (the previous stage; channels: M+030 M-030)`) {
		t.Errorf("7.1.4: %v", err)
	}
}

// TestPresets: every bed preset runs, and "ltrt" puts the surrounds in
// anti-phase in the stereo stage (its 2.0 correlation of surround-only
// material is -1).
func TestPresets(t *testing.T) {
	l := mustLayout(t, "5.1")
	n := 2 * rate
	src := make([][]float32, 6)
	for c := range src {
		src[c] = zeros(n)
	}
	src[l.Index("M+110")] = noise(8, 0.1, n)
	path := layoutFile(t, t.TempDir(), "ls.wav", l, src)
	for name, fold := range bed.FoldPresets() {
		r, err := File(path, Options{Fold: &fold})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c := stageByName(t, r, "2.0").Correlation
		if name == "ltrt" && c.Mean != -1 {
			t.Errorf("ltrt: surround-only correlation %.3f, want -1", c.Mean)
		}
		if name != "ltrt" && c.Mean != 0 {
			t.Errorf("%s: Ls only reaches the left channel: correlation %.3f, want 0", name, c.Mean)
		}
	}
}

// FuzzParseDownmix: hostile downmix files never panic and either parse
// into a chain that binds or fail with a "check:" error.
func FuzzParseDownmix(f *testing.F) {
	f.Add([]byte(exampleDownmix))
	f.Add([]byte(`{"stages": [{"layout": "1.0", "matrix": {"M+000": {"M+030": 0.5, "M-030": 0.5}}}]}`))
	f.Add([]byte(`{"stages": [{"layout": "2.0", "matrix": {"M+030": {"M+030": 1e308}}}]}`))
	f.Add([]byte(`{"stages": null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	l := mustLayout(f, "7.1.4")
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseDownmix(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "check: fuzz.json") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		chain, err := spec.Chain(l)
		if err != nil {
			return
		}
		if len(chain) != len(spec.Stages) {
			t.Fatalf("%d matrices for %d stages", len(chain), len(spec.Stages))
		}
	})
}
