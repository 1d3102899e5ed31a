package assist

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"immerse/mixer"
)

// Suggestion is one edit of the session with the measurement that
// motivated it.
type Suggestion struct {
	// Track names the strip the edit applies to: a track, a bus, or
	// "master".
	Track string `json:"track"`
	// Kind is one of balance, eq, masking, dynamics, phase, panning,
	// gain, space, translation, reference.
	Kind string `json:"kind"`
	// Reason says what was measured and why it calls for the edit.
	Reason string `json:"reason"`
	// Change is the edit, in the session's own terms.
	Change Change `json:"change"`
	// Expected is what the edit should do to the measurements, each a
	// from/to pair.
	Expected map[string]Effect `json:"expected"`
}

// Effect is an expected change of a measurement.
type Effect struct {
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Unit string  `json:"unit"`
}

// The kinds of suggestion.
const (
	KindBalance     = "balance"
	KindEQ          = "eq"
	KindMasking     = "masking"
	KindDynamics    = "dynamics"
	KindPhase       = "phase"
	KindPanning     = "panning"
	KindGain        = "gain"
	KindSpace       = "space"
	KindTranslation = "translation"
	KindReference   = "reference"
)

// The operations of a Change.
const (
	// OpSet sets Field of the strip from From to To. Fields: "gain"
	// (the fader; its automation moves by the same amount), "pan",
	// "balance", "width", "phaseInvert", "sends.<bus>" (a send's level,
	// automation likewise) and "inserts.<i>.<param>" (i from 0).
	OpSet = "set"
	// OpAddInsert appends Insert to the strip's chain.
	OpAddInsert = "addInsert"
	// OpEQBand puts Band in the strip's EQ at the end of its chain (an
	// "eq" insert appended when the last insert is not one): a band of
	// the same type within a third of an octave takes the new gain
	// instead (or, for pass filters, the higher corner).
	OpEQBand = "eqBand"
	// OpAddSend adds Send to the strip.
	OpAddSend = "addSend"
	// OpAddBus adds Bus to the session.
	OpAddBus = "addBus"
)

// Change is one edit of a session strip.
type Change struct {
	Op     string        `json:"op"`
	Field  string        `json:"field,omitempty"`
	From   any           `json:"from,omitempty"`
	To     any           `json:"to,omitempty"`
	Insert *mixer.Insert `json:"insert,omitempty"`
	Band   *mixer.Band   `json:"band,omitempty"`
	Send   *mixer.Send   `json:"send,omitempty"`
	Bus    *mixer.Bus    `json:"bus,omitempty"`
}

// strip is the settings of a track, bus or the master that edits touch.
type stripRef struct {
	track   *mixer.Track
	bus     *mixer.Bus
	master  *mixer.Master
	inserts *[]mixer.Insert
	auto    *mixer.Automation
	sends   *[]mixer.Send
	gain    *float64
}

func findStrip(s *mixer.Session, name string) (stripRef, error) {
	if name == mixer.MasterName {
		m := &s.Master
		return stripRef{master: m, inserts: &m.Inserts, auto: &m.Automation, gain: &m.Gain}, nil
	}
	for i := range s.Tracks {
		if t := &s.Tracks[i]; t.Name == name {
			return stripRef{track: t, inserts: &t.Inserts, auto: &t.Automation, sends: &t.Sends, gain: &t.Gain}, nil
		}
	}
	for i := range s.Buses {
		if b := &s.Buses[i]; b.Name == name {
			return stripRef{bus: b, inserts: &b.Inserts, auto: &b.Automation, sends: &b.Sends, gain: &b.Gain}, nil
		}
	}
	return stripRef{}, fmt.Errorf("assist: no track or bus %q", name)
}

// Apply makes the suggestion's edit on s.
func (sg *Suggestion) Apply(s *mixer.Session) error {
	c := &sg.Change
	if c.Op == OpAddBus {
		if c.Bus == nil {
			return fmt.Errorf("assist: addBus without a bus")
		}
		s.Buses = append(s.Buses, *c.Bus)
		return nil
	}
	st, err := findStrip(s, sg.Track)
	if err != nil {
		return err
	}
	switch c.Op {
	case OpSet:
		return st.set(c.Field, c.To)
	case OpAddInsert:
		*st.inserts = append(*st.inserts, *c.Insert)
	case OpEQBand:
		putBand(st.inserts, *c.Band)
	case OpAddSend:
		if st.sends == nil {
			return fmt.Errorf("assist: %s takes no sends", sg.Track)
		}
		*st.sends = append(*st.sends, *c.Send)
	default:
		return fmt.Errorf("assist: unknown change %q", c.Op)
	}
	return nil
}

