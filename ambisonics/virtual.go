package ambisonics

import (
	"math"

	"immerse/hrtf"
)

// designVirtual computes virtual-loudspeaker filters on N3D channels:
// [ear][ACN][tap]. The virtual loudspeakers sit on the Gauss product grid
// exact to degree 2·order+1 ((order+1) rings × (2·order+2) azimuths: 8
// for order 1, 32 for order 3, 128 for order 7), on which the sampling
// decoder g_k = (w_k/4π)·Σ_n a_l·Y_n(d_k)·χ_n is exact (AllRAD with a
// virtual layout equal to its design grid reduces to it: no VBAP step is
// needed). Each loudspeaker's HRIR pair comes from the set by
// hrtf.Interpolator (exact at measured directions, interpolated
// elsewhere), and the decoder is folded into the HRIRs once:
// filter_ear,n = Σ_k D[k][n]·hrir_ear(d_k), so the runtime convolves each
// of the (order+1)² channels once per ear, whatever the number of virtual
// loudspeakers.
func designVirtual(set *hrtf.Set, order int, opt BinauralOptions) ([2][][]float64, error) {
	var out [2][][]float64
	ip, err := hrtf.NewInterpolator(set)
	if err != nil {
		return out, err
	}
	grid, err := GaussGrid(2*order + 1)
	if err != nil {
		return out, err
	}
	taps := ip.Taps()
	m := Channels(order)
	w := Basic
	if opt.VirtualMaxRE {
		w = MaxRE
	}
	a := degreeWeights(order, w)
	for ear := range out {
		out[ear] = make([][]float64, m)
		for n := range out[ear] {
			out[ear][n] = make([]float64, taps)
		}
	}
	l, r := make([]float32, taps), make([]float32, taps)
	var y []float64
	for k, d := range grid.Directions {
		ip.HRIR(l, r, d)
		y = SH(y, order, d, N3D)
		wk := grid.Weights[k] / (4 * math.Pi)
		for n, yn := range y {
			deg, _ := DegreeIndex(n)
			g := wk * a[deg] * yn
			for ear, h := range [2][]float32{l, r} {
				dst := out[ear][n]
				for t, v := range h {
					dst[t] += g * float64(v)
				}
			}
		}
	}
	return out, nil
}
