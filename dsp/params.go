package dsp

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// ParamInfo describes one parameter of an effect: what a session file calls
// it, its unit, range and default. Every effect's params struct lists its
// parameters with a Describe method returning []ParamInfo, and its Validate
// method checks values against the same table, so the listing the CLI prints
// and the checks the library makes cannot disagree.
type ParamInfo struct {
	// Name is the key in session files: the params struct field's json tag.
	Name string `json:"name"`
	// Unit is "dB", "dBTP", "Hz", "ms", "s", "dB/oct", "bpm", "ratio", "%",
	// "bool" or "" (dimensionless, or a choice).
	Unit string `json:"unit,omitempty"`
	// Min and Max bound the value (inclusive). For a choice they are 0 and
	// len(Choices)-1; for a bool 0 and 1.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Default is the value a new params struct gets (for a choice: the index
	// into Choices; for a bool: 0 or 1).
	Default float64 `json:"default"`
	// Choices lists the allowed values of a text parameter (an enumeration);
	// empty for numbers and bools.
	Choices []string `json:"choices,omitempty"`
	// Doc is one line for a help listing.
	Doc string `json:"doc"`
}

// ParamSet is implemented by every effect's params struct: Describe lists
// its parameters (the same table for every value of the struct), Validate
// checks the values against it with messages naming field, value and range.
type ParamSet interface {
	Describe() []ParamInfo
	Validate() error
}

// DefaultChoice returns the default of a choice parameter ("" for others).
func (p ParamInfo) DefaultChoice() string {
	i := int(p.Default)
	if len(p.Choices) == 0 || i < 0 || i >= len(p.Choices) {
		return ""
	}
	return p.Choices[i]
}

// ErrParam is wrapped by every parameter validation error, so callers can
// test errors.Is(err, dsp.ErrParam).
var ErrParam = errors.New("parameter out of range")

// RangeError reports a parameter value outside its allowed range.
func RangeError(prefix, name string, value float64, unit string, lo, hi float64) error {
	if unit != "" && unit != "bool" {
		unit = " " + unit
	} else {
		unit = ""
	}
	return fmt.Errorf("%s: %s = %g%s is outside the allowed range [%g, %g]; set it within the range: %w",
		prefix, name, value, unit, lo, hi, ErrParam)
}

// CheckParams validates the fields of params (a struct or a pointer to one)
// against infos: for each ParamInfo the field whose json tag (up to the first
// comma) equals Name must be finite and within [Min, Max] (numbers), or one
// of Choices (strings). Bool fields are always valid. prefix starts every
// message, e.g. "dynamics: compressor". It panics when a ParamInfo names no
// field: the table and the struct disagree, a programming error.
func CheckParams(prefix string, infos []ParamInfo, params any) error {
	v := reflect.Indirect(reflect.ValueOf(params))
	t := v.Type()
	for _, info := range infos {
		f, ok := fieldByTag(v, t, info.Name)
		if !ok {
			panic(fmt.Sprintf("%s: parameter table names %q, which %s has no field for", prefix, info.Name, t))
		}
		switch f.Kind() {
		case reflect.Float64, reflect.Float32:
			x := f.Float()
			if math.IsNaN(x) || x < info.Min || x > info.Max {
				return RangeError(prefix, info.Name, x, info.Unit, info.Min, info.Max)
			}
		case reflect.Int, reflect.Int64, reflect.Int32:
			x := float64(f.Int())
			if x < info.Min || x > info.Max {
				return RangeError(prefix, info.Name, x, info.Unit, info.Min, info.Max)
			}
		case reflect.String:
			s := f.String()
			if !slices.Contains(info.Choices, s) {
				return fmt.Errorf("%s: %s = %q is not one of %s: %w",
					prefix, info.Name, s, quoteList(info.Choices), ErrParam)
			}
		case reflect.Bool:
		default:
			panic(fmt.Sprintf("%s: parameter %q has unsupported type %s", prefix, info.Name, f.Type()))
		}
	}
	return nil
}

// DefaultParams sets every field of *params named in infos to its Default
// (numbers, bools) or default choice (strings). Params constructors use it
// so that the table is the single source of the defaults.
func DefaultParams(infos []ParamInfo, params any) {
	v := reflect.ValueOf(params).Elem()
	t := v.Type()
	for _, info := range infos {
		f, ok := fieldByTag(v, t, info.Name)
		if !ok {
			panic(fmt.Sprintf("dsp: parameter table names %q, which %s has no field for", info.Name, t))
		}
		switch f.Kind() {
		case reflect.Float64, reflect.Float32:
			f.SetFloat(info.Default)
		case reflect.Int, reflect.Int64, reflect.Int32:
			f.SetInt(int64(info.Default))
		case reflect.String:
			f.SetString(info.DefaultChoice())
		case reflect.Bool:
			f.SetBool(info.Default != 0)
		}
	}
}

func fieldByTag(v reflect.Value, t reflect.Type, name string) (reflect.Value, bool) {
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "{" + strings.Join(q, ", ") + "}"
}

// RampSeconds is the duration of a parameter ramp: gains and mixes set
// between blocks reach their new value linearly over this time, whatever
// the block size (so the output does not depend on how the stream is cut).
const RampSeconds = 0.02

// RampFrames is RampSeconds at sampleRate, at least one frame.
func RampFrames(sampleRate int) int {
	return max(1, int(math.Round(RampSeconds*float64(sampleRate))))
}

// Ramp smooths a parameter per sample: after Set, Next moves linearly from
// the current value to the target over a fixed number of frames. Setting
// the value it already heads for changes nothing. The zero Ramp holds 0
// with a one-frame ramp; use NewRamp.
type Ramp struct {
	cur, target, step float64
	left, frames      int
}

// NewRamp returns a ramp resting at value that takes frames samples
// (at least 1) to reach a new target.
func NewRamp(value float64, frames int) Ramp {
	return Ramp{cur: value, target: value, frames: max(1, frames)}
}

// Set starts a ramp to target from the current value.
func (r *Ramp) Set(target float64) {
	if target == r.target {
		return
	}
	r.target = target
	r.left = max(1, r.frames)
	r.step = (target - r.cur) / float64(r.left)
}

// Next advances one sample and returns the new value.
func (r *Ramp) Next() float64 {
	if r.left > 0 {
		r.left--
		if r.left == 0 {
			r.cur = r.target
		} else {
			r.cur += r.step
		}
	}
	return r.cur
}

// Value is the current value (what the last Next returned).
func (r *Ramp) Value() float64 { return r.cur }

// Target is the value the ramp heads for.
func (r *Ramp) Target() float64 { return r.target }

// Steady reports whether the ramp rests at its target (Next returns a
// constant): processors use it to take a fast path.
func (r *Ramp) Steady() bool { return r.left == 0 }

// Finish jumps to the target (used by Reset).
func (r *Ramp) Finish() {
	r.cur = r.target
	r.left = 0
}
