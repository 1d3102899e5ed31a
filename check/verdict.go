package check

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// Verdicts and severities.
const (
	Pass = "pass"
	Warn = "warn"
	Fail = "fail"
)

// eps absorbs the binary representation of the rounded figures: a value
// printed equal to its limit is not over it.
const eps = 1e-9

// judge applies the thresholds to the measured stages, filling Problems and
// Verdict. Every rule compares the rounded figures of the report with
// "over" (strictly greater), so a value exactly at a limit passes.
func judge(r *Report, th Thresholds) {
	r.Problems = r.Problems[:0]
	add := func(p Problem) { r.Problems = append(r.Problems, p) }
	for i := range r.Stages {
		s := &r.Stages[i]
		if i == 0 && th.TargetLUFS != nil {
			t := *th.TargetLUFS
			if off := s.IntegratedLUFS - t; math.Abs(off) > th.ToleranceLU+eps {
				add(Problem{Stage: s.Name, Metric: "integratedLUFS", Severity: Fail, Value: s.IntegratedLUFS, Limit: t,
					Message: fmt.Sprintf("integrated loudness %s LUFS is %.1f LU %s the %.1f LUFS target (tolerance ±%.1f LU); adjust the gain (immerse normalize)",
						level(s.IntegratedLUFS), math.Abs(off), aboveBelow(off), t, th.ToleranceLU)})
			}
		}
		if s.TruePeakDBTP > th.MaxTruePeakDBTP+eps {
			add(Problem{Stage: s.Name, Metric: "truePeakDBTP", Severity: Fail, Value: s.TruePeakDBTP, Limit: th.MaxTruePeakDBTP, Time: ptr(s.TruePeakTime),
				Message: fmt.Sprintf("true peak %+.2f dBTP at %s is over the %.1f dBTP limit; lower the level or limit the true peak of this width",
					s.TruePeakDBTP, clock(s.TruePeakTime), th.MaxTruePeakDBTP)})
		}
		if s.ClippedSamples > 0 {
			add(Problem{Stage: s.Name, Metric: "clippedSamples", Severity: Warn, Value: float64(s.ClippedSamples), Limit: 0, Time: s.FirstClipTime,
				Message: fmt.Sprintf("%d samples over full scale after summing (first at %s); they clip in fixed-point delivery",
					s.ClippedSamples, clock(deref(s.FirstClipTime)))})
		}
		if s.LoudnessChangeLU != nil && math.Abs(*s.LoudnessChangeLU) > th.JumpWarnLU+eps {
			ch := *s.LoudnessChangeLU
			add(Problem{Stage: s.Name, Metric: "loudnessChangeLU", Severity: Warn, Value: ch, Limit: th.JumpWarnLU,
				Message: fmt.Sprintf("%s is %.2f LU %s than %s (more than ±%.1f LU): the fold-down changes the loudness",
					s.Name, math.Abs(ch), louderQuieter(ch), r.Stages[i-1].Name, th.JumpWarnLU)})
		}
		if s.MonoLossLU != nil {
			judgeStereo(s, th, add)
		}
	}
	r.Verdict = Pass
	for _, p := range r.Problems {
		if p.Severity == Fail || th.Strict {
			r.Verdict = Fail
			break
		}
		r.Verdict = Warn
	}
}

// judgeStereo applies the mono-loss and correlation rules to a 2.0 stage.
func judgeStereo(s *Stage, th Thresholds, add func(Problem)) {
	loss := *s.MonoLossLU
	sev, limit := "", 0.0
	switch {
	case loss > th.MonoLossFailLU+eps:
		sev, limit = Fail, th.MonoLossFailLU
	case loss > th.MonoLossWarnLU+eps:
		sev, limit = Warn, th.MonoLossWarnLU
	}
	if sev != "" {
		add(Problem{Stage: s.Name, Metric: "monoLossLU", Severity: sev, Value: loss, Limit: limit, Time: s.MonoLossMaxWindowTime,
			Message: fmt.Sprintf("mono loss %.2f LU is over the %s limit %.1f LU: the mono fold-down loses loudness (out-of-phase or very wide content; worst 400 ms window ends at %s, %.1f LU)",
				loss, severityWord(sev), limit, clock(deref(s.MonoLossMaxWindowTime)), deref(s.MonoLossMaxWindowLU))})
	}
	for _, b := range s.MonoLossByBandLU {
		if b.LU > th.MonoLossFailLU+eps {
			add(Problem{Stage: s.Name, Metric: "monoLossByBandLU", Severity: Warn, Value: b.LU, Limit: th.MonoLossFailLU,
				Message: fmt.Sprintf("the %s Hz octave loses %.1f LU in mono (over %.1f LU): out-of-phase content in that band", BandKey(b.CentreHz), b.LU, th.MonoLossFailLU)})
		}
	}
	if c := s.Correlation; c != nil && c.LongestBelowSeconds > th.CorrelationWarnSeconds+eps {
		more := ""
		if c.RunsOverLimit > 1 {
			more = fmt.Sprintf("; %d such stretches, %.1f s in all", c.RunsOverLimit, c.SecondsOverLimit)
		}
		add(Problem{Stage: s.Name, Metric: "correlation", Severity: Warn, Value: c.LongestBelowSeconds, Limit: th.CorrelationWarnSeconds, Time: ptr(c.LongestBelowTime),
			Message: fmt.Sprintf("correlation below %.2f for %.1f s from %s (more than %.1f s%s): out-of-phase content cancels in mono",
				c.Threshold, c.LongestBelowSeconds, clock(c.LongestBelowTime), th.CorrelationWarnSeconds, more)})
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func level(v float64) string {
	if v <= dsp.MinDB {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", v)
}

func aboveBelow(off float64) string {
	if off > 0 {
		return "above"
	}
	return "below"
}

func louderQuieter(ch float64) string {
	if ch > 0 {
		return "louder"
	}
	return "quieter"
}

func severityWord(sev string) string {
	if sev == Fail {
		return "failure"
	}
	return "warning"
}

// clock formats seconds as m:ss.sss.
func clock(s float64) string {
	m := math.Floor(s / 60)
	return fmt.Sprintf("%d:%06.3f", int(m), s-60*m)
}
