package assist

import (
	"math"
	"sync"
	"testing"

	"immerse/mixer"
)

// The vocal sings from 4 s to 15.5 s of the demo: balances are measured
// there.
const vocalFrom, vocalTo = 4.0, 15.5

// balancedFixture balances the demo session to a genre profile with
// measurements independent of the package: each track's loudness from a
// mix of it alone (dsp/loudness over the vocal's time), the returns from
// mixes of the wet and the dry signal alone, the master's true peak from
// the full mix. Faders, sends and the master fader are set so that every
// role sits at the profile's target. The drum bus's parallel "crush" bus
// is taken out first: a heavily compressed parallel bus gives a quiet
// drum alone far more gain than it gets among the others, so a mix of one
// track alone would not tell its share of the full mix.
func balancedFixture(t *testing.T, genre string) *fixture {
	t.Helper()
	balancedMu.Lock()
	defer balancedMu.Unlock()
	if f, ok := balancedCache[genre]; ok {
		return f.copy()
	}
	f := buildBalanced(t, genre)
	balancedCache[genre] = f
	return f.copy()
}

// The balanced sessions take about twenty mixes each: built once per
// genre and test binary.
var (
	balancedMu    sync.Mutex
	balancedCache = map[string]*fixture{}
)

func buildBalanced(t *testing.T, genre string) *fixture {
	f := demoFixture()
	drums := &f.s.Buses[busIndex(f.s, "Drums")]
	drums.Sends = nil
	f.s.Buses = append(f.s.Buses[:busIndex(f.s, "Crush")], f.s.Buses[busIndex(f.s, "Crush")+1:]...)
	p := DefaultProfiles()
	g, err := p.Genre(genre)
	if err != nil {
		t.Fatal(err)
	}
	s := f.s
	loud := func(s *mixer.Session, name string) float64 {
		return loudnessBetween(t, f.render(t, solo(s, name)), vocalFrom, vocalTo)
	}
	// Targets against the vocal: the rest shared by the roles' shares.
	sum := 0.0
	for _, tr := range s.Tracks {
		if tr.Role != "lead-vocal" {
			w, _ := lookup(g.Shares, tr.Role)
			sum += math.Pow(10, w.Value/10)
		}
	}
	norm := 10 * math.Log10(sum)
	lv := loud(s, "Lead Vocal")
	for _, tr := range s.Tracks {
		if tr.Role == "lead-vocal" {
			continue
		}
		w, _ := lookup(g.Shares, tr.Role)
		want := lv - g.FocusOverRestLU.Value + w.Value - norm
		setGain(t, s, tr.Name, tr.Gain+want-loud(s, tr.Name))
	}
	// Returns: each send at the profile's return level, from mixes of the
	// track's wet signal (its dry output sent to a muted bus) and of its
	// dry signal (no sends).
	null := mixer.Bus{Name: "Null", Gain: mixer.MinGainDB}
	for ti := range s.Tracks {
		tr := &s.Tracks[ti]
		for k := range tr.Sends {
			bus := tr.Sends[k].Bus
			kind := busKind(&s.Buses[busIndex(s, bus)])
			targets := g.Reverb
			if kind == "delay" {
				targets = g.Delay
			}
			target, ok := lookup(targets, tr.Role)
			if kind == "" || !ok {
				continue
			}
			wet := s.Clone()
			wet.Buses = append(wet.Buses, null)
			wt := trackByName(wet, tr.Name)
			wt.Output = "Null"
			wt.Sends = []mixer.Send{tr.Sends[k]}
			for path := range wt.Automation {
				if len(path) > 6 && path[:6] == "sends." && path[6:] != bus {
					delete(wt.Automation, path)
				}
			}
			dry := s.Clone()
			dt := trackByName(dry, tr.Name)
			dt.Sends = nil
			for path := range dt.Automation {
				if len(path) > 6 && path[:6] == "sends." {
					delete(dt.Automation, path)
				}
			}
			ret := loud(wet, tr.Name) - loud(dry, tr.Name)
			sg := Suggestion{Track: tr.Name, Change: Change{Op: OpSet, Field: "sends." + bus, To: tr.Sends[k].Level + target.Value - ret}}
			if err := sg.Apply(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The master at the headroom target.
	tp := truePeak(t, f.render(t, s))
	s.Master.Gain += -p.Settings.HeadroomDB.Value - tp
	return f
}

func TestNoFalseAlarmsOnBalancedSession(t *testing.T) {
	if testing.Short() {
		t.Skip("mixes the demo about 20 times")
	}
	t.Parallel()
	f := balancedFixture(t, "pop")
	r := f.assist(t, Options{Genre: "pop"})
	for _, s := range r.Suggestions {
		t.Errorf("false alarm: [%s] %s: %s — %s", s.Kind, s.Track, s.Change.Describe(), s.Reason)
	}
	for _, tr := range r.Tracks {
		if tr.Measurements != nil && tr.Measurements.FocusLU != nil {
			t.Logf("%-10s %+.2f LU against the vocal", tr.Name, *tr.Measurements.FocusLU)
		}
	}
	t.Logf("balanced session: %d suggestions, %d warnings (%s)", len(r.Suggestions), len(r.Warnings), r.Summary)
}
