package admrender

import (
	"fmt"
	"math"
)

// MaxHOAOrder is the highest HOA order rendered.
const MaxHOAOrder = 20

// hoaNorm returns the normalisation factor of the real spherical harmonic
// of order n and degree m for an ADM normalization: N3D, SN3D (the
// semi-normalised form, AmbiX) or FuMa (Furse-Malham, defined to order 3).
func hoaNorm(norm string, n, m int) (float64, error) {
	if m < 0 {
		m = -m
	}
	// (n-m)!/(n+m)! as a product, exact enough for the orders rendered.
	ratio := 1.0
	for k := n - m + 1; k <= n+m; k++ {
		ratio /= float64(k)
	}
	sn3d := math.Sqrt(ratio)
	switch norm {
	case "SN3D", "":
		return sn3d, nil
	case "N3D":
		return math.Sqrt(float64(2*n+1)) * sn3d, nil
	case "FuMa":
		if n > 3 {
			return 0, fmt.Errorf("FuMa normalization is defined up to order 3, not %d; convert the channels to SN3D (AmbiX)", n)
		}
		return sn3d * fumaFactor[n][m], nil
	}
	return 0, fmt.Errorf("HOA normalization %q is not SN3D, N3D or FuMa", norm)
}

// fumaFactor is the FuMa gain relative to SN3D for order n, degree |m|
// (W is -3 dB; the others match the MaxN convention).
var fumaFactor = [4][4]float64{
	{1 / math.Sqrt2},
	{1, 1},
	{1, 2 / math.Sqrt(3), 2 / math.Sqrt(3)},
	{1, math.Sqrt(45.0 / 32), 3 / math.Sqrt(5), math.Sqrt(8.0 / 5)},
}

// legendre fills p[n] with the associated Legendre function P_n^m(x) for
// n = m … len(p)-1 (p[n] for n < m is left alone), without the
// Condon-Shortley phase.
func legendre(p []float64, m int, x float64) {
	pmm := 1.0
	s := math.Sqrt(math.Max(0, 1-x*x))
	for k := 1; k <= m; k++ {
		pmm *= float64(2*k-1) * s
	}
	if m >= len(p) {
		return
	}
	p[m] = pmm
	if m+1 < len(p) {
		p[m+1] = x * float64(2*m+1) * pmm
	}
	for n := m + 2; n < len(p); n++ {
		p[n] = (float64(2*n-1)*x*p[n-1] - float64(n+m-1)*p[n-2]) / float64(n-m)
	}
}

// shEval evaluates the real spherical harmonics of the given orders and
// degrees (with the normalisation factors norms) in direction az, el
// (radians, ADM convention) into dst: Y = norm·P_n^|m|(sin el)·f_m(az),
// with f = √2·cos(m·az) for m > 0, 1 for m = 0 and √2·sin(|m|·az) for
// m < 0. leg is scratch of length (maxOrder+1)².
func shEval(dst []float64, orders, degrees []int, norms []float64, az, el float64, leg []float64) {
	maxN := 0
	for _, n := range orders {
		maxN = max(maxN, n)
	}
	x := math.Sin(el)
	for m := 0; m <= maxN; m++ {
		legendre(leg[m*(maxN+1):(m+1)*(maxN+1)], m, x)
	}
	for i, n := range orders {
		m := degrees[i]
		am := max(m, -m)
		f := 1.0
		switch {
		case m > 0:
			f = math.Sqrt2 * math.Cos(float64(m)*az)
		case m < 0:
			f = math.Sqrt2 * math.Sin(float64(am)*az)
		}
		dst[i] = norms[i] * leg[am*(maxN+1)+n] * f
	}
}

// legendreP returns the Legendre polynomial P_n(x).
func legendreP(n int, x float64) float64 {
	p := make([]float64, n+1)
	legendre(p, 0, x)
	return p[n]
}
