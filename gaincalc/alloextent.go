package gaincalc

import (
	"math"

	"immerse/geom"
	"immerse/speakers"
)

// The allocentric extent panner (BS.2127 §7.3.10): the object is a box of
// size sx × sy × sz around its position in the cube, sampled on a grid of
// 40 × 40 × (40 or 20) points. Each loudspeaker's gain is built separably:
// along each axis, the point-source gains of the grid samples weighted by
// a bell around the object, summed as a p-norm, plus the parts of the box
// pressed against the cube's walls; small objects fade to the point-source
// gains.

const (
	alloVS       = 40  // grid samples along x and y (and z with 3 layers)
	neg130dBExp  = 6.5 // weights stop at 10^-6.5 (-130 dB in power)
	alloSizeFade = 0.2 // effective sizes below this fade to a point
	alloSizeMax  = 2.8 // largest scaled size
)

var neg130dB = math.Pow(10, -neg130dBExp)

// alloScratch holds the per-axis gains of each active channel at each grid
// sample: g[axis][channel*alloVS + sample].
type alloScratch struct {
	g    [3][]float64
	w    [3][alloVS]float64
	f    [3][]float64
	samp [3][alloVS]float64
}

func newAlloScratch(n int) *alloScratch {
	s := &alloScratch{}
	for a := range s.g {
		s.g[a] = make([]float64, n*alloVS)
		s.f[a] = make([]float64, n)
	}
	return s
}

// scaleSize maps a cartesian extent (0..1 and beyond) to the box size.
func scaleSize(v float64) float64 {
	xp := [5]float64{0, 0.2, 0.5, 0.75, 1}
	fp := [5]float64{0, 0.3, 1, 1.8, 2.8}
	return interp(math.Min(v, 1), xp[:], fp[:])
}

// axisGain is the separable point-source gain along one axis of the
// channel at coordinate own, for a sample at v, given the neighbouring
// loudspeaker coordinates lo <= v <= hi (hasLo/hasHi false when there is
// none on that side).
func axisGain(own, v, lo, hi float64, hasLo, hasHi bool) float64 {
	switch {
	case !hasLo:
		if own != hi {
			return 0
		}
		return 1
	case !hasHi:
		if own != lo {
			return 0
		}
		return 1
	case lo <= own && own <= hi:
		if lo == hi {
			return 1
		}
		if lo == own {
			return math.Cos((v - lo) / (hi - lo) * math.Pi / 2)
		}
		return math.Sin((v - lo) / (hi - lo) * math.Pi / 2)
	}
	return 0
}

// neighbours finds, among the active channels that match on the axes
// above axis (z for y, z and y for x), the largest coordinate <= v and the
// smallest >= v along axis.
func neighbours(pos []geom.Vec, act []int, own geom.Vec, axis int, v float64) (lo, hi float64, hasLo, hasHi bool) {
	for _, c := range act {
		p := pos[c]
		if axis <= 1 && p[2] != own[2] || axis == 0 && p[1] != own[1] {
			continue
		}
		s := p[axis]
		if s <= v && (!hasLo || s > lo) {
			lo, hasLo = s, true
		}
		if s >= v && (!hasHi || s < hi) {
			hi, hasHi = s, true
		}
	}
	return
}

// separated fills g[axis][k*m+j] with the gain along axis of active channel
// k for the j-th of m samples along that axis.
func separated(pos []geom.Vec, act []int, samp *[3][alloVS]float64, m *[3]int, g *[3][]float64) {
	for k, c := range act {
		own := pos[c]
		for axis := 0; axis < 3; axis++ {
			for j := 0; j < m[axis]; j++ {
				v := samp[axis][j]
				lo, hi, hasLo, hasHi := neighbours(pos, act, own, axis, v)
				g[axis][k*alloVS+j] = axisGain(own[axis], v, lo, hi, hasLo, hasHi)
			}
		}
	}
}

