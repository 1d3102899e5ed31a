package assist

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"immerse/mixer"
)

// ErrOption is matched (errors.Is) by Assist's errors about its options:
// an unknown genre or focus track, a bad headroom, strength or match list.
var ErrOption = errors.New("assist: bad option")

// optionError wraps a message as an ErrOption.
func optionError(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrOption, fmt.Sprintf(format, a...))
}

// Options controls Assist.
type Options struct {
	// Genre names the genre profile (default "pop").
	Genre string
	// Profiles holds the genres (nil: DefaultProfiles).
	Profiles *Profiles
	// Focus names the track the balance is measured against (default:
	// the first track of the genre's focus role).
	Focus string
	// HeadroomDB is the headroom the master keeps (0: the profile's, 6).
	HeadroomDB float64
	// Reference, when set, is an audio file whose tone, loudness and
	// width the master is matched to (see Match, Strength).
	Reference string
	// Match lists what reference matching changes: "tone", "loudness",
	// "width" (nil: all three).
	Match []string
	// Strength of the reference matching in percent, 0 .. 100 (0 when
	// Reference is set means 100).
	Strength float64
	// Open opens the stems (nil: mixer.OpenFile); OpenReference opens
	// the reference (nil: encoders.Open).
	Open mixer.OpenFunc
	// Workers for the mixer (the result is identical for any value).
	Workers int
	// Progress, when set, is told the stage ("reference", "analysing",
	// "refining", "matching", "checking": each a pass over the audio) and
	// the frames done of the total (-1: unknown).
	Progress func(stage string, done, total int64)
}

// Report is what Assist heard and suggests. Its JSON form is the schema of
// `immerse assist --json` (see the package documentation).
type Report struct {
	Session         string  `json:"session"`
	Genre           string  `json:"genre"`
	Focus           string  `json:"focus,omitempty"`
	SampleRate      int     `json:"sampleRate"`
	DurationSeconds float64 `json:"durationSeconds"`
	// Bands are the nominal centres (Hz) of every spectrumDB.
	Bands  []float64     `json:"bands"`
	Tracks []TrackReport `json:"tracks"`
	Master MasterReport  `json:"master"`
	// Pairs are the tracks that correlate (microphones on one source).
	Pairs []PairReport `json:"pairs,omitempty"`
	// Masking lists the conflicts found, whether or not they got an edit.
	Masking     []MaskingReport  `json:"masking,omitempty"`
	Suggestions []Suggestion     `json:"suggestions"`
	Warnings    []Warning        `json:"warnings,omitempty"`
	Reference   *ReferenceReport `json:"reference,omitempty"`
	Summary     string           `json:"summary"`

	// Assisted is the session with every suggestion applied.
	Assisted *mixer.Session `json:"-"`
}

// TrackReport is one track: its role, where the role came from, and what
// was measured.
type TrackReport struct {
	Name         string             `json:"name"`
	Role         string             `json:"role"`
	RoleFrom     string             `json:"roleFrom"`
	Muted        bool               `json:"muted,omitempty"`
	Measurements *TrackMeasurements `json:"measurements,omitempty"`
}

// TrackMeasurements are a track's Measurements (after its inserts, before
// its fader, where it plays) and how it sits in the mix.
type TrackMeasurements struct {
	Measurements
	// GainDB is the track's gain into the master: its fader plus the
	// faders of the buses it is routed through (automation: the time
	// average of its dB values).
	GainDB float64 `json:"gainDB"`
	// MixLUFS is its loudness in the mix (after fader, pan and routing)
	// where it plays.
	MixLUFS float64 `json:"mixLUFS"`
	// FocusLU is its loudness relative to the focus track where both
	// play (absent for the focus and tracks never heard with it).
	FocusLU *float64 `json:"focusLU,omitempty"`
	// KeptLU is how much of its loudness each playback device keeps
	// (negative: lost), from its spectrum and the device response.
	KeptLU map[string]float64 `json:"keptLU,omitempty"`
	// Sound are the features the sound-based role guess reads.
	Sound SoundFeatures `json:"sound"`
}

// MasterReport is the mix as rendered.
type MasterReport struct {
	Measurements
	// FocusOverRestLU is the focus track against the rest of the mix
	// where the focus plays (absent without a focus).
	FocusOverRestLU *float64 `json:"focusOverRestLU,omitempty"`
}

// PairReport is a correlated pair of tracks.
type PairReport struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	Correlation float64 `json:"correlation"`
	ZeroLag     float64 `json:"zeroLagCorrelation"`
	LagMs       float64 `json:"lagMs"`
}

