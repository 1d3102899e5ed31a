package delay

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"immerse/dsp"
)

// MaxTimeMs is the longest delay: lines are allocated for it.
const MaxTimeMs = 4000

// Params configures a Delay. Ranges and defaults: Describe.
type Params struct {
	// TimeMs is the delay time in ms, 1 .. MaxTimeMs (default 250); used
	// when Note is empty.
	TimeMs float64 `json:"time_ms" yaml:"time_ms"`
	// Note is a tempo-synced note value ("1/4", "1/8." dotted, "1/8t"
	// triplet, …); empty uses TimeMs (default empty).
	Note string `json:"note" yaml:"note"`
	// BPM is the tempo for Note, 20 .. 300 (default 120).
	BPM float64 `json:"bpm" yaml:"bpm"`
	// Feedback is the gain of each repeat, 0 .. 0.98 (default 0.35).
	Feedback float64 `json:"feedback" yaml:"feedback"`
	// PingPong bounces the repeats between left and right (stereo only;
	// default false).
	PingPong bool `json:"ping_pong" yaml:"ping_pong"`
	// LowCutHz is the corner of a first-order high-pass in the feedback
	// path, 0 (off) .. 2000 (default 0).
	LowCutHz float64 `json:"low_cut_hz" yaml:"low_cut_hz"`
	// HighCutHz is the corner of a first-order low-pass in the feedback
	// path, 0 (off) .. 20000 (default 0).
	HighCutHz float64 `json:"high_cut_hz" yaml:"high_cut_hz"`
	// Mix is the dry/wet mix: out = (1−mix)·dry + mix·wet, 0 .. 1
	// (default 0.3).
	Mix float64 `json:"mix" yaml:"mix"`
}

// Notes lists the note values Params.Note accepts ("" = free time):
// whole to 64th notes, straight, dotted (".") and triplet ("t").
var Notes = func() []string {
	s := []string{""}
	for _, d := range []int{1, 2, 4, 8, 16, 32, 64} {
		b := "1/" + strconv.Itoa(d)
		s = append(s, b, b+".", b+"t")
	}
	return s
}()

var paramsTable = []dsp.ParamInfo{
	{Name: "time_ms", Unit: "ms", Min: 1, Max: MaxTimeMs, Default: 250, Doc: "delay time (when note is empty)"},
	{Name: "note", Max: float64(len(Notes) - 1), Choices: Notes, Doc: `tempo-synced note value: "1/4", "1/8." (dotted), "1/8t" (triplet); "" = use time_ms`},
	{Name: "bpm", Unit: "bpm", Min: 20, Max: 300, Default: 120, Doc: "tempo for note"},
	{Name: "feedback", Min: 0, Max: 0.98, Default: 0.35, Doc: "gain of each repeat"},
	{Name: "ping_pong", Unit: "bool", Max: 1, Default: 0, Doc: "repeats alternate left and right (stereo)"},
	{Name: "low_cut_hz", Unit: "Hz", Min: 0, Max: 2000, Default: 0, Doc: "6 dB/oct high-pass in the feedback path; 0 = off"},
	{Name: "high_cut_hz", Unit: "Hz", Min: 0, Max: 20000, Default: 0, Doc: "6 dB/oct low-pass in the feedback path; 0 = off"},
	{Name: "mix", Min: 0, Max: 1, Default: 0.3, Doc: "dry/wet mix"},
}

// DefaultParams returns the defaults of Describe.
func DefaultParams() Params {
	var p Params
	dsp.DefaultParams(paramsTable, &p)
	return p
}

// Describe lists the parameters with units, ranges and defaults.
func (p Params) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), paramsTable...) }

// Validate checks every field against Describe's ranges, and that a synced
// note is no longer than MaxTimeMs at the tempo.
func (p Params) Validate() error {
	if err := dsp.CheckParams("delay", paramsTable, p); err != nil {
		return err
	}
	if ms := p.DelayMs(); ms > MaxTimeMs {
		return fmt.Errorf("delay: note %q at %g bpm is %g ms, longer than %d ms; pick a shorter note or a faster tempo: %w",
			p.Note, p.BPM, ms, MaxTimeMs, dsp.ErrParam)
	}
	return nil
}

// DelayMs is the effective delay time in ms: the note's duration at BPM,
// or TimeMs when Note is empty (or cannot be parsed).
func (p Params) DelayMs() float64 {
	if p.Note == "" {
		return p.TimeMs
	}
	s, err := NoteSeconds(p.Note, p.BPM)
	if err != nil {
		return p.TimeMs
	}
	return 1000 * s
}

// NoteSeconds returns the duration in seconds of a note value at bpm
// quarter notes per minute: "n/d" is n/d of a whole note (4 beats), a
// trailing "." makes it dotted (×3/2), a trailing "t" a triplet (×2/3).
// At 120 bpm "1/4" is 0.5 s, "1/8." 0.375 s and "1/8t" 0.1667 s.
func NoteSeconds(note string, bpm float64) (float64, error) {
	if !(bpm > 0) || math.IsInf(bpm, 0) {
		return 0, fmt.Errorf("delay: tempo %g bpm; need a positive tempo", bpm)
	}
	s := strings.TrimSpace(note)
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "."):
		mult, s = 1.5, strings.TrimSuffix(s, ".")
	case strings.HasSuffix(s, "t"), strings.HasSuffix(s, "T"):
		mult, s = 2.0/3, s[:len(s)-1]
	}
	num, den, ok := strings.Cut(s, "/")
	n, err1 := strconv.Atoi(num)
	d, err2 := strconv.Atoi(den)
	if !ok || err1 != nil || err2 != nil || n <= 0 || d <= 0 {
		return 0, fmt.Errorf(`delay: note %q not understood; write n/d with an optional "." (dotted) or "t" (triplet), e.g. "1/8."`, note)
	}
	sec := 4 * float64(n) / float64(d) * mult * 60 / bpm
	if math.IsInf(sec, 0) {
		return 0, fmt.Errorf("delay: note %q at %g bpm has no finite duration", note, bpm)
	}
	return sec, nil
}
