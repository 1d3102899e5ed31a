package mixer

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// PanLaws are the pan laws a session may choose (dB at centre).
var PanLaws = []float64{0, -3, -4.5, -6}

// Validate checks the session's structure, values and routing: ranges of
// every field and insert parameter, unique names, outputs, sends and
// sidechains that name existing buses or tracks, no routing cycles, and
// automation paths, times and values. Messages name the session file, the
// strip, the insert or point (from 1) and the field. Errors match
// ErrInvalid.
func (s *Session) Validate() error {
	if err := s.validate(); err != nil {
		return invalid(s, err)
	}
	return nil
}

func (s *Session) validate() error {
	if s.SampleRate < 0 || s.SampleRate > MaxSampleRate || (s.SampleRate > 0 && s.SampleRate < 8000) {
		return fmt.Errorf("field \"sampleRate\": %d Hz is out of range; use 8000 to %d Hz, or leave it out to take the stems' rate", s.SampleRate, MaxSampleRate)
	}
	if s.PanLaw != nil && !slices.Contains(PanLaws, *s.PanLaw) {
		return fmt.Errorf("field \"panLaw\": %g dB is not a pan law; use 0, -3, -4.5 or -6 (dB at centre)", *s.PanLaw)
	}
	if len(s.Tracks) == 0 {
		return fmt.Errorf("the session has no tracks; add at least one")
	}
	if len(s.Tracks) > MaxTracks || len(s.Buses) > MaxBuses {
		return fmt.Errorf("%d tracks and %d buses; at most %d and %d", len(s.Tracks), len(s.Buses), MaxTracks, MaxBuses)
	}
	names := map[string]string{}
	claim := func(kind, name string) error {
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("a %s has an empty name; give every track and bus a name", kind)
		}
		if strings.EqualFold(name, MasterName) {
			return fmt.Errorf("%s %q: the name %q is reserved for the master; rename it", kind, name, MasterName)
		}
		if prev, ok := names[name]; ok {
			return fmt.Errorf("%s %q: the name is already used by a %s; names must be unique", kind, name, prev)
		}
		names[name] = kind
		return nil
	}
	for i := range s.Tracks {
		if err := claim("track", s.Tracks[i].Name); err != nil {
			return err
		}
	}
	for i := range s.Buses {
		if err := claim("bus", s.Buses[i].Name); err != nil {
			return err
		}
	}
	for i := range s.Tracks {
		if err := s.checkTrack(&s.Tracks[i]); err != nil {
			return err
		}
	}
	for i := range s.Buses {
		b := &s.Buses[i]
		where := fmt.Sprintf("bus %q", b.Name)
		if err := checkDB(b.Gain, "gain"); err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		if err := s.checkOutput(b.Output, where, b.Name); err != nil {
			return err
		}
		if err := s.checkStrip(where, b.Name, b.Sends, b.Inserts, b.Automation, busStrip); err != nil {
			return err
		}
	}
	if err := checkDB(s.Master.Gain, "gain"); err != nil {
		return fmt.Errorf("master: %v", err)
	}
	if err := s.checkStrip("master", MasterName, nil, s.Master.Inserts, s.Master.Automation, masterStrip); err != nil {
		return err
	}
	g := buildGraph(s)
	if _, err := g.order(); err != nil {
		return err
	}
	return nil
}

func (s *Session) checkTrack(t *Track) error {
	where := fmt.Sprintf("track %q", t.Name)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s: %s", where, fmt.Sprintf(format, a...))
	}
	if strings.TrimSpace(t.File) == "" {
		return fail("field \"file\" is missing; give the stem (WAV or FLAC) relative to the session file")
	}
	if t.Role != "" && !slices.Contains(Roles, t.Role) {
		if g := suggest(t.Role, Roles); g != "" {
			return fail("field \"role\": unknown role %q (did you mean %q?)", t.Role, g)
		}
		return fail("field \"role\": unknown role %q; use one of %s", t.Role, strings.Join(Roles, ", "))
	}
	if err := checkDB(t.Gain, "gain"); err != nil {
		return fail("%v", err)
	}
	for _, c := range []struct {
		name   string
		v      float64
		lo, hi float64
	}{{"pan", t.Pan, -1, 1}, {"balance", t.Balance, -1, 1}, {"width", t.WidthValue(), 0, 2}} {
		if math.IsNaN(c.v) || c.v < c.lo || c.v > c.hi {
			return fail("field %q: %g is out of range; allowed %g to %g", c.name, c.v, c.lo, c.hi)
		}
	}
	if err := s.checkOutput(t.Output, where, ""); err != nil {
		return err
	}
	return s.checkStrip(where, t.Name, t.Sends, t.Inserts, t.Automation, trackStrip)
}

func checkDB(v float64, field string) error {
	if math.IsNaN(v) || v < MinGainDB || v > MaxGainDB {
		return fmt.Errorf("field %q: %g dB is out of range; allowed %g to %g dB", field, v, MinGainDB, MaxGainDB)
	}
	return nil
}

// checkOutput checks an output name: "" or "master", or a bus other than
// self.
func (s *Session) checkOutput(out, where, self string) error {
	if out == "" || out == MasterName {
		return nil
	}
	if s.busIndex(out) < 0 {
		return fmt.Errorf("%s: field \"output\": %s", where, s.noBus(out, true))
	}
	if out == self {
		return fmt.Errorf("%s: field \"output\": a bus cannot feed itself; use \"master\" or another bus", where)
	}
	return nil
}