// alloExtentGains writes into g (all channels; excluded ones 0) the
// allocentric extent gains for position p and sizes (x, y, z).
func (c *Calculator) alloExtentGains(g []float64, p geom.Vec, sizeX, sizeY, sizeZ float64, ex []bool) {
	clear(g)
	s := c.scr.allo
	var actA [speakers.MaxChannels]int
	act := actA[:0]
	for i := range c.alloPos {
		if ex == nil || !ex[i] {
			act = append(act, i)
		}
	}
	if len(act) == 0 {
		return
	}
	pos := c.alloPos
	first := pos[act[0]]
	// Distinct heights among the active loudspeakers; dimensions spanned.
	var heights [3]float64
	nh := 0
	var varies [3]bool
	allLine, allPlane := true, true
	for _, k := range act {
		q := pos[k]
		for a := 0; a < 3; a++ {
			if q[a] != first[a] {
				varies[a] = true
			}
		}
		if q[1] != first[1] || q[2] != first[2] {
			allLine = false
		}
		if q[2] != first[2] {
			allPlane = false
		}
		found := false
		for h := 0; h < nh; h++ {
			if heights[h] == q[2] {
				found = true
			}
		}
		if !found && nh < 3 {
			heights[nh] = q[2]
			nh++
		}
	}
	threeLayers := nh >= 3
	xo, yo, zo := p[0], p[1], p[2]
	m := [3]int{alloVS, alloVS, alloVS}
	zLo := -1.0
	if !threeLayers {
		m[2] = alloVS / 2
		zLo = 0
		zo = math.Max(0, zo)
	}
	for j := 0; j < alloVS; j++ {
		s.samp[0][j] = linspace(-1, 1, alloVS, j)
		s.samp[1][j] = s.samp[0][j]
	}
	for j := 0; j < m[2]; j++ {
		s.samp[2][j] = linspace(zLo, 1, m[2], j)
	}
	sx := math.Max(scaleSize(sizeX), 2/float64(m[0]-1))
	sy := math.Max(scaleSize(sizeY), 2/float64(m[1]-1))
	sz := math.Max(scaleSize(sizeZ), 2/float64(m[2]-1))

	// Effective size: the sizes that matter for the loudspeakers' extent.
	var sEff float64
	switch {
	case allLine:
		sEff = sx
	case allPlane:
		a, b := math.Min(sx, sy), math.Max(sx, sy)
		sEff = 0.75*b + 0.25*a
	default:
		v := [3]float64{sx, sy, sz}
		sort3(&v)
		sEff = (6.0/9.0)*v[2] + (2.0/9.0)*v[1] + (1.0/9.0)*v[0]
	}
	pExp := 6.0
	if sEff > 0.5 {
		pExp = 6 - 4*((sEff-0.5)/(alloSizeMax-0.5))
	}
	dim := 0
	for _, v := range varies {
		if v {
			dim++
		}
	}
	mu := alloMu(dim, sx, sy, sz, xo, yo, zo)

	// Bell-shaped weights of the grid samples around the object.
	for j := 0; j < m[0]; j++ {
		s.w[0][j] = math.Pow(10, -math.Min(math.Pow(1.5*(s.samp[0][j]-xo)/(2*sx), 4), neg130dBExp))
	}
	for j := 0; j < m[1]; j++ {
		s.w[1][j] = math.Pow(10, -math.Min(math.Pow(1.5*(s.samp[1][j]-yo)/(2*sy), 4), neg130dBExp))
	}
	for j := 0; j < m[2]; j++ {
		zs := s.samp[2][j]
		s.w[2][j] = math.Pow(10, -math.Min(math.Pow(1.5*(zs-zo)/sz, 4), neg130dBExp)) * math.Cos(zs*math.Pi*(3.0/7.0))
	}
	separated(pos, act, &s.samp, &m, &s.g)
	n := len(act)
	for a := 0; a < 3; a++ {
		for k := 0; k < n; k++ {
			var f float64
			for j := 0; j < m[a]; j++ {
				f += math.Pow(s.g[a][k*alloVS+j]*s.w[a][j], pExp)
			}
			if f < neg130dB {
				f = 0
			}
			s.f[a][k] = f
		}
	}
	// Inside the box, normalised; then the parts on the walls.
	inside := c.scr.t1[:n]
	var norm float64
	for k := 0; k < n; k++ {
		inside[k] = s.f[0][k] * s.f[1][k] * s.f[2][k]
		norm += inside[k] * inside[k]
	}
	safeNormalize(inside, math.Sqrt(norm))
	size := c.scr.t2[:n]
	norm = 0
	for k := 0; k < n; k++ {
		fx, fy, fz := s.f[0][k], s.f[1][k], s.f[2][k]
		wall := func(a, j int) float64 { return math.Pow(s.g[a][k*alloVS+j]*s.w[a][j], pExp) }
		bound := wall(0, 0)*fy*fz + wall(0, m[0]-1)*fy*fz +
			fx*wall(1, 0)*fz + fx*wall(1, m[1]-1)*fz +
			fx*fy*wall(2, m[2]-1) + fx*fy*wall(2, 0)
		size[k] = math.Pow(bound+mu*inside[k], 1/pExp)
		norm += size[k] * size[k]
	}
	safeNormalize(size, math.Sqrt(norm))
	alpha, beta := 0.0, 1.0
	if sEff < alloSizeFade {
		alpha = math.Cos(sEff * math.Pi / (alloSizeFade * 2))
		beta = math.Sin(sEff * math.Pi / (alloSizeFade * 2))
	}
	// Point-source gains at the object itself.
	var one [3][alloVS]float64
	one[0][0], one[1][0], one[2][0] = xo, yo, zo
	m1 := [3]int{1, 1, 1}
	separated(pos, act, &one, &m1, &s.g)
	norm = 0
	for k := 0; k < n; k++ {
		pt := s.g[0][k*alloVS] * s.g[1][k*alloVS] * s.g[2][k*alloVS]
		size[k] = alpha*pt + beta*size[k]
		norm += size[k] * size[k]
	}
	safeNormalize(size, math.Sqrt(norm))
	for k, ch := range act {
		g[ch] = size[k]
	}
}

