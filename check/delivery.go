package check

import (
	"errors"
	"fmt"

	"immerse/delivery"
	"immerse/speakers"
)

// extras are the delivery measures a check may add: the dialogue meter of
// a dialogue-gated platform (on the first stage) and the playback models
// (on the 2.0 stage, or on the first stage of a mono file).
type extras struct {
	platform *delivery.Platform
	dialogue *delivery.DialogueMeter
	playback *delivery.PlaybackMeter
}

// newExtras builds the measures the options ask for and hooks them into
// the pipeline.
func newExtras(p *pipeline, layout *speakers.Layout, opt *Options) (*extras, error) {
	x := &extras{platform: opt.Platform}
	if opt.Platform != nil && opt.Platform.DialogueGated {
		d, err := delivery.NewDialogueMeter(p.rate, len(layout.Channels), Weights(layout))
		if err != nil {
			return nil, err
		}
		x.dialogue = d
		p.taps = append(p.taps, tap{stage: 0, process: d.Process})
	}
	if len(opt.Playback) > 0 {
		k := playbackStage(p)
		if k < 0 {
			return nil, errors.New("check: --playback needs a 2.0 or 1.0 stage; the fold-down chain has neither (use the default chain or add a 2.0 stage to the custom downmix)")
		}
		m, err := delivery.NewPlaybackMeter(opt.Playback, p.rate, len(p.stages[k].layout.Channels))
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		x.playback = m
		p.taps = append(p.taps, tap{stage: k, process: m.Process})
	}
	return x, nil
}

// playbackStage is the stage the playback models hear: the first 2.0
// stage, else a first stage of one channel (a mono file), else -1.
func playbackStage(p *pipeline) int {
	for i, s := range p.stages {
		if s.layout.Name == "0+2+0" {
			return i
		}
	}
	if len(p.stages[0].layout.Channels) == 1 {
		return 0
	}
	return -1
}

// finish adds the platform's assessment (and its problem, if any) and the
// playback results to the report, and settles the verdict again.
func (x *extras) finish(r *Report, th Thresholds) {
	if x.playback != nil {
		r.Playback = x.playback.Result()
	}
	if x.platform == nil {
		return
	}
	s0 := &r.Stages[0]
	m := delivery.Measurement{IntegratedLUFS: s0.IntegratedLUFS, TruePeakDBTP: s0.TruePeakDBTP}
	if x.dialogue != nil {
		d := x.dialogue.Result()
		m.DialogueLUFS, m.DialoguePercent = &d.LUFS, &d.Percent
	}
	a := delivery.Assess(x.platform, m)
	r.Platform = &a
	sev := ""
	switch a.Verdict {
	case delivery.Fail:
		sev = Fail
	case delivery.Warn:
		sev = Warn
	}
	if sev != "" {
		r.Problems = append(r.Problems, Problem{Stage: s0.Name, Metric: "platform", Severity: sev,
			Value: a.MeasuredLUFS, Limit: a.TargetLUFS, Message: a.Action})
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
