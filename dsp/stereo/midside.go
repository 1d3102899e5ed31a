package stereo

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/filter"
)

const chunk = 256

// MidSide processes a stereo pair in mid/side form:
//
//	M = (L+R)/2, S = (L−R)/2
//	M' = gm·EQ?(M), S' = gs·width·EQ?(S)
//	L' = M' + S',  R' = M' − S'
//
// with the EQ (a filter.EQ, float64 throughout) on the mid or on the side
// only. Gains and width ramp per sample; EQ bands are automated through
// EQ().Band(i). Zero latency, two channels.
type MidSide struct {
	p    MidSideParams
	eq   *filter.EQ
	gm   dsp.Ramp
	gs   dsp.Ramp // side gain × width
	mid  [chunk]float64
	side [chunk]float64
}

// NewMidSide returns a mid/side processor at sampleRate (stereo).
func NewMidSide(p MidSideParams, sampleRate int) (*MidSide, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	eq, err := filter.NewEQ(p.EQ, sampleRate, 1)
	if err != nil {
		return nil, fmt.Errorf("stereo: midside: %w", err)
	}
	r := dsp.RampFrames(sampleRate)
	return &MidSide{p: p, eq: eq,
		gm: dsp.NewRamp(dsp.DBToGain(p.MidGainDB), r),
		gs: dsp.NewRamp(dsp.DBToGain(p.SideGainDB)*p.Width, r)}, nil
}

// Params returns the current parameters (with the EQ's current bands).
func (m *MidSide) Params() MidSideParams {
	p := m.p
	p.EQ = m.eq.Params()
	return p
}

// EQ returns the mid or side EQ for band automation.
func (m *MidSide) EQ() *filter.EQ { return m.eq }

// SetMidGainDB sets the mid gain (clamped to [-24, 12]); it ramps.
func (m *MidSide) SetMidGainDB(db float64) {
	m.p.MidGainDB = clamp(db, -24, 12, m.p.MidGainDB)
	m.gm.Set(dsp.DBToGain(m.p.MidGainDB))
}

// SetSideGainDB sets the side gain (clamped to [-24, 12]); it ramps.
func (m *MidSide) SetSideGainDB(db float64) {
	m.p.SideGainDB = clamp(db, -24, 12, m.p.SideGainDB)
	m.gs.Set(dsp.DBToGain(m.p.SideGainDB) * m.p.Width)
}

// SetWidth sets the width (clamped to [0, 2]); it ramps.
func (m *MidSide) SetWidth(w float64) {
	m.p.Width = clamp(w, 0, 2, m.p.Width)
	m.gs.Set(dsp.DBToGain(m.p.SideGainDB) * m.p.Width)
}

// Latency is 0.
func (m *MidSide) Latency() int { return 0 }

// Reset clears the EQ state and ends any ramp.
func (m *MidSide) Reset() {
	m.eq.Reset()
	m.gm.Finish()
	m.gs.Finish()
}

// Process transforms the stereo block src into dst (they may alias).
func (m *MidSide) Process(dst, src [][]float32) {
	dsp.CheckShape("stereo: midside", dst, src, 2)
	n := dsp.Frames(src)
	for from := 0; from < n; from += chunk {
		k := min(chunk, n-from)
		l, r := src[0][from:from+k], src[1][from:from+k]
		mid, side := m.mid[:k], m.side[:k]
		for i := range mid {
			a, b := float64(l[i]), float64(r[i])
			mid[i], side[i] = 0.5*(a+b), 0.5*(a-b)
		}
		switch m.p.EQTarget {
		case EQMid:
			m.eq.ProcessChannel(0, mid)
		case EQSide:
			m.eq.ProcessChannel(0, side)
		}
		ol, or := dst[0][from:from+k], dst[1][from:from+k]
		for i := range mid {
			a, b := m.gm.Next()*mid[i], m.gs.Next()*side[i]
			ol[i], or[i] = float32(a+b), float32(a-b)
		}
	}
	m.eq.Flush()
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}
