package check

import (
	"math"

	"immerse/delivery"
	"immerse/dsp"
)

// Report is the result of a fold-down check; its JSON form is the schema
// documented in the package documentation. Levels are rounded to 0.01 dB or
// LU, correlations to 0.001, times to 1 ms; silence reads dsp.MinDB (-200).
type Report struct {
	File       string  `json:"file"`
	Layout     string  `json:"layout"`
	SampleRate int     `json:"sampleRate"`
	Duration   float64 `json:"duration"` // seconds
	// Stages: the file's own layout first, then every fold-down stage.
	Stages []Stage `json:"stages"`
	// Verdict is "pass", "warn" or "fail".
	Verdict  string    `json:"verdict"`
	Problems []Problem `json:"problems"`
	// Thresholds are the limits the verdict applied.
	Thresholds Thresholds `json:"thresholds"`
	// Notes are remarks that are not problems (e.g. a layout override).
	Notes []string `json:"notes,omitempty"`
	// Platform is the delivery preset's view (Options.Platform).
	Platform *delivery.Assessment `json:"platform,omitempty"`
	// Playback is what each playback model keeps (Options.Playback).
	Playback []delivery.PlaybackResult `json:"playback,omitempty"`
}

// Stage holds the measures of one width of the fold-down.
type Stage struct {
	Name     string `json:"name"`
	Channels int    `json:"channels"`
	// Downmix describes the matrix that made this stage from the previous
	// one (empty for the first stage).
	Downmix string `json:"downmix,omitempty"`

	IntegratedLUFS   float64 `json:"integratedLUFS"`
	LoudnessRangeLU  float64 `json:"loudnessRangeLU"`
	MaxMomentaryLUFS float64 `json:"maxMomentaryLUFS"`
	MaxShortTermLUFS float64 `json:"maxShortTermLUFS"`
	SamplePeakDBFS   float64 `json:"samplePeakDBFS"`
	TruePeakDBTP     float64 `json:"truePeakDBTP"`
	TruePeakTime     float64 `json:"truePeakTime"` // seconds
	// ClippedSamples counts samples with |x| > 1 in this stage (after the
	// fold-down's summing, before any limiter), FirstClipTime the first.
	ClippedSamples int64    `json:"clippedSamples"`
	FirstClipTime  *float64 `json:"firstClipTime,omitempty"`
	// LoudnessChangeLU is this stage's integrated loudness minus the
	// previous stage's (absent for the first stage, or when either is
	// silent).
	LoudnessChangeLU *float64 `json:"loudnessChangeLU,omitempty"`
	// LeadingSilenceSeconds and TrailingSilenceSeconds: time before the
	// first and after the last sample at or above the silence level in any
	// channel (the whole duration when there is none).
	LeadingSilenceSeconds  float64 `json:"leadingSilenceSeconds"`
	TrailingSilenceSeconds float64 `json:"trailingSilenceSeconds"`
	// PerChannel in BS.2051 order.
	PerChannel []ChannelStats `json:"perChannel"`

	// The 2.0 stage only.
	Correlation           *Correlation `json:"correlation,omitempty"`
	MonoLossLU            *float64     `json:"monoLossLU,omitempty"`
	MonoLossMaxWindowLU   *float64     `json:"monoLossMaxWindowLU,omitempty"`
	MonoLossMaxWindowTime *float64     `json:"monoLossMaxWindowTime,omitempty"`
	MonoLossByBandLU      BandLosses   `json:"monoLossByBandLU,omitempty"`
	WorstWindows          []Window     `json:"worstWindows,omitempty"`

	// Series for plots (not in the JSON): short-term loudness (LUFS) of the
	// 3 s window ending at (i+1)·ShortTermStep seconds; the correlation of
	// the 400 ms window ending at CorrelationStart + i·CorrelationStep.
	ShortTerm         []float64 `json:"-"`
	ShortTermStep     float64   `json:"-"`
	CorrelationSeries []float64 `json:"-"`
	CorrelationStart  float64   `json:"-"`
	CorrelationStep   float64   `json:"-"`
}

