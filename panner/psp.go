package panner

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/speakers"
)

// PointSource is the BS.2127 point-source panner for one layout.
type PointSource struct {
	layout   *speakers.Layout
	outIdx   []int // layout channel index of each non-LFE channel
	nReal    int   // non-LFE channels
	extraMix []int // extended channel nReal+i folds into real channel extraMix[i]
	// Regions, tried in this order: virtual n-gons, triangles, quads.
	// Concrete slices (not an interface) keep Gains free of allocations.
	ngons    []*virtualNgon
	triplets []triplet
	quads    []*quad
	stereo   *stereoPanner
	mono     bool
}

// maxExtended bounds real + extra channels, so Gains can work on the stack.
const maxExtended = 2 * speakers.MaxChannels

// NewPointSource configures the panner for layout l (LFE channels get gain
// 0). It fails for a layout whose speakers do not surround the listener in a
// way VBAP can pan over, or whose screen speakers lie outside their ranges.
func NewPointSource(l *speakers.Layout) (*PointSource, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("panner: %w", err)
	}
	nl, idx := l.WithoutLFE()
	p := &PointSource{layout: l, outIdx: idx, nReal: len(nl.Channels)}
	if p.nReal == 0 {
		return nil, fmt.Errorf("panner: layout %q has only LFE channels", l.Name)
	}
	if err := checkScreenSpeakers(nl); err != nil {
		return nil, err
	}
	if p.nReal == 1 {
		// One loudspeaker (mono): every direction plays on it.
		p.mono = true
		return p, nil
	}
	if l.Name == "0+2+0" && !l.Custom || isStereoPair(nl) {
		s, err := newStereoPanner(nl)
		if err != nil {
			return nil, err
		}
		p.stereo = s
		return p, nil
	}
	if err := p.configureFull(nl); err != nil {
		return nil, err
	}
	return p, nil
}

// isStereoPair: a layout of exactly M+030 and M-030 (e.g. 0+2+0 with real
// positions) is panned like 0+2+0.
func isStereoPair(l *speakers.Layout) bool {
	return len(l.Channels) == 2 && l.Index("M+030") >= 0 && l.Index("M-030") >= 0
}

// Layout returns the layout the panner was configured for.
func (p *PointSource) Layout() *speakers.Layout { return p.layout }

// Channels is the number of gains Gains returns (all channels of the layout,
// LFE included).
func (p *PointSource) Channels() int { return len(p.layout.Channels) }

// Gains writes the gain of every layout channel (BS.2051 order, LFE = 0) for
// a source in direction dir (any non-zero length) into dst, which it returns;
// dst is grown if it is too short. The gains are non-negative with a sum of
// squares of 1.
func (p *PointSource) Gains(dst []float64, dir geom.Vec) []float64 {
	n := len(p.layout.Channels)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	p.gainsInto(dst, dir, nil)
	return dst
}

// GainsHint is Gains for a caller that pans one moving source: *hint (start
// with -1) remembers the loudspeaker region the last direction fell in,
// which is tried first, so a slowly moving source skips the search. The
// gains are those of Gains (up to rounding for a direction exactly on the
// edge between two regions, which both accept).
func (p *PointSource) GainsHint(dst []float64, dir geom.Vec, hint *int) []float64 {
	n := len(p.layout.Channels)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	p.gainsInto(dst, dir, hint)
	return dst
}

// gainsInto is Gains with an output of the right length.
func (p *PointSource) gainsInto(dst []float64, dir geom.Vec, hint *int) {
	clear(dst)
	dir = dir.Unit()
	if dir == (geom.Vec{}) {
		dir = geom.Vec{0, 1, 0} // no direction: front, by convention
	}
	var real [speakers.MaxChannels]float64
	if p.mono {
		real[0] = 1
	} else if p.stereo != nil {
		p.stereo.gains(dir, real[:p.nReal])
	} else {
		var ext [maxExtended]float64
		e := ext[:p.nReal+len(p.extraMix)]
		if !p.handle(dir, e, hint) {
			// Cannot happen for a closed hull; guard against rounding at a
			// seam by nudging the direction (deterministically).
			p.handle(dir.Add(geom.Vec{1e-9, 2e-9, 3e-9}).Unit(), e, hint)
		}
		copy(real[:p.nReal], e[:p.nReal])
		for i, to := range p.extraMix {
			real[to] += e[p.nReal+i]
		}
		normalize(real[:p.nReal])
	}
	for i, k := range p.outIdx {
		dst[k] = real[i]
	}
}