// noBus says that no bus is named name, with a suggestion.
func (s *Session) noBus(name string, masterOK bool) string {
	var known []string
	for _, b := range s.Buses {
		known = append(known, b.Name)
	}
	if masterOK {
		known = append(known, MasterName)
	}
	if g := suggest(name, known); g != "" {
		return fmt.Sprintf("no bus named %q (did you mean %q?)", name, g)
	}
	if len(known) == 0 {
		return fmt.Sprintf("no bus named %q; the session has no buses", name)
	}
	return fmt.Sprintf("no bus named %q; buses: %s", name, strings.Join(known, ", "))
}

func (s *Session) busIndex(name string) int {
	for i := range s.Buses {
		if s.Buses[i].Name == name {
			return i
		}
	}
	return -1
}

func (s *Session) trackIndex(name string) int {
	for i := range s.Tracks {
		if s.Tracks[i].Name == name {
			return i
		}
	}
	return -1
}

// checkStrip checks a strip's sends, inserts (with sidechains) and
// automation.
func (s *Session) checkStrip(where, self string, sends []Send, inserts []Insert, auto Automation, kind stripKind) error {
	if len(sends) > MaxSends {
		return fmt.Errorf("%s: %d sends; at most %d", where, len(sends), MaxSends)
	}
	seen := map[string]int{}
	for i, sd := range sends {
		at := fmt.Sprintf("%s send %d", where, i+1)
		switch {
		case sd.Bus == MasterName:
			return fmt.Errorf("%s: field \"bus\": sends go to buses; the output already feeds the master", at)
		case s.busIndex(sd.Bus) < 0:
			return fmt.Errorf("%s: field \"bus\": %s", at, s.noBus(sd.Bus, false))
		case sd.Bus == self:
			return fmt.Errorf("%s: field \"bus\": a bus cannot send to itself", at)
		}
		if k, dup := seen[sd.Bus]; dup {
			return fmt.Errorf("%s: bus %q already has send %d; one send per bus", at, sd.Bus, k)
		}
		seen[sd.Bus] = i + 1
		if err := checkDB(sd.Level, "level"); err != nil {
			return fmt.Errorf("%s: %v", at, err)
		}
	}
	if len(inserts) > MaxInserts {
		return fmt.Errorf("%s: %d inserts; at most %d", where, len(inserts), MaxInserts)
	}
	for i := range inserts {
		in := &inserts[i]
		at := fmt.Sprintf("%s insert %d", where, i+1)
		if effectByName(in.Type) != nil {
			at += " (" + in.Type + ")"
		}
		if err := checkInsert(in, at); err != nil {
			return err
		}
		if in.Sidechain == "" {
			continue
		}
		if s.trackIndex(in.Sidechain) < 0 && s.busIndex(in.Sidechain) < 0 {
			var known []string
			for _, t := range s.Tracks {
				known = append(known, t.Name)
			}
			for _, b := range s.Buses {
				known = append(known, b.Name)
			}
			if g := suggest(in.Sidechain, known); g != "" {
				return fmt.Errorf("%s: field \"sidechain\": no track or bus named %q (did you mean %q?)", at, in.Sidechain, g)
			}
			return fmt.Errorf("%s: field \"sidechain\": no track or bus named %q", at, in.Sidechain)
		}
		if in.Sidechain == self {
			return fmt.Errorf("%s: field \"sidechain\": the strip cannot key itself; leave \"sidechain\" out to key on the insert's input", at)
		}
	}
	for _, path := range sortedKeys(auto) {
		at := fmt.Sprintf("%s automation %q", where, path)
		tg, err := resolvePath(path, kind, sends, inserts)
		if err != nil {
			return fmt.Errorf("%s: %v", at, err)
		}
		if err := checkPoints(auto[path], tg, at); err != nil {
			return err
		}
	}
	return nil
}

// checkPoints checks automation breakpoints: at least one, times finite,
// from 0 and increasing, values within the parameter's range.
func checkPoints(pts []Breakpoint, tg target, at string) error {
	if len(pts) == 0 {
		return fmt.Errorf("%s: no points; give at least one [time_s, value]", at)
	}
	if len(pts) > MaxPoints {
		return fmt.Errorf("%s: %d points; at most %d", at, len(pts), MaxPoints)
	}
	u := unitSuffix(tg.info.Unit)
	for k, p := range pts {
		t, v := p[0], p[1]
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 || t > maxAutomationTime {
			return fmt.Errorf("%s point %d: time %g s is out of range; use 0 to %g s", at, k+1, t, float64(maxAutomationTime))
		}
		if k > 0 && t <= pts[k-1][0] {
			return fmt.Errorf("%s point %d: time %g s is not after point %d at %g s; times must increase", at, k+1, t, k, pts[k-1][0])
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < tg.info.Min || v > tg.info.Max {
			return fmt.Errorf("%s point %d: value %g%s is out of range; allowed %g to %g%s", at, k+1, v, u, tg.info.Min, tg.info.Max, u)
		}
		if tg.check != nil {
			if msg := tg.check(v); msg != "" {
				return fmt.Errorf("%s point %d: value %g%s %s", at, k+1, v, u, msg)
			}
		}
	}
	return nil
}

// maxAutomationTime bounds breakpoint times (seconds): a day.
const maxAutomationTime = 86400
