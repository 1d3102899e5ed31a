package stereometer

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/loudness"
)

// Time structure: 10 ms ticks (round(rate/100) frames), windows of 40 ticks
// (400 ms) evaluated every 10 ticks (100 ms), as the momentary loudness of
// package loudness.
const (
	ticksPerSecond = 100
	windowTicks    = 40
	hopTicks       = 10
)

// Defaults of the options.
const (
	DefaultThreshold   = -0.3  // correlation below which a window counts as out of phase
	DefaultSilenceDBFS = -70.0 // RMS below which a channel counts as silent
	DefaultWorst       = 10    // worst windows kept per list
	maxWorst           = 1000
)

// MaxLossLU caps the mono loss: a window (or programme) whose mono sum
// cancels completely would otherwise read +Inf.
const MaxLossLU = 100.0

const maxLossRatio = 1e10 // 10^(MaxLossLU/10)

// Option configures a Meter.
type Option func(*config)

type config struct {
	threshold, silenceDBFS float64
	worst                  int
	bands                  bool
}

// WithThreshold sets the correlation below which a window counts towards
// BelowThresholdSeconds (default −0.3).
func WithThreshold(r float64) Option { return func(c *config) { c.threshold = r } }

// WithSilence sets the RMS level in dBFS below which a channel counts as
// silent in a window (default −70 dBFS).
func WithSilence(dbfs float64) Option { return func(c *config) { c.silenceDBFS = dbfs } }

// WithWorst sets how many worst windows each list keeps (default 10, at most
// 1000).
func WithWorst(n int) Option { return func(c *config) { c.worst = n } }

// WithBands turns the octave-band mono loss on (the default) or off; off,
// the meter runs several times faster.
func WithBands(on bool) Option { return func(c *config) { c.bands = on } }

// Per-tick sums, indices into Meter.tick and the ring.
const (
	sumL   = iota // Σl
	sumR          // Σr
	sumLL         // Σl²
	sumRR         // Σr²
	sumLR         // Σl·r
	sumKSt        // Σ(kl² + kr²): K-weighted stereo energy
	sumKMo        // Σ(kl + kr)²/2: K-weighted energy of the mono downmix (l+r)/√2
	nBroad
)

type biquadState struct{ s1, s2 float64 }

// Meter measures the phase correlation and mono compatibility of a stereo
// pair, block by block, with bounded memory and no allocation in Process.
// See the package documentation for the definitions.
type Meter struct {
	rate    int
	cfg     config
	silence float64 // mean square below which a channel is silent

	shelf, hp loudness.Biquad
	kState    [2][2]biquadState // [channel][stage]
	bandIdx   []int             // indices into NominalBands
	bandCoef  [][3]loudness.Biquad
	bandState [][2][3]biquadState // [band][channel][section]

	tickLen, tickFill int
	ticks             int64
	nSums             int       // nBroad + 2 per band
	tick              []float64 // sums of the current tick
	ring              []float64 // windowTicks × nSums
	ringPos           int
	total             []float64 // sums over the whole programme
	win               []float64 // scratch: sums of the current window

	corr                 corrStats
	loss                 lossStats
	bands                []bandStats
	worstCorr, worstLoss worstList
	frames               int64
}

