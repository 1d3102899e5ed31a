package assist

import (
	"encoding/json"
	"math"
	"testing"

	"immerse/mixer"
)

// plantedFixture carries planted defects at once: a buried vocal, a
// muddy guitar take, an inverted second kick microphone, and a clipping
// master.
func plantedFixture(t *testing.T) *fixture {
	f := demoFixture()
	setGain(t, f.s, "Lead Vocal", trackByName(f.s, "Lead Vocal").Gain-12)
	plantMud(t, f)
	addKickMic(f, -0.5, 0)
	f.s.Master.Gain += 12
	return f
}

// moveSize is how far a second-pass suggestion moves a fader or an EQ
// band (0 for other kinds of change).
func moveSize(s Suggestion) (fader, band float64) {
	c := s.Change
	switch {
	case c.Op == OpSet && c.Field == "gain":
		from, _ := c.From.(float64)
		to, _ := c.To.(float64)
		return math.Abs(to - from), 0
	case c.Op == OpEQBand:
		from, _ := c.From.(float64)
		to := c.Band.Params["gain"]
		if c.Band.Type == "highpass" {
			return 0, 0
		}
		return 0, math.Abs(to - from)
	}
	return 0, 0
}

func TestIdempotence(t *testing.T) {
	if testing.Short() {
		t.Skip("assists two sessions twice")
	}
	t.Parallel()
	cases := []struct {
		name string
		f    *fixture
	}{
		{"demo", demoFixture()},
		{"planted", plantedFixture(t)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r1 := c.f.assist(t, Options{})
			r2 := c.f.with(r1.Assisted).assist(t, Options{})
			var maxFader, maxBand float64
			for _, s := range r2.Suggestions {
				fd, bd := moveSize(s)
				maxFader, maxBand = math.Max(maxFader, fd), math.Max(maxBand, bd)
				if fd > 1.5 || bd > 2 || s.Kind == KindPhase || s.Change.Op == OpAddInsert || s.Change.Op == OpAddBus {
					t.Errorf("second pass: [%s] %s: %s — %s", s.Kind, s.Track, s.Change.Describe(), s.Reason)
				}
			}
			t.Logf("%s: first pass %d suggestions, second pass %d (largest fader move %.2f dB, largest band change %.2f dB)",
				c.name, len(r1.Suggestions), len(r2.Suggestions), maxFader, maxBand)
		})
	}
}

// TestAssistedSessionKeepsEverything: the assisted session keeps what the
// user wrote (only the suggested fields differ), validates, the input
// session is left untouched, and the result does not depend on the number
// of workers.
func TestAssistedSessionKeepsEverything(t *testing.T) {
	t.Parallel()
	f := plantedFixture(t)
	before := f.s.Clone()
	r := f.assist(t, Options{})
	// Deterministic whatever the number of workers.
	r1 := f.assist(t, Options{Workers: 1})
	j0, _ := json.Marshal(r)
	j1, _ := json.Marshal(r1)
	if string(j0) != string(j1) || !sessionsEqual(r.Assisted, r1.Assisted) {
		t.Error("the report or the assisted session depends on the number of workers")
	}
	if err := r.Assisted.Validate(); err != nil {
		t.Fatal(err)
	}
	if !sessionsEqual(before, f.s) {
		t.Fatal("Assist modified its input session")
	}
	// Replaying the suggestions on a copy gives the assisted session.
	replay := before.Clone()
	for _, s := range r.Suggestions {
		if err := s.Apply(replay); err != nil {
			t.Fatal(err)
		}
	}
	if !sessionsEqual(replay, r.Assisted) {
		t.Error("replaying the suggestions does not give the assisted session")
	}
	for i, tr := range before.Tracks {
		a := r.Assisted.Tracks[i]
		if a.Name != tr.Name || a.File != tr.File || a.Role != tr.Role || a.Output != tr.Output || len(a.Inserts) < len(tr.Inserts) {
			t.Errorf("track %q changed beyond the suggestions", tr.Name)
		}
		for k := range tr.Inserts {
			if a.Inserts[k].Type != tr.Inserts[k].Type {
				t.Errorf("track %q insert %d: %s became %s", tr.Name, k+1, tr.Inserts[k].Type, a.Inserts[k].Type)
			}
		}
		for path := range tr.Automation {
			if _, ok := a.Automation[path]; !ok {
				t.Errorf("track %q lost its %q automation", tr.Name, path)
			}
		}
	}
}

func sessionsEqual(a, b *mixer.Session) bool {
	ja, err1 := marshalSession(a, ".json")
	jb, err2 := marshalSession(b, ".json")
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
