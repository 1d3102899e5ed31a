package saturate

import (
	"fmt"

	"immerse/dsp"
)

// Curve names a transfer curve. Every curve has unit slope at 0, so at low
// levels a saturator is a plain gain of DriveDB.
type Curve string

// The curves.
const (
	// Tanh is y = tanh(u): smooth, symmetric (odd harmonics only).
	Tanh Curve = "tanh"
	// SoftClip is the cubic y = u − (4/27)u³ for |u| ≤ 1.5, ±1 beyond:
	// reaches ±1 with zero slope, symmetric.
	SoftClip Curve = "softclip"
	// HardClip is y = max(−1, min(1, u)).
	HardClip Curve = "hardclip"
	// Asym is a tube-like asymmetric curve, y = (tanh(u + b) − tanh b)/(1 − tanh² b)
	// with bias b = 0.3: it clips at +0.77 and −1.41, adds even harmonics
	// (and DC, which a 5 Hz high-pass removes from the wet signal).
	Asym Curve = "asym"
)

// Curves lists every Curve.
var Curves = []Curve{Tanh, SoftClip, HardClip, Asym}

func curveNames() []string {
	s := make([]string, len(Curves))
	for i, c := range Curves {
		s[i] = string(c)
	}
	return s
}

// Params configures a Saturator. Ranges and defaults: Describe.
type Params struct {
	Curve    Curve   `json:"curve" yaml:"curve"`         // default tanh
	DriveDB  float64 `json:"drive_db" yaml:"drive_db"`   // gain into the curve, 0 .. 48 (default 6)
	OutputDB float64 `json:"output_db" yaml:"output_db"` // trim of the wet signal, -48 .. 24 (default 0)
	Mix      float64 `json:"mix" yaml:"mix"`             // 0 = dry .. 1 = wet (default 1)
	// Oversample is the oversampling factor: 1, 2, 4 or 8 (default 4).
	Oversample int `json:"oversample" yaml:"oversample"`
}

var paramsTable = []dsp.ParamInfo{
	{Name: "curve", Max: float64(len(Curves) - 1), Choices: curveNames(), Doc: "transfer curve: tanh, cubic soft clip, hard clip, asymmetric (tube-like, even harmonics)"},
	{Name: "drive_db", Unit: "dB", Min: 0, Max: 48, Default: 6, Doc: "gain into the curve"},
	{Name: "output_db", Unit: "dB", Min: -48, Max: 24, Default: 0, Doc: "trim of the saturated (wet) signal"},
	{Name: "mix", Min: 0, Max: 1, Default: 1, Doc: "dry/wet mix; the dry path is delayed to match the oversampling latency"},
	{Name: "oversample", Unit: "x", Min: 1, Max: 8, Default: 4, Doc: "oversampling factor: 1, 2, 4 or 8"},
}

// DefaultParams returns the defaults of Describe.
func DefaultParams() Params {
	var p Params
	dsp.DefaultParams(paramsTable, &p)
	return p
}

// Describe lists the parameters with units, ranges and defaults.
func (p Params) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), paramsTable...) }

// Validate checks every field against Describe's ranges, and that
// Oversample is 1, 2, 4 or 8.
func (p Params) Validate() error { return p.validate("saturate") }

func (p Params) validate(prefix string) error {
	if err := dsp.CheckParams(prefix, paramsTable, p); err != nil {
		return err
	}
	return checkFactor(prefix, p.Oversample)
}

func checkFactor(prefix string, f int) error {
	switch f {
	case 1, 2, 4, 8:
		return nil
	}
	return fmt.Errorf("%s: oversample = %d is not 1, 2, 4 or 8: %w", prefix, f, dsp.ErrParam)
}

// ExciterParams configures an Exciter. Ranges and defaults: Describe.
type ExciterParams struct {
	FreqHz     float64 `json:"freq_hz" yaml:"freq_hz"`       // high-pass corner of the excited band, 500 .. 16000 (default 3000)
	DriveDB    float64 `json:"drive_db" yaml:"drive_db"`     // drive of the band into the curve, 0 .. 36 (default 12)
	Amount     float64 `json:"amount" yaml:"amount"`         // level of the excited band added back, 0 .. 1 (default 0.3)
	Curve      Curve   `json:"curve" yaml:"curve"`           // default tanh
	Oversample int     `json:"oversample" yaml:"oversample"` // 1, 2, 4 or 8 (default 4)
}

var exciterTable = []dsp.ParamInfo{
	{Name: "freq_hz", Unit: "Hz", Min: 500, Max: 16000, Default: 3000, Doc: "corner of the 12 dB/oct high-pass that selects the excited band"},
	{Name: "drive_db", Unit: "dB", Min: 0, Max: 36, Default: 12, Doc: "drive of the band into the curve (the band's level is restored after it)"},
	{Name: "amount", Min: 0, Max: 1, Default: 0.3, Doc: "level of the saturated band added to the (delayed) input"},
	{Name: "curve", Max: float64(len(Curves) - 1), Choices: curveNames(), Doc: "transfer curve of the band"},
	{Name: "oversample", Unit: "x", Min: 1, Max: 8, Default: 4, Doc: "oversampling factor: 1, 2, 4 or 8"},
}

// DefaultExciterParams returns the defaults of Describe.
func DefaultExciterParams() ExciterParams {
	var p ExciterParams
	dsp.DefaultParams(exciterTable, &p)
	return p
}

// Describe lists the parameters with units, ranges and defaults.
func (p ExciterParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), exciterTable...)
}

// Validate checks every field against Describe's ranges.
func (p ExciterParams) Validate() error {
	if err := dsp.CheckParams("saturate: exciter", exciterTable, p); err != nil {
		return err
	}
	return checkFactor("saturate: exciter", p.Oversample)
}
