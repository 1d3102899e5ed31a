package cleanup

import (
	"immerse/dsp"
)

// StripParams configures a Stripper. Ranges and defaults: Describe.
type StripParams struct {
	// ThresholdDB: a frame is quiet when every channel's |x| is below this
	// level (dBFS), -120 .. 0 (default -50).
	ThresholdDB float64 `json:"threshold_db" yaml:"threshold_db"`
	// MinSilenceMs: quiet stretches shorter than this stay untouched,
	// 10 .. 60000 (default 250).
	MinSilenceMs float64 `json:"min_silence_ms" yaml:"min_silence_ms"`
	// PreRollMs of the quiet stretch is kept before the sound resumes,
	// 0 .. 2000 (default 20).
	PreRollMs float64 `json:"pre_roll_ms" yaml:"pre_roll_ms"`
	// PostRollMs of the quiet stretch is kept after the sound stops (its
	// decay), 0 .. 5000 (default 50).
	PostRollMs float64 `json:"post_roll_ms" yaml:"post_roll_ms"`
	// FadeMs is the length of the fade into and out of the silence,
	// 0 .. 100 (default 5).
	FadeMs float64 `json:"fade_ms" yaml:"fade_ms"`
}

var stripTable = []dsp.ParamInfo{
	{Name: "threshold_db", Unit: "dB", Min: -120, Max: 0, Default: -50, Doc: "level (dBFS, sample peak of any channel) under which audio counts as silence"},
	{Name: "min_silence_ms", Unit: "ms", Min: 10, Max: 60000, Default: 250, Doc: "shortest quiet stretch that is silenced"},
	{Name: "pre_roll_ms", Unit: "ms", Min: 0, Max: 2000, Default: 20, Doc: "quiet audio kept before the sound resumes"},
	{Name: "post_roll_ms", Unit: "ms", Min: 0, Max: 5000, Default: 50, Doc: "quiet audio kept after the sound stops (its decay)"},
	{Name: "fade_ms", Unit: "ms", Min: 0, Max: 100, Default: 5, Doc: "raised-cosine fade into and out of the silence"},
}

// DefaultStripParams returns the defaults of Describe.
func DefaultStripParams() StripParams {
	var p StripParams
	dsp.DefaultParams(stripTable, &p)
	return p
}

// Describe lists the strip-silence parameters.
func (p StripParams) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), stripTable...) }

// Validate checks every field against Describe's ranges.
func (p StripParams) Validate() error {
	return dsp.CheckParams("cleanup: strip silence", stripTable, p)
}

// DehumParams configures a Dehummer. Ranges and defaults: Describe.
type DehumParams struct {
	// FrequencyHz is the mains frequency the notches start at: 50 or 60
	// (or a measured value such as 49.93), 40 .. 70 (default 50).
	FrequencyHz float64 `json:"frequency_hz" yaml:"frequency_hz"`
	// Harmonics is how many harmonics (the fundamental included) are
	// notched, 1 .. 40 (default 8); those at or above 0.45·rate are skipped.
	Harmonics int `json:"harmonics" yaml:"harmonics"`
	// BandwidthHz sets the width of each notch (the natural frequency of
	// its tracking filter), 0.2 .. 10 (default 1).
	BandwidthHz float64 `json:"bandwidth_hz" yaml:"bandwidth_hz"`
	// Track follows drift of the mains frequency (a frequency-locked loop,
	// at most ±MaxDriftHz from FrequencyHz) (default true).
	Track bool `json:"track" yaml:"track"`
	// TrackHarmonics: the loop listens to the lowest TrackHarmonics
	// harmonics only (those that carry the hum; music near the higher
	// ones must not pull it), 1 .. 40 (default 3).
	TrackHarmonics int `json:"track_harmonics" yaml:"track_harmonics"`
}

// MaxDriftHz bounds the tracked frequency around DehumParams.FrequencyHz.
const MaxDriftHz = 1.0

var dehumTable = []dsp.ParamInfo{
	{Name: "frequency_hz", Unit: "Hz", Min: 40, Max: 70, Default: 50, Doc: "mains frequency: 50 or 60 (or a measured value); the notches follow its drift"},
	{Name: "harmonics", Min: 1, Max: 40, Default: 8, Doc: "number of harmonics notched, the fundamental included"},
	{Name: "bandwidth_hz", Unit: "Hz", Min: 0.2, Max: 10, Default: 1, Doc: "notch width (natural frequency of each notch's tracking filter)"},
	{Name: "track", Unit: "bool", Max: 1, Default: 1, Doc: "track drift of the mains frequency (within ±1 Hz)"},
	{Name: "track_harmonics", Min: 1, Max: 40, Default: 3, Doc: "the drift tracking listens to this many lowest harmonics"},
}

