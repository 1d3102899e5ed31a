package filter

import (
	"fmt"

	"immerse/dsp"
)

// Kind names a filter design of the RBJ Audio EQ Cookbook.
type Kind string

// The designs. LowPass and HighPass take SlopeDBOct: 6 is the first-order
// (bilinear) filter, 12 the cookbook's second-order filter with Q, and
// 18 to 48 Butterworth cascades of that order (Q is then ignored).
const (
	Peak      Kind = "peak"      // peaking EQ: GainDB at FreqHz, bandwidth from Q
	LowShelf  Kind = "lowshelf"  // GainDB below FreqHz (the shelf midpoint), slope from ShelfSlope or Q
	HighShelf Kind = "highshelf" // GainDB above FreqHz (the shelf midpoint), slope from ShelfSlope or Q
	LowPass   Kind = "lowpass"   // -3.01 dB at FreqHz for the Butterworth alignments
	HighPass  Kind = "highpass"  // -3.01 dB at FreqHz for the Butterworth alignments
	BandPass  Kind = "bandpass"  // constant 0 dB peak gain at FreqHz, bandwidth from Q
	Notch     Kind = "notch"     // zero at FreqHz, bandwidth from Q
	AllPass   Kind = "allpass"   // unity magnitude, phase -180° at FreqHz, from Q
)

// Kinds lists every Kind, in the order of the parameter table's choices.
var Kinds = []Kind{Peak, LowShelf, HighShelf, LowPass, HighPass, BandPass, Notch, AllPass}

// BandParams is one filter band. Which fields matter depends on Kind:
// GainDB for Peak and the shelves, Q for all but the Butterworth cascades
// (and the shelves when ShelfSlope is set), ShelfSlope for the shelves,
// SlopeDBOct for LowPass and HighPass. Ranges and defaults: Describe.
type BandParams struct {
	// Kind is the design (default Peak).
	Kind Kind `json:"kind" yaml:"kind"`
	// FreqHz is the centre, corner or shelf-midpoint frequency in Hz,
	// 1 .. 96000 and below the Nyquist frequency (default 1000).
	FreqHz float64 `json:"freq_hz" yaml:"freq_hz"`
	// GainDB is the peak or shelf gain in dB, -36 .. 36 (default 0).
	GainDB float64 `json:"gain_db" yaml:"gain_db"`
	// Q is the quality factor, 0.1 .. 40 (default 0.7071, Butterworth).
	Q float64 `json:"q" yaml:"q"`
	// ShelfSlope is the cookbook's shelf slope S, 0 .. 1 (1 = steepest
	// without overshoot); 0 uses Q instead (default 0).
	ShelfSlope float64 `json:"shelf_slope" yaml:"shelf_slope"`
	// SlopeDBOct is the low/high-pass slope in dB per octave: 6, 12, 18,
	// 24, 30, 36, 42 or 48, i.e. filter orders 1 to 8 (default 12).
	SlopeDBOct int `json:"slope_db_oct" yaml:"slope_db_oct"`
}

var bandTable = []dsp.ParamInfo{
	{Name: "kind", Min: 0, Max: float64(len(Kinds) - 1), Default: 0, Choices: kindNames(),
		Doc: "filter design (RBJ Audio EQ Cookbook)"},
	{Name: "freq_hz", Unit: "Hz", Min: 1, Max: 96000, Default: 1000,
		Doc: "centre, corner or shelf-midpoint frequency; below the Nyquist frequency"},
	{Name: "gain_db", Unit: "dB", Min: -36, Max: 36, Default: 0,
		Doc: "peak or shelf gain (peak, lowshelf, highshelf)"},
	{Name: "q", Min: 0.1, Max: 40, Default: 0.7071067811865476,
		Doc: "quality factor (ignored by low/high-pass slopes other than 12 dB/oct)"},
	{Name: "shelf_slope", Min: 0, Max: 1, Default: 0,
		Doc: "shelf slope S (1 = steepest monotonic); 0 = use q"},
	{Name: "slope_db_oct", Unit: "dB/oct", Min: 6, Max: 48, Default: 12,
		Doc: "low/high-pass slope, a multiple of 6 (6 = first order, 24 = 4th-order Butterworth)"},
}

func kindNames() []string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return s
}

// DefaultBandParams returns the defaults of Describe: a 1 kHz peak of 0 dB,
// Q 0.7071, slope 12 dB/oct.
func DefaultBandParams() BandParams {
	var p BandParams
	dsp.DefaultParams(bandTable, &p)
	return p
}

// Describe lists the band parameters with units, ranges and defaults.
func (p BandParams) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), bandTable...) }

// Validate checks every field against Describe's ranges, and that
// SlopeDBOct is a multiple of 6.
func (p BandParams) Validate() error { return p.validate("filter: band") }

func (p BandParams) validate(prefix string) error {
	if err := dsp.CheckParams(prefix, bandTable, p); err != nil {
		return err
	}
	if p.SlopeDBOct%6 != 0 {
		return fmt.Errorf("%s: slope_db_oct = %d dB/oct is not a multiple of 6; use 6, 12, 18, 24, 30, 36, 42 or 48: %w",
			prefix, p.SlopeDBOct, dsp.ErrParam)
	}
	return nil
}

// checkRate checks the sample-rate dependent limit: FreqHz below Nyquist.
func (p BandParams) checkRate(prefix string, sampleRate int) error {
	if sampleRate <= 0 {
		return fmt.Errorf("%s: sample rate %d Hz; need a positive rate", prefix, sampleRate)
	}
	if ny := float64(sampleRate) / 2; p.FreqHz >= ny {
		return fmt.Errorf("%s: freq_hz = %g Hz is not below the Nyquist frequency %g Hz at %d Hz; lower it: %w",
			prefix, p.FreqHz, ny, sampleRate, dsp.ErrParam)
	}
	return nil
}

// EQParams is a chain of bands applied in order.
type EQParams struct {
	// Bands, at most MaxBands.
	Bands []BandParams `json:"bands" yaml:"bands"`
}

// MaxBands is the most bands an EQ takes.
const MaxBands = 32

// Validate checks every band; messages name the band by its index (from 1).
func (p EQParams) Validate() error {
	if len(p.Bands) > MaxBands {
		return fmt.Errorf("filter: eq: %d bands; at most %d: %w", len(p.Bands), MaxBands, dsp.ErrParam)
	}
	for i, b := range p.Bands {
		if err := b.validate(fmt.Sprintf("filter: eq band %d", i+1)); err != nil {
			return err
		}
	}
	return nil
}
