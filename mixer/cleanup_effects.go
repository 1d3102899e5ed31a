package mixer

import (
	"math"

	"immerse/dsp"
	"immerse/dsp/cleanup"
	"immerse/dsp/filter"
)

// The clean-up processors of package dsp/cleanup as inserts. As inserts
// they run in one pass: de-hum takes its frequency from the session (50
// or 60, its drift tracked), denoise estimates the noise as it goes
// (minimum statistics) instead of learning a profile; `immerse prep`
// runs them with their analysis passes.
func init() {
	effects = append(effects,
		&effect{
			name: "dehum", doc: "mains hum removal: tracking notches on a 50/60 Hz fundamental and its harmonics, following drift",
			describe: cleanup.DefaultDehumParams().Describe,
			params: []param{
				{name: "frequency", tag: "frequency_hz"},
				{name: "harmonics", tag: "harmonics", check: wholeNumber},
				{name: "bandwidth", tag: "bandwidth_hz"},
				{name: "track", tag: "track"},
				{name: "trackHarmonics", tag: "track_harmonics", check: wholeNumber},
			},
			defaults: func() any { p := cleanup.DefaultDehumParams(); return &p },
			build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
				return cleanup.NewDehummer(*p.(*cleanup.DehumParams), rate, ch)
			},
		},
		&effect{
			name: "declick", doc: "click and pop repair: autoregressive detection from both sides, least-squares interpolation (drum hits and plucks left alone)",
			describe: cleanup.DefaultDeclickParams().Describe,
			params: []param{
				{name: "threshold", tag: "threshold"},
				{name: "maxClick", tag: "max_click_ms"},
				{name: "order", tag: "order", check: wholeNumber},
			},
			defaults: func() any { p := cleanup.DefaultDeclickParams(); return &p },
			build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
				return cleanup.NewDeclicker(*p.(*cleanup.DeclickParams), rate, ch)
			},
		},
		&effect{
			name: "denoise", doc: "spectral noise reduction (Audacity-style controls); as an insert the noise is estimated as it goes (minimum statistics)",
			describe: cleanup.DefaultDenoiseParams().Describe,
			params: []param{
				{name: "reduction", tag: "reduction_db"},
				{name: "sensitivity", tag: "sensitivity_db"},
				{name: "smoothing", tag: "smoothing_bands", check: wholeNumber},
				{name: "attack", tag: "attack_ms"},
				{name: "release", tag: "release_ms"},
			},
			defaults: func() any { p := cleanup.DefaultDenoiseParams(); return &p },
			build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
				return cleanup.NewDenoiser(*p.(*cleanup.DenoiseParams), rate, ch, nil)
			},
		},
		&effect{
			name: "stripsilence", doc: "strip silence: quiet stretches become digital silence with short fades (the track keeps its length)",
			describe: cleanup.DefaultStripParams().Describe,
			params: []param{
				{name: "threshold", tag: "threshold_db"},
				{name: "minSilence", tag: "min_silence_ms"},
				{name: "preRoll", tag: "pre_roll_ms"},
				{name: "postRoll", tag: "post_roll_ms"},
				{name: "fade", tag: "fade_ms"},
			},
			defaults: func() any { p := cleanup.DefaultStripParams(); return &p },
			build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
				return cleanup.NewStripper(*p.(*cleanup.StripParams), rate, ch)
			},
		},
	)
}

// wholeNumber refuses fractions for parameters stored as integers.
func wholeNumber(v float64) string {
	if v != math.Trunc(v) {
		return "is not a whole number"
	}
	return ""
}