// ChannelStats holds the measures of one channel of a stage.
type ChannelStats struct {
	Label          string  `json:"label"`
	Weight         float64 `json:"weight"` // BS.1770 channel weight
	SamplePeakDBFS float64 `json:"samplePeakDBFS"`
	TruePeakDBTP   float64 `json:"truePeakDBTP"`
	// DCOffset is the channel's mean (full scale = 1).
	DCOffset       float64 `json:"dcOffset"`
	ClippedSamples int64   `json:"clippedSamples"`
}

// Correlation summarises the 2.0 stage's phase correlation (Pearson, 400 ms
// windows every 100 ms; windows where both channels are silent are left
// out).
type Correlation struct {
	Mean             float64 `json:"mean"`
	Min              float64 `json:"min"`
	MinTime          float64 `json:"minTime"` // end of the window with the minimum, s
	NegativeFraction float64 `json:"negativeFraction"`
	// Threshold is the warning level; LongestBelowSeconds the longest run
	// of consecutive windows below it (100 ms per window) and
	// LongestBelowTime the start of its first window.
	Threshold           float64 `json:"threshold"`
	LongestBelowSeconds float64 `json:"longestBelowSeconds"`
	LongestBelowTime    float64 `json:"longestBelowTime"`
	// RunsOverLimit counts the runs longer than the warning duration, and
	// SecondsOverLimit their total length.
	RunsOverLimit    int     `json:"runsOverLimit"`
	SecondsOverLimit float64 `json:"secondsOverLimit"`
}

// Window is one of the 2.0 stage's worst (lowest-correlation) 400 ms
// windows.
type Window struct {
	Start       float64 `json:"start"` // seconds
	End         float64 `json:"end"`
	Correlation float64 `json:"correlation"`
	MonoLossLU  float64 `json:"monoLossLU"`
}

// Problem is one finding of the verdict.
type Problem struct {
	Stage  string `json:"stage"`
	Metric string `json:"metric"` // the Stage JSON field it concerns
	// Severity is "warn" or "fail".
	Severity string  `json:"severity"`
	Value    float64 `json:"value"`
	Limit    float64 `json:"limit"`
	// Time is where to listen, in seconds (nil for whole-programme
	// figures such as the integrated loudness).
	Time    *float64 `json:"time"`
	Message string   `json:"message"`
}

// LoudnessReport is the BS.1770 measurement of a file in its own layout.
// In JSON the stage's fields are inline: {"file", "layout", "sampleRate",
// "duration", "name", "channels", "integratedLUFS", …, "perChannel"}.
type LoudnessReport struct {
	File       string  `json:"file"`
	Layout     string  `json:"layout"`
	SampleRate int     `json:"sampleRate"`
	Duration   float64 `json:"duration"`
	Stage
	Notes []string `json:"notes,omitempty"`
}

// round rounds x to 1/scale (scale 100: two decimals); dividing gives the
// double nearest the decimal, which prints exactly.
func round(x, scale float64) float64 { return math.Round(x*scale) / scale }

func db(x float64) float64 { return round(x, 100) }

func ptr(x float64) *float64 { return &x }

