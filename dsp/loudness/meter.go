package loudness

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// Time structure of the meter. The signal is cut into ticks of 10 ms
// (round(rate/100) frames); all windows are whole numbers of ticks, so
// every rate that is a multiple of 100 Hz gets exact BS.1770 timing.
const (
	ticksPerSecond   = 100
	momentaryTicks   = 40  // 400 ms window (momentary loudness, gating blocks)
	shortTermTicks   = 300 // 3 s window (short-term loudness, LRA)
	hopTicks         = 10  // 100 ms: gating-block step (75 % overlap), LRA and series rate
	defaultSeriesSec = 3600
)

// Option configures a Meter.
type Option func(*config)

type config struct {
	truePeak  bool
	parallel  bool
	seriesCap int
}

// WithParallelTruePeak splits the true-peak measurement (most of the
// meter's work) over two goroutines: a second one measures the first half
// of the channels while the caller's does the loudness and the other half.
// The results are the same; call Close when done.
func WithParallelTruePeak(on bool) Option { return func(c *config) { c.parallel = on } }

// WithTruePeak turns true-peak measurement on (the default) or off. Off, the
// meter runs about five times faster at 48 kHz and Result reports
// TruePeakDBTP = MinDB and TruePeakOversampling = 0.
func WithTruePeak(on bool) Option { return func(c *config) { c.truePeak = on } }

// WithSeries sets how much momentary and short-term history the meter keeps
// for plots, in seconds at 10 values per second (default 3600 s, 0 turns the
// series off). The memory is allocated by New; when a longer programme
// fills it, every other value is dropped and the series continues at half
// the rate, so it always covers the whole programme (see SeriesStep). The
// capacity is limited to maxSeriesSeconds (24 h, 13.8 MB).
func WithSeries(seconds float64) Option {
	return func(c *config) {
		c.seriesCap = int(math.Ceil(min(max(seconds, 0), maxSeriesSeconds) * 10))
	}
}

const maxSeriesSeconds = 24 * 3600

// Meter measures loudness per ITU-R BS.1770-5 and EBU R 128 (Tech 3341 "EBU
// Mode", Tech 3342 loudness range), sample peaks and true peaks, block by
// block, with bounded memory and no allocation in Process.
type Meter struct {
	rate, channels int
	weights        []float64
	shelf, hp      Biquad
	state          []kState
	acc            []float64 // per channel: K-weighted sum of squares of the current tick

	tickLen  int   // frames per tick
	tickFill int   // frames of the current tick so far
	ticks    int64 // completed ticks
	ring     [shortTermTicks]float64
	ringPos  int // where the next tick energy goes

	gating, lra histogram

	momentary, shortTerm float64
	maxM, maxS           float64
	maxMTicks, maxSTicks int64
	samplePeak           []float64
	samplePeakAt         []int64
	frames               int64
	tp                   *TruePeak
	tpWork               chan [][]float32 // WithParallelTruePeak: blocks for the goroutine
	tpDone               chan struct{}
	seriesM, seriesS     []float64
	seriesStride         int64 // hops per stored series value
}

// New returns a meter for channels channels at sampleRate Hz. weights gives
// the BS.1770 weight Gi of each channel (see ChannelWeight): 1 for front
// channels, 1.41 for surrounds, 0 to leave a channel (e.g. LFE) out of the
// loudness; peaks are measured on every channel. nil weights means 1 for
// every channel.
func New(sampleRate, channels int, weights []float64, opts ...Option) (*Meter, error) {
	if err := checkFormat(sampleRate, channels); err != nil {
		return nil, err
	}
	cfg := config{truePeak: true, seriesCap: defaultSeriesSec * 10}
	for _, o := range opts {
		o(&cfg)
	}
	m := &Meter{rate: sampleRate, channels: channels}
	m.weights = make([]float64, channels)
	switch {
	case weights == nil:
		for c := range m.weights {
			m.weights[c] = 1
		}
	case len(weights) != channels:
		return nil, fmt.Errorf("loudness: %d channel weights for %d channels; give one weight per channel", len(weights), channels)
	default:
		for c, w := range weights {
			if !(w >= 0) || math.IsInf(w, 1) {
				return nil, fmt.Errorf("loudness: channel %d weight %g is not a finite number >= 0; use ChannelWeight", c, w)
			}
		}
		copy(m.weights, weights)
	}
	m.shelf, m.hp = KWeighting(float64(sampleRate))
	m.state = make([]kState, channels)
	m.acc = make([]float64, channels)
	m.tickLen = max(1, int(math.Round(float64(sampleRate)/ticksPerSecond)))
	m.gating, m.lra = newHistogram(), newHistogram()
	m.samplePeak = make([]float64, channels)
	m.samplePeakAt = make([]int64, channels)
	if cfg.truePeak {
		tp, err := NewTruePeak(sampleRate, channels)
		if err != nil {
			return nil, err
		}
		m.tp = tp
		if cfg.parallel {
			work, done := make(chan [][]float32), make(chan struct{})
			m.tpWork, m.tpDone = work, done
			half := channels / 2
			go func() {
				for b := range work {
					tp.channelRange(nil, b, 0, half)
					done <- struct{}{}
				}
			}()
		}
	}
	if cfg.seriesCap > 0 {
		m.seriesM = make([]float64, 0, cfg.seriesCap)
		m.seriesS = make([]float64, 0, cfg.seriesCap)
	}
	m.Reset()
	return m, nil
}

// Close stops the true-peak goroutine of WithParallelTruePeak (a no-op
// otherwise); the meter must not process more blocks after it.
func (m *Meter) Close() {
	if m.tpWork != nil {
		close(m.tpWork)
		m.tpWork = nil
	}
}

