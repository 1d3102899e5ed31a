package check

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"immerse/delivery"
)

// TestPlatformAndPlaybackJSON: a check with a platform and playback
// models validates against the schema (extended with "platform" and
// "playback"), says what the platform does, and has one playback entry
// per model with all ten octave bands.
func TestPlatformAndPlaybackJSON(t *testing.T) {
	dir := t.TempDir()
	n := 6 * rate
	common, a, b := musicLike(1, n), musicLike(2, n), musicLike(3, n)
	for i := range common {
		a[i] = 4 * (common[i] + 0.3*a[i])
		b[i] = 4 * (common[i] + 0.3*b[i])
	}
	path := writeFile(t, dir, "mix.wav", 0, [][]float32{a, b})
	spotify, _ := delivery.Lookup("spotify")
	sys, _ := delivery.ParseSystems("all")
	r, err := File(path, Options{Platform: spotify, Playback: sys})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, data)
	p := r.Platform
	want := -14 - r.Stages[0].IntegratedLUFS
	t.Logf("%s LUFS: %s", fmtF(r.Stages[0].IntegratedLUFS), p.Action)
	if p == nil || p.Measurement != delivery.MeasuredIntegrated || math.Abs(p.GainDB-math.Min(want, -1-r.Stages[0].TruePeakDBTP)) > 0.02 {
		t.Errorf("platform %+v (want gain about %.2f)", p, want)
	}
	if r.Thresholds.MaxTruePeakDBTP != -1 {
		t.Errorf("true-peak limit %g, want Spotify's -1", r.Thresholds.MaxTruePeakDBTP)
	}
	if len(r.Playback) != 5 || r.Playback[0].System != "phone" || len(r.Playback[0].LossByBandLU) != 10 {
		t.Fatalf("playback %+v", r.Playback)
	}
	if !strings.Contains(string(data), `"playback":[{"system":"phone"`) {
		t.Errorf("JSON: %s", data)
	}
	// An off-target loudness is a problem with the platform's message.
	found := false
	for _, pr := range r.Problems {
		found = found || (pr.Metric == "platform" && strings.Contains(pr.Message, "Spotify will turn this"))
	}
	if want > -1 || !found {
		t.Errorf("no platform problem: %+v", r.Problems)
	}
}

// TestPlaybackStages: a 5.1 file's playback is measured on its 2.0 fold, a
// mono file's on itself; a chain without 2.0 or 1.0 is refused.
func TestPlaybackStages(t *testing.T) {
	dir := t.TempDir()
	n := 3 * rate
	sys, _ := delivery.ParseSystems("phone")
	l := mustLayout(t, "5.1")
	src := make([][]float32, 6)
	for c := range src {
		src[c] = musicLike(uint64(c+1), n)
	}
	r, err := File(layoutFile(t, dir, "51.wav", l, src), Options{Playback: sys})
	if err != nil || len(r.Playback) != 1 {
		t.Fatalf("5.1: %v %+v", err, r)
	}
	mono := writeFile(t, dir, "mono.wav", 0, [][]float32{sine(1000, 0.2, n)})
	r, err = File(mono, Options{Playback: sys})
	if err != nil || len(r.Playback) != 1 || math.Abs(r.Playback[0].LoudnessChangeLU-0.74) > 0.1 {
		t.Fatalf("mono: %v %+v", err, r.Playback)
	}
	r, err = File(mono, Options{Playback: sys, NoFold: true})
	if err != nil || len(r.Playback) != 1 {
		t.Errorf("mono without fold: %v", err)
	}
	if _, err := File(layoutFile(t, dir, "51b.wav", l, src), Options{Playback: sys, NoFold: true}); err == nil || !strings.Contains(err.Error(), "2.0 or 1.0") {
		t.Errorf("5.1 without fold: %v", err)
	}
}

// TestPlatformDialogueFallback: Netflix on a music file finds almost no
// dialogue and applies the full-programme rule (-24 ±2), saying so.
func TestPlatformDialogueFallback(t *testing.T) {
	dir := t.TempDir()
	n := 6 * rate
	path := writeFile(t, dir, "m.wav", 0, [][]float32{musicLike(4, n), musicLike(5, n)})
	nf, _ := delivery.Lookup("netflix")
	r, err := File(path, Options{Platform: nf})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Platform
	if p.Measurement != delivery.MeasuredFullFallback || p.TargetLUFS != -24 || p.DialoguePercent == nil || *p.DialoguePercent > 15 {
		t.Errorf("netflix on music: %+v", p)
	}
	if r.Thresholds.MaxTruePeakDBTP != -2 {
		t.Errorf("true-peak limit %g", r.Thresholds.MaxTruePeakDBTP)
	}
}

func fmtF(x float64) string { b, _ := json.Marshal(x); return string(b) }
