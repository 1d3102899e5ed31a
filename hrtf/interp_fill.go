package hrtf

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"immerse/geom"
)

// holeAngle is the circumcircle radius (degrees) above which a hull
// polygon counts as a region without measurements, unless the set is so
// sparse that twice its median polygon radius is larger; a polygon wider
// than maxHoleAngle is a hole in any set (its plane passes near or beyond
// the centre, where interpolation by projection breaks down).
const (
	holeAngle    = 30.0
	maxHoleAngle = 60.0
)

// maxFillRounds bounds the rounds of virtual directions added.
const maxFillRounds = 3

// buildMesh meshes pts, adding virtual directions (appended to pts,
// aligned and delay) until no polygon is wider than the meshHole threshold.
func (t *interpTables) buildMesh(pts []geom.Vec) (*mesh, error) {
	for round := 0; ; round++ {
		m, err := newMesh(pts)
		if errors.Is(err, errFlat) && round == 0 {
			// All directions in one plane (a horizontal ring): add the two
			// poles of that plane, each the average of every direction.
			nrm, ok := planeNormal(pts)
			if !ok {
				return nil, fmt.Errorf("its %d distinct directions lie on one line; an HRTF set needs at least 3 directions not on one line", len(pts))
			}
			all := make([]int32, len(pts))
			for i := range all {
				all[i] = int32(i)
			}
			pts = t.addVirtual(pts, nrm, all)
			pts = t.addVirtual(pts, nrm.Scale(-1), all)
			continue
		}
		if err != nil {
			return nil, err
		}
		holes := m.holes()
		if len(holes) == 0 || round == maxFillRounds {
			return m, nil
		}
		n0 := len(pts)
		for _, h := range holes {
			if nearestDist(pts, h.dir) > 1e-6 {
				pts = t.addVirtual(pts, h.dir, h.corners)
			}
		}
		if len(pts) == n0 {
			return m, nil
		}
	}
}

// addVirtual appends a virtual direction whose aligned responses and
// delays are the averages of those of corners.
func (t *interpTables) addVirtual(pts []geom.Vec, dir geom.Vec, corners []int32) []geom.Vec {
	alen := len(t.aligned[0][0])
	var a [2][]float32
	var d [2]float64
	for ear := range a {
		acc := make([]float64, alen)
		for _, c := range corners {
			for i, v := range t.aligned[c][ear] {
				acc[i] += float64(v)
			}
			d[ear] += t.delay[c][ear]
		}
		a[ear] = make([]float32, alen)
		for i, v := range acc {
			a[ear][i] = float32(v / float64(len(corners)))
		}
		d[ear] /= float64(len(corners))
	}
	t.aligned = append(t.aligned, a)
	t.resid = append(t.resid, [2][]float32{})
	t.delay = append(t.delay, d)
	t.source = append(t.source, -1)
	t.virtual++
	return append(pts, dir)
}

// meshHole is a region to cover with one virtual direction.
type meshHole struct {
	dir     geom.Vec
	radius  float64 // degrees
	corners []int32
}

// radius is the angular radius (degrees) of polygon p's circumcircle on
// the sphere; 90° or more when its plane does not separate it from the
// centre.
func (m *mesh) radius(p meshPoly) float64 {
	return geom.Degrees(math.Acos(max(-1, min(1, p.off))))
}

// holes lists the uncovered regions: polygons wider than the threshold,
// those whose centres are close (the skinny triangles of a cap whose ring
// is not exactly planar) grouped into one.
func (m *mesh) holes() []meshHole {
	radii := make([]float64, len(m.polys))
	for i, p := range m.polys {
		radii[i] = m.radius(p)
	}
	sorted := append([]float64(nil), radii...)
	sort.Float64s(sorted)
	limit := min(maxHoleAngle, max(holeAngle, 2*sorted[len(sorted)/2]))
	var out []meshHole
	order := make([]int, 0)
	for i, r := range radii {
		if r > limit {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool { return radii[order[a]] > radii[order[b]] })
	for _, i := range order {
		p := m.polys[i]
		joined := false
		for k := range out {
			if out[k].dir.Angle(p.normal) < 0.5*out[k].radius {
				out[k].corners = appendUnique(out[k].corners, m.vert[p.start:p.start+p.n])
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, meshHole{dir: p.normal, radius: radii[i], corners: append([]int32(nil), m.vert[p.start:p.start+p.n]...)})
		}
	}
	return out
}

func appendUnique(s []int32, add []int32) []int32 {
	for _, v := range add {
		found := false
		for _, w := range s {
			if w == v {
				found = true
				break
			}
		}
		if !found {
			s = append(s, v)
		}
	}
	return s
}

// nearest returns the distance from d to the closest of pts.
func nearestDist(pts []geom.Vec, d geom.Vec) float64 {
	best := math.Inf(1)
	for _, p := range pts {
		best = min(best, p.Sub(d).Norm())
	}
	return best
}

// planeNormal returns the unit normal of the plane through pts, false when
// they are (nearly) collinear.
func planeNormal(pts []geom.Vec) (geom.Vec, bool) {
	var best geom.Vec
	for i := 1; i < len(pts); i++ {
		for j := i + 1; j < len(pts); j++ {
			n := pts[i].Sub(pts[0]).Cross(pts[j].Sub(pts[0]))
			if n.Norm() > best.Norm() {
				best = n
			}
		}
		if best.Norm() > 0.1 {
			break
		}
	}
	if best.Norm() < 1e-9 {
		return best, false
	}
	return best.Unit(), true
}
