package dynamics

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// TargetGainDB is the gate's static curve: the gain in dB (≤ 0) for a
// steady detector level inDB. Above the threshold T it is 0; below, a
// downward expander of ratio R gives (R − 1)(in − T), floored at −RangeDB;
// at R = GateRatio (∞) it is −RangeDB at once.
func (p GateParams) TargetGainDB(inDB float64) float64 {
	return gateCurve(inDB, p.ThresholdDB, p.Ratio, p.RangeDB)
}

func gateCurve(x, t, r, rng float64) float64 {
	if x >= t {
		return 0
	}
	if r >= GateRatio {
		return -rng
	}
	return math.Max(-rng, (r-1)*(x-t))
}

// Gate is a noise gate / downward expander. The detector is the
// compressor's (key high-pass, channel link, peak or RMS); the gain
// envelope runs on linear gain with one-pole smoothing: opening with the
// attack time constant, closing with the release time constant (1−1/e of
// the step in that time), and after the target falls the gain is held for
// HoldMs before the release starts. The hold restarts whenever the target
// is at or above the current gain. Like the compressor it takes an
// external sidechain key and an optional lookahead (Latency).
//
// A new or Reset gate starts closed (at −RangeDB).
type Gate struct {
	p        GateParams
	rate     int
	channels int
	det      *detector
	la       delayLine
	aA, aR   float64
	hold     int
	left     int
	g        float64 // linear gain
	floor    float64
	grMax    float64
}

// NewGate returns a gate for channels channels at sampleRate.
func NewGate(p GateParams, sampleRate, channels int) (*Gate, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 {
		return nil, fmt.Errorf("dynamics: gate: %d channels; need at least 1", channels)
	}
	det, err := newDetector("dynamics: gate", p.Detector, p.Link, p.RMSWindowMs, p.SidechainHPFHz, sampleRate, max(MaxKeyChannels, channels))
	if err != nil {
		return nil, err
	}
	g := &Gate{p: p, rate: sampleRate, channels: channels, det: det,
		la: newDelayLine(channels, msToFrames(p.LookaheadMs, sampleRate))}
	g.SetAttackMs(p.AttackMs)
	g.SetReleaseMs(p.ReleaseMs)
	g.SetHoldMs(p.HoldMs)
	g.SetRangeDB(p.RangeDB)
	g.g = g.floor
	g.grMax = g.GainReductionDB()
	return g, nil
}

// Params returns the current parameters.
func (g *Gate) Params() GateParams { return g.p }

// SetThresholdDB sets the threshold (clamped to [-100, 0]).
func (g *Gate) SetThresholdDB(db float64) { g.p.ThresholdDB = clamp(db, -100, 0, g.p.ThresholdDB) }

// SetRangeDB sets the most attenuation (clamped to [0, 120]).
func (g *Gate) SetRangeDB(db float64) {
	g.p.RangeDB = clamp(db, 0, 120, g.p.RangeDB)
	g.floor = dsp.DBToGain(-g.p.RangeDB)
}

// SetRatio sets the expansion ratio (clamped to [1, GateRatio]).
func (g *Gate) SetRatio(r float64) { g.p.Ratio = clamp(r, 1, GateRatio, g.p.Ratio) }

// SetAttackMs sets the attack (clamped to [0, 500]).
func (g *Gate) SetAttackMs(ms float64) {
	g.p.AttackMs = clamp(ms, 0, 500, g.p.AttackMs)
	g.aA = timeConstant(g.p.AttackMs, g.rate)
}

// SetHoldMs sets the hold time (clamped to [0, 2000]).
func (g *Gate) SetHoldMs(ms float64) {
	g.p.HoldMs = clamp(ms, 0, 2000, g.p.HoldMs)
	g.hold = msToFrames(g.p.HoldMs, g.rate)
}

// SetReleaseMs sets the release (clamped to [1, 5000]).
func (g *Gate) SetReleaseMs(ms float64) {
	g.p.ReleaseMs = clamp(ms, 1, 5000, g.p.ReleaseMs)
	g.aR = timeConstant(g.p.ReleaseMs, g.rate)
}

// SetSidechainHPF sets the key high-pass frequency in Hz (0 = off).
func (g *Gate) SetSidechainHPF(hz float64) {
	g.p.SidechainHPFHz = clamp(hz, 0, math.Min(2000, 0.4999*float64(g.rate)), g.p.SidechainHPFHz)
	g.det.setHPF(g.p.SidechainHPFHz)
}

// Latency is the lookahead in frames.
func (g *Gate) Latency() int { return g.la.frames() }

// GainReductionDB is the current attenuation in dB (≥ 0).
func (g *Gate) GainReductionDB() float64 { return -dsp.GainToDB(g.g) }

// MaxGainReductionDB is the largest attenuation since construction, Reset
// or ResetMeter.
func (g *Gate) MaxGainReductionDB() float64 { return g.grMax }

// ResetMeter restarts MaxGainReductionDB.
func (g *Gate) ResetMeter() { g.grMax = g.GainReductionDB() }

// Reset returns to the state of a new gate with the current parameters.
func (g *Gate) Reset() {
	g.det.reset()
	g.la.reset()
	g.g, g.left = g.floor, 0
	g.grMax = g.GainReductionDB()
}

// Process gates src into dst, keyed by src itself.
func (g *Gate) Process(dst, src [][]float32) { g.ProcessSidechain(dst, src, src) }

// ProcessSidechain gates src into dst keyed by key (1 to MaxKeyChannels
// channels, the block's frame count). dst may alias src.
func (g *Gate) ProcessSidechain(dst, src, key [][]float32) {
	dsp.CheckShape("dynamics: gate", dst, src, g.channels)
	n := dsp.Frames(src)
	g.det.checkKey("dynamics: gate", key, n)
	t, r, rng := g.p.ThresholdDB, g.p.Ratio, g.p.RangeDB
	gain, left, minGain := g.g, g.left, g.g
	threshPow := math.Pow(10, t/10) // at or above it the target is 0 dB
	la := g.la.buf
	pos := g.la.pos
	for i := 0; i < n; i++ {
		target := 1.0
		if pw := g.det.power(key, i); pw < threshPow {
			switch db := gateCurve(fastPowerToDB(pw), t, r, rng); {
			case db == 0:
			case db == -rng:
				target = g.floor
			default:
				target = fastExp(db * ln10over20)
			}
		}
		switch {
		case target >= gain:
			gain = g.aA*gain + (1-g.aA)*target
			left = g.hold
		case left > 0:
			left--
		default:
			gain = g.aR*gain + (1-g.aR)*target
		}
		minGain = math.Min(minGain, gain)
		if la == nil {
			for ch := range src {
				dst[ch][i] = float32(float64(src[ch][i]) * gain)
			}
			continue
		}
		for ch := range src {
			x := src[ch][i]
			d := la[ch][pos]
			la[ch][pos] = x
			dst[ch][i] = float32(float64(d) * gain)
		}
		if pos++; pos == len(la[0]) {
			pos = 0
		}
	}
	g.g, g.left = gain, left
	g.la.pos = pos
	g.grMax = math.Max(g.grMax, -dsp.GainToDB(minGain))
	g.det.flush()
}
