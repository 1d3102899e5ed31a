package admrender

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// HOAOptions control the HOA decoder (BS.2127 §9).
type HOAOptions struct {
	// MaxRE weights each order by the max-rE coefficients (Zotter and Frank
	// 2012, the approximation rE = cos(137.9°/(N+1.51))). The reference
	// renderer leaves it off, and so does the zero value.
	MaxRE bool
	// Points is the number of virtual loudspeakers of the AllRAD design
	// (default DefaultHOAPoints).
	Points int
}

// DefaultHOAPoints is the default number of virtual loudspeakers.
const DefaultHOAPoints = 20000

// hoaDesigner designs AllRAD decoders (Zotter and Frank 2012) for one
// layout, as BS.2127 §9 does: the HOA signal is sampled at virtual
// loudspeakers spread evenly over the sphere (here a spherical Fibonacci
// lattice of equal-weight points; the reference renderer uses a
// 5200-point spherical design), each virtual loudspeaker is rendered by
// the point-source panner, and the decoder is normalised so that the mean
// power over the sphere is 1.
type hoaDesigner struct {
	opt    HOAOptions
	az, el []float64   // virtual loudspeakers, radians, ADM convention
	gVirt  [][]float64 // per virtual loudspeaker, the gains of the non-LFE channels
	outIdx []int       // layout index of each non-LFE channel
	nch    int
}

// fibonacciSphere returns n points of a spherical Fibonacci lattice:
// equal-area bands in z, successive points a golden angle apart.
func fibonacciSphere(n int) []geom.Vec {
	golden := math.Pi * (3 - math.Sqrt(5))
	out := make([]geom.Vec, n)
	for i := range out {
		z := 1 - (2*float64(i)+1)/float64(n)
		r := math.Sqrt(math.Max(0, 1-z*z))
		phi := golden * float64(i)
		out[i] = geom.Vec{r * math.Cos(phi), r * math.Sin(phi), z}
	}
	return out
}

func newHOADesigner(l *speakers.Layout, psp *panner.PointSource, opt HOAOptions) *hoaDesigner {
	if opt.Points <= 0 {
		opt.Points = DefaultHOAPoints
	}
	_, idx := l.WithoutLFE()
	h := &hoaDesigner{opt: opt, outIdx: idx, nch: len(l.Channels)}
	full := make([]float64, len(l.Channels))
	for _, p := range fibonacciSphere(opt.Points) {
		h.az = append(h.az, -math.Atan2(p[0], p[1]))
		h.el = append(h.el, math.Atan2(p[2], math.Hypot(p[0], p[1])))
		full = psp.Gains(full, p)
		g := make([]float64, len(idx))
		for i, k := range idx {
			g[i] = full[k]
		}
		h.gVirt = append(h.gVirt, g)
	}
	return h
}

// design returns the decoder for HOA channels of the given orders, degrees
// and normalisation: a matrix of layout channels × HOA channels, row-major
// (LFE rows zero).
func (h *hoaDesigner) design(orders, degrees []int, norm string) ([]float64, error) {
	nc := len(orders)
	maxN := 0
	n3d := make([]float64, nc)
	nrm := make([]float64, nc)
	for i, n := range orders {
		m := degrees[i]
		if n < 0 || n > MaxHOAOrder || m < -n || m > n {
			return nil, fmt.Errorf("HOA channel of order %d, degree %d: need 0 <= |degree| <= order <= %d", n, m, MaxHOAOrder)
		}
		maxN = max(maxN, n)
		var err error
		if nrm[i], err = hoaNorm(norm, n, m); err != nil {
			return nil, err
		}
		n3d[i], _ = hoaNorm("N3D", n, m)
	}
	k := len(h.az)
	nl := len(h.outIdx)
	// Y[p][c]: the N3D harmonics at each virtual loudspeaker.
	leg := make([]float64, (maxN+1)*(maxN+1))
	y := make([]float64, k*nc)
	for p := 0; p < k; p++ {
		shEval(y[p*nc:(p+1)*nc], orders, degrees, n3d, h.az[p], h.el[p], leg)
	}
	// D = G·Yᵀ/K: sample the harmonics at the virtual loudspeakers, pan
	// those.
	d := make([]float64, nl*nc)
	for p := 0; p < k; p++ {
		g, yp := h.gVirt[p], y[p*nc:(p+1)*nc]
		for l, gl := range g {
			if gl == 0 {
				continue
			}
			row := d[l*nc : (l+1)*nc]
			for c, v := range yp {
				row[c] += gl * v
			}
		}
	}
	for i := range d {
		d[i] /= float64(k)
	}
	// Compensate the energy the panning loses, so that the decoded power
	// averaged over the sphere is 1 (for N3D input).
	scale(d, 1/math.Sqrt(meanPower(d, y, nl, nc, k)))
	// From N3D to the input's normalisation, and max-rE.
	var a []float64
	if h.opt.MaxRE {
		re := math.Cos(geom.Radians(137.9 / (float64(maxN) + 1.51)))
		for n := 0; n <= maxN; n++ {
			a = append(a, legendreP(n, re))
		}
	}
	for c := 0; c < nc; c++ {
		f := n3d[c] / nrm[c]
		if a != nil {
			f *= a[orders[c]]
		}
		for l := 0; l < nl; l++ {
			d[l*nc+c] *= f
		}
	}
	// Normalise the mean power to 1 for input in the file's normalisation.
	for p := 0; p < k; p++ {
		row := y[p*nc : (p+1)*nc]
		for c := range row {
			row[c] *= nrm[c] / n3d[c]
		}
	}
	scale(d, 1/math.Sqrt(meanPower(d, y, nl, nc, k)))
	out := make([]float64, h.nch*nc)
	for l, ch := range h.outIdx {
		copy(out[ch*nc:(ch+1)*nc], d[l*nc:(l+1)*nc])
	}
	return out, nil
}

// meanPower returns the mean over the k points of Σ_l (D·Y_p)_l².
func meanPower(d, y []float64, nl, nc, k int) float64 {
	var sum float64
	for p := 0; p < k; p++ {
		yp := y[p*nc : (p+1)*nc]
		for l := 0; l < nl; l++ {
			row := d[l*nc : (l+1)*nc]
			var v float64
			for c, x := range yp {
				v += row[c] * x
			}
			sum += v * v
		}
	}
	return sum / float64(k)
}

func scale(x []float64, f float64) {
	for i := range x {
		x[i] *= f
	}
}