// handle finds the region containing dir and writes its gains into e.
// Regions are numbered n-gons first, then triangles, then quads; with a
// hint, region *hint is tried first and *hint is updated.
func (p *PointSource) handle(dir geom.Vec, e []float64, hint *int) bool {
	if hint != nil && *hint >= 0 && p.region(*hint, dir, e) {
		return true
	}
	n := len(p.ngons) + len(p.triplets) + len(p.quads)
	for i := 0; i < n; i++ {
		if p.region(i, dir, e) {
			if hint != nil {
				*hint = i
			}
			return true
		}
	}
	return false
}

// region tries region i (see handle for the numbering).
func (p *PointSource) region(i int, dir geom.Vec, e []float64) bool {
	if i < len(p.ngons) {
		return p.ngons[i].handle(dir, e)
	}
	i -= len(p.ngons)
	if i < len(p.triplets) {
		return p.triplets[i].handle(dir, e)
	}
	i -= len(p.triplets)
	if i < len(p.quads) {
		return p.quads[i].handle(dir, e)
	}
	return false
}

func normalize(g []float64) {
	var s float64
	for _, v := range g {
		s += v * v
	}
	if s == 0 {
		return
	}
	s = 1 / math.Sqrt(s)
	for i := range g {
		g[i] *= s
	}
}

// speaker is a loudspeaker as the triangulation sees it.
type speaker struct {
	nominal, real geom.Vec // unit vectors
	nomAz, nomEl  float64
	realAz        float64
	realEl        float64
}

// configureFull builds the regions for every layout but 0+2+0 (BS.2127
// §6.1.2.2–6.1.2.4).
func (p *PointSource) configureFull(l *speakers.Layout) error {
	spk := make([]speaker, 0, 2*len(l.Channels)+2)
	for _, c := range l.Channels {
		nomAz := c.NominalAzimuth
		if c.Label == "M+SC" || c.Label == "M-SC" {
			// Screen speakers may sit anywhere from 5 to 60 degrees; their
			// nominal position is set to 15 or 45 degrees by side so that the
			// triangulation suits the real position (BS.2127 §6.1.2.2).
			nomAz = math.Copysign(15, c.Azimuth)
			if math.Abs(c.Azimuth) > 30 {
				nomAz = math.Copysign(45, c.Azimuth)
			}
		}
		spk = append(spk, speaker{
			nominal: geom.Cart(nomAz, c.NominalElevation, 1), real: geom.Cart(c.Azimuth, c.Elevation, 1),
			nomAz: nomAz, nomEl: c.NominalElevation, realAz: c.Azimuth, realEl: c.Elevation,
		})
	}
	// Extra speakers filling gaps in the upper and lower layers, downmixed
	// to the mid-layer speaker they stand above or below.
	extra, mix := extraVertical(spk)
	spk = append(spk, extra...)
	p.extraMix = mix
	nSpk := len(spk)
	// Virtual speakers straight below and (unless the layout has a speaker
	// at or near the top, T+000 or UH+180) above the listener.
	virtual := []geom.Vec{{0, 0, -1}}
	if l.Index("T+000") < 0 && l.Index("UH+180") < 0 {
		virtual = append(virtual, geom.Vec{0, 0, 1})
	}
	nominal := make([]geom.Vec, 0, nSpk+len(virtual))
	real := make([]geom.Vec, 0, nSpk+len(virtual))
	for _, s := range spk {
		nominal = append(nominal, s.nominal)
		real = append(real, s.real)
	}
	nominal = append(nominal, virtual...)
	real = append(real, virtual...)

	facets := hullFacets(nominal)
	if err := checkEnclosing(nominal, facets); err != nil {
		return fmt.Errorf("panner: layout %q: %w", l.Name, err)
	}
	isVirtual := func(v int) bool { return v >= nSpk }
	// Caps around each virtual speaker become virtual n-gons.
	for v := nSpk; v < len(nominal); v++ {
		seen := map[int]bool{}
		var ring []int
		for _, f := range facets {
			if !f.has(v) {
				continue
			}
			for _, c := range f {
				if c != v && !seen[c] {
					if isVirtual(c) {
						return fmt.Errorf("panner: layout %q: no loudspeakers between the virtual speakers above and below; add speakers at ear height", l.Name)
					}
					seen[c] = true
					ring = append(ring, c)
				}
			}
		}
		sortInts(ring)
		pos := make([]geom.Vec, len(ring))
		for i, c := range ring {
			pos[i] = real[c]
		}
		p.ngons = append(p.ngons, newVirtualNgon(ring, pos, real[v]))
	}
	// Other facets: triangles and quadrilaterals of real speakers.
	for _, f := range facets {
		touchesVirtual := false
		for _, c := range f {
			if isVirtual(c) {
				touchesVirtual = true
			}
		}
		if touchesVirtual {
			continue
		}
		switch len(f) {
		case 3:
			p.triplets = append(p.triplets, newTriplet([3]int{f[0], f[1], f[2]}, [3]geom.Vec{real[f[0]], real[f[1]], real[f[2]]}))
		case 4:
			p.quads = append(p.quads, newQuad([4]int{f[0], f[1], f[2], f[3]}, [4]geom.Vec{real[f[0]], real[f[1]], real[f[2]], real[f[3]]}))
		default:
			return fmt.Errorf("panner: layout %q: %d loudspeakers lie on one plane of the hull; at most 4 coplanar speakers are supported", l.Name, len(f))
		}
	}
	return nil
}

