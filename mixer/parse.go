package mixer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"immerse/internal/fields"
)

// ErrInvalid is matched (errors.Is) by every error about a session's
// content — from ParseSession, Validate and New (stems that do not fit
// the session) — as opposed to I/O failures. The CLI exits with status 2
// for them.
var ErrInvalid = errors.New("mixer: invalid session")

// sessionError is an error about the session's content: its message is
// unchanged, errors.Is(err, ErrInvalid) holds.
type sessionError struct{ err error }

func (e *sessionError) Error() string        { return e.err.Error() }
func (e *sessionError) Unwrap() error        { return e.err }
func (e *sessionError) Is(target error) bool { return target == ErrInvalid }

// invalid wraps err as a session error prefixed "mixer: <session>: ".
func invalid(s *Session, err error) error {
	return &sessionError{fmt.Errorf("mixer: %s: %w", s.Name(), err)}
}

// LoadSession reads and validates a session file (JSON or YAML). Stems are
// not opened here (New does that); their paths are relative to the file.
func LoadSession(path string) (*Session, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mixer: read session: %w", err)
	}
	s, err := ParseSession(data, path)
	if err != nil {
		return nil, err
	}
	s.Dir = filepath.Dir(path)
	return s, nil
}

// ParseSession decodes and validates a session; name locates it in
// messages. Lists are counted from 1 in messages (`insert 2`), while
// automation paths count from 0 (`inserts.1.ratio`).
func ParseSession(data []byte, name string) (*Session, error) {
	s := &Session{Source: name}
	if err := decodeSession(data, s); err != nil {
		return nil, invalid(s, err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

func decodeSession(data []byte, s *Session) error {
	tree, err := fields.Decode(data)
	if err != nil {
		return err
	}
	root, err := fields.AsObject(tree, "top level")
	if err != nil {
		return err
	}
	s.SampleRate = root.Int("sampleRate", 0)
	s.PanLaw = root.OptFloat("panLaw")
	tracks := root.Array("tracks", true)
	buses := root.Array("buses", false)
	master := root.Raw("master")
	if err := root.Err(); err != nil {
		return err
	}
	if len(tracks) > MaxTracks {
		return fmt.Errorf("%d tracks; at most %d", len(tracks), MaxTracks)
	}
	if len(buses) > MaxBuses {
		return fmt.Errorf("%d buses; at most %d", len(buses), MaxBuses)
	}
	for i, v := range tracks {
		t, err := decodeTrack(v, i)
		if err != nil {
			return err
		}
		s.Tracks = append(s.Tracks, t)
	}
	for i, v := range buses {
		b, err := decodeBus(v, i)
		if err != nil {
			return err
		}
		s.Buses = append(s.Buses, b)
	}
	if master != nil {
		o, err := fields.AsObject(master, "master")
		if err != nil {
			return err
		}
		s.Master.Gain = o.Float("gain", 0)
		inserts := o.Array("inserts", false)
		auto := o.Raw("automation")
		if err := o.Err(); err != nil {
			return err
		}
		if s.Master.Inserts, err = decodeInserts(inserts, "master"); err != nil {
			return err
		}
		if s.Master.Automation, err = decodeAutomation(auto, "master"); err != nil {
			return err
		}
	}
	return nil
}

// named views v as an object named by its "name" field: `track "Kick"`
// (or `track 3` while the name is missing; the caller's Err reports it).
func named(v any, kind string, i int) (*fields.Object, string, error) {
	where := fmt.Sprintf("%s %d", kind, i+1)
	if m, ok := v.(map[string]any); ok {
		if name, ok := m["name"].(string); ok && strings.TrimSpace(name) != "" {
			where = fmt.Sprintf("%s %q", kind, name)
		}
	}
	o, err := fields.AsObject(v, where)
	if err != nil {
		return nil, "", err
	}
	return o, o.String("name", true), nil
}

func decodeTrack(v any, i int) (Track, error) {
	o, name, err := named(v, "track", i)
	if err != nil {
		return Track{}, err
	}
	t := Track{
		Name:        name,
		File:        o.String("file", true),
		Role:        o.String("role", false),
		Gain:        o.Float("gain", 0),
		Pan:         o.Float("pan", 0),
		Balance:     o.Float("balance", 0),
		Width:       o.OptFloat("width"),
		Output:      o.String("output", false),
		Mute:        o.Bool("mute"),
		Solo:        o.Bool("solo"),
		PhaseInvert: o.Bool("phaseInvert"),
	}
	inserts := o.Array("inserts", false)
	sends := o.Array("sends", false)
	auto := o.Raw("automation")
	if err := o.Err(); err != nil {
		return Track{}, err
	}
	if t.Inserts, err = decodeInserts(inserts, o.Where()); err != nil {
		return Track{}, err
	}
	if t.Sends, err = decodeSends(sends, o.Where()); err != nil {
		return Track{}, err
	}
	if t.Automation, err = decodeAutomation(auto, o.Where()); err != nil {
		return Track{}, err
	}
	return t, nil
}

func decodeBus(v any, i int) (Bus, error) {
	o, name, err := named(v, "bus", i)
	if err != nil {
		return Bus{}, err
	}
	b := Bus{Name: name, Gain: o.Float("gain", 0), Output: o.String("output", false)}
	inserts := o.Array("inserts", false)
	sends := o.Array("sends", false)
	auto := o.Raw("automation")
	if err := o.Err(); err != nil {
		return Bus{}, err
	}
	if b.Inserts, err = decodeInserts(inserts, o.Where()); err != nil {
		return Bus{}, err
	}
	if b.Sends, err = decodeSends(sends, o.Where()); err != nil {
		return Bus{}, err
	}
	if b.Automation, err = decodeAutomation(auto, o.Where()); err != nil {
		return Bus{}, err
	}
	return b, nil
}

func decodeSends(list []any, where string) ([]Send, error) {
	if len(list) > MaxSends {
		return nil, fmt.Errorf("%s: %d sends; at most %d", where, len(list), MaxSends)
	}
	var out []Send
	for i, v := range list {
		o, err := fields.AsObject(v, fmt.Sprintf("%s send %d", where, i+1))
		if err != nil {
			return nil, err
		}
		s := Send{Bus: o.String("bus", true), Level: o.Float("level", 0), Pre: o.Bool("pre")}
		if err := o.Err(); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func decodeInserts(list []any, where string) ([]Insert, error) {
	if len(list) > MaxInserts {
		return nil, fmt.Errorf("%s: %d inserts; at most %d", where, len(list), MaxInserts)
	}
	var out []Insert
	for i, v := range list {
		in, err := decodeInsert(v, fmt.Sprintf("%s insert %d", where, i+1))
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func decodeInsert(v any, where string) (Insert, error) {
	o, err := fields.AsObject(v, where)
	if err != nil {
		return Insert{}, err
	}
	typ := o.String("type", false)
	if !o.Has("type") {
		typ = ""
	}
	if raw := o.Raw("type"); raw != nil {
		if _, isStr := raw.(string); !isStr {
			return Insert{}, fmt.Errorf("%s: field \"type\": want a string such as \"compressor\" (see `immerse effects`)", where)
		}
	}
	e := effectByName(typ)
	if e == nil {
		return Insert{}, unknownType(typ, where)
	}
	o, _ = fields.AsObject(v, fmt.Sprintf("%s (%s)", where, typ))
	o.String("type", true)
	in := Insert{Type: typ}
	for i := range e.params {
		p := &e.params[i]
		info := e.info(p)
		o.Raw(p.name) // known, for "did you mean" suggestions
		switch {
		case !o.Has(p.name):
		case len(info.Choices) > 0:
			setChoice(&in.Choices, p.name, o.String(p.name, false))
		case info.Unit == "bool":
			b := 0.0
			if o.Bool(p.name) {
				b = 1
			}
			setParam(&in.Params, p.name, b)
		default:
			if f := o.OptFloat(p.name); f != nil {
				setParam(&in.Params, p.name, *f)
			}
		}
	}
	var bands []any
	if e.bands {
		bands = o.Array("bands", false)
	}
	if e.sidechain {
		in.Sidechain = o.String("sidechain", false)
	}
	if err := o.Err(); err != nil {
		return Insert{}, err
	}
	if len(bands) > 256 {
		return Insert{}, fmt.Errorf("%s: %d bands; at most 256", o.Where(), len(bands))
	}
	for j, bv := range bands {
		b, err := decodeBand(bv, fmt.Sprintf("%s band %d", o.Where(), j+1))
		if err != nil {
			return Insert{}, err
		}
		in.Bands = append(in.Bands, b)
	}
	return in, nil
}

func decodeBand(v any, where string) (Band, error) {
	o, err := fields.AsObject(v, where)
	if err != nil {
		return Band{}, err
	}
	b := Band{Type: o.String("type", false)}
	for _, p := range bandParams {
		if f := o.OptFloat(p.name); f != nil {
			setParam(&b.Params, p.name, *f)
		}
	}
	if err := o.Err(); err != nil {
		return Band{}, err
	}
	return b, nil
}

func setParam(m *map[string]float64, k string, v float64) {
	if *m == nil {
		*m = map[string]float64{}
	}
	(*m)[k] = v
}

func setChoice(m *map[string]string, k, v string) {
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[k] = v
}

func decodeAutomation(v any, where string) (Automation, error) {
	if v == nil {
		return nil, nil
	}
	o, err := fields.AsObject(v, where+" automation")
	if err != nil {
		return nil, err
	}
	var a Automation // nil when empty, as after a round trip
	for _, path := range o.Keys() {
		if a == nil {
			a = Automation{}
		}
		at := fmt.Sprintf("%s automation %q", where, path)
		raw, ok := o.Raw(path).([]any)
		if !ok {
			return nil, fmt.Errorf("%s: want a list of [time_s, value] points", at)
		}
		if len(raw) > MaxPoints {
			return nil, fmt.Errorf("%s: %d points; at most %d", at, len(raw), MaxPoints)
		}
		pts := make([]Breakpoint, 0, len(raw))
		for k, pv := range raw {
			pair, ok := pv.([]any)
			var t, val float64
			var okT, okV bool
			if ok && len(pair) == 2 {
				t, okT = pair[0].(float64)
				val, okV = pair[1].(float64)
			}
			if !okT || !okV {
				return nil, fmt.Errorf("%s point %d: want [time_s, value], two numbers", at, k+1)
			}
			pts = append(pts, Breakpoint{t, val})
		}
		a[path] = pts
	}
	return a, nil
}
