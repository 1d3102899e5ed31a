package dynamics

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// StaticCurve is the compressor's gain computer: the output level in dB
// for a steady detector level inDB, with the quadratic soft knee of
// Giannoulis, Massberg & Reiss (2012, eq. 4). With T the threshold, R the
// ratio and W the knee width:
//
//	out = in                              if 2(in − T) < −W
//	out = in + (1/R − 1)(in − T + W/2)²/2W if 2|in − T| ≤ W
//	out = T + (in − T)/R                  if 2(in − T) > W
//
// The makeup gain is not included.
func (p CompressorParams) StaticCurve(inDB float64) (outDB float64) {
	return staticCurve(inDB, p.ThresholdDB, p.Ratio, p.KneeDB)
}

func staticCurve(x, t, r, w float64) float64 {
	d := x - t
	switch {
	case 2*d < -w:
		return x
	case w > 0 && 2*math.Abs(d) <= w:
		k := d + w/2
		return x + (1/r-1)*k*k/(2*w)
	}
	return t + d/r
}

// AutoMakeupDB is the makeup AutoMakeup adds: the gain reduction of a
// steady 0 dBFS level, −StaticCurve(0) (Giannoulis et al. 2012, §2.4).
func (p CompressorParams) AutoMakeupDB() float64 { return -p.StaticCurve(0) }

// Compressor is a feed-forward, log-domain compressor after Giannoulis,
// Massberg & Reiss, "Digital Dynamic Range Compressor Design — A Tutorial
// and Analysis", JAES 60(6), 2012: detector level x_G (dB) → static curve
// y_G → gain reduction x_L = x_G − y_G → smooth branching peak detector
//
//	y_L[n] = α_A·y_L[n−1] + (1−α_A)·x_L[n]   if x_L[n] > y_L[n−1]
//	y_L[n] = α_R·y_L[n−1] + (1−α_R)·x_L[n]   otherwise
//
// with α = exp(−1/(τ·fs)): after a step the gain reduction covers 1−1/e
// (63.2%) of its way in τ = AttackMs (rising) or ReleaseMs (falling).
// The gain is −y_L plus the makeup (ramped per sample when it changes).
//
// The key — the input itself (Process) or an external sidechain
// (ProcessSidechain) — is high-passed if asked, its channels linked (the
// maximum or the mean, see LinkMax and LinkMean) and measured as a peak
// or RMS level; the same gain goes to every channel (stereo-linked).
type Compressor struct {
	p        CompressorParams
	rate     int
	channels int
	det      *detector
	la       delayLine
	aA, aR   float64
	yl       float64
	makeup   dsp.Ramp // linear gain
	grMax    float64
	// Scratch for one chunk: gain reduction to reach (x_L), then the
	// linear gain per frame.
	xl, g [chunkFrames]float64
}

// chunkFrames is the number of frames whose gains are computed in one
// sweep: detector and static curve first, then the (serial) smoothing,
// then the exponentials, which are independent of each other and pipeline
// well when they are not interleaved with the smoothing recursion.
const chunkFrames = 256

// NewCompressor returns a compressor for channels channels at sampleRate.
func NewCompressor(p CompressorParams, sampleRate, channels int) (*Compressor, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 {
		return nil, fmt.Errorf("dynamics: compressor: %d channels; need at least 1", channels)
	}
	det, err := newDetector("dynamics: compressor", p.Detector, p.Link, p.RMSWindowMs, p.SidechainHPFHz, sampleRate, max(MaxKeyChannels, channels))
	if err != nil {
		return nil, err
	}
	c := &Compressor{p: p, rate: sampleRate, channels: channels, det: det,
		la: newDelayLine(channels, msToFrames(p.LookaheadMs, sampleRate))}
	c.aA = timeConstant(p.AttackMs, sampleRate)
	c.aR = timeConstant(p.ReleaseMs, sampleRate)
	c.makeup = dsp.NewRamp(c.makeupGain(), dsp.RampFrames(sampleRate))
	return c, nil
}

func (c *Compressor) makeupGain() float64 {
	db := c.p.MakeupDB
	if c.p.AutoMakeup {
		db += c.p.AutoMakeupDB()
	}
	return dsp.DBToGain(db)
}

// Params returns the current parameters.
func (c *Compressor) Params() CompressorParams { return c.p }

// SetThresholdDB sets the threshold (clamped to [-80, 0]).
func (c *Compressor) SetThresholdDB(db float64) {
	c.p.ThresholdDB = clamp(db, -80, 0, c.p.ThresholdDB)
	c.makeup.Set(c.makeupGain())
}

// SetRatio sets the ratio (clamped to [1, 100]).
func (c *Compressor) SetRatio(r float64) {
	c.p.Ratio = clamp(r, 1, 100, c.p.Ratio)
	c.makeup.Set(c.makeupGain())
}

