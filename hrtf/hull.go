package hrtf

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"immerse/geom"
)

// hullEps is the distance (on the unit sphere) below which a point counts
// as lying in a face's plane. Distinct measurement directions a fraction of
// a degree apart stand 1e-5 or more above each other's planes; cocircular
// points (the corners of the trapezoids of a regular elevation/azimuth grid,
// a ring bounding an uncovered cap) lie within 1e-15.
const hullEps = 1e-10

// errFlat reports a point set without four non-coplanar points.
var errFlat = errors.New("directions lie in one plane")

// hullFace is a triangle of the convex hull, counter-clockwise seen from
// outside, with the neighbour across each edge (v[i], v[i+1]).
type hullFace struct {
	v       [3]int32
	nb      [3]int32
	n       geom.Vec // outward unit normal
	off     float64  // plane: n·x = off
	dead    bool
	outside []int32 // points above this face not yet added
}

func (f *hullFace) dist(p geom.Vec) float64 { return f.n.Dot(p) - f.off }

// hull computes the convex hull of points by randomised incremental
// construction with conflict lists (Clarkson–Shor): each pending point is
// kept in the outside list of one face it lies above; adding the farthest
// point of a face removes the faces it sees, closes the horizon with a fan
// of new faces and hands the orphaned points to the new faces. Expected
// cost O(n log n). Points must be distinct; points that end up inside the
// hull (never the case for distinct unit vectors) are left out.
type hull struct {
	pts   []geom.Vec
	faces []hullFace
}

func newHull(pts []geom.Vec) (*hull, error) {
	h := &hull{pts: pts}
	if err := h.build(); err != nil {
		return nil, err
	}
	return h, nil
}

// alive returns the indices of the hull's faces.
func (h *hull) alive() []int32 {
	var out []int32
	for i := range h.faces {
		if !h.faces[i].dead {
			out = append(out, int32(i))
		}
	}
	return out
}

func (h *hull) newFace(a, b, c int32) (int32, error) {
	pa, pb, pc := h.pts[a], h.pts[b], h.pts[c]
	n := pb.Sub(pa).Cross(pc.Sub(pa))
	l := n.Norm()
	if l < 1e-300 {
		return 0, fmt.Errorf("degenerate hull face between directions %d, %d and %d", a, b, c)
	}
	n = n.Scale(1 / l)
	// Offset from the centroid of the corners, for symmetric rounding.
	off := n.Dot(pa.Add(pb).Add(pc).Scale(1.0 / 3))
	h.faces = append(h.faces, hullFace{v: [3]int32{a, b, c}, nb: [3]int32{-1, -1, -1}, n: n, off: off})
	return int32(len(h.faces) - 1), nil
}

func (h *hull) build() error {
	n := len(h.pts)
	if n < 4 {
		return errFlat
	}
	t, err := h.seed()
	if err != nil {
		return err
	}
	// Insertion order: random (deterministic seed), which gives the expected
	// O(n log n) cost whatever the order of the measurements.
	order := rand.New(rand.NewPCG(1, 2)).Perm(n)
	used := map[int]bool{t[0]: true, t[1]: true, t[2]: true, t[3]: true}
	for _, i := range order {
		if used[i] {
			continue
		}
		h.assign(int32(i), []int32{0, 1, 2, 3})
	}
	// Process faces with pending points until none is left.
	stack := []int32{0, 1, 2, 3}
	mark := make([]int32, 0, 64)
	visEpoch := make([]int, 0)
	epoch := 0
	startAt := make([]int32, n) // new face whose horizon edge starts at vertex
	endAt := make([]int32, n)   // new face whose horizon edge ends at vertex
	stamp := make([]int, n)
	for len(stack) > 0 {
		fi := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f := &h.faces[fi]
		if f.dead || len(f.outside) == 0 {
			continue
		}
		// Farthest pending point of this face.
		best, bestD := -1, -1.0
		for k, p := range f.outside {
			if d := f.dist(h.pts[p]); d > bestD {
				best, bestD = k, d
			}
		}
		p := f.outside[best]
		f.outside[best] = f.outside[len(f.outside)-1]
		f.outside = f.outside[:len(f.outside)-1]
		pp := h.pts[p]

		// Faces visible from p: flood fill from fi.
		epoch++
		for len(visEpoch) < len(h.faces) {
			visEpoch = append(visEpoch, 0)
		}
		visible := mark[:0]
		visible = append(visible, fi)
		visEpoch[fi] = epoch
		for k := 0; k < len(visible); k++ {
			for _, nb := range h.faces[visible[k]].nb {
				if visEpoch[nb] == epoch {
					continue
				}
				if h.faces[nb].dist(pp) > hullEps {
					visEpoch[nb] = epoch
					visible = append(visible, nb)
				} else {
					visEpoch[nb] = -epoch // seen, not visible
				}
			}
		}
		// Horizon: edges of visible faces whose neighbour is not visible.
		// Each becomes a new face (a, b, p).
		var created []int32
		for _, vf := range visible {
			for e := 0; e < 3; e++ {
				nb := h.faces[vf].nb[e]
				if visEpoch[nb] == epoch {
					continue
				}
				a, b := h.faces[vf].v[e], h.faces[vf].v[(e+1)%3]
				if stamp[a] == epoch {
					return fmt.Errorf("convex hull: horizon of direction %d is not a simple loop (near-coplanar directions)", p)
				}
				nf, err := h.newFace(a, b, p)
				if err != nil {
					return err
				}
				stamp[a] = epoch
				startAt[a], endAt[b] = nf, nf
				h.faces[nf].nb[0] = nb
				g := &h.faces[nb]
				for ge := 0; ge < 3; ge++ {
					if g.v[ge] == b && g.v[(ge+1)%3] == a {
						g.nb[ge] = nf
					}
				}
				created = append(created, nf)
			}
		}
		for _, nf := range created {
			a, b := h.faces[nf].v[0], h.faces[nf].v[1]
			if stamp[b] != epoch {
				return fmt.Errorf("convex hull: horizon of direction %d is not closed", p)
			}
			h.faces[nf].nb[1] = startAt[b] // edge (b, p) is shared with the face starting at b
			h.faces[nf].nb[2] = endAt[a]   // edge (p, a) is shared with the face ending at a
		}
		// Retire the visible faces and re-home their pending points.
		for _, vf := range visible {
			h.faces[vf].dead = true
		}
		for _, nf := range created {
			for _, nb := range h.faces[nf].nb {
				if nb < 0 || h.faces[nb].dead {
					return fmt.Errorf("convex hull: broken adjacency while adding direction %d", p)
				}
			}
		}
		for _, vf := range visible {
			orphans := h.faces[vf].outside
			h.faces[vf].outside = nil
			for _, q := range orphans {
				if !h.assign(q, created) {
					h.assignAnywhere(q)
				}
			}
		}
		stack = append(stack, created...)
		mark = visible[:0]
	}
	return nil
}

