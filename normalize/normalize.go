package normalize

import (
	"errors"
	"fmt"
	"io"
	"math"

	"immerse/check"
	"immerse/delivery"
	"immerse/dsp"
	"immerse/dsp/dynamics"
	"immerse/dsp/loudness"
	"immerse/encoders"
)

// Report says what File did.
type Report struct {
	Input      string  `json:"input"`
	Output     string  `json:"output"`
	Layout     string  `json:"layout"`
	Format     string  `json:"format"` // of the output
	SampleRate int     `json:"sampleRate"`
	Duration   float64 `json:"duration"` // seconds

	TargetLUFS      float64 `json:"targetLUFS"`
	MaxTruePeakDBTP float64 `json:"maxTruePeakDBTP"`

	InputLUFS         float64 `json:"inputLUFS"`
	InputTruePeakDBTP float64 `json:"inputTruePeakDBTP"`

	// GainDB is the gain applied before the limiter.
	GainDB float64 `json:"gainDB"`
	// Limiter says whether the true-peak limiter ran: only when the gained
	// true peak would exceed the ceiling. LimiterCeilingDBTP is where it
	// aimed and MaxGainReductionDB its largest gain reduction (positive).
	Limiter            bool    `json:"limiter"`
	LimiterCeilingDBTP float64 `json:"limiterCeilingDBTP,omitempty"`
	MaxGainReductionDB float64 `json:"maxGainReductionDB"`

	// OutputLUFS and OutputTruePeakDBTP are measured on the samples
	// written (before integer quantisation).
	OutputLUFS         float64 `json:"outputLUFS"`
	OutputTruePeakDBTP float64 `json:"outputTruePeakDBTP"`

	// Passes counts the reads of the input: one to measure, one per
	// output tried.
	Passes   int      `json:"passes"`
	Warnings []string `json:"warnings,omitempty"`

	// With Options.Platform: the preset's name and what its target applies
	// to (delivery.MeasuredIntegrated, MeasuredDialogue or
	// MeasuredFullFallback). For a dialogue-gated target, the dialogue
	// measurements (an approximation; see delivery.DialogueMeter) and the
	// dialogue loudness of the output, estimated as the input's dialogue
	// loudness moved by the output's change of integrated loudness.
	Platform           string   `json:"platform,omitempty"`
	Measurement        string   `json:"measurement,omitempty"`
	DialogueTargetLUFS *float64 `json:"dialogueTargetLUFS,omitempty"`
	InputDialogueLUFS  *float64 `json:"inputDialogueLUFS,omitempty"`
	DialoguePercent    *float64 `json:"dialoguePercent,omitempty"`
	OutputDialogueLUFS *float64 `json:"outputDialogueLUFS,omitempty"`
}

// ErrInput marks errors caused by the input or the options (unreadable or
// silent input, bad options, an output that is the input or exists), as
// opposed to failures while writing; match it with errors.Is.
var ErrInput = errors.New("bad input")

// inputErr wraps err (already prefixed and precise) with ErrInput.
func inputErr(err error) error { return inputError{err} }

type inputError struct{ err error }

func (e inputError) Error() string   { return e.err.Error() }
func (e inputError) Unwrap() []error { return []error{e.err, ErrInput} }

// blockSize is the number of frames processed at once.
const blockSize = 4096