// alloMu is the weight of the inside part against the wall parts.
func alloMu(dim int, sx, sy, sz, xo, yo, zo float64) float64 {
	var d float64
	switch dim {
	case 1:
		d = math.Min(xo+1, 1-xo)
	case 2:
		d = math.Min(math.Min(xo+1, 1-xo), math.Min(yo+1, 1-yo))
	default:
		d = math.Min(math.Min(math.Min(xo+1, 1-xo), math.Min(yo+1, 1-yo)), math.Min(zo+1, 1-zo))
	}
	h := func(s float64) float64 {
		if d >= 2*s && d >= 0.4 {
			n := math.Max(2*s, 0.4)
			return math.Pow(n*n*n/(0.16*2*s), 1.0/3)
		}
		a := d / 0.4
		// A position outside the cube (possible after screen edge lock)
		// has d < 0 and no real power: NaN, and the object falls silent,
		// as in the reference renderer.
		return math.Pow(d/2*(a*a), 1.0/3)
	}
	switch dim {
	case 1:
		n := h(sx)
		return n * n * n
	case 2:
		return math.Pow(h(sx)*h(sy), 1.5)
	}
	return h(sx) * h(sy) * h(sz)
}

// safeNormalize scales v to unit length, or zeroes it when its length n
// is (almost) zero.
func safeNormalize(v []float64, n float64) {
	if n > 1e-16 {
		for i := range v {
			v[i] /= n
		}
		return
	}
	clear(v)
}

func sort3(v *[3]float64) {
	if v[0] > v[1] {
		v[0], v[1] = v[1], v[0]
	}
	if v[1] > v[2] {
		v[1], v[2] = v[2], v[1]
	}
	if v[0] > v[1] {
		v[0], v[1] = v[1], v[0]
	}
}
