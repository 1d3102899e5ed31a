package stereo

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// Utility is the channel utility of a mixer strip: gain, polarity inversion
// per channel, mono sum, channel swap and balance, applied as one 2×2
// matrix
//
//	out = gain · diag(bal_L·pol_L, bal_R·pol_R) · Mono · Swap · in
//
// whose entries ramp per sample when a setting changes (so flipping a
// switch does not click). On one channel only gain and InvertLeft apply.
// Zero latency.
type Utility struct {
	p        UtilityParams
	channels int
	m        [4]dsp.Ramp // row-major 2×2
}

// NewUtility returns a utility for 1 or 2 channels at sampleRate.
func NewUtility(p UtilityParams, sampleRate, channels int) (*Utility, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 || channels > 2 || sampleRate <= 0 {
		return nil, fmt.Errorf("stereo: utility: %d channels at %d Hz; need 1 or 2 channels and a positive rate", channels, sampleRate)
	}
	if channels == 1 && (p.InvertRight || p.Mono || p.Swap || p.Balance != 0) {
		return nil, fmt.Errorf("stereo: utility: invert_right, mono, swap and balance need 2 channels: %w", dsp.ErrParam)
	}
	u := &Utility{p: p, channels: channels}
	m := p.Matrix()
	for i := range u.m {
		u.m[i] = dsp.NewRamp(m[i], dsp.RampFrames(sampleRate))
	}
	return u, nil
}

// Matrix returns the 2×2 matrix (row-major: out L = m[0]·L + m[1]·R,
// out R = m[2]·L + m[3]·R) the parameters make.
func (p UtilityParams) Matrix() [4]float64 {
	m := [4]float64{1, 0, 0, 1}
	if p.Swap {
		m = [4]float64{0, 1, 1, 0}
	}
	if p.Mono {
		// (L+R)/2 on both rows of whatever came before.
		a, b := 0.5*(m[0]+m[2]), 0.5*(m[1]+m[3])
		m = [4]float64{a, b, a, b}
	}
	g := dsp.DBToGain(p.GainDB)
	left := g * math.Min(1, 1-p.Balance)
	right := g * math.Min(1, 1+p.Balance)
	if p.InvertLeft {
		left = -left
	}
	if p.InvertRight {
		right = -right
	}
	// + 0 turns a −0 (an inverted zero entry) into 0 for tidy printing.
	return [4]float64{left*m[0] + 0, left*m[1] + 0, right*m[2] + 0, right*m[3] + 0}
}

// Params returns the current parameters.
func (u *Utility) Params() UtilityParams { return u.p }

func (u *Utility) update() {
	m := u.p.Matrix()
	for i := range u.m {
		u.m[i].Set(m[i])
	}
}

// SetGainDB sets the gain (clamped to [-96, 24]); it ramps.
func (u *Utility) SetGainDB(db float64) {
	u.p.GainDB = clamp(db, -96, 24, u.p.GainDB)
	u.update()
}

// SetInvert sets the polarity of each channel (right ignored on mono).
func (u *Utility) SetInvert(left, right bool) {
	u.p.InvertLeft, u.p.InvertRight = left, right && u.channels == 2
	u.update()
}

// SetMono switches the mono sum (stereo only).
func (u *Utility) SetMono(on bool) {
	u.p.Mono = on && u.channels == 2
	u.update()
}

// SetSwap switches the channel swap (stereo only).
func (u *Utility) SetSwap(on bool) {
	u.p.Swap = on && u.channels == 2
	u.update()
}

// SetBalance sets the balance (clamped to [-1, 1]; stereo only).
func (u *Utility) SetBalance(b float64) {
	if u.channels == 2 {
		u.p.Balance = clamp(b, -1, 1, u.p.Balance)
		u.update()
	}
}

// Latency is 0.
func (u *Utility) Latency() int { return 0 }

// Reset ends any ramp (the utility has no other state).
func (u *Utility) Reset() {
	for i := range u.m {
		u.m[i].Finish()
	}
}

// Process applies the matrix to src into dst (they may alias).
func (u *Utility) Process(dst, src [][]float32) {
	dsp.CheckShape("stereo: utility", dst, src, u.channels)
	n := dsp.Frames(src)
	if u.channels == 1 {
		for i, x := range src[0] {
			dst[0][i] = float32(u.m[0].Next() * float64(x))
		}
		return
	}
	l, r, ol, or := src[0][:n], src[1][:n], dst[0][:n], dst[1][:n]
	for i := range l {
		a, b := float64(l[i]), float64(r[i])
		m0, m1, m2, m3 := u.m[0].Next(), u.m[1].Next(), u.m[2].Next(), u.m[3].Next()
		ol[i], or[i] = float32(m0*a+m1*b), float32(m2*a+m3*b)
	}
}
