package ambisonics

import (
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// diffuseStats returns, per 1/3-octave band centre from 1 to 16 kHz, the
// diffuse-field interaural coherence |R_LR|/sqrt(R_LL·R_RR) and the
// diffuse-field level of the left ear in dB, from per-bin 2×2
// covariances.
func diffuseStats(cov func(k int) mat2, nfft, rate int) (coh, lvl []float64) {
	for fc := 1000.0; fc <= 16000*1.01; fc *= math.Pow(2, 1.0/3) {
		var r mat2
		df := float64(rate) / float64(nfft)
		for k := int(math.Ceil(fc * math.Pow(2, -1.0/6) / df)); float64(k)*df <= fc*math.Pow(2, 1.0/6); k++ {
			c := cov(k)
			for i := range 2 {
				for j := range 2 {
					r[i][j] += c[i][j]
				}
			}
		}
		coh = append(coh, cmplx.Abs(r[0][1])/math.Sqrt(real(r[0][0])*real(r[1][1])))
		lvl = append(lvl, 10*math.Log10(real(r[0][0])))
	}
	return coh, lvl
}

// The diffuse-field covariance constraint brings the decoder's diffuse
// interaural coherence and diffuse-field ear spectrum to the HRTF set's
// (KEMAR, order 1, where plain MagLS is furthest off).
func TestCovarianceConstraintDiffuseField(t *testing.T) {
	set := kemar48(t)
	const order = 1
	f, err := newFitter(set, order)
	if err != nil {
		t.Fatal(err)
	}
	nfft := 1024
	plan := fourier.NewFFT(nfft)
	spec := spectra(set, nfft)
	target := func(k int) mat2 {
		var r mat2
		for q := range f.q {
			w := complex(f.w[q], 0)
			a, b := spec[0][q][k], spec[1][q][k]
			r[0][0] += w * cmplx.Conj(a) * a
			r[0][1] += w * cmplx.Conj(a) * b
			r[1][1] += w * cmplx.Conj(b) * b
		}
		return r
	}
	tc, tl := diffuseStats(target, nfft, set.SampleRate)
	for _, withCov := range []bool{false, true} {
		irs, _, err := designMagLS(set, order, BinauralOptions{CutoffHz: DefaultCutoffHz, Covariance: withCov})
		if err != nil {
			t.Fatal(err)
		}
		var hs [2][][]complex128
		for ear := range hs {
			for _, ir := range irs[ear] {
				seq := make([]float64, nfft)
				copy(seq, ir)
				hs[ear] = append(hs[ear], plan.Coefficients(nil, seq))
			}
		}
		// The same quadrature as the target, on the fitted responses.
		fit := func(k int) mat2 {
			hl, hr := make([]complex128, f.m), make([]complex128, f.m)
			for n := range f.m {
				hl[n], hr[n] = hs[0][n][k], hs[1][n][k]
			}
			var r mat2
			for q := range f.q {
				w := complex(f.w[q], 0)
				a, b := f.eval(q, hl), f.eval(q, hr)
				r[0][0] += w * cmplx.Conj(a) * a
				r[0][1] += w * cmplx.Conj(a) * b
				r[1][1] += w * cmplx.Conj(b) * b
			}
			return r
		}
		c, l := diffuseStats(fit, nfft, set.SampleRate)
		var ce, le float64
		for i := range c {
			ce = max(ce, math.Abs(c[i]-tc[i]))
			le = max(le, math.Abs(l[i]-tl[i]))
		}
		t.Logf("order %d, covariance constraint %v: 1-16 kHz diffuse-field coherence error up to %.3f, left-ear diffuse level error up to %.2f dB", order, withCov, ce, le)
		if withCov && (ce > 0.05 || le > 1) {
			t.Errorf("with the constraint: coherence error %.3f, level error %.2f dB", ce, le)
		}
		if !withCov && ce < 0.1 {
			t.Errorf("without the constraint the coherence error is only %.3f; the test does not show the constraint's effect", ce)
		}
	}
}
