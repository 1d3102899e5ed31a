package gaincalc

import (
	"math"

	"immerse/geom"
	"immerse/panner"
)

// polarExtent is the polar extent panner of BS.2127 §7.3.8: a source with
// width and height becomes a weighted field of virtual sources spread
// evenly over the sphere, each panned by the point-source panner; the
// weights are 1 inside a stadium-shaped region around the source and fade
// to 0 over 10 degrees outside it.
type polarExtent struct {
	psp *panner.PointSource
	n   int // non-LFE channels
	// outIdx maps non-LFE channel i to its layout channel.
	outIdx []int
	// The virtual sources (§7.3.8.2.1) and their point-source gains over
	// the non-LFE channels, row by row.
	vs    []geom.Vec
	vsPan []float64
}

// fadeWidth is the width in degrees of the weight's fade (§7.3.8.2.2).
const fadeWidth = 10.0

// spreadRows is the number of rows of virtual sources: one every 5 degrees
// of elevation.
const spreadRows = 37

func newPolarExtent(psp *panner.PointSource, outIdx []int) *polarExtent {
	e := &polarExtent{psp: psp, n: len(outIdx), outIdx: outIdx}
	e.vs = spreadPositions(spreadRows)
	e.vsPan = make([]float64, len(e.vs)*e.n)
	full := make([]float64, psp.Channels())
	for k, v := range e.vs {
		full = psp.Gains(full, v)
		for i, c := range outIdx {
			e.vsPan[k*e.n+i] = full[c]
		}
	}
	return e
}

// spreadPositions places virtual sources evenly on the sphere: rows at
// equally spaced elevations from -90 to 90, each with a number of points
// proportional to its circumference (2·(rows-1) on the equator, at least
// one), starting at azimuth 0.
func spreadPositions(rows int) []geom.Vec {
	var out []geom.Vec
	for r := 0; r < rows; r++ {
		el := linspace(-90, 90, rows, r)
		radius := math.Cos(geom.Radians(el))
		n := int(math.RoundToEven(radius * 2 * float64(rows-1)))
		if n == 0 {
			n = 1
		}
		for k := 0; k < n; k++ {
			az := float64(k) * (360 / float64(n))
			out = append(out, geom.Cart(az, el, 1))
		}
	}
	return out
}

// linspace returns the i-th of n evenly spaced values from a to b.
func linspace(a, b float64, n, i int) float64 {
	if i == n-1 {
		return b
	}
	return a + float64(i)*((b-a)/float64(n-1))
}

// pointGains writes the point-source gains over the non-LFE channels.
func (e *polarExtent) pointGains(dst []float64, pos geom.Vec, full []float64) {
	full = e.psp.Gains(full, pos)
	for i, c := range e.outIdx {
		dst[i] = full[c]
	}
}

// extentMod widens the extent of a source closer than the loudspeakers
// and narrows that of one beyond them (§7.3.8.2.4): the extent becomes the
// angle a sphere of size s subtends at the given distance, with s derived
// from the extent at distance 1 (360 degrees at distance 0).
func extentMod(extent, distance float64) float64 {
	const minSize = 0.2
	size := interp2(extent, 0, 360, minSize, 1)
	e1 := 4 * geom.Degrees(math.Atan2(size, 1))
	xp := [3]float64{0, e1, 360}
	fp := [3]float64{0, extent, 360}
	return interp(4*geom.Degrees(math.Atan2(size, distance)), xp[:], fp[:])
}

// gains computes the extent panner's gains (§7.3.8.2) over the non-LFE
// channels into dst: for depth, the power mean of the gains at
// distance ± depth/2. tmp and full are scratch (len n and all channels).
func (e *polarExtent) gains(dst []float64, pos geom.Vec, width, height, depth float64, s *scratch) {
	dist := pos.Norm()
	if depth == 0 {
		e.spread(dst, pos, extentMod(width, dist), extentMod(height, dist), s)
		return
	}
	var ds [2]float64
	ds[0], ds[1] = math.Max(dist+depth/2, 0), math.Max(dist-depth/2, 0)
	clear(dst)
	for _, d := range ds {
		e.spread(s.ext, pos, extentMod(width, d), extentMod(height, d), s)
		for i, g := range s.ext[:e.n] {
			dst[i] += g * g
		}
	}
	for i := range dst[:e.n] {
		dst[i] = math.Sqrt(dst[i] / 2)
	}
}

// spread mixes point and spread gains (§7.3.8.2.3): below a size of
// fadeWidth the result fades, in power, from the point source to the spread
// source of size at least fadeWidth/2.
func (e *polarExtent) spread(dst []float64, pos geom.Vec, width, height float64, s *scratch) {
	amSpread := interp2(math.Max(width, height), 0, fadeWidth, 0, 1)
	amPoint := 1 - amSpread
	out := dst[:e.n]
	clear(out)
	if amPoint > 1e-10 {
		e.pointGains(s.pt, pos, s.full)
		for i := range out {
			out[i] += amPoint * s.pt[i] * s.pt[i]
		}
	}
	if amSpread > 1e-10 {
		width = math.Max(width, fadeWidth/2)
		height = math.Max(height, fadeWidth/2)
		w := newWeightFunc(pos, width, height)
		sum := s.pt[:e.n]
		clear(sum)
		for k, v := range e.vs {
			wk := w.weight(v)
			if wk == 0 {
				continue
			}
			row := e.vsPan[k*e.n : (k+1)*e.n]
			for i, g := range row {
				sum[i] += wk * g
			}
		}
		var norm float64
		for _, g := range sum {
			norm += g * g
		}
		norm = math.Sqrt(norm)
		for i, g := range sum {
			g /= norm
			out[i] += amSpread * g * g
		}
	}
	for i := range out {
		out[i] = math.Sqrt(out[i])
	}
}
