package stereo

import (
	"fmt"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// EQ targets of MidSideParams.EQTarget.
const (
	EQNone = "none" // the EQ is not used
	EQMid  = "mid"  // the EQ filters the mid (L+R)/2
	EQSide = "side" // the EQ filters the side (L−R)/2
)

// MidSideParams configures a MidSide processor. Ranges and defaults:
// Describe (EQ is described by filter.BandParams.Describe per band).
type MidSideParams struct {
	MidGainDB  float64 `json:"mid_gain_db" yaml:"mid_gain_db"`   // -24 .. 12 (default 0)
	SideGainDB float64 `json:"side_gain_db" yaml:"side_gain_db"` // -24 .. 12 (default 0)
	// Width scales the side: 0 = mono, 1 = unchanged, 2 = double side
	// (default 1).
	Width float64 `json:"width" yaml:"width"`
	// EQTarget is "none", "mid" or "side" (default none).
	EQTarget string `json:"eq_target" yaml:"eq_target"`
	// EQ is applied to the mid or the side per EQTarget.
	EQ filter.EQParams `json:"eq" yaml:"eq"`
}

var midSideTable = []dsp.ParamInfo{
	{Name: "mid_gain_db", Unit: "dB", Min: -24, Max: 12, Default: 0, Doc: "gain of the mid (L+R)/2"},
	{Name: "side_gain_db", Unit: "dB", Min: -24, Max: 12, Default: 0, Doc: "gain of the side (L−R)/2"},
	{Name: "width", Min: 0, Max: 2, Default: 1, Doc: "side scale: 0 = mono, 1 = unchanged, 2 = double side"},
	{Name: "eq_target", Max: 2, Choices: []string{EQNone, EQMid, EQSide}, Doc: "where the EQ bands apply: none, mid only or side only"},
}

// DefaultMidSideParams returns the defaults of Describe (no EQ bands).
func DefaultMidSideParams() MidSideParams {
	var p MidSideParams
	dsp.DefaultParams(midSideTable, &p)
	return p
}

// Describe lists the scalar parameters with units, ranges and defaults.
func (p MidSideParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), midSideTable...)
}

// Validate checks the fields against Describe's ranges and the EQ bands.
func (p MidSideParams) Validate() error {
	if err := dsp.CheckParams("stereo: midside", midSideTable, p); err != nil {
		return err
	}
	if err := p.EQ.Validate(); err != nil {
		return fmt.Errorf("stereo: midside: %w", err)
	}
	return nil
}

// UtilityParams configures a Utility. Ranges and defaults: Describe.
type UtilityParams struct {
	GainDB      float64 `json:"gain_db" yaml:"gain_db"`           // -96 .. 24 (default 0)
	InvertLeft  bool    `json:"invert_left" yaml:"invert_left"`   // polarity of the left (or only) channel
	InvertRight bool    `json:"invert_right" yaml:"invert_right"` // polarity of the right channel
	Mono        bool    `json:"mono" yaml:"mono"`                 // both channels get (L+R)/2
	Swap        bool    `json:"swap" yaml:"swap"`                 // exchange left and right
	// Balance attenuates one side: −1 = left only, 0 = centre, 1 = right
	// only (linear gains min(1, 1−b) left, min(1, 1+b) right).
	Balance float64 `json:"balance" yaml:"balance"`
}

var utilityTable = []dsp.ParamInfo{
	{Name: "gain_db", Unit: "dB", Min: -96, Max: 24, Default: 0, Doc: "gain"},
	{Name: "invert_left", Unit: "bool", Max: 1, Doc: "invert the polarity of the left (or only) channel"},
	{Name: "invert_right", Unit: "bool", Max: 1, Doc: "invert the polarity of the right channel"},
	{Name: "mono", Unit: "bool", Max: 1, Doc: "sum to mono: both channels get (L+R)/2"},
	{Name: "swap", Unit: "bool", Max: 1, Doc: "exchange left and right"},
	{Name: "balance", Min: -1, Max: 1, Default: 0, Doc: "balance: -1 left only, 0 centre, 1 right only"},
}

// DefaultUtilityParams returns the defaults of Describe.
func DefaultUtilityParams() UtilityParams {
	var p UtilityParams
	dsp.DefaultParams(utilityTable, &p)
	return p
}

// Describe lists the parameters with units, ranges and defaults.
func (p UtilityParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), utilityTable...)
}

// Validate checks the fields against Describe's ranges.
func (p UtilityParams) Validate() error {
	return dsp.CheckParams("stereo: utility", utilityTable, p)
}
