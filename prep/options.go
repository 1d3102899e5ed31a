package prep

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"immerse/dsp/cleanup"
)

// Options choose the clean-up steps of File and Session; a nil step is
// off. The steps always run in the order de-hum, de-click, denoise, strip
// silence.
type Options struct {
	// Dehum is "" (off), "50", "60" or "auto" (the analysis picks 50 or
	// 60 Hz, or finds no hum and leaves the audio alone).
	Dehum string
	// Harmonics is the most harmonics de-hum looks for and notches
	// (0: DefaultHarmonics).
	Harmonics int
	// Declick runs the de-clicker with these parameters.
	Declick *cleanup.DeclickParams
	// Denoise runs the noise reduction with these parameters
	// (ReductionDB is the amount).
	Denoise *cleanup.DenoiseParams
	// NoiseFrom is the stretch the noise profile is learned from (nil:
	// the quietest stretch of cleanup.ProfileSeconds).
	NoiseFrom *Span
	// Strip silences quiet stretches with these parameters.
	Strip *cleanup.StripParams
	// BitDepth of the output: 16, 24 or 32 (float); 0 keeps the input's
	// (8-bit becomes 16, 64-bit float 32).
	BitDepth int
	// Overwrite replaces existing outputs (never an input).
	Overwrite bool
	// Progress, when set, is called after each block with the frames done
	// and the total over all passes.
	Progress func(done, total int64)
}

// DefaultHarmonics is the number of hum harmonics looked for by default.
const DefaultHarmonics = 8

// Span is a stretch of a file in seconds, [Start, End).
type Span struct{ Start, End float64 }

// ParseSpan reads "START:END" in seconds ("1.5:3", "0:0.5").
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return Span{}, fmt.Errorf("prep: noise stretch %q: give START:END in seconds, e.g. 0:0.5", s)
	}
	start, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	end, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return Span{}, fmt.Errorf("prep: noise stretch %q: START and END must be numbers of seconds, e.g. 0:0.5", s)
	}
	sp := Span{start, end}
	return sp, sp.validate()
}

func (s Span) validate() error {
	switch {
	case math.IsNaN(s.Start) || math.IsNaN(s.End) || math.IsInf(s.Start, 0) || math.IsInf(s.End, 0):
		return fmt.Errorf("prep: noise stretch %g:%g: give finite seconds", s.Start, s.End)
	case s.Start < 0:
		return fmt.Errorf("prep: noise stretch %g:%g starts before the file; give START >= 0", s.Start, s.End)
	case s.End <= s.Start:
		return fmt.Errorf("prep: noise stretch %g:%g: END must come after START", s.Start, s.End)
	case s.End-s.Start > 3600:
		return fmt.Errorf("prep: noise stretch %g:%g is longer than an hour; give a stretch of noise alone (a second or so)", s.Start, s.End)
	}
	return nil
}

// ErrNothingToDo is returned when no step is chosen.
var ErrNothingToDo = errors.New("prep: no clean-up step chosen; give at least one of --dehum, --declick, --denoise, --strip-silence")

func (o *Options) validate() error {
	switch o.Dehum {
	case "", "50", "60", "auto":
	default:
		return fmt.Errorf("prep: dehum %q: use 50, 60 or auto", o.Dehum)
	}
	if o.Harmonics < 0 || o.Harmonics > cleanup.MaxHumHarmonics {
		return fmt.Errorf("prep: %d harmonics: use 1 to %d (0: %d)", o.Harmonics, cleanup.MaxHumHarmonics, DefaultHarmonics)
	}
	if o.Dehum == "" && o.Declick == nil && o.Denoise == nil && o.Strip == nil {
		return ErrNothingToDo
	}
	if o.Declick != nil {
		if err := o.Declick.Validate(); err != nil {
			return err
		}
	}
	if o.Denoise != nil {
		if err := o.Denoise.Validate(); err != nil {
			return err
		}
	}
	if o.Strip != nil {
		if err := o.Strip.Validate(); err != nil {
			return err
		}
	}
	if o.NoiseFrom != nil {
		if o.Denoise == nil {
			return errors.New("prep: a noise stretch is given but noise reduction is off; add --denoise DB")
		}
		if err := o.NoiseFrom.validate(); err != nil {
			return err
		}
	}
	switch o.BitDepth {
	case 0, 16, 24, 32:
	default:
		return fmt.Errorf("prep: bit depth %d: use 16, 24 or 32 (float), or 0 to keep the input's", o.BitDepth)
	}
	return nil
}

func (o *Options) harmonics() int {
	if o.Harmonics == 0 {
		return DefaultHarmonics
	}
	return o.Harmonics
}