// New returns a stereo meter for sampleRate Hz.
func New(sampleRate int, opts ...Option) (*Meter, error) {
	if sampleRate < loudness.MinSampleRate || sampleRate > loudness.MaxSampleRate {
		return nil, fmt.Errorf("stereometer: sample rate %d Hz is outside [%d, %d]; resample the audio first",
			sampleRate, loudness.MinSampleRate, loudness.MaxSampleRate)
	}
	cfg := config{threshold: DefaultThreshold, silenceDBFS: DefaultSilenceDBFS, worst: DefaultWorst, bands: true}
	for _, o := range opts {
		o(&cfg)
	}
	if !(cfg.threshold >= -1 && cfg.threshold <= 1) {
		return nil, fmt.Errorf("stereometer: correlation threshold %g is outside [-1, 1]", cfg.threshold)
	}
	if !(cfg.silenceDBFS <= 0 && cfg.silenceDBFS >= dsp.MinDB) {
		return nil, fmt.Errorf("stereometer: silence level %g dBFS is outside [%g, 0]", cfg.silenceDBFS, dsp.MinDB)
	}
	if cfg.worst < 1 || cfg.worst > maxWorst {
		return nil, fmt.Errorf("stereometer: %d worst windows requested; keep between 1 and %d", cfg.worst, maxWorst)
	}
	m := &Meter{rate: sampleRate, cfg: cfg}
	m.silence = dsp.DBToGain(cfg.silenceDBFS)
	m.silence *= m.silence
	m.shelf, m.hp = loudness.KWeighting(float64(sampleRate))
	if cfg.bands {
		m.bandIdx = bandsFor(float64(sampleRate))
		for _, i := range m.bandIdx {
			m.bandCoef = append(m.bandCoef, OctaveFilter(exactCentre(i), float64(sampleRate)))
		}
		m.bandState = make([][2][3]biquadState, len(m.bandIdx))
		m.bands = make([]bandStats, len(m.bandIdx))
	}
	m.tickLen = max(1, int(math.Round(float64(sampleRate)/ticksPerSecond)))
	m.nSums = nBroad + 2*len(m.bandIdx)
	m.tick = make([]float64, m.nSums)
	m.ring = make([]float64, windowTicks*m.nSums)
	m.total = make([]float64, m.nSums)
	m.win = make([]float64, m.nSums)
	m.worstCorr = newWorstList(cfg.worst, func(w window) float64 { return -w.r })
	m.worstLoss = newWorstList(cfg.worst, func(w window) float64 { return w.loss })
	m.Reset()
	return m, nil
}

// Reset returns the meter to its state after New.
func (m *Meter) Reset() {
	m.kState = [2][2]biquadState{}
	clear(m.bandState)
	m.tickFill, m.ticks, m.ringPos, m.frames = 0, 0, 0, 0
	clear(m.tick)
	clear(m.ring)
	clear(m.total)
	m.corr = corrStats{}
	m.loss = lossStats{}
	for i := range m.bands {
		m.bands[i] = bandStats{}
	}
	m.worstCorr.reset()
	m.worstLoss.reset()
}

// SampleRate is the rate the meter was built for, in Hz.
func (m *Meter) SampleRate() int { return m.rate }

// Bands returns the nominal centre frequencies of the octave bands measured
// (those whose upper edge is below Nyquist; none with WithBands(false)).
func (m *Meter) Bands() []float64 {
	out := make([]float64, len(m.bandIdx))
	for k, i := range m.bandIdx {
		out[k] = NominalBands[i]
	}
	return out
}

// Process measures a block of stereo audio: src[0] is left, src[1] right,
// of equal length. It never allocates; it panics when src is not two
// channels of equal length (a programming error).
func (m *Meter) Process(src [][]float32) {
	if len(src) != 2 || len(src[0]) != len(src[1]) {
		n1 := -1
		if len(src) > 1 {
			n1 = len(src[1])
		}
		panic(fmt.Sprintf("stereometer: Process needs 2 channels of equal length, got %d (lengths %d, %d)",
			len(src), dsp.Frames(src), n1))
	}
	l, r := src[0], src[1]
	n := len(l)
	for pos := 0; pos < n; {
		k := min(n-pos, m.tickLen-m.tickFill)
		m.broadband(l[pos:pos+k], r[pos:pos+k])
		for b := range m.bandIdx {
			m.band(b, l[pos:pos+k], r[pos:pos+k])
		}
		pos += k
		m.tickFill += k
		if m.tickFill == m.tickLen {
			m.endTick()
		}
	}
	m.frames += int64(n)
}

