package ambisonics

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/mat"

	"immerse/hrtf"
)

// regularization is the Tikhonov factor β of the MagLS fit, relative to the
// mean diagonal of the weighted Gram matrix YᵀWY (4π for full coverage):
// it keeps the harmonics that live in the unmeasured cap small instead of
// letting them blow up.
const regularization = 1e-3

// minDesignFFT is the smallest FFT size of the MagLS design: short HRIR
// sets (CIPIC: 200, FHK: 128 taps) still get 512-tap filters with room
// for the non-causal part of the response.
const minDesignFFT = 1024

// magLSLead: the MagLS filters are delayed by nfft/magLSLead samples to
// keep the part of their response that comes before the HRIR onsets
// (256 samples, 5.3 ms, for KEMAR at 48 kHz).
const magLSLead = 8

// fitter is the regularised, weighted least-squares fit of values on the
// set's directions by N3D harmonics: h = P·v with P = (YᵀWY + λI)⁻¹YᵀW.
type fitter struct {
	q, m int
	y    []float64 // Q×M, row-major
	p    []float64 // M×Q, row-major
	w    []float64 // quadrature weights (steradians), Q
}

func newFitter(set *hrtf.Set, order int) (*fitter, error) {
	q, m := set.Len(), Channels(order)
	f := &fitter{q: q, m: m, y: make([]float64, q*m)}
	var buf []float64
	for i, d := range set.Directions {
		buf = SH(buf, order, d, N3D)
		copy(f.y[i*m:], buf)
	}
	w, covered := voronoiWeights(set.Directions)
	if covered < 0.5 {
		return nil, fmt.Errorf("ambisonics: the HRIR set covers only %.0f%% of the sphere; a spherical-harmonic fit needs measurements all round (at least half the sphere)", covered*100)
	}
	f.w = w
	y := mat.NewDense(q, m, f.y)
	wy := mat.NewDense(q, m, nil)
	for i := range q {
		for j := range m {
			wy.Set(i, j, w[i]*f.y[i*m+j])
		}
	}
	var a mat.Dense
	a.Mul(y.T(), wy) // YᵀWY
	lambda := regularization * mat.Trace(&a) / float64(m)
	for j := range m {
		a.Set(j, j, a.At(j, j)+lambda)
	}
	var p mat.Dense
	if err := p.Solve(&a, wy.T()); err != nil {
		return nil, fmt.Errorf("ambisonics: least-squares fit of the HRIR set: %w", err)
	}
	f.p = make([]float64, m*q)
	for j := range m {
		for i := range q {
			f.p[j*q+i] = p.At(j, i)
		}
	}
	return f, nil
}

// fit writes P·v to h (M coefficients).
func (f *fitter) fit(h, v []complex128) {
	for j := range f.m {
		row := f.p[j*f.q : (j+1)*f.q]
		var re, im float64
		for i, p := range row {
			re += p * real(v[i])
			im += p * imag(v[i])
		}
		h[j] = complex(re, im)
	}
}

// eval returns Σ_n Y[q][n]·h[n], the fitted value at direction q.
func (f *fitter) eval(q int, h []complex128) complex128 {
	row := f.y[q*f.m : (q+1)*f.m]
	var re, im float64
	for n, y := range row {
		re += y * real(h[n])
		im += y * imag(h[n])
	}
	return complex(re, im)
}

// designMagLS computes MagLS filters on N3D channels: [ear][ACN][tap].
//
// Per frequency bin k of an FFT of at least twice the HRIR length, on the
// set's own directions with Voronoi quadrature weights (voronoiWeights):
//
//   - at or below the cutoff: h_k = P·H_k, the weighted regularised
//     least-squares fit of the complex HRTFs;
//   - above: h_k = P·(|H_k|·exp(i·φ_k)), where φ_k is the phase of the
//     previous bin's fit at each direction (Y·h_{k-1}): only the magnitude
//     is matched, the phase continues smoothly from the fit below;
//   - then, on request (BinauralOptions.Covariance), the diffuse-field
//     covariance constraint (covariance.go) corrects the 2×2 interaural
//     covariance of the fit to that of the HRTFs.
//
// The filters come back to the time domain by inverse FFT. Above the
// cutoff the continued phase is not causal: part of the response (up to
// a millisecond or two, -20 to -40 dB) comes before the HRIRs' onsets and
// wraps around to the end of the FFT frame. The filters are therefore
// delayed by nfft/magLSLead samples (the latency returned), cut to nfft/2
// taps and faded out over their last eighth (fadeOut).
func designMagLS(set *hrtf.Set, order int, opt BinauralOptions) (out [2][][]float64, latency int, err error) {
	f, err := newFitter(set, order)
	if err != nil {
		return out, 0, err
	}
	maxDelay := 0.0
	for _, d := range set.Delay {
		maxDelay = max(maxDelay, d[0], d[1])
	}
	taps := set.Taps() + int(math.Ceil(maxDelay))
	nfft := max(minDesignFFT, nextPow2(2*taps))
	bins := nfft/2 + 1
	latency = nfft / magLSLead
	spec := spectra(set, nfft)
	if maxDelay > 0 {
		// SOFA Data.Delay: a broadband delay per measurement and ear.
		for ear := range spec {
			for q, s := range spec[ear] {
				d := set.Delay[q][ear]
				for k := range s {
					s[k] *= cmplx.Rect(1, -2*math.Pi*float64(k)*d/float64(nfft))
				}
			}
		}
	}
	m := f.m
	h := [2][][]complex128{} // ear × bin × ACN
	target := make([]complex128, f.q)
	for ear := range h {
		h[ear] = make([][]complex128, bins)
		for k := range bins {
			h[ear][k] = make([]complex128, m)
			hz := float64(k) * float64(set.SampleRate) / float64(nfft)
			for q := range f.q {
				v := spec[ear][q][k]
				if k > 0 && hz > opt.CutoffHz {
					phase := cmplx.Phase(f.eval(q, h[ear][k-1]))
					v = cmplx.Rect(cmplx.Abs(v), phase)
				}
				target[q] = v
			}
			f.fit(h[ear][k], target)
		}
	}
	if opt.Covariance {
		for k := 1; k < bins; k++ {
			constrainCovariance(f, spec[0], spec[1], h[0][k], h[1][k], k)
		}
	}
	plan := fourier.NewFFT(nfft)
	coef := make([]complex128, bins)
	seq := make([]float64, nfft)
	for ear := range out {
		out[ear] = make([][]float64, m)
		for n := range m {
			for k := range bins {
				coef[k] = h[ear][k][n]
			}
			coef[0] = complex(real(coef[0]), 0)
			coef[bins-1] = complex(real(coef[bins-1]), 0)
			plan.Sequence(seq, coef)
			// The response from -D to L-D samples, delayed by D.
			ir := make([]float64, nfft/2)
			for t := range ir {
				ir[t] = seq[(t-latency+nfft)%nfft] / float64(nfft)
			}
			fadeOut(ir)
			out[ear][n] = ir
		}
	}
	return out, latency, nil
}

// fadeOut applies a half-Hann fade over the last eighth of ir, so the cut
// filter does not stop abruptly.
func fadeOut(ir []float64) {
	n := len(ir) / 8
	start := len(ir) - n
	for i := range n {
		ir[start+i] *= 0.5 * (1 + math.Cos(math.Pi*float64(i+1)/float64(n)))
	}
}
