package stereometer

// Window is one 400 ms analysis window: its span in seconds from the start
// and its measures (Correlation 0 when both channels are silent, MonoLossLU
// 0 when the pair is below the −70 LUFS gate).
type Window struct {
	StartSeconds float64 `json:"start_s"`
	EndSeconds   float64 `json:"end_s"`
	Correlation  float64 `json:"correlation"`
	MonoLossLU   float64 `json:"mono_loss_lu"`
}

// Result holds every measure of a Meter; all values are finite, so it always
// encodes to JSON.
type Result struct {
	DurationSeconds float64          `json:"duration_s"`
	Correlation     CorrelationStats `json:"correlation"`
	MonoLoss        MonoLossStats    `json:"mono_loss"`
}

// CorrelationStats summarises the windowed Pearson correlation of L and R.
// Windows in which both channels are silent are left out of every figure
// except SilentWindows; when no window is left, Mean and Min are 0.
type CorrelationStats struct {
	// Overall is the Pearson correlation of the whole programme.
	Overall float64 `json:"overall"`
	// Mean and Min are over the non-silent windows; MinAtSeconds is the
	// end of the window with the minimum.
	Mean         float64 `json:"mean"`
	Min          float64 `json:"min"`
	MinAtSeconds float64 `json:"min_at_s"`
	// NegativeFraction is the fraction of non-silent windows with r < 0.
	NegativeFraction float64 `json:"negative_fraction"`
	// Threshold and BelowThresholdSeconds: the windows with r below the
	// threshold, counted as one 100 ms hop each.
	Threshold             float64 `json:"threshold"`
	BelowThresholdSeconds float64 `json:"below_threshold_s"`
	Windows               int     `json:"windows"`
	SilentWindows         int     `json:"silent_windows"`
	// Worst are the windows of lowest correlation that do not overlap one
	// another, lowest first.
	Worst []Window `json:"worst"`
}

// MonoLossStats summarises the loss of loudness of the mono downmix.
type MonoLossStats struct {
	// LU is the loss over the whole programme (energy ratio of all of it).
	LU float64 `json:"lu"`
	// MaxWindowLU is the largest loss of a window above the gate, and
	// MaxWindowAtSeconds the end of that window.
	MaxWindowLU        float64 `json:"max_window_lu"`
	MaxWindowAtSeconds float64 `json:"max_window_at_s"`
	Windows            int     `json:"windows"`
	SilentWindows      int     `json:"silent_windows"`
	// Worst are the windows of largest loss that do not overlap one
	// another, largest first.
	Worst []Window `json:"worst"`
	// Bands holds the loss per octave band.
	Bands []BandLoss `json:"bands"`
}

// BandLoss is the mono loss in one octave band, measured on the band's mean
// square (no K-weighting).
type BandLoss struct {
	CenterHz           float64 `json:"center_hz"`
	LU                 float64 `json:"lu"`
	MaxWindowLU        float64 `json:"max_window_lu"`
	MaxWindowAtSeconds float64 `json:"max_window_at_s"`
}

// Result returns all measures so far (it allocates the lists).
func (m *Meter) Result() Result {
	r := Result{DurationSeconds: float64(m.frames) / float64(m.rate)}
	c := &r.Correlation
	t := m.total
	n := float64(m.ticks) * float64(m.tickLen)
	if n > 0 {
		c.Overall, _ = pearson(n, t[sumL], t[sumR], t[sumLL], t[sumRR], t[sumLR], m.silence)
	}
	c.Threshold = m.cfg.threshold
	c.Windows, c.SilentWindows = m.corr.windows, m.corr.silent
	if m.corr.windows > 0 {
		c.Mean = m.corr.sum / float64(m.corr.windows)
		c.Min, c.MinAtSeconds = m.corr.min, m.seconds(m.corr.minTicks)
		c.NegativeFraction = float64(m.corr.negative) / float64(m.corr.windows)
	}
	c.BelowThresholdSeconds = float64(m.corr.below) * hopTicks / ticksPerSecond
	c.Worst = m.sorted(&m.worstCorr)

	l := &r.MonoLoss
	l.LU = lossLU(t[sumKSt], t[sumKMo])
	l.Windows, l.SilentWindows = m.loss.windows, m.loss.silent
	if m.loss.windows > 0 {
		l.MaxWindowLU, l.MaxWindowAtSeconds = m.loss.max, m.seconds(m.loss.maxTicks)
	}
	l.Worst = m.sorted(&m.worstLoss)
	l.Bands = make([]BandLoss, len(m.bands))
	for b, i := range m.bandIdx {
		bl := &l.Bands[b]
		bl.CenterHz = NominalBands[i]
		bl.LU = lossLU(t[nBroad+2*b], t[nBroad+2*b+1])
		if m.bands[b].windows > 0 {
			bl.MaxWindowLU, bl.MaxWindowAtSeconds = m.bands[b].max, m.seconds(m.bands[b].maxTicks)
		}
	}
	return r
}

// Correlation returns the correlation of the last complete window (0 before
// the first 400 ms and for silent windows).
func (m *Meter) Correlation() float64 { return m.corr.last }

// MonoLoss returns the mono loss of the last complete window in LU (0
// before the first 400 ms and below the gate).
func (m *Meter) MonoLoss() float64 { return m.loss.last }
