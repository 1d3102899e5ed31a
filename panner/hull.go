package panner

import (
	"math"
	"sort"

	"immerse/geom"
)

// facet is a face of a convex hull: the indices of its corners (three or
// more coplanar points), sorted.
type facet []int

// hullFacets returns the faces of the convex hull of points (all on or near
// the unit sphere, none inside the hull), with coplanar triangles merged into
// one face with any number of corners. Layouts have a few dozen points, so
// every triple is tried as a supporting plane: O(n^4), robust, and exact for
// the nominal positions BS.2051 gives.
func hullFacets(points []geom.Vec) []facet {
	const eps = 1e-6 // distance from a plane below which a point is on it
	n := len(points)
	seen := map[string]bool{}
	var out []facet
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			for k := j + 1; k < n; k++ {
				normal := points[j].Sub(points[i]).Cross(points[k].Sub(points[i]))
				l := normal.Norm()
				if l < 1e-9 {
					continue // collinear
				}
				normal = normal.Scale(1 / l)
				d := normal.Dot(points[i])
				above, below := false, false
				var on []int
				for m := 0; m < n; m++ {
					s := normal.Dot(points[m]) - d
					switch {
					case s > eps:
						above = true
					case s < -eps:
						below = true
					default:
						on = append(on, m)
					}
					if above && below {
						break
					}
				}
				if above && below {
					continue
				}
				sort.Ints(on)
				key := facetKey(on)
				if !seen[key] {
					seen[key] = true
					out = append(out, facet(on))
				}
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return facetKey(out[a]) < facetKey(out[b]) })
	return out
}

func facetKey(f []int) string {
	b := make([]byte, 0, 3*len(f))
	for _, v := range f {
		b = append(b, byte(v>>8), byte(v), ',')
	}
	return string(b)
}

// has reports whether the facet contains vertex v.
func (f facet) has(v int) bool {
	for _, x := range f {
		if x == v {
			return true
		}
	}
	return false
}

// ngonOrder orders the corners of a convex, roughly planar polygon around
// its centre and returns the permutation (like a sort's index). The angle of
// each corner is measured in a plane spanned by two corner vectors relative
// to the centre; an affine view of the plane keeps the cyclic order.
func ngonOrder(vertices []geom.Vec) []int {
	var centre geom.Vec
	for _, v := range vertices {
		centre = centre.Add(v)
	}
	centre = centre.Scale(1 / float64(len(vertices)))
	a := vertices[0].Sub(centre)
	// b: the corner (relative to the centre) least collinear with a.
	b := vertices[1].Sub(centre)
	best := math.Abs(b.Dot(a))
	for _, v := range vertices[2:] {
		r := v.Sub(centre)
		if d := math.Abs(r.Dot(a)); d < best {
			b, best = r, d
		}
	}
	angle := make([]float64, len(vertices))
	idx := make([]int, len(vertices))
	for i, v := range vertices {
		r := v.Sub(centre)
		angle[i] = math.Atan2(r.Dot(a), r.Dot(b))
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return angle[idx[x]] < angle[idx[y]] })
	return idx
}
