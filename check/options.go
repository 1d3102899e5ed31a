package check

import (
	"fmt"
	"math"

	"immerse/bed"
	"immerse/delivery"
	"immerse/speakers"
)

// Defaults of the thresholds (see the package documentation for the rules).
const (
	DefaultMaxTruePeakDBTP        = -1.0 // EBU R 128: maximum permitted true peak
	DefaultToleranceLU            = 1.0  // EBU R 128 s1 tolerance for live programmes
	DefaultMonoLossWarnLU         = 3.0
	DefaultMonoLossFailLU         = 6.0
	DefaultCorrelationWarn        = -0.3
	DefaultCorrelationWarnSeconds = 1.0
	DefaultJumpWarnLU             = 2.0
	DefaultSilenceDBFS            = -60.0
	DefaultBlockSize              = 4096
)

// Thresholds are the verdict rules' limits. Start from DefaultThresholds.
type Thresholds struct {
	// TargetLUFS, when set, is the integrated loudness the first stage (the
	// file's own layout) must reach within ±ToleranceLU (else fail).
	TargetLUFS  *float64 `json:"targetLUFS,omitempty"`
	ToleranceLU float64  `json:"toleranceLU"`
	// MaxTruePeakDBTP: a stage whose true peak is above it fails.
	MaxTruePeakDBTP float64 `json:"maxTruePeakDBTP"`
	// MonoLossWarnLU and MonoLossFailLU: the 2.0 stage's mono loss above
	// them warns or fails. An octave band whose loss is above
	// MonoLossFailLU warns.
	MonoLossWarnLU float64 `json:"monoLossWarnLU"`
	MonoLossFailLU float64 `json:"monoLossFailLU"`
	// CorrelationWarn and CorrelationWarnSeconds: the 2.0 stage's
	// correlation staying below CorrelationWarn for more than
	// CorrelationWarnSeconds in a row warns.
	CorrelationWarn        float64 `json:"correlationWarn"`
	CorrelationWarnSeconds float64 `json:"correlationWarnSeconds"`
	// JumpWarnLU: an integrated-loudness change between consecutive stages
	// larger than this (either way) warns.
	JumpWarnLU float64 `json:"jumpWarnLU"`
	// Strict makes any warning fail the check: the verdict is then "fail"
	// (the problems keep their "warn" severity).
	Strict bool `json:"strict"`
}

// DefaultThresholds returns the documented defaults: no loudness target,
// true peak -1 dBTP, mono loss warn 3 LU / fail 6 LU, correlation below -0.3
// for more than 1 s warns, stage-to-stage jumps over 2 LU warn.
func DefaultThresholds() Thresholds {
	return Thresholds{
		ToleranceLU:            DefaultToleranceLU,
		MaxTruePeakDBTP:        DefaultMaxTruePeakDBTP,
		MonoLossWarnLU:         DefaultMonoLossWarnLU,
		MonoLossFailLU:         DefaultMonoLossFailLU,
		CorrelationWarn:        DefaultCorrelationWarn,
		CorrelationWarnSeconds: DefaultCorrelationWarnSeconds,
		JumpWarnLU:             DefaultJumpWarnLU,
	}
}