// report gathers every stage's measures.
func (p *pipeline) report() *Report {
	sec := func(frames int64) float64 { return round(float64(frames)/float64(p.rate), 1000) }
	r := &Report{Layout: p.stages[0].name, SampleRate: p.rate, Duration: sec(p.frames), Problems: []Problem{}}
	for i, s := range p.stages {
		m := s.meter.Result()
		st := Stage{
			Name: s.name, Channels: len(s.layout.Channels),
			IntegratedLUFS: db(m.IntegratedLUFS), LoudnessRangeLU: db(m.LoudnessRangeLU),
			MaxMomentaryLUFS: db(m.MaxMomentaryLUFS), MaxShortTermLUFS: db(m.MaxShortTermLUFS),
			SamplePeakDBFS: db(m.SamplePeakDBFS), TruePeakDBTP: db(m.TruePeakDBTP), TruePeakTime: round(m.TruePeakAtSeconds, 1000),
			ShortTerm: s.meter.ShortTermSeries(), ShortTermStep: s.meter.SeriesStep(),
		}
		if s.mix != nil {
			st.Downmix = s.mix.Source
		}
		if s.firstClip >= 0 {
			st.FirstClipTime = ptr(sec(s.firstClip))
		}
		if i > 0 {
			prev := r.Stages[i-1].IntegratedLUFS
			if prev > dsp.MinDB && st.IntegratedLUFS > dsp.MinDB {
				st.LoudnessChangeLU = ptr(db(st.IntegratedLUFS - prev))
			}
		}
		st.LeadingSilenceSeconds, st.TrailingSilenceSeconds = r.Duration, r.Duration
		if s.first >= 0 {
			st.LeadingSilenceSeconds = sec(s.first)
			st.TrailingSilenceSeconds = sec(p.frames - 1 - s.last)
		}
		for c, ch := range s.layout.Channels {
			cs := ChannelStats{Label: ch.Label, Weight: m.Channels[c].Weight,
				SamplePeakDBFS: db(m.Channels[c].SamplePeakDBFS), TruePeakDBTP: db(m.Channels[c].TruePeakDBTP),
				ClippedSamples: s.clipped[c]}
			if p.frames > 0 {
				cs.DCOffset = round(s.sum[c]/float64(p.frames), 1e6)
			}
			st.ClippedSamples += s.clipped[c]
			st.PerChannel = append(st.PerChannel, cs)
		}
		if s.stereo != nil {
			s.stereo.finish()
			stereoReport(&st, s.stereo, p.rate)
		}
		r.Stages = append(r.Stages, st)
	}
	return r
}

// stereoReport adds the 2.0 figures.
func stereoReport(st *Stage, s *stereoStage, rate int) {
	m := s.meter.Result()
	c := m.Correlation
	st.Correlation = &Correlation{
		Mean: round(c.Mean, 1000), Min: round(c.Min, 1000), MinTime: round(c.MinAtSeconds, 1000),
		NegativeFraction: round(c.NegativeFraction, 1000), Threshold: s.threshold,
		LongestBelowSeconds: round(s.hopSeconds(s.longest, rate), 1000),
		RunsOverLimit:       s.runsOver, SecondsOverLimit: round(s.hopSeconds(s.hopsOver, rate), 1000),
	}
	if s.longest > 0 {
		st.Correlation.LongestBelowTime = round(s.hopSeconds(s.longestFirst-windowHops, rate), 1000)
	}
	st.MonoLossLU = ptr(db(m.MonoLoss.LU))
	st.MonoLossMaxWindowLU = ptr(db(m.MonoLoss.MaxWindowLU))
	st.MonoLossMaxWindowTime = ptr(round(m.MonoLoss.MaxWindowAtSeconds, 1000))
	for _, b := range m.MonoLoss.Bands {
		st.MonoLossByBandLU = append(st.MonoLossByBandLU, BandLoss{CentreHz: b.CenterHz, LU: db(b.LU)})
	}
	for _, w := range c.Worst {
		st.WorstWindows = append(st.WorstWindows, Window{Start: round(w.StartSeconds, 1000), End: round(w.EndSeconds, 1000),
			Correlation: round(w.Correlation, 1000), MonoLossLU: db(w.MonoLossLU)})
	}
	st.CorrelationSeries = s.corr.values()
	st.CorrelationStep = s.hopSeconds(s.corr.stride, rate)
	st.CorrelationStart = s.hopSeconds(windowHops-1+s.corr.stride, rate)
}
