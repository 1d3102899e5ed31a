package hrtf

import (
	"fmt"
	"math"

	"immerse/geom"
)

// mesh is the hull of the measurement directions as spherical polygons:
// coplanar hull triangles are merged, so the trapezoids between two
// elevation rings with the same azimuths are one quadrilateral and the cap
// bounded by a ring is one polygon. Interpolation inside a polygon uses
// Wachspress coordinates, which are the barycentric coordinates on a
// triangle and do not depend on how a polygon would be split into triangles
// (a mirror-symmetric set gives mirror-symmetric weights).
type mesh struct {
	pts   []geom.Vec
	polys []meshPoly
	// Per corner, all polygons concatenated (corner i of polygon p is at
	// p.start+i): the vertex, the edge normal v_i × v_{i+1}, its inverse
	// length, the Wachspress corner weight det(v_{i-1}, v_i, v_{i+1}), and
	// the polygon across edge (v_i, v_{i+1}).
	vert    []int32
	edge    []geom.Vec
	edgeInv []float64
	cw      []float64
	nbr     []int32
	maxN    int // most corners of a polygon

	g    int     // cube-map cells per side
	grid []int32 // start polygon per cell (6·g·g)
}

type meshPoly struct {
	start, n int32
	normal   geom.Vec // outward unit normal of the polygon's plane
	off      float64  // plane offset: normal·v for its corners
}

// coplanarTol is how close the planes of two adjacent hull triangles must
// be (difference of unit normals and of offsets) to be merged.
const coplanarTol = 1e-9

// newMesh triangulates pts (distinct unit vectors, not all in one plane)
// and builds the polygon mesh and its lookup grid.
func newMesh(pts []geom.Vec) (*mesh, error) {
	h, err := newHull(pts)
	if err != nil {
		return nil, err
	}
	m := &mesh{pts: pts}
	if err := m.fromHull(h); err != nil {
		return nil, err
	}
	m.buildGrid()
	return m, nil
}

func (m *mesh) fromHull(h *hull) error {
	faces := h.alive()
	idx := make(map[int32]int, len(faces)) // face -> position in faces
	for i, f := range faces {
		idx[f] = i
	}
	// Union coplanar neighbours.
	parent := make([]int, len(faces))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, fi := range faces {
		f := &h.faces[fi]
		for _, gi := range f.nb {
			g := &h.faces[gi]
			if f.n.Sub(g.n).Norm() < coplanarTol && math.Abs(f.off-g.off) < coplanarTol {
				parent[find(i)] = find(idx[gi])
			}
		}
	}
	// Group faces and number the groups as polygons.
	polyOf := make([]int32, len(faces))
	groups := map[int]int32{}
	var members [][]int
	for i := range faces {
		r := find(i)
		p, ok := groups[r]
		if !ok {
			p = int32(len(members))
			groups[r] = p
			members = append(members, nil)
		}
		polyOf[i] = p
		members[p] = append(members[p], i)
	}
	// Boundary loop of each group; neighbours are fixed up afterwards.
	type bedge struct {
		to     int32
		across int32 // hull face across the edge
	}
	m.polys = make([]meshPoly, len(members))
	acrossFace := []int32{}
	for p, mem := range members {
		next := map[int32]bedge{}
		var nrm geom.Vec
		for _, i := range mem {
			f := &h.faces[faces[i]]
			a := h.pts[f.v[1]].Sub(h.pts[f.v[0]]).Cross(h.pts[f.v[2]].Sub(h.pts[f.v[0]]))
			nrm = nrm.Add(a)
			for e := 0; e < 3; e++ {
				gi := f.nb[e]
				if polyOf[idx[gi]] == int32(p) {
					continue
				}
				a, b := f.v[e], f.v[(e+1)%3]
				if _, dup := next[a]; dup {
					return fmt.Errorf("mesh: coplanar region around direction %d is not a simple polygon", a)
				}
				next[a] = bedge{to: b, across: gi}
			}
		}
		start := int32(len(m.vert))
		var first int32 = -1
		for a := range next {
			if first < 0 || a < first {
				first = a // deterministic start corner
			}
		}
		v := first
		for {
			e := next[v]
			m.vert = append(m.vert, v)
			acrossFace = append(acrossFace, e.across)
			v = e.to
			if v == first {
				break
			}
			if len(m.vert)-int(start) > len(next) {
				return fmt.Errorf("mesh: boundary of the polygon at direction %d does not close", first)
			}
		}
		n := int32(len(m.vert)) - start
		if int(n) != len(next) {
			return fmt.Errorf("mesh: polygon at direction %d has %d boundary edges but a boundary loop of %d", first, len(next), n)
		}
		nrm = nrm.Unit()
		var off float64
		for i := start; i < start+n; i++ {
			off += nrm.Dot(h.pts[m.vert[i]])
		}
		m.polys[p] = meshPoly{start: start, n: n, normal: nrm, off: off / float64(n)}
		m.maxN = max(m.maxN, int(n))
	}
	// Per-corner tables.
	m.edge = make([]geom.Vec, len(m.vert))
	m.edgeInv = make([]float64, len(m.vert))
	m.cw = make([]float64, len(m.vert))
	m.nbr = make([]int32, len(m.vert))
	for _, p := range m.polys {
		for i := int32(0); i < p.n; i++ {
			c := p.start + i
			prev := m.pts[m.vert[p.start+(i+p.n-1)%p.n]]
			cur := m.pts[m.vert[c]]
			next := m.pts[m.vert[p.start+(i+1)%p.n]]
			m.edge[c] = cur.Cross(next)
			m.edgeInv[c] = 1 / m.edge[c].Norm()
			m.cw[c] = prev.Dot(cur.Cross(next))
			m.nbr[c] = polyOf[idx[acrossFace[c]]]
		}
	}
	return nil
}

