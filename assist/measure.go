package assist

import (
	"math"
	"slices"

	"immerse/dsp"
)

// Measurements describe one signal (a track as the session plays it, the
// master, a reference, a file) where it plays. Levels are dBFS with a
// full-scale sine at -3.01 dB for RMS and band levels (mean square of the
// channels summed), loudness per ITU-R BS.1770 (LUFS, LU).
type Measurements struct {
	Channels int `json:"channels"`
	// ActiveSeconds is how long the signal plays: the time covered by
	// its active frames (see Activity in the package documentation).
	ActiveSeconds float64 `json:"activeSeconds"`
	// IntegratedLUFS is the BS.1770 gated loudness (-200 for silence).
	IntegratedLUFS float64 `json:"integratedLUFS"`
	// ShortTermMaxLUFS and ShortTermMedianLUFS: the loudest 3 s window,
	// and the median of the short-term loudness where the signal plays.
	ShortTermMaxLUFS    float64 `json:"shortTermMaxLUFS"`
	ShortTermMedianLUFS float64 `json:"shortTermMedianLUFS"`
	// LoudnessRangeLU is the EBU Tech 3342 loudness range.
	LoudnessRangeLU float64 `json:"loudnessRangeLU"`
	// SamplePeakDBFS and TruePeakDBTP (4× oversampled, BS.1770 Annex 2).
	SamplePeakDBFS float64 `json:"samplePeakDBFS"`
	TruePeakDBTP   float64 `json:"truePeakDBTP"`
	// RMSDBFS is the RMS level where the signal plays; CrestDB the sample
	// peak over it; PLRDB the peak-to-loudness ratio, true peak minus
	// integrated loudness.
	RMSDBFS float64 `json:"rmsDBFS"`
	CrestDB float64 `json:"crestDB"`
	PLRDB   float64 `json:"plrDB"`
	// Level distribution: the RMS levels of windows of three hops (about
	// 0.26 s, long enough to ignore articulation, short enough to follow
	// phrases) centred on every hop where the signal plays: 10th, 50th
	// and 95th percentiles (dBFS), and the spread p95 - p50 the dynamics
	// suggestions read.
	LevelP10DBFS float64 `json:"levelP10DBFS"`
	LevelP50DBFS float64 `json:"levelP50DBFS"`
	LevelP95DBFS float64 `json:"levelP95DBFS"`
	SpreadDB     float64 `json:"spreadDB"`
	// SpectrumDB is the long-term 1/3-octave spectrum where the signal
	// plays: the mean band power in dB, one value per band of the
	// report's "bands".
	SpectrumDB []float64 `json:"spectrumDB"`
	// TiltDBPerOctave is the slope of SpectrumDB from 100 Hz to 10 kHz
	// (least squares over log frequency; pink noise 0, white noise +3).
	TiltDBPerOctave float64 `json:"tiltDBPerOctave"`
	// Stereo signals: the correlation of left and right where the signal
	// plays (+1 mono, 0 unrelated, -1 out of phase) and the side-to-mid
	// energy ratio (-inf mono, 0 dB as much side as mid).
	Correlation *float64 `json:"correlation,omitempty"`
	SideToMidDB *float64 `json:"sideToMidDB,omitempty"`
}

// Activity: a frame is active ("the signal plays") when the momentary
// loudness (400 ms) around it is above -70 LUFS (the BS.1770 absolute gate)
// and within activityGateLU of the signal's integrated loudness.
const activityGateLU = 20

