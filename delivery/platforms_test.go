package delivery

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPresetNumbers: every preset holds the numbers of the table
// (and of the documents they cite).
func TestPresetNumbers(t *testing.T) {
	want := map[string]struct {
		lufs, tol, tp float64
		target        string
		gated, up     bool
	}{
		"spotify":      {-14, 1, -1, Normalization, false, true},
		"apple-music":  {-16, 1, -1, Normalization, false, true},
		"youtube":      {-14, 1, -1, Normalization, false, false},
		"amazon-music": {-14, 1, -2, Normalization, false, false},
		"tidal":        {-14, 1, -1, Normalization, false, false},
		"deezer":       {-15, 1, -1, Normalization, false, false},
		"podcast":      {-16, 1, -1, Delivery, false, false},
		"ebu-r128":     {-23, 0.5, -1, Delivery, false, false},
		"atsc-a85":     {-24, 2, -2, Delivery, false, false},
		"netflix":      {-27, 2, -2, Delivery, true, false},
		"atmos-music":  {-18, 0, -1, Maximum, false, false},
	}
	ps := Platforms()
	if len(ps) != len(want) {
		t.Fatalf("%d presets, want %d", len(ps), len(want))
	}
	for _, p := range ps {
		w, ok := want[p.Name]
		if !ok {
			t.Errorf("unexpected preset %q", p.Name)
			continue
		}
		if p.IntegratedLUFS != w.lufs || p.ToleranceLU != w.tol || p.TruePeakDBTP != w.tp || p.Target != w.target || p.DialogueGated != w.gated || p.TurnsUp != w.up {
			t.Errorf("%s: %+v", p.Name, p)
		}
		if p.Source.Title == "" || p.Source.Version == "" || (p.Source.Verified != "official" && p.Source.Verified != "secondary") || p.ToleranceSource == "" {
			t.Errorf("%s: source %+v, tolerance source %q", p.Name, p.Source, p.ToleranceSource)
		}
	}
	sp, _ := Lookup("Spotify")
	if len(sp.Modes) != 3 || sp.Modes[0] != (Mode{"loud", -11, true}) || sp.Modes[2] != (Mode{"quiet", -19, false}) {
		t.Errorf("spotify modes %+v", sp.Modes)
	}
	nf, _ := Lookup("netflix")
	if nf.Fallback == nil || *nf.Fallback != (Fallback{-24, 2, 15}) {
		t.Errorf("netflix fallback %+v", nf.Fallback)
	}
	pod, _ := Lookup("podcast")
	if !strings.Contains(strings.Join(pod.Notes, " "), "TD1004") || !strings.Contains(strings.Join(pod.Notes, " "), "-16 to -20") {
		t.Errorf("podcast notes %v", pod.Notes)
	}
	// Lookup returns copies: editing one does not change the table.
	sp.Modes[0].IntegratedLUFS = 0
	if again, _ := Lookup("spotify"); again.Modes[0].IntegratedLUFS != -11 {
		t.Error("Lookup returned the table's slice")
	}
	if _, err := Lookup("napster"); err == nil || !strings.Contains(err.Error(), "apple-music") {
		t.Errorf("unknown platform: %v", err)
	}
	data, _ := json.Marshal(ps[:1])
	for _, k := range []string{`"name":"spotify"`, `"integratedLUFS":-14`, `"truePeakDBTP":-1`, `"dialogueGated":false`, `"source":{`} {
		if !strings.Contains(string(data), k) {
			t.Errorf("JSON lacks %s: %s", k, data)
		}
	}
}

func f(x float64) *float64 { return &x }

