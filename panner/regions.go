package panner

import (
	"math"

	"immerse/geom"
)

// Each region type (triplet, virtualNgon, quad) has a method
// handle(dir, out) that writes the gains of its own channels into out
// (indexed by channel, other entries untouched) and reports whether the
// direction lies inside the region.

// triplet is a VBAP triangle of three loudspeakers (BS.2127 §6.1.2.4):
// g = p·L⁻¹, accepted when all three gains are non-negative, then power
// normalised. The positions are the real speaker directions.
type triplet struct {
	ch    [3]int
	basis [3][3]float64 // inverse of the matrix whose rows are the positions
}

func newTriplet(ch [3]int, pos [3]geom.Vec) triplet {
	return triplet{ch: ch, basis: invert3(pos)}
}

// gains solves p = Σ g_i·l_i; ok is false when p is outside the triangle.
func (t *triplet) gains(p geom.Vec) (g [3]float64, ok bool) {
	for j := 0; j < 3; j++ {
		g[j] = p[0]*t.basis[0][j] + p[1]*t.basis[1][j] + p[2]*t.basis[2][j]
	}
	const tol = -1e-11 // directions on an edge belong to both triangles
	if g[0] < tol || g[1] < tol || g[2] < tol {
		return g, false
	}
	n := math.Sqrt(g[0]*g[0] + g[1]*g[1] + g[2]*g[2])
	for j := range g {
		g[j] = clamp01(g[j] / n)
	}
	return g, true
}

func (t *triplet) handle(p geom.Vec, out []float64) bool {
	g, ok := t.gains(p)
	if !ok {
		return false
	}
	for j, c := range t.ch {
		out[c] = g[j]
	}
	return true
}

// virtualNgon covers a polar cap: n real speakers around a virtual speaker
// (straight above or below). Triangles join the virtual speaker to each pair
// of neighbouring real speakers; the virtual speaker's gain is shared by the
// n real ones with gain 1/√n each, then the result is power normalised
// (BS.2127 §6.1.2.3).
type virtualNgon struct {
	ch   []int     // real channels, in polygon order
	tris []triplet // local channels: 0..n-1 real (polygon order), n = centre
}

func newVirtualNgon(ch []int, pos []geom.Vec, centre geom.Vec) *virtualNgon {
	order := ngonOrder(pos)
	v := &virtualNgon{}
	n := len(ch)
	for _, o := range order {
		v.ch = append(v.ch, ch[o])
	}
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		v.tris = append(v.tris, newTriplet([3]int{i, j, n}, [3]geom.Vec{pos[order[i]], pos[order[j]], centre}))
	}
	return v
}

func (v *virtualNgon) handle(p geom.Vec, out []float64) bool {
	n := len(v.ch)
	share := 1 / math.Sqrt(float64(n))
	for ti := range v.tris {
		t := &v.tris[ti]
		g, ok := t.gains(p)
		if !ok {
			continue
		}
		// Local gains: two real corners plus the centre, spread over all n.
		var sum float64
		for i := 0; i < n; i++ {
			gi := g[2] * share
			if i == t.ch[0] {
				gi += g[0]
			} else if i == t.ch[1] {
				gi += g[1]
			}
			sum += gi * gi
		}
		norm := 1 / math.Sqrt(sum)
		for i := 0; i < n; i++ {
			gi := g[2] * share
			if i == t.ch[0] {
				gi += g[0]
			} else if i == t.ch[1] {
				gi += g[1]
			}
			out[v.ch[i]] = gi * norm
		}
		return true
	}
	return false
}

// quad pans over four coplanar speakers (BS.2127 §6.1.2.4). With corners
// a, b, c, d in cyclic order, the source direction fixes a position x along
// the edges a→b and d→c, and y along b→c and a→d: x is the value for which
// the source lies in the plane through the listener and the points
// a+(b-a)x and d+(c-d)x (a quadratic in x), and likewise y. The gains are
// those of a bilinear patch, (1-x)(1-y), x(1-y), xy, (1-x)y, normalised.
// Left/right-symmetric quads give left/right-symmetric gains, which two
// triangles cannot.
type quad struct {
	ch     [4]int      // channels in corner order
	pos    [4]geom.Vec // positions in corner order
	px, py [3]geom.Vec // polynomial coefficient vectors for x and y
}