// activity returns, per frame, whether the signal plays, and the
// momentary loudness at each frame centre.
func (s *signal) activity() (active []bool, mom []float64) {
	series := s.mtr.MomentarySeries()
	step := s.mtr.SeriesStep()
	integ := s.mtr.Integrated()
	floor := math.Max(-70, integ-activityGateLU)
	n := s.nFrames()
	active = make([]bool, n)
	mom = make([]float64, n)
	for k := 0; k < n; k++ {
		// The 400 ms window centred on the frame ends 0.2 s after it.
		t := s.f.centre(k) - float64(s.f.hop)/2/float64(s.f.rate)
		j := int(math.Round((t+0.2)/step)) - 1
		j = min(max(j, int(math.Ceil(0.4/step))-1), len(series)-1)
		m := dsp.MinDB
		if j >= 0 {
			m = series[j]
		}
		mom[k] = m
		active[k] = integ > dsp.MinDB && m > floor
	}
	return active, mom
}

// measure computes the Measurements of a finished signal.
func (s *signal) measure(active []bool) Measurements {
	r := s.mtr.Result()
	ms := Measurements{
		Channels:         s.ch,
		IntegratedLUFS:   r.IntegratedLUFS,
		ShortTermMaxLUFS: r.MaxShortTermLUFS,
		LoudnessRangeLU:  r.LoudnessRangeLU,
		SamplePeakDBFS:   dsp.GainToDB(s.peak),
		TruePeakDBTP:     r.TruePeakDBTP,
	}
	if !s.opt.truePeak {
		ms.TruePeakDBTP = ms.SamplePeakDBFS
	}
	hop := float64(s.f.hop) / float64(s.f.rate)
	var e, n, ll, rr, lr float64
	levels := s.windowLevels(active)
	for k, a := range active {
		if !a || s.hopN[k] == 0 {
			continue
		}
		ms.ActiveSeconds += hop
		e += s.hopE[k]
		n += float64(s.hopN[k]) * float64(s.ch)
		if s.ch == 2 {
			ll += s.hopLL[k]
			rr += s.hopRR[k]
			lr += s.hopLR[k]
		}
	}
	ms.RMSDBFS = dsp.MinDB
	if n > 0 {
		ms.RMSDBFS = dsp.PowerToDB(e / n)
	}
	ms.CrestDB = ms.SamplePeakDBFS - ms.RMSDBFS
	ms.PLRDB = ms.TruePeakDBTP - ms.IntegratedLUFS
	if ms.IntegratedLUFS <= dsp.MinDB {
		ms.CrestDB, ms.PLRDB = 0, 0
	}
	ms.LevelP10DBFS, ms.LevelP50DBFS, ms.LevelP95DBFS = percentile(levels, 10), percentile(levels, 50), percentile(levels, 95)
	ms.SpreadDB = ms.LevelP95DBFS - ms.LevelP50DBFS
	ms.ShortTermMedianLUFS = s.shortTermMedian()
	ms.SpectrumDB = longTerm(s.third, s.nThird, active)
	ms.TiltDBPerOctave = tilt(s.f.third, ms.SpectrumDB, 100, 10000)
	if s.ch == 2 && ll+rr > 0 {
		c := 0.0
		if ll > 0 && rr > 0 {
			c = lr / math.Sqrt(ll*rr)
		}
		sm := dsp.PowerToDB((ll+rr-2*lr)/4) - dsp.PowerToDB((ll+rr+2*lr)/4)
		ms.Correlation, ms.SideToMidDB = &c, &sm
	}
	return ms
}

// levelWindow is the number of hops of a level-distribution window.
const levelWindow = 3

// windowLevel is the RMS level (dBFS) of the levelWindow hops centred on
// hop k.
func (s *signal) windowLevel(k int) float64 {
	var e, n float64
	for j := max(0, k-levelWindow/2); j <= min(len(s.hopE)-1, k+levelWindow/2); j++ {
		e += s.hopE[j]
		n += float64(s.hopN[j]) * float64(s.ch)
	}
	if n == 0 {
		return dsp.MinDB
	}
	return dsp.PowerToDB(e / n)
}

// windowLevels lists windowLevel of every active hop.
func (s *signal) windowLevels(active []bool) []float64 {
	var v []float64
	for k, a := range active {
		if a && s.hopN[k] > 0 {
			v = append(v, s.windowLevel(k))
		}
	}
	return v
}

