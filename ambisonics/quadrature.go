package ambisonics

import (
	"fmt"
	"math"

	"immerse/geom"
)

// Grid is a quadrature on the sphere: directions with weights summing to
// 4π, so that Σ w_k·f(d_k) approximates the integral of f over the sphere.
type Grid struct {
	Directions []geom.Vec // unit vectors, ADM frame
	Weights    []float64  // steradians
	// Degree is the highest degree of spherical polynomial (spherical
	// harmonics of degree <= Degree) the grid integrates exactly.
	Degree int
}

// Len is the number of points.
func (g *Grid) Len() int { return len(g.Directions) }

// GaussGrid returns the Gauss-Legendre product quadrature exact for
// spherical polynomials up to degree: ⌈(degree+1)/2⌉ rings at the
// Gauss-Legendre nodes of sin(elevation), each with degree+1 equally
// spaced azimuths (offset by half a step on every other ring, which keeps
// the exactness and spreads the points). A ring's weight is its
// Gauss-Legendre weight times 2π/(degree+1). It is exact because a
// spherical polynomial of degree <= degree (e.g. a product of two
// harmonics whose degrees add up to at most degree) is, along a ring, a
// trigonometric polynomial of azimuth of that degree, which degree+1
// equispaced points integrate exactly; what remains, its azimuthal mean,
// is a polynomial of that degree in sin(elevation), which the Gauss rule
// of ⌈(degree+1)/2⌉ nodes integrates exactly.
//
// Degree 2N is what an order-N sampling decoder needs; the AllRAD decoders
// use degree 63 (32 rings × 64 azimuths = 2048 points, largest gap 5.6°).
func GaussGrid(degree int) (*Grid, error) {
	if degree < 1 || degree > 511 {
		return nil, fmt.Errorf("ambisonics: Gauss grid of degree %d; choose 1 to 511", degree)
	}
	rings := (degree + 2) / 2
	naz := degree + 1
	nodes, weights := gaussLegendre(rings)
	g := &Grid{Degree: degree}
	for i, z := range nodes {
		el := geom.Degrees(math.Asin(z))
		off := 0.0
		if i%2 == 1 {
			off = 0.5
		}
		for k := range naz {
			az := 360 * (float64(k) + off) / float64(naz)
			g.Directions = append(g.Directions, geom.Cart(az, el, 1))
			g.Weights = append(g.Weights, weights[i]*2*math.Pi/float64(naz))
		}
	}
	return g, nil
}

// gaussLegendre returns the n nodes (ascending) and weights of the
// Gauss-Legendre rule on [-1, 1]: the roots x of P_n by Newton's method
// from Tricomi's estimate, w = 2/((1-x²)·P_n'(x)²).
func gaussLegendre(n int) (nodes, weights []float64) {
	nodes, weights = make([]float64, n), make([]float64, n)
	for i := range (n + 1) / 2 {
		x := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for iter := 0; iter < 100; iter++ {
			p, d := legendre(n, x)
			dx := p / d
			x -= dx
			dp = d
			if math.Abs(dx) < 1e-16 {
				_, dp = legendre(n, x)
				break
			}
		}
		w := 2 / ((1 - x*x) * dp * dp)
		nodes[n-1-i], weights[n-1-i] = x, w
		nodes[i], weights[i] = -x, w
	}
	return nodes, weights
}

// legendre returns P_n(x) and its derivative.
func legendre(n int, x float64) (p, dp float64) {
	p0, p1 := 1.0, x
	if n == 0 {
		return 1, 0
	}
	for k := 2; k <= n; k++ {
		p0, p1 = p1, (float64(2*k-1)*x*p1-float64(k-1)*p0)/float64(k)
	}
	// (1-x²)·P_n' = n·(P_{n-1} - x·P_n)
	dp = float64(n) * (p0 - x*p1) / (1 - x*x)
	return p1, dp
}

// MaxREWeights returns the max-rE weights a_0..a_order (Zotter & Frank
// 2012): a_l = P_l(r_E) with r_E the largest root of P_{order+1}, the
// length of the energy vector they give. They make the energy vector of a
// plane wave as long as possible (order 1: r_E = 1/√3 = 0.577, order 3:
// 0.861, order 7: 0.960).
func MaxREWeights(order int) []float64 {
	nodes, _ := gaussLegendre(order + 1)
	r := nodes[order]
	a := make([]float64, order+1)
	for l := range a {
		a[l], _ = legendre(l, r)
	}
	a[0] = 1
	return a
}