// File measures the integrated loudness and true peak of in, then writes
// out with the gain that brings it to the target; when the gained true
// peak would exceed the ceiling, a true-peak limiter (dsp/dynamics) runs
// after the gain, its latency compensated so that out has in's length and
// alignment, and the gain is refined over a few passes until the limited
// output measures within ToleranceLU of the target. Both files are
// streamed; out is written atomically and is never in itself.
func File(in, out string, opt Options) (*Report, error) {
	opt.applyPlatform()
	if err := opt.validate(); err != nil {
		return nil, inputErr(err)
	}
	if err := notSameFile(in, out); err != nil {
		return nil, inputErr(err)
	}
	r, err := encoders.Open(in)
	if err != nil {
		return nil, inputErr(fmt.Errorf("normalize: %w", err))
	}
	defer r.Close()
	f := r.Format()
	l, _, err := check.FileLayout(f, opt.Layout, in)
	if err != nil {
		return nil, inputErr(fmt.Errorf("normalize: %w", err))
	}
	n := &normalizer{in: in, r: r, opt: opt, weights: check.Weights(l), order: l.WAVOrder(), total: r.Length()}
	rep := &Report{Input: in, Output: out, Layout: check.StageName(l), SampleRate: f.SampleRate,
		Duration: float64(r.Length()) / float64(f.SampleRate), TargetLUFS: opt.TargetLUFS, MaxTruePeakDBTP: opt.MaxTruePeakDBTP}
	if err := n.platformMeters(); err != nil {
		return nil, inputErr(err)
	}
	n.buf = dsp.NewBuffer(f.Channels, blockSize)
	n.outBuf = dsp.NewBuffer(f.Channels, blockSize)
	if n.meter, err = loudness.New(f.SampleRate, f.Channels, n.fileWeights(), loudness.WithSeries(0)); err != nil {
		return nil, fmt.Errorf("normalize: %w", err)
	}

	// Pass 1: measure.
	if err := n.measure(); err != nil {
		return nil, inputErr(fmt.Errorf("normalize: %s: %w", in, err))
	}
	m := n.meter.Result()
	rep.InputLUFS, rep.InputTruePeakDBTP, rep.Passes = m.IntegratedLUFS, m.TruePeakDBTP, 1
	if m.IntegratedLUFS <= dsp.MinDB {
		return nil, inputErr(fmt.Errorf("normalize: %s: the input is silent (no 400 ms block above -70 LUFS); nothing to normalise", in))
	}
	n.platformTarget(rep, m.IntegratedLUFS)
	opt = n.opt
	gain := opt.TargetLUFS - m.IntegratedLUFS
	if gain > 60 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("a gain of %+.1f dB raises the noise floor as much", gain))
	}

	wf := f.AtBitDepth(opt.BitDepth)
	rep.Format = wf.String()
	if m.TruePeakDBTP+gain <= opt.limitDB() {
		// Pass 2: gain only, exact.
		res, err := n.write(out, wf, gain, nil)
		if err != nil {
			return nil, err
		}
		rep.Passes++
		rep.GainDB, rep.OutputLUFS, rep.OutputTruePeakDBTP = gain, res.lufs, res.tp
		n.platformOutput(rep)
		return rep, res.w.Close()
	}
	return n.limited(out, wf, gain, rep)
}

