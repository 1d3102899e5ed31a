package ambisonics

import (
	"math"
	"math/cmplx"
)

// mat2 is a complex 2×2 matrix.
type mat2 [2][2]complex128

func (a mat2) mul(b mat2) (c mat2) {
	for i := range 2 {
		for j := range 2 {
			c[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j]
		}
	}
	return c
}

// adjoint returns the conjugate transpose.
func (a mat2) adjoint() mat2 {
	return mat2{{cmplx.Conj(a[0][0]), cmplx.Conj(a[1][0])}, {cmplx.Conj(a[0][1]), cmplx.Conj(a[1][1])}}
}

func (a mat2) det() complex128 { return a[0][0]*a[1][1] - a[0][1]*a[1][0] }

// cholesky returns the upper triangular X with R = Xᴴ·X of a Hermitian
// positive definite R; ok is false when R is not (numerically) positive
// definite.
func cholesky(r mat2) (x mat2, ok bool) {
	r11, r22 := real(r[0][0]), real(r[1][1])
	if !(r11 > 0) {
		return x, false
	}
	x11 := math.Sqrt(r11)
	x12 := r[0][1] / complex(x11, 0)
	d := r22 - real(x12*cmplx.Conj(x12))
	if !(d > 1e-12*(r11+r22)) {
		return x, false
	}
	return mat2{{complex(x11, 0), x12}, {0, complex(math.Sqrt(d), 0)}}, true
}

// invUpper inverts an upper triangular matrix with a non-zero diagonal.
func invUpper(x mat2) mat2 {
	a, b, d := x[0][0], x[0][1], x[1][1]
	return mat2{{1 / a, -b / (a * d)}, {0, 1 / d}}
}

// polar returns the unitary factor U·Vᴴ of A = U·S·Vᴴ. For 2×2 matrices it
// has a closed form: with adj(A) the adjugate, B = A + (det A/|det A|)·
// adj(A)ᴴ = (s1+s2)·U·Vᴴ, so U·Vᴴ = B/sqrt(|det B|). ok is false for a
// singular A.
func polar(a mat2) (u mat2, ok bool) {
	det := a.det()
	if cmplx.Abs(det) == 0 {
		return u, false
	}
	adjH := mat2{{cmplx.Conj(a[1][1]), -cmplx.Conj(a[1][0])}, {-cmplx.Conj(a[0][1]), cmplx.Conj(a[0][0])}}
	ph := det / complex(cmplx.Abs(det), 0)
	var b mat2
	for i := range 2 {
		for j := range 2 {
			b[i][j] = a[i][j] + ph*adjH[i][j]
		}
	}
	s := math.Sqrt(cmplx.Abs(b.det()))
	if s == 0 {
		return u, false
	}
	for i := range 2 {
		for j := range 2 {
			u[i][j] = b[i][j] / complex(s, 0)
		}
	}
	return u, true
}

// covarianceMixer returns the 2×2 matrix M that gives a pair of ear
// signals with covariance rHat the covariance r (Mᴴ·rHat·M = r) while
// changing them as little as possible: with r = Xᴴ·X and rHat = X̂ᴴ·X̂
// (Cholesky), M = X̂⁻¹·Q·X with the unitary Q closest to mapping X onto X̂,
// Q = polar(X·X̂ᴴ)ᴴ (orthogonal Procrustes). This is the optimal mixing
// of Vilkamo, Bäckström & Kuntz (2013) as Zaunschirm, Schörkhuber &
// Höldrich (2018) use it for the diffuse-field covariance constraint.
func covarianceMixer(r, rHat mat2) (m mat2, ok bool) {
	x, ok1 := cholesky(r)
	xh, ok2 := cholesky(rHat)
	if !ok1 || !ok2 {
		return m, false
	}
	p, ok := polar(x.mul(xh.adjoint()))
	if !ok {
		return m, false
	}
	return invUpper(xh).mul(p.adjoint()).mul(x), true
}

// constrainCovariance applies the diffuse-field covariance constraint to
// bin k of a fit: the 2×2 covariance of the ears over the set's directions
// (quadrature weights of f) is computed for the measured HRTFs (left[q][k],
// right[q][k]) and for the fit (Y·hl, Y·hr), and the fit's coefficient
// pairs (hl_n, hr_n) are mixed by covarianceMixer. Bins where either
// covariance is singular are left alone.
func constrainCovariance(f *fitter, left, right [][]complex128, hl, hr []complex128, k int) {
	var r, rHat mat2
	for q := range f.q {
		w := complex(f.w[q], 0)
		if f.w[q] == 0 {
			continue
		}
		a, b := left[q][k], right[q][k]
		r[0][0] += w * cmplx.Conj(a) * a
		r[0][1] += w * cmplx.Conj(a) * b
		r[1][1] += w * cmplx.Conj(b) * b
		a, b = f.eval(q, hl), f.eval(q, hr)
		rHat[0][0] += w * cmplx.Conj(a) * a
		rHat[0][1] += w * cmplx.Conj(a) * b
		rHat[1][1] += w * cmplx.Conj(b) * b
	}
	r[1][0], rHat[1][0] = cmplx.Conj(r[0][1]), cmplx.Conj(rHat[0][1])
	m, ok := covarianceMixer(r, rHat)
	if !ok {
		return
	}
	for n := range hl {
		a, b := hl[n], hr[n]
		hl[n] = a*m[0][0] + b*m[1][0]
		hr[n] = a*m[0][1] + b*m[1][1]
	}
}