func (st stripRef) set(field string, to any) error {
	num := func() float64 {
		switch v := to.(type) {
		case float64:
			return v
		case int:
			return float64(v)
		}
		return math.NaN()
	}
	v := num()
	switch {
	case field == "gain":
		shiftAuto(*st.auto, "gain", v-*st.gain)
		*st.gain = v
	case field == "pan" && st.track != nil:
		st.track.Pan = v
	case field == "balance" && st.track != nil:
		st.track.Balance = v
	case field == "width" && st.track != nil:
		st.track.Width = mixer.F(v)
	case field == "phaseInvert" && st.track != nil:
		b, ok := to.(bool)
		if !ok {
			return fmt.Errorf("assist: phaseInvert wants true or false")
		}
		st.track.PhaseInvert = b
		return nil
	case strings.HasPrefix(field, "sends."):
		bus := strings.TrimPrefix(field, "sends.")
		for i := range *st.sends {
			if (*st.sends)[i].Bus == bus {
				shiftAuto(*st.auto, field, v-(*st.sends)[i].Level)
				(*st.sends)[i].Level = v
				return nil
			}
		}
		return fmt.Errorf("assist: no send to %q", bus)
	case strings.HasPrefix(field, "inserts."):
		parts := strings.SplitN(strings.TrimPrefix(field, "inserts."), ".", 2)
		i, err := strconv.Atoi(parts[0])
		if err != nil || i < 0 || i >= len(*st.inserts) || len(parts) != 2 {
			return fmt.Errorf("assist: bad insert field %q", field)
		}
		in := &(*st.inserts)[i]
		if in.Params == nil {
			in.Params = map[string]float64{}
		}
		in.Params[parts[1]] = v
	default:
		return fmt.Errorf("assist: cannot set %q", field)
	}
	if math.IsNaN(v) {
		return fmt.Errorf("assist: %s wants a number", field)
	}
	return nil
}

// shiftAuto moves every point of an automation path by delta (dB),
// within the session's gain limits.
func shiftAuto(a mixer.Automation, path string, delta float64) {
	pts := a[path]
	for i := range pts {
		pts[i][1] = math.Max(mixer.MinGainDB, math.Min(mixer.MaxGainDB, pts[i][1]+delta))
	}
}

// putBand places b in the EQ at the end of the chain (see OpEQBand).
func putBand(inserts *[]mixer.Insert, b mixer.Band) {
	n := len(*inserts)
	if n == 0 || (*inserts)[n-1].Type != "eq" {
		*inserts = append(*inserts, mixer.Insert{Type: "eq"})
		n++
	}
	eq := &(*inserts)[n-1]
	if j := matchingBand(eq.Bands, b); j >= 0 {
		old := &eq.Bands[j]
		if old.Params == nil {
			old.Params = map[string]float64{}
		}
		switch b.Type {
		case "highpass":
			old.Params["freq"] = math.Max(old.Params["freq"], b.Params["freq"])
		default:
			old.Params["gain"] = b.Params["gain"]
		}
		return
	}
	eq.Bands = append(eq.Bands, b)
}

// matchingBand finds a band of b's type within a third of an octave of
// its frequency (any frequency for pass filters and shelves of the same
// side).
func matchingBand(bands []mixer.Band, b mixer.Band) int {
	for j, o := range bands {
		ot := o.Type
		if ot == "" {
			ot = "peak"
		}
		if ot != b.Type {
			continue
		}
		switch b.Type {
		case "highpass", "lowpass", "highshelf", "lowshelf":
			return j
		}
		f0, f1 := o.Params["freq"], b.Params["freq"]
		if f0 > 0 && math.Abs(math.Log2(f1/f0)) <= 1.0/3 {
			return j
		}
	}
	return -1
}

// bandGain is the current gain of the band b would merge into (0 when it
// would be a new band).
func bandGain(inserts []mixer.Insert, b mixer.Band) float64 {
	n := len(inserts)
	if n == 0 || inserts[n-1].Type != "eq" {
		return 0
	}
	if j := matchingBand(inserts[n-1].Bands, b); j >= 0 {
		return inserts[n-1].Bands[j].Params["gain"]
	}
	return 0
}