// limited writes outputs with the gain and the limiter until one measures
// within ToleranceLU of the target with its true peak under the ceiling,
// refining the gain by the secant method; it keeps the best output tried.
func (n *normalizer) limited(out string, wf encoders.Format, gain float64, rep *Report) (*Report, error) {
	opt := n.opt
	rep.Limiter = true
	rep.LimiterCeilingDBTP = max(opt.limitDB()-limiterAimDB, -24)
	var best *result
	var prevGain, prevLUFS, prevCeil float64
	slope := 1.0
	for p := 0; p < maxPasses; p++ {
		ceil := rep.LimiterCeilingDBTP
		lim, err := dynamics.NewLimiter(dynamics.LimiterParams{CeilingDB: ceil, LookaheadMs: opt.LookaheadMs, ReleaseMs: opt.ReleaseMs},
			wf.SampleRate, wf.Channels)
		if err != nil {
			if best != nil {
				best.w.Abort()
			}
			return nil, fmt.Errorf("normalize: %w", err)
		}
		res, err := n.write(out, wf, gain, lim)
		if err != nil {
			if best != nil {
				best.w.Abort()
			}
			return nil, err
		}
		rep.Passes++
		if best == nil || res.better(best, opt) {
			if best != nil {
				best.w.Abort()
			}
			best = res
		} else {
			res.w.Abort()
		}
		if best.ok(opt) {
			break
		}
		// The limiter's output reads a little over its ceiling, more so
		// the harder it works: lower the ceiling by the excess.
		if over := res.tp - opt.limitDB(); over > 0 {
			rep.LimiterCeilingDBTP = max(ceil-over-0.05, -24)
		}
		// Next gain: the limiter makes the output rise less than the
		// gain; the slope comes from the last two passes when they had
		// the same ceiling (secant method), else the last one found.
		if p > 0 && ceil == prevCeil && res.lufs != prevLUFS {
			slope = min(max((gain-prevGain)/(res.lufs-prevLUFS), 1), 10)
		}
		prevGain, prevLUFS, prevCeil = gain, res.lufs, ceil
		gain += (opt.TargetLUFS - res.lufs) * slope
	}
	rep.GainDB, rep.OutputLUFS, rep.OutputTruePeakDBTP, rep.MaxGainReductionDB = best.gain, best.lufs, best.tp, best.grMax
	n.platformOutput(rep)
	if !best.ok(opt) {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("after %d passes the limited output measures %.2f LUFS, %.2f dBTP: the target %.1f LUFS needs more limiting than the ceiling %.1f dBTP allows cleanly",
			rep.Passes-1, best.lufs, best.tp, opt.TargetLUFS, opt.MaxTruePeakDBTP))
	}
	if rep.MaxGainReductionDB > 6 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("the limiter reduced peaks by up to %.1f dB; audible limiting is likely — consider a lower target", rep.MaxGainReductionDB))
	}
	return rep, best.w.Close()
}

// result is one output written (not yet closed).
type result struct {
	w                     *encoders.Writer
	gain, lufs, tp, grMax float64
}

func (r *result) ok(opt Options) bool {
	return math.Abs(r.lufs-opt.TargetLUFS) <= ToleranceLU && r.tp <= opt.limitDB()
}

// better prefers an output under the ceiling, then the one nearer the
// target.
func (r *result) better(o *result, opt Options) bool {
	ru, ou := r.tp <= opt.limitDB(), o.tp <= opt.limitDB()
	if ru != ou {
		return ru
	}
	return math.Abs(r.lufs-opt.TargetLUFS) < math.Abs(o.lufs-opt.TargetLUFS)
}

// notSameFile refuses an output that is the input.
func notSameFile(in, out string) error {
	if err := encoders.RefuseInput(in, out); err != nil {
		return fmt.Errorf("normalize: %w (normalize never overwrites its input)", err)
	}
	return nil
}

// normalizer streams the input for each pass.
type normalizer struct {
	in      string
	r       encoders.Reader
	opt     Options
	weights []float64 // BS.2051 order
	order   []int     // file channel -> layout channel
	meter   *loudness.Meter
	buf     [][]float32
	outBuf  [][]float32
	total   int64
	pass    int64
	hdr     [][]float32 // reused slice headers
	ohdr    [][]float32
	dlg     *delivery.DialogueMeter // a dialogue-gated platform's, pass 1
}

// fileWeights returns the weights in file order.
func (n *normalizer) fileWeights() []float64 {
	w := make([]float64, len(n.order))
	for f, k := range n.order {
		w[f] = n.weights[k]
	}
	return w
}

func (n *normalizer) progress(done int64) {
	if n.opt.Progress != nil {
		n.opt.Progress(n.pass*n.total+done, (n.pass+1)*n.total)
	}
}

// measure reads the whole input into the meter.
func (n *normalizer) measure() error {
	n.meter.Reset()
	var done int64
	for {
		k, err := n.r.Read(n.buf)
		if k > 0 {
			n.meter.Process(n.view(n.buf, 0, k))
			if n.dlg != nil {
				n.dlg.Process(n.view(n.buf, 0, k))
			}
			done += int64(k)
			n.progress(done)
		}
		if err == io.EOF {
			n.pass++
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// view returns buf's frames [a, b) as reusable slice headers.
func (n *normalizer) view(buf [][]float32, a, b int) [][]float32 {
	n.hdr = dsp.Slice(n.hdr, buf, a, b)
	return n.hdr
}