// Warning is a finding without an edit (the fix is not a session change,
// or is larger than the assistant makes).
type Warning struct {
	Track  string `json:"track"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// Assist analyses the session and suggests edits; Report.Assisted is a
// new session with all of them applied (s is not modified). Errors about
// the session match mixer.ErrInvalid.
func Assist(s *mixer.Session, opt Options) (*Report, error) {
	if opt.Profiles == nil {
		opt.Profiles = DefaultProfiles()
	}
	if opt.Genre == "" {
		opt.Genre = "pop"
	}
	g, err := opt.Profiles.Genre(opt.Genre)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOption, err)
	}
	if opt.HeadroomDB == 0 {
		opt.HeadroomDB = opt.Profiles.Settings.HeadroomDB.Value
	}
	if !(opt.HeadroomDB > 0 && opt.HeadroomDB <= 60) {
		return nil, optionError("headroom %g dB; give 0 to 60 dB (6 = peaks at -6 dBTP)", opt.HeadroomDB)
	}
	match, err := parseMatch(opt.Match)
	if err != nil {
		return nil, err
	}
	if opt.Strength == 0 {
		opt.Strength = 100
	}
	if !(opt.Strength > 0 && opt.Strength <= 100) {
		return nil, optionError("strength %g%%; give 0 to 100", opt.Strength)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if opt.Focus != "" && slices.IndexFunc(s.Tracks, func(t mixer.Track) bool { return t.Name == opt.Focus }) < 0 {
		return nil, optionError("focus %q: no such track; tracks are %s", opt.Focus, trackNames(s))
	}
	var ref *referenceAnalysis
	if opt.Reference != "" {
		if ref, err = analyzeReference(opt.Reference, opt.Progress); err != nil {
			return nil, err
		}
	}
	progress := func(stage string) func(done, total int64) {
		if opt.Progress == nil {
			return nil
		}
		return func(done, total int64) { opt.Progress(stage, done, total) }
	}
	a, err := Analyze(s, AnalyzeOptions{Open: opt.Open, Workers: opt.Workers, Progress: progress("analysing")})
	if err != nil {
		return nil, err
	}
	as := newAssistant(a, opt, g)
	as.roles()
	as.findFocus()
	as.groupSources()
	as.phase()
	as.eq()
	as.dynamics()
	as.balance()
	as.masking()
	as.panning()
	as.space()
	as.translation()
	if err := as.refine(progress("refining")); err != nil {
		return nil, err
	}
	if ref != nil {
		if err := as.matchReference(ref, match, opt.Strength, progress("matching")); err != nil {
			return nil, err
		}
	}
	if err := as.gainStaging(progress("checking")); err != nil {
		return nil, err
	}
	return as.report(), nil
}

func trackNames(s *mixer.Session) string {
	var n []string
	for _, t := range s.Tracks {
		n = append(n, fmt.Sprintf("%q", t.Name))
	}
	return strings.Join(n, ", ")
}

// assistant carries one Assist run: the analysis, the profile and the
// working copy the suggestions edit.
type assistant struct {
	a   *Analysis
	opt Options
	p   *Profiles
	g   *Genre
	set Settings
	out *mixer.Session
	tr  []*trackState
	// focus is the index of the focus track, -1 without one.
	focus  int
	groups [][]int // sources: tracks joined by correlation
	sugg   []Suggestion
	warn   []Warning
	mask   []MaskingReport
	mixed  bool // some suggestion changes what the mix sounds like
	refRep *ReferenceReport
	// flipped and aligned record this run's phase suggestions (tracks
	// whose polarity flips, pairs that get aligned).
	flipped map[int]bool
	aligned map[[2]int]bool
	// busT is each bus's measured transfer to the master per series
	// entry (see transfers).
	busT [][]float64
	// loudnessTarget, when set, is the integrated loudness reference
	// matching asks of the master (instead of the headroom target).
	loudnessTarget *float64
}

// trackState is what the suggestions know of a track.
type trackState struct {
	ta       *TrackAnalysis
	role     string
	roleFrom string
	rp       *Role
	// gainDB into the master (fader + bus faders + master, the fader's
	// time average when automated), the fader per 100 ms series entry,
	// the measured transfer of its output to the master (dB, time
	// average; see transfers), and the pan/width energy factor.
	gainDB    float64
	faderAt   []float64
	outPathDB float64
	panFactor float64
	// deltaLU is the predicted change of its loudness from the
	// suggestions made so far (EQ, dynamics, ducking).
	deltaLU float64
	focusLU *float64
	mixLUFS float64
	keptLU  map[string]float64
	sound   SoundFeatures
	group   int
}

func newAssistant(a *Analysis, opt Options, g *Genre) *assistant {
	as := &assistant{a: a, opt: opt, p: opt.Profiles, g: g, set: opt.Profiles.Settings, out: a.Session.Clone(), focus: -1,
		flipped: map[int]bool{}, aligned: map[[2]int]bool{}}
	for _, ta := range a.Tracks {
		as.tr = append(as.tr, &trackState{ta: ta})
	}
	return as
}

// add records a suggestion and applies it to the working copy.
func (as *assistant) add(sg Suggestion) {
	if err := sg.Apply(as.out); err != nil {
		// A suggestion the assistant built does not apply: a programming
		// error; record it rather than writing a broken session.
		as.warn = append(as.warn, Warning{Track: sg.Track, Kind: sg.Kind, Reason: "internal: " + err.Error()})
		return
	}
	if sg.Expected == nil {
		sg.Expected = map[string]Effect{}
	}
	as.sugg = append(as.sugg, sg)
	as.mixed = true
}

func (as *assistant) warnf(track, kind, format string, a ...any) {
	as.warn = append(as.warn, Warning{Track: track, Kind: kind, Reason: fmt.Sprintf(format, a...)})
}

// roles settles each track's role: the session's, else its name's, else
// its sound's.
func (as *assistant) roles() {
	for i, t := range as.tr {
		st := &as.a.Session.Tracks[i]
		t.sound = t.ta.features(as.a.Bands)
		switch {
		case st.Role != "":
			t.role, t.roleFrom = st.Role, RoleFromSession
		case RoleForName(st.Name) != "":
			t.role, t.roleFrom = RoleForName(st.Name), RoleFromName
		case !t.ta.Heard:
			t.role, t.roleFrom = roleUnknown, RoleFromMuted
		default:
			t.role, t.roleFrom = RoleForSound(t.sound), RoleFromSound
		}
		t.rp = as.p.Role(t.role)
		as.routing(i)
	}
	as.transfers()
}

// findFocus picks the focus track: --focus, else the first heard track of
// the genre's focus role (a "vocal" when the genre's is lead-vocal).
func (as *assistant) findFocus() {
	if as.opt.Focus != "" {
		for i, t := range as.tr {
			if t.ta.Name == as.opt.Focus && t.ta.Heard {
				as.focus = i
			}
		}
		return
	}
	want := []string{as.g.Focus}
	if as.g.Focus == "" || as.g.Focus == "lead-vocal" {
		want = []string{"lead-vocal", "vocal"}
	}
	for _, r := range want {
		for i, t := range as.tr {
			if t.role == r && t.ta.Heard && t.ta.IntegratedLUFS > -70 {
				as.focus = i
				return
			}
		}
	}
}

// nonlinear reports suggestions whose effect on the balance the linear
// model cannot predict: polarity and timing changes of tracks feeding a
// bus with dynamics, new dynamics and ducking.
func (as *assistant) nonlinear() bool {
	for _, s := range as.sugg {
		switch s.Kind {
		case KindPhase, KindDynamics:
			return true
		case KindMasking:
			if s.Change.Op == OpAddInsert {
				return true
			}
		}
	}
	return false
}

// refine re-analyses the edited session when nonlinear suggestions were
// made and settles the balance on what it measures: fader moves of the
// second look are folded into the first's, so a second pass of the
// assistant finds (almost) nothing left to move.
func (as *assistant) refine(progress func(done, total int64)) error {
	if !as.nonlinear() {
		return nil
	}
	a2, err := Analyze(as.out, AnalyzeOptions{Open: as.opt.Open, Workers: as.opt.Workers, Progress: progress})
	if err != nil {
		return err
	}
	o2 := as.opt
	as2 := newAssistant(a2, o2, as.g)
	as2.roles()
	as2.findFocus()
	as2.groupSources()
	as2.balance()
	for _, s2 := range as2.sugg {
		merged := false
		for k := range as.sugg {
			s := &as.sugg[k]
			if s.Track == s2.Track && s.Kind == KindBalance && s.Change.Field == "gain" {
				s.Change.To = s2.Change.To
				e := s.Expected["faderDB"]
				e.To = s2.Change.To.(float64)
				s.Expected["faderDB"] = e
				if f, ok := s2.Expected["focusLU"]; ok {
					if f0, ok := s.Expected["focusLU"]; ok {
						f.From = f0.From
					}
					s.Expected["focusLU"] = f
				}
				s.Reason += fmt.Sprintf("; refined on a second analysis of the edited session to %v dB", s2.Change.To)
				merged = true
				break
			}
		}
		if err := s2.Apply(as.out); err != nil {
			return err
		}
		if !merged {
			s2.Reason += " (found on a second analysis of the edited session)"
			as.sugg = append(as.sugg, s2)
		}
	}
	return nil
}

// parseMatch reads --match (nil: everything).
func parseMatch(list []string) (map[string]bool, error) {
	m := map[string]bool{}
	if len(list) == 0 {
		list = []string{"tone", "loudness", "width"}
	}
	for _, x := range list {
		for _, w := range strings.Split(x, ",") {
			w = strings.TrimSpace(strings.ToLower(w))
			switch w {
			case "tone", "loudness", "width":
				m[w] = true
			case "":
			default:
				return nil, optionError("match %q: want tone, loudness and/or width (e.g. --match tone,width)", w)
			}
		}
	}
	return m, nil
}

// roundTo rounds v to a step (0.1 dB for gains): suggestions write
// numbers a person would type.
func roundTo(v, step float64) float64 {
	inv := math.Round(1 / step)
	return math.Round(v*inv) / inv
}