// DefaultDehumParams returns the defaults of Describe.
func DefaultDehumParams() DehumParams {
	var p DehumParams
	dsp.DefaultParams(dehumTable, &p)
	return p
}

// Describe lists the de-hum parameters.
func (p DehumParams) Describe() []dsp.ParamInfo { return append([]dsp.ParamInfo(nil), dehumTable...) }

// Validate checks every field against Describe's ranges.
func (p DehumParams) Validate() error { return dsp.CheckParams("cleanup: dehum", dehumTable, p) }

// DeclickParams configures a Declicker. Ranges and defaults: Describe.
type DeclickParams struct {
	// Threshold is the detection level of the two-sided prediction
	// residual in robust standard deviations (1.4826·MAD) of the
	// residual, 3 .. 50 (default 8); lower finds quieter clicks.
	Threshold float64 `json:"threshold" yaml:"threshold"`
	// MaxClickMs is the longest damage repaired, 0.05 .. 4 (default 2).
	MaxClickMs float64 `json:"max_click_ms" yaml:"max_click_ms"`
	// Order of the autoregressive model, 8 .. 64 (default 32).
	Order int `json:"order" yaml:"order"`
}

var declickTable = []dsp.ParamInfo{
	{Name: "threshold", Min: 3, Max: 50, Default: 8, Doc: "detection level of the prediction residual in robust standard deviations; lower finds quieter clicks"},
	{Name: "max_click_ms", Unit: "ms", Min: 0.05, Max: 4, Default: 2, Doc: "longest damage repaired (longer events are left alone)"},
	{Name: "order", Min: 8, Max: 64, Default: 32, Doc: "order of the autoregressive (linear prediction) model"},
}

// DefaultDeclickParams returns the defaults of Describe.
func DefaultDeclickParams() DeclickParams {
	var p DeclickParams
	dsp.DefaultParams(declickTable, &p)
	return p
}

// Describe lists the de-click parameters.
func (p DeclickParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), declickTable...)
}

// Validate checks every field against Describe's ranges.
func (p DeclickParams) Validate() error { return dsp.CheckParams("cleanup: declick", declickTable, p) }

// DenoiseParams configures a Denoiser. Ranges and defaults: Describe. The
// controls are those of Audacity's Noise Reduction effect.
type DenoiseParams struct {
	// ReductionDB is how far noise is turned down, 0 .. 48 (default 12).
	ReductionDB float64 `json:"reduction_db" yaml:"reduction_db"`
	// SensitivityDB: a time-frequency cell counts as signal when its
	// (frequency-smoothed) power is this far above the noise profile,
	// 0 .. 24 (default 6).
	SensitivityDB float64 `json:"sensitivity_db" yaml:"sensitivity_db"`
	// SmoothingBands: power is averaged over ±SmoothingBands FFT bins for
	// the decision and the gains over as many bins, 0 .. 12 (default 3).
	SmoothingBands int `json:"smoothing_bands" yaml:"smoothing_bands"`
	// AttackMs: time for the gain to rise from the floor to unity; the
	// gain starts rising this long before the sound (lookahead), 0 .. 200
	// (default 20).
	AttackMs float64 `json:"attack_ms" yaml:"attack_ms"`
	// ReleaseMs: time for the gain to fall from unity to the floor, 0 ..
	// 1000 (default 100).
	ReleaseMs float64 `json:"release_ms" yaml:"release_ms"`
}

var denoiseTable = []dsp.ParamInfo{
	{Name: "reduction_db", Unit: "dB", Min: 0, Max: 48, Default: 12, Doc: "how far noise is turned down"},
	{Name: "sensitivity_db", Unit: "dB", Min: 0, Max: 24, Default: 6, Doc: "a cell is signal when its smoothed power is this far above the noise profile"},
	{Name: "smoothing_bands", Min: 0, Max: 12, Default: 3, Doc: "frequency smoothing: ± this many FFT bins for the decision and the gains"},
	{Name: "attack_ms", Unit: "ms", Min: 0, Max: 200, Default: 20, Doc: "gain rise time from the floor to unity (starts ahead of the sound)"},
	{Name: "release_ms", Unit: "ms", Min: 0, Max: 1000, Default: 100, Doc: "gain fall time from unity to the floor"},
}

// DefaultDenoiseParams returns the defaults of Describe.
func DefaultDenoiseParams() DenoiseParams {
	var p DenoiseParams
	dsp.DefaultParams(denoiseTable, &p)
	return p
}

// Describe lists the noise-reduction parameters.
func (p DenoiseParams) Describe() []dsp.ParamInfo {
	return append([]dsp.ParamInfo(nil), denoiseTable...)
}

// Validate checks every field against Describe's ranges.
func (p DenoiseParams) Validate() error { return dsp.CheckParams("cleanup: denoise", denoiseTable, p) }
