package gaincalc

import (
	"math"
	"sort"
	"strings"

	"immerse/geom"
	"immerse/speakers"
)

// alloTable holds the allocentric loudspeaker positions of BS.2127 (§11.2,
// derived from the BS.2051 labels): each loudspeaker sits on the surface of
// the cube at the corner, edge centre or face centre its label names. The
// left half is listed; right-hand labels mirror X. M+060/M-060 sit where the
// 60-degree direction meets the cube's side wall at tan(22.5°).
var alloTable = map[string]geom.Vec{
	"M+000": {0, 1, 0}, "M+030": {-1, 1, 0}, "M+060": {-1, 0.414214, 0},
	"M+090": {-1, 0, 0}, "M+110": {-1, -1, 0}, "M+135": {-1, -1, 0}, "M+180": {0, -1, 0},
	"U+000": {0, 1, 1}, "U+030": {-1, 1, 1}, "U+045": {-1, 1, 1}, "U+090": {-1, 0, 1},
	"U+110": {-1, -1, 1}, "U+135": {-1, -1, 1}, "U+180": {0, -1, 1}, "UH+180": {0, -1, 1},
	"T+000": {0, 0, 1},
	"B+000": {0, 1, -1}, "B+045": {-1, 1, -1},
}

// alloPosition returns the allocentric position of a (non-LFE) channel.
// Screen loudspeakers M±SC sit on the front wall or the side wall, where
// their real direction meets the cube (§11.2). Labels outside the table
// (custom layouts) take the §10 mapping of their nominal direction.
func alloPosition(c *speakers.Channel) geom.Vec {
	if c.Label == "M+SC" || c.Label == "M-SC" {
		p := PointPolarToCart(math.Abs(c.Azimuth), 0, 1)
		if math.Abs(p[1]-1) < 1e-10 {
			p[1] = 1
		}
		if math.Abs(p[0]+1) < 1e-10 {
			p[0] = -1
		}
		p[0] *= sign(c.Azimuth)
		return p
	}
	if p, ok := alloTable[c.Label]; ok {
		return p
	}
	if i := strings.IndexByte(c.Label, '-'); i > 0 {
		if p, ok := alloTable[c.Label[:i]+"+"+c.Label[i+1:]]; ok {
			return geom.Vec{-p[0], p[1], p[2]}
		}
	}
	return PointPolarToCart(c.NominalAzimuth, c.NominalElevation, 1)
}

// alloPanner is the allocentric point-source panner (BS.2127 §7.3.9,
// §11.3): loudspeakers on a grid of planes (z), rows within a plane (y) and
// columns within a row (x); a position pans with constant power between the
// two planes around its z, in each between the two rows around its y, and
// in each row between the two columns around its x.
type alloPanner struct {
	pos []geom.Vec
	ord []int // channels sorted by z, then y, then x
}

func newAlloPanner(pos []geom.Vec) *alloPanner {
	ord := make([]int, len(pos))
	for i := range ord {
		ord[i] = i
	}
	sort.SliceStable(ord, func(a, b int) bool {
		p, q := pos[ord[a]], pos[ord[b]]
		if p[2] != q[2] {
			return p[2] < q[2]
		}
		if p[1] != q[1] {
			return p[1] < q[1]
		}
		return p[0] < q[0]
	})
	return &alloPanner{pos: pos, ord: ord}
}

// balance pans between lo and hi with constant power: the gains of lo and
// hi for value v.
func balance(lo, hi, v float64) (float64, float64) {
	switch {
	case lo == hi:
		return 1, 1
	case v <= lo:
		return 0, 1
	case v >= hi:
		return 1, 0
	}
	a := (v - lo) / (hi - lo) * math.Pi / 2
	return math.Cos(a), math.Sin(a)
}

// bracket finds, in the ascending distinct values vals, the pair around v:
// both the first when v is at or below it, the same index on an exact
// match, both the last above it.
func bracket(vals []float64, v float64) (int, int) {
	if v <= vals[0] {
		return 0, 0
	}
	for i, x := range vals {
		if x == v {
			return i, i
		}
		if x > v {
			return i - 1, i
		}
	}
	return len(vals) - 1, len(vals) - 1
}

// gains writes into g (all channels) the gains for position p using only
// the channels not excluded (ex may be nil).
func (a *alloPanner) gains(g []float64, p geom.Vec, ex []bool) {
	clear(g)
	var act [speakers.MaxChannels]int
	n := 0
	for _, i := range a.ord {
		if ex == nil || !ex[i] {
			act[n] = i
			n++
		}
	}
	if n == 0 {
		return
	}
	// planes: [zs[k], start index in act]
	var zv [speakers.MaxChannels]float64
	var zs [speakers.MaxChannels + 1]int
	nz := groupBy(act[:n], a.pos, 2, zv[:], zs[:])
	z0, z1 := bracket(zv[:nz], p[2])
	gz0, gz1 := balance(zv[z0], zv[z1], p[2])
	for _, pz := range [2]struct {
		k int
		g float64
	}{{z0, gz0}, {z1, gz1}} {
		plane := act[zs[pz.k]:zs[pz.k+1]]
		var yv [speakers.MaxChannels]float64
		var ys [speakers.MaxChannels + 1]int
		ny := groupBy(plane, a.pos, 1, yv[:], ys[:])
		y0, y1 := bracket(yv[:ny], p[1])
		gy0, gy1 := balance(yv[y0], yv[y1], p[1])
		for _, py := range [2]struct {
			k int
			g float64
		}{{y0, gy0}, {y1, gy1}} {
			row := plane[ys[py.k]:ys[py.k+1]]
			var xv [speakers.MaxChannels]float64
			for i, c := range row {
				xv[i] = a.pos[c][0]
			}
			x0, x1 := bracket(xv[:len(row)], p[0])
			gx0, gx1 := balance(xv[x0], xv[x1], p[0])
			g[row[x0]] = pz.g * py.g * gx0
			g[row[x1]] = pz.g * py.g * gx1
		}
	}
}

// groupBy splits the sorted channel list chs into runs of equal coordinate
// axis, writing each run's value to vals and its start to starts (with a
// final end); it returns the number of runs.
func groupBy(chs []int, pos []geom.Vec, axis int, vals []float64, starts []int) int {
	n := 0
	for i, c := range chs {
		v := pos[c][axis]
		if i == 0 || v != vals[n-1] {
			vals[n] = v
			starts[n] = i
			n++
		}
	}
	starts[n] = len(chs)
	return n
}

// alloExcluded widens a zone-exclusion mask for the allocentric panner
// (§7.3.12.1): excluding a loudspeaker on a side wall away from the corners
// excludes its whole row (same y and z), so that the remaining grid stays
// panable; if nothing would remain, nothing is excluded.
func alloExcluded(dst, ex []bool, pos []geom.Vec) {
	copy(dst, ex)
	for i, c := range pos {
		if ex[i] && math.Abs(c[0]) == 1 && math.Abs(c[1]) != 1 {
			for k, c2 := range pos {
				if c2[1] == c[1] && c2[2] == c[2] {
					dst[k] = true
				}
			}
		}
	}
	for _, e := range dst {
		if !e {
			return
		}
	}
	clear(dst)
}
