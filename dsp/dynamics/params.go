package dynamics

import (
	"immerse/dsp"
)

// Detector choices.
const (
	Peak = "peak" // instantaneous magnitude, level 20·log10|x|
	RMS  = "rms"  // mean square over a sliding window, level 10·log10(ms)
)

// Link choices: how the channels of the key (the sidechain, or the input
// itself) combine into one level, before the detector's window.
const (
	LinkMax  = "max"  // the largest |x| (peak) or x² (rms) of the channels, per sample
	LinkMean = "mean" // the mean |x| (peak) or mean x² (rms) of the channels
)

// CompressorParams configures a Compressor. Ranges and defaults: Describe.
type CompressorParams struct {
	ThresholdDB float64 `json:"threshold_db" yaml:"threshold_db"`   // dBFS of the detector level, -80 .. 0 (default -18)
	Ratio       float64 `json:"ratio" yaml:"ratio"`                 // 1 .. 100 (default 4)
	KneeDB      float64 `json:"knee_db" yaml:"knee_db"`             // soft knee width, 0 (hard) .. 24 (default 6)
	AttackMs    float64 `json:"attack_ms" yaml:"attack_ms"`         // time to 1-1/e of a step, 0 .. 500 (default 10)
	ReleaseMs   float64 `json:"release_ms" yaml:"release_ms"`       // time to 1-1/e of a step, 1 .. 5000 (default 100)
	MakeupDB    float64 `json:"makeup_db" yaml:"makeup_db"`         // -24 .. 48 (default 0)
	AutoMakeup  bool    `json:"auto_makeup" yaml:"auto_makeup"`     // add -StaticCurve(0 dB) to the makeup (default false)
	Detector    string  `json:"detector" yaml:"detector"`           // "peak" or "rms" (default peak)
	RMSWindowMs float64 `json:"rms_window_ms" yaml:"rms_window_ms"` // 1 .. 300 (default 10)
	Link        string  `json:"link" yaml:"link"`                   // "max" or "mean" (default max)
	// SidechainHPFHz high-passes the key (12 dB/oct Butterworth) before
	// detection, 0 (off) .. 2000 (default 0).
	SidechainHPFHz float64 `json:"sidechain_hpf_hz" yaml:"sidechain_hpf_hz"`
	// LookaheadMs delays the audio (not the key) and reports it as
	// Latency, 0 .. 20 (default 0).
	LookaheadMs float64 `json:"lookahead_ms" yaml:"lookahead_ms"`
}

var detectorDocs = []dsp.ParamInfo{
	{Name: "detector", Max: 1, Choices: []string{Peak, RMS}, Doc: "level detector: instantaneous peak or windowed RMS"},
	{Name: "rms_window_ms", Unit: "ms", Min: 1, Max: 300, Default: 10, Doc: "RMS detector window (sliding mean of x²)"},
	{Name: "link", Max: 1, Choices: []string{LinkMax, LinkMean}, Doc: "channel linking of the key: max or mean of the channels"},
	{Name: "sidechain_hpf_hz", Unit: "Hz", Min: 0, Max: 2000, Default: 0, Doc: "12 dB/oct high-pass on the key before detection; 0 = off"},
	{Name: "lookahead_ms", Unit: "ms", Min: 0, Max: 20, Default: 0, Doc: "delays the audio so the detector sees ahead; reported as latency"},
}

var compressorTable = append([]dsp.ParamInfo{
	{Name: "threshold_db", Unit: "dB", Min: -80, Max: 0, Default: -18, Doc: "threshold of the detector level (dBFS)"},
	{Name: "ratio", Unit: "ratio", Min: 1, Max: 100, Default: 4, Doc: "compression ratio above the knee (n:1)"},
	{Name: "knee_db", Unit: "dB", Min: 0, Max: 24, Default: 6, Doc: "soft knee width (quadratic knee, Giannoulis et al. 2012); 0 = hard"},
	{Name: "attack_ms", Unit: "ms", Min: 0, Max: 500, Default: 10, Doc: "attack: time for the gain reduction to reach 1-1/e (63%) of a step"},
	{Name: "release_ms", Unit: "ms", Min: 1, Max: 5000, Default: 100, Doc: "release: time to recover 1-1/e (63%) of the gain reduction"},
	{Name: "makeup_db", Unit: "dB", Min: -24, Max: 48, Default: 0, Doc: "output gain"},
	{Name: "auto_makeup", Unit: "bool", Max: 1, Default: 0, Doc: "add the gain reduction of a 0 dBFS level to the makeup"},
}, detectorDocs...)

// DefaultCompressorParams returns the defaults of Describe.
func DefaultCompressorParams() CompressorParams {
	var p CompressorParams
	dsp.DefaultParams(compressorTable, &p)
	return p
}

// Describe lists the compressor parameters with units, ranges and defaults.
func (p CompressorParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), compressorTable...)
}

