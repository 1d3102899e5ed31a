package admrender

import (
	"math"

	"immerse/adm"
	"immerse/gaincalc"
	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// boundsTol is the tolerance, in degrees or distance units, of the
// DirectSpeakers bounds and closest-speaker tests (as in the reference
// renderer).
const boundsTol = 1e-5

// dsPanner computes the gains of DirectSpeakers blocks (BS.2127 §8): the
// mapping rules for channels of ITU packs, then a loudspeaker whose label
// matches, then the loudspeaker closest to the position within its bounds,
// and finally the point-source panner (LFE channels go to LFE1 or are
// dropped).
type dsPanner struct {
	layout  *speakers.Layout
	lfe     []bool
	nomAz   []float64
	nomEl   []float64
	nomPos  []geom.Vec // nominal directions
	alloPos []geom.Vec // allocentric positions
	psp     *panner.PointSource
	calc    *gaincalc.Calculator
	dir     []float64 // scratch
	dif     []float64
}

func newDSPanner(l *speakers.Layout, psp *panner.PointSource, calc *gaincalc.Calculator) *dsPanner {
	p := &dsPanner{layout: l, psp: psp, calc: calc,
		dir: make([]float64, len(l.Channels)), dif: make([]float64, len(l.Channels))}
	for i := range l.Channels {
		c := &l.Channels[i]
		p.lfe = append(p.lfe, c.LFE)
		p.nomAz = append(p.nomAz, c.NominalAzimuth)
		p.nomEl = append(p.nomEl, c.NominalElevation)
		p.nomPos = append(p.nomPos, c.NominalDirection())
		p.alloPos = append(p.alloPos, gaincalc.AllocentricPosition(c))
	}
	return p
}

// isLFE reports whether a DirectSpeakers channel is an LFE channel: its
// frequency element says low-pass at most 200 Hz (and no high-pass), or one
// of the block's speaker labels is LFE1 or LFE2 (after the LFE, LFEL and
// LFER aliases).
func isLFE(b *adm.SpeakersBlock, ch *adm.ChannelFormat) bool {
	if ch != nil && ch.LowPass > 0 && ch.LowPass <= 200 && ch.HighPass == 0 {
		return true
	}
	for _, l := range b.Labels {
		if n := adm.SpeakerLabel(l); n == "LFE1" || n == "LFE2" {
			return true
		}
	}
	return false
}

// gains writes into dst (one gain per layout channel) the gains of block b
// of channel ch held in pack (the innermost pack on the path to ch), before
// the block's and the objects' gains.
func (p *dsPanner) gains(dst []float64, b *adm.SpeakersBlock, ch *adm.ChannelFormat, pack *adm.PackFormat) {
	clear(dst)
	lfe := isLFE(b, ch)
	// 1. Channels of ITU packs: the mapping rules.
	if pack != nil && pack.Common && len(b.Labels) > 0 {
		if in, ok := ituPackLayouts[pack.ID]; ok {
			if g := ruleGains(in, adm.SpeakerLabel(b.Labels[0]), p.layout.Name, p.layout.Index); g != nil {
				for _, x := range g {
					dst[p.layout.Index(x.label)] = x.gain
				}
				return
			}
		}
	}
	// 2. A loudspeaker of the same label and kind, earlier labels first.
	for _, l := range b.Labels {
		if i := p.layout.Index(adm.SpeakerLabel(l)); i >= 0 && p.lfe[i] == lfe {
			dst[i] = 1
			return
		}
	}
	// 3. The closest loudspeaker within the bounds, after the screen edge
	// lock has moved the position.
	var target geom.Vec
	var within func(i int) bool
	positions := p.nomPos
	if b.Cartesian {
		x, y, z := b.X, b.Y, b.Z
		target = geom.Vec{x.Value, y.Value, z.Value}
		if lock := b.ScreenEdgeLock; lock != (gaincalc.ScreenEdgeLock{}) {
			target = p.calc.LockToScreenEdge(target, lock, true)
			x.Value, y.Value, z.Value = target[0], target[1], target[2]
		}
		positions = p.alloPos
		within = func(i int) bool {
			q := p.alloPos[i]
			for k, bd := range [3]adm.Bound{x, y, z} {
				lo, hi := bounds(bd)
				if q[k]+boundsTol < lo || q[k]-boundsTol > hi {
					return false
				}
			}
			return true
		}
	} else {
		az, el := b.Azimuth, b.Elevation
		if lock := b.ScreenEdgeLock; lock != (gaincalc.ScreenEdgeLock{}) {
			v := p.calc.LockToScreenEdge(geom.Cart(az.Value, el.Value, 1), lock, false)
			if lock.Horizontal != "" {
				az.Value = -geom.Degrees(math.Atan2(v[0], v[1]))
			}
			if lock.Vertical != "" {
				el.Value = v.Elevation()
			}
		}
		target = geom.Cart(az.Value, el.Value, b.Distance.Value)
		azLo, azHi := bounds(az)
		elLo, elHi := bounds(el)
		dLo, dHi := bounds(b.Distance)
		within = func(i int) bool {
			const nomDistance = 1
			return (insideAngleRange(p.nomAz[i], azLo, azHi, boundsTol) || math.Abs(p.nomEl[i]) >= 90-boundsTol) &&
				p.nomEl[i] > elLo-boundsTol && p.nomEl[i] < elHi+boundsTol &&
				nomDistance > dLo-boundsTol && nomDistance < dHi+boundsTol
		}
	}
	if i := p.closest(positions, target, func(i int) bool { return p.lfe[i] == lfe && within(i) }); i >= 0 {
		dst[i] = 1
		return
	}
	// 4. LFE channels go to LFE1 (or nowhere); others are panned.
	if lfe {
		if i := p.layout.Index("LFE1"); i >= 0 {
			dst[i] = 1
		}
		return
	}
	if !b.Cartesian {
		p.psp.Gains(dst, target)
		return
	}
	blk := gaincalc.NewBlockFormat(gaincalc.Cart(target[0], target[1], target[2]))
	blk.Cartesian = true
	if err := p.calc.Gains(p.dir, p.dif, blk, gaincalc.NewExtraData()); err == nil {
		copy(dst, p.dir)
	}
}

// closest returns the candidate loudspeaker nearest to target when exactly
// one lies within boundsTol of the smallest distance; else -1.
func (p *dsPanner) closest(positions []geom.Vec, target geom.Vec, candidate func(int) bool) int {
	best, bestDist := -1, math.Inf(1)
	for i, q := range positions {
		if candidate(i) {
			if d := q.Sub(target).Norm(); d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	if best < 0 {
		return -1
	}
	for i, q := range positions {
		if i != best && candidate(i) && math.Abs(q.Sub(target).Norm()-bestDist) < boundsTol {
			return -1
		}
	}
	return best
}

// bounds returns a coordinate's range: its min and max, each defaulting
// to the value.
func bounds(b adm.Bound) (float64, float64) {
	lo, hi := b.Value, b.Value
	if b.Min != nil {
		lo = *b.Min
	}
	if b.Max != nil {
		hi = *b.Max
	}
	return lo, hi
}

// insideAngleRange reports whether angle x lies, within tol degrees, in the
// range running anticlockwise (increasing azimuth) from start to end
// (BS.2127 §6.2); a range from -180 to 180 holds every angle.
func insideAngleRange(x, start, end, tol float64) bool {
	for end-360 > start {
		end -= 360
	}
	for end < start {
		end += 360
	}
	lo := start - tol
	for x-360 >= lo {
		x -= 360
	}
	for x < lo {
		x += 360
	}
	return x <= end+tol
}