// assign puts point q into the outside list of the first face of cand it
// lies above and reports whether there was one.
func (h *hull) assign(q int32, cand []int32) bool {
	for _, fi := range cand {
		f := &h.faces[fi]
		if !f.dead && f.dist(h.pts[q]) > hullEps {
			f.outside = append(f.outside, q)
			return true
		}
	}
	return false
}

// assignAnywhere is the safety net for a point that lay above a retired
// face but above none of the new ones: it scans every face. A point above
// none is inside the hull and is dropped.
func (h *hull) assignAnywhere(q int32) {
	for fi := range h.faces {
		f := &h.faces[fi]
		if !f.dead && f.dist(h.pts[q]) > hullEps {
			f.outside = append(f.outside, q)
			return
		}
	}
}

// seed builds the initial tetrahedron from four extreme points and returns
// their indices; errFlat when the points are (numerically) coplanar.
func (h *hull) seed() ([4]int, error) {
	p := h.pts
	var t [4]int
	// Two points far apart: the extremes along the axis of largest spread.
	for ax := 0; ax < 3; ax++ {
		lo, hi := 0, 0
		for i := range p {
			if p[i][ax] < p[lo][ax] {
				lo = i
			}
			if p[i][ax] > p[hi][ax] {
				hi = i
			}
		}
		if d := p[hi].Sub(p[lo]).Norm(); d > p[t[1]].Sub(p[t[0]]).Norm() {
			t[0], t[1] = lo, hi
		}
	}
	if p[t[1]].Sub(p[t[0]]).Norm() < 1e-9 {
		return t, errFlat
	}
	// Farthest from the line t0-t1.
	u := p[t[1]].Sub(p[t[0]]).Unit()
	best := -1.0
	for i := range p {
		d := p[i].Sub(p[t[0]]).Cross(u).Norm()
		if d > best {
			best, t[2] = d, i
		}
	}
	if best < 1e-9 {
		return t, errFlat
	}
	// Farthest from the plane t0-t1-t2.
	nrm := p[t[1]].Sub(p[t[0]]).Cross(p[t[2]].Sub(p[t[0]])).Unit()
	best = -1
	for i := range p {
		d := math.Abs(nrm.Dot(p[i].Sub(p[t[0]])))
		if d > best {
			best, t[3] = d, i
		}
	}
	if best < 1e-7 {
		return t, errFlat
	}
	a, b, c, d := int32(t[0]), int32(t[1]), int32(t[2]), int32(t[3])
	if nrm.Dot(p[d].Sub(p[a])) > 0 {
		b, c = c, b // make (a, b, c) face away from d
	}
	// Faces: 0 = (a,b,c), 1 = (a,d,b), 2 = (b,d,c), 3 = (c,d,a).
	for _, f := range [4][3]int32{{a, b, c}, {a, d, b}, {b, d, c}, {c, d, a}} {
		if _, err := h.newFace(f[0], f[1], f[2]); err != nil {
			return t, err
		}
	}
	h.link()
	return t, nil
}

// link sets the neighbour pointers of all live faces by matching edges.
func (h *hull) link() {
	type edge struct{ a, b int32 }
	owner := map[edge]int32{}
	for fi := range h.faces {
		f := &h.faces[fi]
		if f.dead {
			continue
		}
		for e := 0; e < 3; e++ {
			owner[edge{f.v[e], f.v[(e+1)%3]}] = int32(fi)
		}
	}
	for fi := range h.faces {
		f := &h.faces[fi]
		if f.dead {
			continue
		}
		for e := 0; e < 3; e++ {
			if nb, ok := owner[edge{f.v[(e+1)%3], f.v[e]}]; ok {
				f.nb[e] = nb
			}
		}
	}
}
