package loudness

import (
	"slices"

	"immerse/dsp"
)

// Result is a snapshot of every measure of a Meter. Levels are in LUFS, LU,
// dBFS and dBTP; silence (or a measure with no data yet) reads dsp.MinDB
// (−200), never ±Inf or NaN, so the struct always encodes to JSON. Times are
// in seconds from the start of the measurement; a window's time is its end.
type Result struct {
	// IntegratedLUFS is the gated programme loudness (BS.1770-5 eqs. 5–7).
	IntegratedLUFS float64 `json:"integrated_lufs"`
	// RelativeGateLUFS is the relative gate the integrated loudness used
	// (absolute-gated loudness −10 LU).
	RelativeGateLUFS float64 `json:"relative_gate_lufs"`
	// LoudnessRangeLU is LRA per EBU Tech 3342 (0 with no data).
	LoudnessRangeLU float64 `json:"loudness_range_lu"`
	// LRALowLUFS and LRAHighLUFS are the 10th and 95th percentiles of the
	// gated short-term loudness.
	LRALowLUFS  float64 `json:"lra_low_lufs"`
	LRAHighLUFS float64 `json:"lra_high_lufs"`
	// MaxMomentaryLUFS is the largest momentary (400 ms) loudness, evaluated
	// every 10 ms; MaxMomentaryAtSeconds is the end of that window.
	MaxMomentaryLUFS      float64 `json:"max_momentary_lufs"`
	MaxMomentaryAtSeconds float64 `json:"max_momentary_at_s"`
	// MaxShortTermLUFS is the largest short-term (3 s) loudness, evaluated
	// every 10 ms; MaxShortTermAtSeconds is the end of that window.
	MaxShortTermLUFS      float64 `json:"max_short_term_lufs"`
	MaxShortTermAtSeconds float64 `json:"max_short_term_at_s"`
	// SamplePeakDBFS is the largest sample magnitude of all channels.
	SamplePeakDBFS      float64 `json:"sample_peak_dbfs"`
	SamplePeakAtSeconds float64 `json:"sample_peak_at_s"`
	// TruePeakDBTP is the largest true peak of all channels (MinDB when
	// true-peak measurement is off).
	TruePeakDBTP      float64 `json:"true_peak_dbtp"`
	TruePeakAtSeconds float64 `json:"true_peak_at_s"`
	// TruePeakOversampling is the over-sampling factor used (0: off).
	TruePeakOversampling int `json:"true_peak_oversampling"`
	// Channels holds the per-channel weights and peaks, in input order.
	Channels []ChannelResult `json:"channels"`
	// DurationSeconds is the length of audio measured.
	DurationSeconds float64 `json:"duration_s"`
}

// ChannelResult holds the measures of one channel.
type ChannelResult struct {
	Weight         float64 `json:"weight"`
	SamplePeakDBFS float64 `json:"sample_peak_dbfs"`
	TruePeakDBTP   float64 `json:"true_peak_dbtp"`
}

// Result returns all measures so far. It allocates the Channels slice; it
// costs about 20 µs (two passes over the 11000-bin histograms).
func (m *Meter) Result() Result {
	r := Result{
		MaxMomentaryLUFS:      m.maxM,
		MaxMomentaryAtSeconds: m.tickSeconds(m.maxMTicks),
		MaxShortTermLUFS:      m.maxS,
		MaxShortTermAtSeconds: m.tickSeconds(m.maxSTicks),
		SamplePeakDBFS:        dsp.MinDB,
		TruePeakDBTP:          dsp.MinDB,
		DurationSeconds:       float64(m.frames) / float64(m.rate),
		Channels:              make([]ChannelResult, m.channels),
	}
	r.IntegratedLUFS, r.RelativeGateLUFS = m.gating.integrated()
	r.LoudnessRangeLU, r.LRALowLUFS, r.LRAHighLUFS, _ = m.lra.loudnessRange()
	var sp float64
	for c := range r.Channels {
		ch := &r.Channels[c]
		ch.Weight = m.weights[c]
		ch.SamplePeakDBFS = dsp.GainToDB(m.samplePeak[c])
		ch.TruePeakDBTP = dsp.MinDB
		if m.tp != nil {
			ch.TruePeakDBTP = dsp.GainToDB(m.tp.Peak(c))
		}
		if m.samplePeak[c] > sp {
			sp = m.samplePeak[c]
			r.SamplePeakDBFS = ch.SamplePeakDBFS
			r.SamplePeakAtSeconds = float64(m.samplePeakAt[c]) / float64(m.rate)
		}
	}
	if m.tp != nil {
		r.TruePeakDBTP = m.tp.PeakDB()
		r.TruePeakAtSeconds = m.tp.PeakSeconds()
		r.TruePeakOversampling = m.tp.Oversampling()
	}
	return r
}

func (m *Meter) tickSeconds(ticks int64) float64 {
	return float64(ticks*int64(m.tickLen)) / float64(m.rate)
}

// Momentary returns the loudness of the last complete 400 ms window (updated
// every 10 ms), MinDB before the first 400 ms.
func (m *Meter) Momentary() float64 { return m.momentary }

// ShortTerm returns the loudness of the last complete 3 s window (updated
// every 10 ms), MinDB before the first 3 s.
func (m *Meter) ShortTerm() float64 { return m.shortTerm }

// Integrated returns the gated integrated loudness so far (MinDB when no
// gating block passed the gates).
func (m *Meter) Integrated() float64 {
	l, _ := m.gating.integrated()
	return l
}

// LoudnessRange returns LRA so far in LU.
func (m *Meter) LoudnessRange() float64 {
	lra, _, _, _ := m.lra.loudnessRange()
	return lra
}

// MomentarySeries returns a copy of the momentary loudness history: entry i
// is the 400 ms window ending at (i+1)·SeriesStep() seconds (MinDB while the
// window is incomplete). Nil when the series is off.
func (m *Meter) MomentarySeries() []float64 { return slices.Clone(m.seriesM) }

// ShortTermSeries returns a copy of the short-term loudness history: entry i
// is the 3 s window ending at (i+1)·SeriesStep() seconds (MinDB for the
// first 2.9 s). Nil when the series is off.
func (m *Meter) ShortTermSeries() []float64 { return slices.Clone(m.seriesS) }

// SeriesStep returns the time between series entries in seconds: 0.1 until
// the series capacity (WithSeries) is exceeded, then doubling each time.
func (m *Meter) SeriesStep() float64 {
	return float64(m.seriesStride*hopTicks) * float64(m.tickLen) / float64(m.rate)
}