// Reset returns the meter to its state after New (EBU Tech 3341: the
// integrated loudness, LRA and maxima are reset together).
func (m *Meter) Reset() {
	clear(m.state)
	clear(m.acc)
	m.tickFill, m.ticks, m.ringPos = 0, 0, 0
	clear(m.ring[:])
	m.gating.reset()
	m.lra.reset()
	m.momentary, m.shortTerm = dsp.MinDB, dsp.MinDB
	m.maxM, m.maxS = dsp.MinDB, dsp.MinDB
	m.maxMTicks, m.maxSTicks = 0, 0
	clear(m.samplePeak)
	clear(m.samplePeakAt)
	m.frames = 0
	if m.tp != nil {
		m.tp.Reset()
	}
	m.seriesM, m.seriesS = m.seriesM[:0], m.seriesS[:0]
	m.seriesStride = 1
}

// SampleRate is the rate the meter was built for, in Hz.
func (m *Meter) SampleRate() int { return m.rate }

// Channels is the number of channels Process expects.
func (m *Meter) Channels() int { return m.channels }

// Process measures a block of planar audio of any length. It never
// allocates; it panics when src does not have the meter's channel count or
// its channels differ in length (a programming error).
func (m *Meter) Process(src [][]float32) {
	checkBlock("loudness: Meter.Process", src, m.channels)
	parallel := m.tpWork != nil
	if parallel {
		m.tpWork <- src
	} else if m.tp != nil {
		m.tp.Measure(src)
	}
	n := dsp.Frames(src)
	for c, x := range src {
		peak, at := m.samplePeak[c], m.samplePeakAt[c]
		for i, v := range x {
			if a := math.Abs(float64(v)); a > peak {
				peak, at = a, m.frames+int64(i)
			}
		}
		m.samplePeak[c], m.samplePeakAt[c] = peak, at
	}
	for pos := 0; pos < n; {
		k := min(n-pos, m.tickLen-m.tickFill)
		for c, x := range src {
			if m.weights[c] != 0 {
				m.acc[c] = kFilterSquares(&m.state[c], &m.shelf, &m.hp, x[pos:pos+k], m.acc[c])
			}
		}
		pos += k
		m.tickFill += k
		if m.tickFill == m.tickLen {
			m.endTick()
		}
	}
	m.frames += int64(n)
	if parallel {
		m.tp.channelRange(nil, src, m.channels/2, m.channels)
		<-m.tpDone
		m.tp.frames += int64(n)
	}
}

// endTick closes a 10 ms tick: its weighted energy enters the ring, the
// momentary and short-term windows ending here are evaluated, and every
// 100 ms a gating block and a short-term value are stored.
func (m *Meter) endTick() {
	var e float64
	for c, w := range m.weights {
		if w != 0 {
			e += w * m.acc[c]
			m.acc[c] = 0
			m.state[c].flush()
		}
	}
	m.ring[m.ringPos] = e
	m.ringPos++
	if m.ringPos == len(m.ring) {
		m.ringPos = 0
	}
	m.tickFill = 0
	m.ticks++

	var eM, eS float64
	if m.ticks >= momentaryTicks {
		eM = m.windowSum(momentaryTicks) / float64(momentaryTicks*m.tickLen)
		m.momentary = lufs(eM)
		if m.momentary > m.maxM {
			m.maxM, m.maxMTicks = m.momentary, m.ticks
		}
	}
	if m.ticks >= shortTermTicks {
		eS = m.windowSum(shortTermTicks) / float64(shortTermTicks*m.tickLen)
		m.shortTerm = lufs(eS)
		if m.shortTerm > m.maxS {
			m.maxS, m.maxSTicks = m.shortTerm, m.ticks
		}
	}
	if m.ticks%hopTicks != 0 {
		return
	}
	// BS.1770: gating blocks of 400 ms every 100 ms; the absolute gate
	// keeps blocks strictly above −70 LUFS.
	if m.ticks >= momentaryTicks && m.momentary > absoluteGateLUFS {
		m.gating.add(eM, m.momentary)
	}
	// Tech 3342: short-term values at 10 Hz, absolute gate ">= −70 LUFS"
	// (as in its MATLAB code).
	if m.ticks >= shortTermTicks && m.shortTerm >= absoluteGateLUFS {
		m.lra.add(eS, m.shortTerm)
	}
	m.record()
}

// windowSum adds the energies of the last n ticks. It is recomputed every
// tick (at most 300 additions per 10 ms) rather than updated as a running
// sum, so no rounding error accumulates over hours.
func (m *Meter) windowSum(n int) float64 {
	var s float64
	i := m.ringPos
	for range n {
		i--
		if i < 0 {
			i = len(m.ring) - 1
		}
		s += m.ring[i]
	}
	return s
}

// record appends the momentary and short-term loudness of the current hop
// to the series. Entry i stands for hop (i+1)·stride (hop h ends at h·100 ms);
// when the series is full, the entries at odd multiples of the stride are
// dropped and the stride doubles.
func (m *Meter) record() {
	if cap(m.seriesM) == 0 {
		return
	}
	h := m.ticks / hopTicks
	if h%m.seriesStride != 0 {
		return
	}
	if len(m.seriesM) == cap(m.seriesM) {
		half := len(m.seriesM) / 2
		for i := range half {
			m.seriesM[i] = m.seriesM[2*i+1]
			m.seriesS[i] = m.seriesS[2*i+1]
		}
		m.seriesM, m.seriesS = m.seriesM[:half], m.seriesS[:half]
		m.seriesStride *= 2
		if h%m.seriesStride != 0 {
			return
		}
	}
	m.seriesM = append(m.seriesM, m.momentary)
	m.seriesS = append(m.seriesS, m.shortTerm)
}