// TestAssess: what each kind of platform does.
func TestAssess(t *testing.T) {
	get := func(n string) *Platform { p, _ := Lookup(n); return p }
	cases := []struct {
		platform string
		m        Measurement
		verdict  string
		gain     float64
		action   string
		measured string
	}{
		{"spotify", Measurement{IntegratedLUFS: -9.8, TruePeakDBTP: -0.5}, Warn, -4.2, "Spotify will turn this down 4.2 dB", MeasuredIntegrated},
		// Spotify's own example: -20 LUFS with a -5 dBFS true peak is only
		// lifted to -16 LUFS (4 dB, to -1 dBTP).
		{"spotify", Measurement{IntegratedLUFS: -20, TruePeakDBTP: -5}, Warn, 4, "turn this up 4.0 dB, not the 6.0 dB", MeasuredIntegrated},
		{"spotify", Measurement{IntegratedLUFS: -14.4, TruePeakDBTP: -3}, Pass, 0.4, "Spotify will turn this up 0.4 dB", MeasuredIntegrated},
		{"youtube", Measurement{IntegratedLUFS: -20, TruePeakDBTP: -5}, Warn, 0, "will not turn this up", MeasuredIntegrated},
		{"apple-music", Measurement{IntegratedLUFS: -20, TruePeakDBTP: -5}, Warn, 4, "Apple Music will turn this up 4.0 dB", MeasuredIntegrated},
		{"ebu-r128", Measurement{IntegratedLUFS: -23.4, TruePeakDBTP: -3}, Pass, 0, "meets EBU R 128", MeasuredIntegrated},
		{"ebu-r128", Measurement{IntegratedLUFS: -22.3, TruePeakDBTP: -3}, Fail, -0.7, "turn it down 0.7 dB", MeasuredIntegrated},
		{"netflix", Measurement{IntegratedLUFS: -22, TruePeakDBTP: -3, DialogueLUFS: f(-27.5), DialoguePercent: f(40)}, Pass, 0, "the dialogue measures -27.5", MeasuredDialogue},
		{"netflix", Measurement{IntegratedLUFS: -22, TruePeakDBTP: -3, DialogueLUFS: f(-31), DialoguePercent: f(40)}, Fail, 4, "turn it up 4.0 dB", MeasuredDialogue},
		{"netflix", Measurement{IntegratedLUFS: -24.5, TruePeakDBTP: -3, DialogueLUFS: f(-35), DialoguePercent: f(9)}, Pass, 0, "within -24 ±2", MeasuredFullFallback},
		{"netflix", Measurement{IntegratedLUFS: -27, TruePeakDBTP: -3}, Pass, 0, "meets Netflix", MeasuredIntegrated},
		{"atmos-music", Measurement{IntegratedLUFS: -19, TruePeakDBTP: -2}, Pass, 0, "under its -18", MeasuredIntegrated},
		{"atmos-music", Measurement{IntegratedLUFS: -16.5, TruePeakDBTP: -2}, Fail, -1.5, "1.5 LU over", MeasuredIntegrated},
	}
	for _, c := range cases {
		a := Assess(get(c.platform), c.m)
		if a.Verdict != c.verdict || a.GainDB != c.gain || !strings.Contains(a.Action, c.action) || a.Measurement != c.measured {
			t.Errorf("%s %+v:\n  got %s %+.2f dB %q (%s)\n  want %s %+.2f dB %q (%s)", c.platform, c.m, a.Verdict, a.GainDB, a.Action, a.Measurement, c.verdict, c.gain, c.action, c.measured)
		}
	}
	// Integrated loudness standing in for a dialogue-gated target says so.
	a := Assess(get("netflix"), Measurement{IntegratedLUFS: -27, TruePeakDBTP: -3})
	if a.DialogueLUFS != nil || !strings.Contains(strings.Join(a.Notes, " "), "not measured") {
		t.Errorf("unmeasured dialogue: %+v", a)
	}
	// Spotify's modes: loud -11 is reached with the limiter, quiet -19.
	a = Assess(get("spotify"), Measurement{IntegratedLUFS: -20, TruePeakDBTP: -5})
	if len(a.Modes) != 3 || a.Modes[0].GainDB != 9 || a.Modes[2].GainDB != 1 {
		t.Errorf("modes %+v", a.Modes)
	}
}