// broadband accumulates the raw and K-weighted sums of a stretch of one tick.
// Sums are updated sample by sample so block boundaries change nothing.
func (m *Meter) broadband(l, r []float32) {
	t := m.tick
	sl, sr, sll, srr, slr, kst, kmo := t[sumL], t[sumR], t[sumLL], t[sumRR], t[sumLR], t[sumKSt], t[sumKMo]
	sh, hp := &m.shelf, &m.hp
	ls, lh, rs, rh := m.kState[0][0], m.kState[0][1], m.kState[1][0], m.kState[1][1]
	for i, lv := range l {
		x, y := float64(lv), float64(r[i])
		sl += x
		sr += y
		sll += x * x
		srr += y * y
		slr += x * y
		kl := step(&lh, hp, step(&ls, sh, x))
		kr := step(&rh, hp, step(&rs, sh, y))
		kst += kl*kl + kr*kr
		s := kl + kr
		kmo += s * s / 2
	}
	m.kState[0][0], m.kState[0][1], m.kState[1][0], m.kState[1][1] = ls, lh, rs, rh
	t[sumL], t[sumR], t[sumLL], t[sumRR], t[sumLR], t[sumKSt], t[sumKMo] = sl, sr, sll, srr, slr, kst, kmo
}

// band accumulates the stereo and mono energies of octave band b.
func (m *Meter) band(b int, l, r []float32) {
	c := &m.bandCoef[b]
	st := &m.bandState[b]
	l0, l1, l2 := st[0][0], st[0][1], st[0][2]
	r0, r1, r2 := st[1][0], st[1][1], st[1][2]
	j := nBroad + 2*b
	est, emo := m.tick[j], m.tick[j+1]
	for i, lv := range l {
		x := step(&l2, &c[2], step(&l1, &c[1], step(&l0, &c[0], float64(lv))))
		y := step(&r2, &c[2], step(&r1, &c[1], step(&r0, &c[0], float64(r[i]))))
		est += x*x + y*y
		s := x + y
		emo += s * s / 2
	}
	st[0][0], st[0][1], st[0][2] = l0, l1, l2
	st[1][0], st[1][1], st[1][2] = r0, r1, r2
	m.tick[j], m.tick[j+1] = est, emo
}

// step runs one sample through a biquad in transposed direct form II.
func step(s *biquadState, q *loudness.Biquad, x float64) float64 {
	y := q.B0*x + s.s1
	s.s1 = q.B1*x - q.A1*y + s.s2
	s.s2 = q.B2*x - q.A2*y
	return y
}

// denormalFloor: filter states below it are flushed at each tick's end
// (subnormal arithmetic is slow; 600 dB below full scale).
const denormalFloor = 1e-30

func (s *biquadState) flush() {
	if math.Abs(s.s1) < denormalFloor {
		s.s1 = 0
	}
	if math.Abs(s.s2) < denormalFloor {
		s.s2 = 0
	}
}

// endTick stores the tick's sums, and every 100 ms evaluates the 400 ms
// window ending here.
func (m *Meter) endTick() {
	copy(m.ring[m.ringPos*m.nSums:(m.ringPos+1)*m.nSums], m.tick)
	for i, v := range m.tick {
		m.total[i] += v
	}
	clear(m.tick)
	m.ringPos = (m.ringPos + 1) % windowTicks
	m.tickFill = 0
	m.ticks++
	for c := range m.kState {
		for s := range m.kState[c] {
			m.kState[c][s].flush()
		}
	}
	for b := range m.bandState {
		for c := range m.bandState[b] {
			for s := range m.bandState[b][c] {
				m.bandState[b][c][s].flush()
			}
		}
	}
	if m.ticks < windowTicks || m.ticks%hopTicks != 0 {
		return
	}
	clear(m.win)
	for t := range windowTicks {
		row := m.ring[t*m.nSums : (t+1)*m.nSums]
		for i, v := range row {
			m.win[i] += v
		}
	}
	m.window()
}