// extraVertical adds, for each mid-layer speaker (nominal elevation within
// ±10°) far enough round from the speakers of the upper (and lower) layer, a
// speaker directly above (below) it at that layer's elevation; without such a
// layer, every mid-layer speaker gets one (BS.2127 §6.1.2.2). It returns the
// extra speakers and, for each, the mid-layer speaker it folds into.
func extraVertical(spk []speaker) ([]speaker, []int) {
	var extra []speaker
	var mix []int
	layers := []struct{ nominalEl, lo, hi float64 }{{-30, -70, -10}, {30, 10, 70}}
	for _, layer := range layers {
		azLimit, realEl := 0.0, layer.nominalEl
		var n int
		var maxAz, sumEl float64
		for _, s := range spk {
			if s.nomEl >= layer.lo && s.nomEl <= layer.hi {
				maxAz = math.Max(maxAz, math.Abs(s.nomAz))
				sumEl += s.realEl
				n++
			}
		}
		if n > 0 {
			// Leave room so that sources moving horizontally do not jump
			// vertically: 40 degrees beyond the layer's azimuth range.
			azLimit = maxAz + 40
			realEl = sumEl / float64(n)
		}
		for i, s := range spk {
			if s.nomEl < -10 || s.nomEl > 10 {
				continue
			}
			if math.Abs(s.nomAz) >= azLimit-1e-5 {
				extra = append(extra, speaker{
					nominal: geom.Cart(s.nomAz, layer.nominalEl, 1),
					real:    geom.Cart(s.realAz, realEl, 1),
					nomAz:   s.nomAz, nomEl: layer.nominalEl, realAz: s.realAz, realEl: realEl,
				})
				mix = append(mix, i)
			}
		}
	}
	return extra, mix
}

// checkEnclosing verifies that the hull surrounds the listener: the origin
// must lie strictly inside every facet's plane.
func checkEnclosing(points []geom.Vec, facets []facet) error {
	if len(facets) < 4 {
		return fmt.Errorf("the loudspeakers do not span three dimensions")
	}
	for _, f := range facets {
		a, b, c := points[f[0]], points[f[1]], points[f[2]]
		n := b.Sub(a).Cross(c.Sub(a)).Unit()
		if math.Abs(n.Dot(a)) < 1e-6 {
			return fmt.Errorf("the loudspeakers do not surround the listener (a face of their hull passes through the listening position); add speakers so every direction lies between some three of them")
		}
	}
	return nil
}

// checkScreenSpeakers enforces the azimuth ranges BS.2127 allows for the
// screen speakers M+SC and M-SC: 5 to 25 or 35 to 60 degrees.
func checkScreenSpeakers(l *speakers.Layout) error {
	for _, c := range l.Channels {
		if c.Label != "M+SC" && c.Label != "M-SC" {
			continue
		}
		a := math.Abs(c.Azimuth)
		if !(a >= 5 && a <= 25 || a >= 35 && a <= 60) {
			return fmt.Errorf("panner: layout %q: channel %s has azimuth %g; screen speakers must be 5 to 25 or 35 to 60 degrees from the centre", l.Name, c.Label, c.Azimuth)
		}
	}
	return nil
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