// Validate checks every field against Describe's ranges.
func (p CompressorParams) Validate() error {
	return dsp.CheckParams("dynamics: compressor", compressorTable, p)
}

// GateParams configures a Gate (a downward expander; a gate at ratio 100).
type GateParams struct {
	ThresholdDB float64 `json:"threshold_db" yaml:"threshold_db"` // -100 .. 0 (default -50)
	RangeDB     float64 `json:"range_db" yaml:"range_db"`         // most attenuation, 0 .. 120 (default 80)
	// Ratio is the expansion ratio below the threshold, 1 .. 100; 100
	// means ∞ (a gate: fully closed to -RangeDB below the threshold).
	Ratio          float64 `json:"ratio" yaml:"ratio"`
	AttackMs       float64 `json:"attack_ms" yaml:"attack_ms"`   // 0 .. 500 (default 1)
	HoldMs         float64 `json:"hold_ms" yaml:"hold_ms"`       // 0 .. 2000 (default 20)
	ReleaseMs      float64 `json:"release_ms" yaml:"release_ms"` // 1 .. 5000 (default 100)
	Detector       string  `json:"detector" yaml:"detector"`
	RMSWindowMs    float64 `json:"rms_window_ms" yaml:"rms_window_ms"`
	Link           string  `json:"link" yaml:"link"`
	SidechainHPFHz float64 `json:"sidechain_hpf_hz" yaml:"sidechain_hpf_hz"`
	LookaheadMs    float64 `json:"lookahead_ms" yaml:"lookahead_ms"`
}

// GateRatio is the ratio at which a Gate behaves as a gate (∞:1).
const GateRatio = 100

var gateTable = append([]dsp.ParamInfo{
	{Name: "threshold_db", Unit: "dB", Min: -100, Max: 0, Default: -50, Doc: "level below which the gain falls (dBFS)"},
	{Name: "range_db", Unit: "dB", Min: 0, Max: 120, Default: 80, Doc: "most attenuation (the closed gate's depth)"},
	{Name: "ratio", Unit: "ratio", Min: 1, Max: GateRatio, Default: GateRatio, Doc: "expansion ratio below the threshold (1:n); 100 = gate (∞)"},
	{Name: "attack_ms", Unit: "ms", Min: 0, Max: 500, Default: 1, Doc: "opening: time to cover 1-1/e (63%) of the gain step (linear gain)"},
	{Name: "hold_ms", Unit: "ms", Min: 0, Max: 2000, Default: 20, Doc: "time the gain stays up after the level falls before release starts"},
	{Name: "release_ms", Unit: "ms", Min: 1, Max: 5000, Default: 100, Doc: "closing: time to cover 1-1/e (63%) of the gain step (linear gain)"},
}, detectorDocs...)

// DefaultGateParams returns the defaults of Describe.
func DefaultGateParams() GateParams {
	var p GateParams
	dsp.DefaultParams(gateTable, &p)
	return p
}

// Describe lists the gate parameters with units, ranges and defaults.
func (p GateParams) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), gateTable...) }

// Validate checks every field against Describe's ranges.
func (p GateParams) Validate() error { return dsp.CheckParams("dynamics: gate", gateTable, p) }

// LimiterParams configures a Limiter.
type LimiterParams struct {
	CeilingDB   float64 `json:"ceiling_db" yaml:"ceiling_db"`       // dBTP, -24 .. 0 (default -1)
	InputGainDB float64 `json:"input_gain_db" yaml:"input_gain_db"` // gain before limiting, -24 .. 24 (default 0)
	LookaheadMs float64 `json:"lookahead_ms" yaml:"lookahead_ms"`   // 1 .. 10 (default 1.5)
	ReleaseMs   float64 `json:"release_ms" yaml:"release_ms"`       // 1 .. 2000 (default 50)
}

var limiterTable = []dsp.ParamInfo{
	{Name: "ceiling_db", Unit: "dBTP", Min: -24, Max: 0, Default: -1, Doc: "output ceiling: sample peaks never exceed it, true peaks stay within 0.5 dB"},
	{Name: "input_gain_db", Unit: "dB", Min: -24, Max: 24, Default: 0, Doc: "gain applied before limiting (drive)"},
	{Name: "lookahead_ms", Unit: "ms", Min: 1, Max: 10, Default: 1.5, Doc: "lookahead = latency; the gain ramps down over it before a peak"},
	{Name: "release_ms", Unit: "ms", Min: 1, Max: 2000, Default: 50, Doc: "time to recover 1-1/e (63%) of the gain reduction (linear gain)"},
}

// DefaultLimiterParams returns the defaults of Describe.
func DefaultLimiterParams() LimiterParams {
	var p LimiterParams
	dsp.DefaultParams(limiterTable, &p)
	return p
}

// Describe lists the limiter parameters with units, ranges and defaults.
func (p LimiterParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), limiterTable...)
}

// Validate checks every field against Describe's ranges.
func (p LimiterParams) Validate() error { return dsp.CheckParams("dynamics: limiter", limiterTable, p) }