// windowMs is the length of a level-distribution window in ms.
func (f *framing) windowMs() float64 {
	return float64(levelWindow*f.hop) / float64(f.rate) * 1000
}

// shortTermMedian is the median short-term loudness over the windows
// above the activity gate (MinDB when none).
func (s *signal) shortTermMedian() float64 {
	floor := math.Max(-70, s.mtr.Integrated()-activityGateLU)
	var v []float64
	for _, x := range s.mtr.ShortTermSeries() {
		if x > floor {
			v = append(v, x)
		}
	}
	return percentile(v, 50)
}

// longTerm averages per-frame band powers (frames × nb, flattened) over
// the active frames and returns them in dB.
func longTerm(bands []float32, nb int, active []bool) []float64 {
	sum := make([]float64, nb)
	cnt := 0
	for k, a := range active {
		if !a {
			continue
		}
		cnt++
		for b, p := range bands[k*nb : (k+1)*nb] {
			sum[b] += float64(p)
		}
	}
	out := make([]float64, nb)
	for b := range sum {
		out[b] = dsp.MinDB
		if cnt > 0 {
			out[b] = dsp.PowerToDB(sum[b] / float64(cnt))
		}
	}
	return out
}

// tilt fits a line to the band levels (dB) over log2 of the centre
// frequency between lo and hi Hz and returns its slope in dB/octave.
// Levels more than 60 dB under the loudest band count as 60 dB under it,
// so empty bands do not dominate.
func tilt(bands []Band, db []float64, lo, hi float64) float64 {
	top := dsp.MinDB
	for i, b := range bands {
		if b.Centre >= lo && b.Centre <= hi {
			top = math.Max(top, db[i])
		}
	}
	if top <= dsp.MinDB {
		return 0
	}
	var sx, sy, sxx, sxy, n float64
	for i, b := range bands {
		if b.Centre < lo || b.Centre > hi {
			continue
		}
		x := math.Log2(b.Centre / 1000)
		y := math.Max(db[i], top-60)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
		n++
	}
	d := n*sxx - sx*sx
	if n < 2 || d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}

// percentile returns the p-th percentile of v (linear interpolation
// between order statistics), or MinDB for an empty v. v is not modified.
func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return dsp.MinDB
	}
	s := slices.Clone(v)
	slices.Sort(s)
	x := p / 100 * float64(len(s)-1)
	i := int(math.Floor(x))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	f := x - float64(i)
	return s[i] + f*(s[i+1]-s[i])
}

// rounded returns m with its values rounded for reports (0.01 dB, the
// spectrum to 0.1 dB): the numbers mean no more.
func (m Measurements) rounded() Measurements {
	r := func(p *float64) { *p = roundTo(*p, 0.01) }
	for _, p := range []*float64{&m.ActiveSeconds, &m.IntegratedLUFS, &m.ShortTermMaxLUFS, &m.ShortTermMedianLUFS,
		&m.LoudnessRangeLU, &m.SamplePeakDBFS, &m.TruePeakDBTP, &m.RMSDBFS, &m.CrestDB, &m.PLRDB,
		&m.LevelP10DBFS, &m.LevelP50DBFS, &m.LevelP95DBFS, &m.SpreadDB, &m.TiltDBPerOctave} {
		r(p)
	}
	spec := make([]float64, len(m.SpectrumDB))
	for i, v := range m.SpectrumDB {
		spec[i] = roundTo(v, 0.1)
	}
	m.SpectrumDB = spec
	if m.Correlation != nil {
		c := roundTo(*m.Correlation, 0.001)
		m.Correlation = &c
	}
	if m.SideToMidDB != nil {
		c := roundTo(*m.SideToMidDB, 0.01)
		m.SideToMidDB = &c
	}
	return m
}