func newQuad(ch [4]int, pos [4]geom.Vec) *quad {
	order := ngonOrder(pos[:])
	q := &quad{}
	for i, o := range order {
		q.ch[i] = ch[o]
		q.pos[i] = pos[o]
	}
	q.px = panAxis(q.pos[0], q.pos[1], q.pos[2], q.pos[3])
	q.py = panAxis(q.pos[1], q.pos[2], q.pos[3], q.pos[0])
	return q
}

// panAxis returns coefficient vectors (c2, c1, c0) such that for direction p
// the panning value x along edge a->b (and d->c) solves
// (c2·p)x² + (c1·p)x + (c0·p) = 0: p lies in the plane through the origin and
// the points a+(b-a)x and d+(c-d)x.
func panAxis(a, b, c, d geom.Vec) [3]geom.Vec {
	return [3]geom.Vec{
		b.Sub(a).Cross(c.Sub(d)),
		a.Cross(c.Sub(d)).Add(b.Sub(a).Cross(d)),
		a.Cross(d),
	}
}

// solveAxis returns the root of the axis quadratic in [0, 1] (within a
// small tolerance, clamped), or ok=false.
func solveAxis(poly [3]geom.Vec, p geom.Vec) (float64, bool) {
	a, b, c := poly[0].Dot(p), poly[1].Dot(p), poly[2].Dot(p)
	const eps = 1e-10
	accept := func(r float64) (float64, bool) {
		if r > -eps && r < 1+eps {
			return clamp01(r), true
		}
		return 0, false
	}
	if a == 0 {
		if b == 0 {
			return 0, false
		}
		return accept(-c / b)
	}
	disc := b*b - 4*a*c
	if disc < 0 {
		// Complex pair: accept when the imaginary part is negligible.
		if math.Sqrt(-disc)/(2*math.Abs(a)) < eps {
			return accept(-b / (2 * a))
		}
		return 0, false
	}
	// Numerically stable pair of roots.
	s := math.Sqrt(disc)
	var q float64
	if b >= 0 {
		q = -0.5 * (b + s)
	} else {
		q = -0.5 * (b - s)
	}
	var r1, r2 float64
	r1 = q / a
	if q != 0 {
		r2 = c / q
	} else {
		r2 = r1
	}
	if r, ok := accept(r1); ok {
		return r, true
	}
	return accept(r2)
}

func (q *quad) handle(p geom.Vec, out []float64) bool {
	x, ok := solveAxis(q.px, p)
	if !ok {
		return false
	}
	y, ok := solveAxis(q.py, p)
	if !ok {
		return false
	}
	g := [4]float64{(1 - x) * (1 - y), x * (1 - y), x * y, (1 - x) * y}
	// The patch equations also hold for the opposite direction: keep only
	// directions in front of the quad.
	var v geom.Vec
	for i := range g {
		v = v.Add(q.pos[i].Scale(g[i]))
	}
	if v.Dot(p) <= 0 {
		return false
	}
	n := math.Sqrt(g[0]*g[0] + g[1]*g[1] + g[2]*g[2] + g[3]*g[3])
	for i, c := range q.ch {
		out[c] = g[i] / n
	}
	return true
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// invert3 returns the inverse of the 3×3 matrix whose rows are r.
func invert3(r [3]geom.Vec) [3][3]float64 {
	a, b, c := r[0], r[1], r[2]
	// Columns of the adjugate are cross products of the rows.
	bc, ca, ab := b.Cross(c), c.Cross(a), a.Cross(b)
	det := a.Dot(bc)
	var inv [3][3]float64
	for i := 0; i < 3; i++ {
		inv[i][0] = bc[i] / det
		inv[i][1] = ca[i] / det
		inv[i][2] = ab[i] / det
	}
	return inv
}
