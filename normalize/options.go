package normalize

import (
	"fmt"
	"math"

	"immerse/delivery"
	"immerse/dsp/dynamics"
	"immerse/speakers"
)

// Defaults.
const (
	DefaultTargetLUFS      = -23.0 // EBU R 128
	DefaultMaxTruePeakDBTP = -1.0  // EBU R 128
	DefaultLookaheadMs     = 1.5
	DefaultReleaseMs       = 100.0
	// ToleranceLU is how close to the target a limited output must measure
	// before it is accepted (a gained-only output is exact).
	ToleranceLU = 0.05
	// TruePeakGuardDB: the output's true peak is kept this far under the
	// ceiling on our meter (dsp/loudness: 4× over-sampling, 32-tap
	// interpolator), because meters whose interpolators are flatter near
	// Nyquist read full-band material higher: ffmpeg's ebur128 read the
	// tests' limited outputs 0.06 dB (music-like stereo) and 0.19 dB
	// (white-noise bursts in 5.1) higher than ours. With the guard the
	// output reads under the ceiling on both. The limiter runs only when
	// the gained true peak would exceed ceiling − guard.
	TruePeakGuardDB = 0.3
	// limiterAimDB is how far under ceiling − guard the limiter aims at
	// first (its output reads up to about 0.1 dB over its ceiling).
	limiterAimDB = 0.1
	// maxPasses bounds the limited passes that refine the gain.
	maxPasses = 6
)

// Options control File. Start from DefaultOptions.
type Options struct {
	// TargetLUFS is the integrated loudness of the output, in (-70, 0].
	TargetLUFS float64
	// MaxTruePeakDBTP is the output's true-peak ceiling, in [-23, 0]
	// (see TruePeakGuardDB).
	MaxTruePeakDBTP float64
	// Layout gives the BS.1770 channel weights (nil: from the file's
	// channel mask; see check.FileLayout).
	Layout *speakers.Layout
	// BitDepth of the output: 16, 24 or 32 (float); 0 keeps the input's
	// (8-bit input gives 16, 64-bit float gives 32).
	BitDepth int
	// Overwrite replaces an existing output file (never the input).
	Overwrite bool
	// LookaheadMs and ReleaseMs of the limiter (0: 1.5 ms and 100 ms).
	LookaheadMs, ReleaseMs float64
	// Progress, when set, is called after each block with the frames done
	// and the total of the passes planned so far.
	Progress func(done, total int64)
	// Platform, when set, replaces TargetLUFS and MaxTruePeakDBTP by the
	// delivery preset's (see platform.go for dialogue-gated and ceiling
	// presets).
	Platform *delivery.Platform
}

// limitDB is the true peak the output must measure under on our meter.
func (o *Options) limitDB() float64 { return o.MaxTruePeakDBTP - TruePeakGuardDB }

// DefaultOptions returns the EBU R 128 target (-23 LUFS, -1 dBTP).
func DefaultOptions() Options {
	return Options{TargetLUFS: DefaultTargetLUFS, MaxTruePeakDBTP: DefaultMaxTruePeakDBTP}
}

func (o *Options) validate() error {
	if !(o.TargetLUFS > -70 && o.TargetLUFS <= 0) {
		return fmt.Errorf("normalize: target %g LUFS: give a loudness from -70 to 0 LUFS (e.g. -23, -16, -14)", o.TargetLUFS)
	}
	if !(o.MaxTruePeakDBTP >= -23 && o.MaxTruePeakDBTP <= 0) {
		return fmt.Errorf("normalize: true-peak ceiling %g dBTP: give -23 to 0 dBTP (e.g. -1)", o.MaxTruePeakDBTP)
	}
	switch o.BitDepth {
	case 0, 16, 24, 32:
	default:
		return fmt.Errorf("normalize: bit depth %d: use 16, 24 or 32 (float), or 0 to keep the input's", o.BitDepth)
	}
	if o.LookaheadMs == 0 {
		o.LookaheadMs = DefaultLookaheadMs
	}
	if o.ReleaseMs == 0 {
		o.ReleaseMs = DefaultReleaseMs
	}
	p := dynamics.LimiterParams{CeilingDB: o.limitDB(), LookaheadMs: o.LookaheadMs, ReleaseMs: o.ReleaseMs}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("normalize: %w", err)
	}
	if math.IsNaN(o.LookaheadMs) || math.IsNaN(o.ReleaseMs) {
		return fmt.Errorf("normalize: limiter times must be numbers")
	}
	return nil
}