// SetKneeDB sets the knee width (clamped to [0, 24]).
func (c *Compressor) SetKneeDB(db float64) {
	c.p.KneeDB = clamp(db, 0, 24, c.p.KneeDB)
	c.makeup.Set(c.makeupGain())
}

// SetAttackMs sets the attack time (clamped to [0, 500]).
func (c *Compressor) SetAttackMs(ms float64) {
	c.p.AttackMs = clamp(ms, 0, 500, c.p.AttackMs)
	c.aA = timeConstant(c.p.AttackMs, c.rate)
}

// SetReleaseMs sets the release time (clamped to [1, 5000]).
func (c *Compressor) SetReleaseMs(ms float64) {
	c.p.ReleaseMs = clamp(ms, 1, 5000, c.p.ReleaseMs)
	c.aR = timeConstant(c.p.ReleaseMs, c.rate)
}

// SetMakeupDB sets the makeup gain (clamped to [-24, 48]); it ramps.
func (c *Compressor) SetMakeupDB(db float64) {
	c.p.MakeupDB = clamp(db, -24, 48, c.p.MakeupDB)
	c.makeup.Set(c.makeupGain())
}

// SetAutoMakeup turns the automatic makeup on or off; the gain ramps.
func (c *Compressor) SetAutoMakeup(on bool) {
	c.p.AutoMakeup = on
	c.makeup.Set(c.makeupGain())
}

// SetSidechainHPF sets the key high-pass frequency in Hz (0 = off).
func (c *Compressor) SetSidechainHPF(hz float64) {
	c.p.SidechainHPFHz = clamp(hz, 0, math.Min(2000, 0.4999*float64(c.rate)), c.p.SidechainHPFHz)
	c.det.setHPF(c.p.SidechainHPFHz)
}

// Latency is the lookahead in frames.
func (c *Compressor) Latency() int { return c.la.frames() }

// GainReductionDB is the gain reduction (dB, ≥ 0, makeup excluded) after
// the last processed frame.
func (c *Compressor) GainReductionDB() float64 { return c.yl }

// MaxGainReductionDB is the largest gain reduction since construction,
// Reset or ResetMeter.
func (c *Compressor) MaxGainReductionDB() float64 { return c.grMax }

// ResetMeter restarts MaxGainReductionDB.
func (c *Compressor) ResetMeter() { c.grMax = c.yl }

// Reset returns to the state of a new compressor with the current
// parameters.
func (c *Compressor) Reset() {
	c.det.reset()
	c.la.reset()
	c.yl, c.grMax = 0, 0
	c.makeup.Finish()
}

// Process compresses src into dst, keyed by src itself.
func (c *Compressor) Process(dst, src [][]float32) { c.ProcessSidechain(dst, src, src) }

// ProcessSidechain compresses src into dst with the gain computed from
// key, which may have any number of channels (1 to MaxKeyChannels) and
// must have the block's frame count. dst may alias src (and key may be
// src).
func (c *Compressor) ProcessSidechain(dst, src, key [][]float32) {
	dsp.CheckShape("dynamics: compressor", dst, src, c.channels)
	n := dsp.Frames(src)
	c.det.checkKey("dynamics: compressor", key, n)
	t, r, w := c.p.ThresholdDB, c.p.Ratio, c.p.KneeDB
	aA, aR, yl := c.aA, c.aR, c.yl
	la := c.la.buf
	pos := c.la.pos
	kneePow := math.Pow(10, (t-w/2)/10) // below it the curve is 1:1
	for base := 0; base < n; base += chunkFrames {
		m := min(chunkFrames, n-base)
		xls, gs := c.xl[:m], c.g[:m]
		for j := range xls {
			xl := 0.0
			if pw := c.det.power(key, base+j); pw > kneePow {
				xg := fastPowerToDB(pw)
				xl = xg - staticCurve(xg, t, r, w)
			}
			xls[j] = xl
		}
		grMax := c.grMax
		for j, xl := range xls {
			if xl > yl {
				yl = aA*yl + (1-aA)*xl
			} else {
				yl = aR*yl + (1-aR)*xl
			}
			if yl < 1e-12 {
				yl = 0 // also keeps the release out of denormals
			}
			grMax = max(grMax, yl)
			gs[j] = yl
		}
		c.grMax = grMax
		for j, y := range gs {
			g := c.makeup.Next()
			if y > 0 {
				g *= fastExp(-y * ln10over20)
			}
			gs[j] = g
		}
		if la == nil {
			for ch := range src {
				in, out := src[ch][base:base+m], dst[ch][base:base+m]
				for j, g := range gs {
					out[j] = float32(float64(in[j]) * g)
				}
			}
			continue
		}
		for j, g := range gs {
			i := base + j
			for ch := range src {
				x := src[ch][i]
				d := la[ch][pos]
				la[ch][pos] = x
				dst[ch][i] = float32(float64(d) * g)
			}
			if pos++; pos == len(la[0]) {
				pos = 0
			}
		}
	}
	c.yl = yl
	c.la.pos = pos
	c.det.flush()
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}