// locate returns the polygon containing direction d (unit), walking from
// start across the edge d lies farthest beyond until d is inside every edge.
func (m *mesh) locate(d geom.Vec, start int32) int32 {
	const tol = 1e-12
	p := start
	for step := 0; step < 4*len(m.polys)+8; step++ {
		pp := m.polys[p]
		worst, we := int32(-1), -tol
		for c := pp.start; c < pp.start+pp.n; c++ {
			if e := d.Dot(m.edge[c]) * m.edgeInv[c]; e < we {
				worst, we = c, e
			}
		}
		if worst < 0 {
			return p
		}
		p = m.nbr[worst]
	}
	return m.scan(d)
}

// scan is the exhaustive fallback of locate: the polygon whose worst edge
// test is best.
func (m *mesh) scan(d geom.Vec) int32 {
	best, bestE := int32(0), math.Inf(-1)
	for p, pp := range m.polys {
		worst := math.Inf(1)
		for c := pp.start; c < pp.start+pp.n; c++ {
			worst = min(worst, d.Dot(m.edge[c])*m.edgeInv[c])
		}
		if worst > bestE {
			best, bestE = int32(p), worst
		}
	}
	return best
}

// lookup finds the polygon containing d and writes its corner vertices and
// normalised interpolation weights to vert and w (capacity maxN), returning
// the corner count.
func (m *mesh) lookup(d geom.Vec, vert []int32, w []float64, prod []float64) int {
	p := m.polys[m.locate(d, m.grid[m.cell(d)])]
	n := int(p.n)
	vert, w = vert[:n], w[:n]
	copy(vert, m.vert[p.start:p.start+p.n])
	e := prod[:n]
	var emax float64
	for i := range e {
		e[i] = max(0, d.Dot(m.edge[int(p.start)+i]))
		emax = max(emax, e[i])
	}
	cw := m.cw[p.start : p.start+p.n]
	if n == 3 {
		w[0], w[1], w[2] = cw[0]*e[1], cw[1]*e[2], cw[2]*e[0]
	} else {
		// Wachspress: w_i ∝ C_i / (e_{i-1}·e_i) = C_i · Π_{j ∉ {i-1, i}} e_j,
		// the product form being finite on the edges.
		for i := range e {
			e[i] /= emax
		}
		for i := 0; i < n; i++ {
			prodE := cw[i]
			for j := 1; j <= n-2; j++ {
				prodE *= e[(i+j)%n]
			}
			w[i] = prodE
		}
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	if !(sum > 0) {
		// d on a vertex within rounding: the nearest corner takes it all.
		best, bd := 0, -2.0
		for i, v := range vert {
			if c := d.Dot(m.pts[v]); c > bd {
				best, bd = i, c
			}
		}
		for i := range w {
			w[i] = 0
		}
		w[best] = 1
		return n
	}
	for i := range w {
		w[i] /= sum
	}
	return n
}

// cell returns the cube-map cell of direction d.
func (m *mesh) cell(d geom.Vec) int {
	ax := 0
	if math.Abs(d[1]) > math.Abs(d[ax]) {
		ax = 1
	}
	if math.Abs(d[2]) > math.Abs(d[ax]) {
		ax = 2
	}
	face := 2 * ax
	if d[ax] < 0 {
		face++
	}
	a := math.Abs(d[ax])
	if a == 0 {
		return 0
	}
	u, v := d[(ax+1)%3]/a, d[(ax+2)%3]/a
	g := float64(m.g)
	iu := min(m.g-1, max(0, int((u+1)/2*g)))
	iv := min(m.g-1, max(0, int((v+1)/2*g)))
	return (face*m.g+iu)*m.g + iv
}

// buildGrid stores, per cube-map cell, the polygon containing the cell's
// centre, so that a lookup starts next to its target.
func (m *mesh) buildGrid() {
	m.g = min(64, max(4, int(math.Ceil(math.Sqrt(float64(len(m.polys))/6)))))
	m.grid = make([]int32, 6*m.g*m.g)
	var p int32
	for face := 0; face < 6; face++ {
		ax := face / 2
		sign := 1.0
		if face%2 == 1 {
			sign = -1
		}
		for iu := 0; iu < m.g; iu++ {
			for iv := 0; iv < m.g; iv++ {
				var d geom.Vec
				d[ax] = sign
				d[(ax+1)%3] = (float64(iu)+0.5)/float64(m.g)*2 - 1
				d[(ax+2)%3] = (float64(iv)+0.5)/float64(m.g)*2 - 1
				d = d.Unit()
				p = m.locate(d, p)
				m.grid[(face*m.g+iu)*m.g+iv] = p
			}
		}
	}
}
