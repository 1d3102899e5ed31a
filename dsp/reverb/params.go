package reverb

import (
	"immerse/dsp"
)

// Params configures a Reverb. Ranges and defaults: Describe. Size and
// PredelayMs shape the structure and are fixed at construction; the others
// have setters for automation.
type Params struct {
	// Size scales the delay lines (room size), 0 .. 1 (default 0.5).
	Size float64 `json:"size" yaml:"size"`
	// DecayS is the reverberation time RT60 in seconds at low and middle
	// frequencies, 0.1 .. 20 (default 1.5).
	DecayS float64 `json:"decay_s" yaml:"decay_s"`
	// Damping shortens the decay towards high frequencies: the RT60 at
	// Nyquist is DecayS·(1 − 0.9·Damping), 0 .. 1 (default 0.5).
	Damping float64 `json:"damping" yaml:"damping"`
	// PredelayMs delays the reverb's input, 0 .. 250 (default 10).
	PredelayMs float64 `json:"predelay_ms" yaml:"predelay_ms"`
	// Width scales the side of the wet signal: 0 mono, 1 as built, up to
	// 1.5 (default 1).
	Width float64 `json:"width" yaml:"width"`
	// Mix is the dry/wet mix: out = (1−mix)·dry + mix·wet, 0 .. 1
	// (default 0.25).
	Mix float64 `json:"mix" yaml:"mix"`
}

var paramsTable = []dsp.ParamInfo{
	{Name: "size", Min: 0, Max: 1, Default: 0.5, Doc: "room size: scales the delay lines (fixed at construction)"},
	{Name: "decay_s", Unit: "s", Min: 0.1, Max: 20, Default: 1.5, Doc: "reverberation time RT60 at low and middle frequencies"},
	{Name: "damping", Min: 0, Max: 1, Default: 0.5, Doc: "high-frequency damping: RT60 at Nyquist = decay·(1 − 0.9·damping)"},
	{Name: "predelay_ms", Unit: "ms", Min: 0, Max: 250, Default: 10, Doc: "delay before the reverb (fixed at construction)"},
	{Name: "width", Min: 0, Max: 1.5, Default: 1, Doc: "stereo width of the wet signal (mid/side): 0 = mono"},
	{Name: "mix", Min: 0, Max: 1, Default: 0.25, Doc: "dry/wet mix"},
}

// DefaultParams returns the defaults of Describe.
func DefaultParams() Params {
	var p Params
	dsp.DefaultParams(paramsTable, &p)
	return p
}

// Describe lists the parameters with units, ranges and defaults.
func (p Params) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), paramsTable...) }

// Validate checks every field against Describe's ranges.
func (p Params) Validate() error { return dsp.CheckParams("reverb", paramsTable, p) }
