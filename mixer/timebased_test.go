package mixer

import (
	"math"
	"testing"

	"immerse/dsp"
)

// TestReverbRT60ThroughBus: an impulse sent to a reverb bus decays with
// the requested RT60 (Schroeder's backward integration, a line fitted
// from -5 to -35 dB, extrapolated to 60 dB), within 20%; the automatic
// tail lets it ring out after the stem ends.
func TestReverbRT60ThroughBus(t *testing.T) {
	for _, rt := range []float64{0.8, 1.6} {
		s := parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "gain": -120, "sends": [{"bus": "Verb", "pre": true}]}],
		  "buses": [{"name": "Verb", "inserts": [{"type": "reverb", "decay": `+fmtG(rt)+`, "damping": 0, "predelay": 0, "mix": 1}]}]}`)
		stem := impulse(testRate/2, 100, 0.9)
		out := mixWith(t, s, memStems{"t.wav": {stem}}, Config{}, 4096)
		if want := len(stem) + int(rt*testRate); len(out[0]) != want {
			t.Errorf("RT60 %g s: %d frames mixed, want the stem plus a %g s tail (%d)", rt, len(out[0]), rt, want)
		}
		// Energy decay curve of both channels.
		edc := make([]float64, len(out[0]))
		acc := 0.0
		for i := len(edc) - 1; i >= 0; i-- {
			acc += float64(out[0][i])*float64(out[0][i]) + float64(out[1][i])*float64(out[1][i])
			edc[i] = acc
		}
		cross := func(dB float64) int {
			for i, e := range edc {
				if dsp.PowerToDB(e/edc[0]) <= dB {
					return i
				}
			}
			return len(edc)
		}
		got := 2 * float64(cross(-35)-cross(-5)) / testRate
		t.Logf("requested RT60 %.2f s, measured %.3f s", rt, got)
		if math.Abs(got-rt) > 0.2*rt {
			t.Errorf("RT60 %.3f s, want %.2f s ± 20%%", got, rt)
		}
	}
}

// TestDelayTapsThroughBus: an impulse through a delay bus (110 ms,
// feedback 0.5) gives repeats exactly at 110 ms steps, each half the last.
func TestDelayTapsThroughBus(t *testing.T) {
	s := parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "sends": [{"bus": "Slap"}]}],
	  "buses": [{"name": "Slap", "inserts": [{"type": "delay", "time": 110, "feedback": 0.5, "mix": 1}]}]}`)
	at := 4800
	out := mixWith(t, s, memStems{"t.wav": {impulse(testRate, at, 0.8)}}, Config{}, 4096)
	dry := float64(out[0][at])
	if math.Abs(dry-0.8*math.Cos(math.Pi/4)) > 1e-6 {
		t.Fatalf("dry impulse %g", dry)
	}
	step := 110 * testRate / 1000
	for k := 1; k <= 6; k++ {
		want := dry * math.Pow(0.5, float64(k-1))
		i := at + k*step
		if math.Abs(float64(out[0][i])-want) > 1e-6 || math.Abs(float64(out[0][i-1])) > 1e-6 || math.Abs(float64(out[0][i+1])) > 1e-6 {
			t.Errorf("repeat %d: frame %d holds %g (neighbours %g, %g), want %g alone", k, i, out[0][i], out[0][i-1], out[0][i+1], want)
		}
	}
}

// TestMuteSoloPhase: mute silences a track, solo mutes the others but
// keeps the buses the soloed track feeds, phase invert flips the sign.
func TestMuteSoloPhase(t *testing.T) {
	a, b := noise(testRate/4, 3, 0.3), noise(testRate/4, 4, 0.3)
	stems := memStems{"a.wav": {a}, "b.wav": {b}}
	doc := func(aFields, bFields string) *Session {
		return parse(t, `{"tracks": [
		  {"name": "A", "file": "a.wav", "sends": [{"bus": "Verb", "level": -6}]`+aFields+`},
		  {"name": "B", "file": "b.wav", "pan": 0.5`+bFields+`}],
		  "buses": [{"name": "Verb", "inserts": [{"type": "reverb", "mix": 1}]}]}`)
	}
	cfg := Config{TailSeconds: 0.5}
	full := mixWith(t, doc("", ""), stems, cfg, 1000)
	aOnly := mixWith(t, doc("", `, "mute": true`), stems, cfg, 1000)
	soloA := mixWith(t, doc(`, "solo": true`, ""), stems, cfg, 1000)
	bOnly := mixWith(t, doc(`, "mute": true`, ""), stems, cfg, 1000)
	inverted := mixWith(t, doc(`, "phaseInvert": true`, `, "phaseInvert": true`), stems, cfg, 1000)
	for c := 0; c < 2; c++ {
		for i := range full[c] {
			if soloA[c][i] != aOnly[c][i] {
				t.Fatalf("solo A differs from muting B at %d/%d", c, i)
			}
			if d := full[c][i] - aOnly[c][i] - bOnly[c][i]; math.Abs(float64(d)) > 1e-6 {
				t.Fatalf("A + B != the full mix at %d/%d", c, i)
			}
			if inverted[c][i] != -full[c][i] {
				t.Fatalf("phase invert at %d/%d: %g vs %g", c, i, inverted[c][i], full[c][i])
			}
		}
	}
	var tail float64 // the reverb of A rings after the stems when A is soloed
	for _, v := range soloA[0][len(a):] {
		tail = math.Max(tail, math.Abs(float64(v)))
	}
	if tail < 1e-3 {
		t.Errorf("soloed track's reverb bus silent: tail peak %g", tail)
	}
	m, err := New(doc(`, "solo": true`, ""), stems.open(testRate), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if w := m.Warnings(); len(w) != 1 || w[0] != "solo is on (A): every other track is muted" {
		t.Errorf("warnings %q", w)
	}
}