// Validate checks that every threshold is usable.
func (t Thresholds) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case t.TargetLUFS != nil && !(*t.TargetLUFS > -70 && *t.TargetLUFS <= 0):
		return fmt.Errorf("check: target %g LUFS: give a loudness from -70 to 0 LUFS (e.g. -23, -16, -14)", *t.TargetLUFS)
	case !(t.ToleranceLU >= 0 && t.ToleranceLU <= 20):
		return fmt.Errorf("check: tolerance %g LU: give 0 to 20 LU", t.ToleranceLU)
	case !(t.MaxTruePeakDBTP >= -60 && t.MaxTruePeakDBTP <= 20):
		return fmt.Errorf("check: maximum true peak %g dBTP: give -60 to +20 dBTP (e.g. -1)", t.MaxTruePeakDBTP)
	case !(t.MonoLossWarnLU >= 0) || !finite(t.MonoLossWarnLU):
		return fmt.Errorf("check: mono-loss warning %g LU: give a level of 0 LU or more", t.MonoLossWarnLU)
	case !(t.MonoLossFailLU >= t.MonoLossWarnLU) || !finite(t.MonoLossFailLU):
		return fmt.Errorf("check: mono-loss failure %g LU is below the warning level %g LU; give a fail level >= the warn level", t.MonoLossFailLU, t.MonoLossWarnLU)
	case !(t.CorrelationWarn >= -1 && t.CorrelationWarn <= 1):
		return fmt.Errorf("check: correlation warning %g: give a correlation from -1 to 1", t.CorrelationWarn)
	case !(t.CorrelationWarnSeconds >= 0 && t.CorrelationWarnSeconds <= 3600):
		return fmt.Errorf("check: correlation duration %g s: give 0 to 3600 s", t.CorrelationWarnSeconds)
	case !(t.JumpWarnLU >= 0) || !finite(t.JumpWarnLU):
		return fmt.Errorf("check: loudness-jump warning %g LU: give a level of 0 LU or more", t.JumpWarnLU)
	}
	return nil
}

// Options control File, Source and Loudness. The zero value checks with
// the default fold-down (bed.DefaultFold) and DefaultThresholds.
type Options struct {
	// Layout is the file's layout. Nil: from the WAV channel mask; a file
	// without a mask is taken as mono or stereo by its channel count.
	Layout *speakers.Layout
	// Fold sets the fold-down coefficients (nil: bed.DefaultFold; see
	// bed.FoldPresets).
	Fold *bed.FoldOptions
	// Downmix, when set, replaces the standard chain by a custom one (see
	// ParseDownmix). Fold is then unused.
	Downmix *DownmixSpec
	// Thresholds for the verdict (nil: DefaultThresholds).
	Thresholds *Thresholds
	// SilenceDBFS is the level below which a sample counts as silent for
	// the leading/trailing silence (default -60 dBFS; 0 means the default).
	SilenceDBFS float64
	// BlockSize is the number of frames read at once (default 4096). The
	// results do not depend on it.
	BlockSize int
	// NoFold measures the first stage only (what Loudness does).
	NoFold bool
	// Progress, when set, is called after each block with the frames done
	// and the total (total is -1 when the source does not know its length).
	Progress func(done, total int64)
	// Platform, when set, judges the first stage against a delivery
	// preset (see package delivery): its true-peak ceiling replaces
	// Thresholds.MaxTruePeakDBTP, its loudness rule adds a problem, and
	// Report.Platform says what the platform will do. A dialogue-gated
	// preset also measures the dialogue (an approximation).
	Platform *delivery.Platform
	// Playback lists playback models to run the 2.0 stage (or a mono
	// file) through; Report.Playback gets one entry per model.
	Playback []*delivery.System
}

func (o *Options) thresholds() Thresholds {
	if o.Thresholds != nil {
		return *o.Thresholds
	}
	return DefaultThresholds()
}

func (o *Options) silence() float64 {
	if o.SilenceDBFS == 0 {
		return DefaultSilenceDBFS
	}
	return o.SilenceDBFS
}

func (o *Options) validate() error {
	th := o.thresholds()
	if err := th.Validate(); err != nil {
		return err
	}
	if s := o.silence(); !(s >= -200 && s < 0) {
		return fmt.Errorf("check: silence level %g dBFS: give a level below 0 dBFS (e.g. -60)", s)
	}
	if o.BlockSize < 0 || o.BlockSize > 1<<20 {
		return fmt.Errorf("check: block size %d: give 1 to %d frames (0: default)", o.BlockSize, 1<<20)
	}
	return nil
}
