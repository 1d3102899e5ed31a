package cleanup

import "math"

// Linear prediction (autoregressive modelling) for the declicker.
//
// A prediction-error filter of order p is a[0..p] with a[0] = 1:
// e[n] = Σ_k a[k]·x[n−k]. The backward error uses the same coefficients
// in the other direction, e_b[n] = Σ_k a[k]·x[n+k] (for a stationary
// process the backward predictor of the autocorrelation method is the
// forward one reversed).

// autocorr writes the autocorrelation r[0..len(r)-1] of x·w (w a window
// of len(x)) into r, using tmp (len(x)) as scratch.
func autocorr(r, x, w, tmp []float64) {
	for i := range x {
		tmp[i] = x[i] * w[i]
	}
	for lag := range r {
		var s float64
		for i := lag; i < len(tmp); i++ {
			s += tmp[i] * tmp[i-lag]
		}
		r[lag] = s
	}
}

// levinson solves the normal equations of the autocorrelation method by
// the Levinson–Durbin recursion: from r[0..p] it writes the
// prediction-error filter a[0..p] (a[0] = 1) and returns the prediction
// error power. tmp needs p+1 elements. A white-noise correction of 1e-9
// (r[0] scaled by 1 + 1e-9) keeps the recursion stable for signals that
// are sums of few sinusoids; r[0] <= 0 gives a = [1, 0, …] and 0.
func levinson(a, r, tmp []float64) float64 {
	p := len(a) - 1
	clear(a)
	a[0] = 1
	if r[0] <= 0 || math.IsNaN(r[0]) {
		return 0
	}
	e := r[0] * (1 + 1e-9)
	for i := 1; i <= p; i++ {
		acc := r[i]
		for j := 1; j < i; j++ {
			acc += a[j] * r[i-j]
		}
		k := -acc / e
		copy(tmp[:i], a[:i])
		for j := 1; j < i; j++ {
			a[j] = tmp[j] + k*tmp[i-j]
		}
		a[i] = k
		e *= 1 - k*k
		if e <= 0 {
			// Numerically singular: keep the filter found so far.
			for j := i; j <= p; j++ {
				a[j] = 0
			}
			return 0
		}
	}
	return e
}

// forwardError writes e[n] = Σ_k a[k]·x[n−k] for n in [from, to) into
// e[n] (x must hold the p samples before from).
func forwardError(e, x, a []float64, from, to int) {
	for n := from; n < to; n++ {
		s := x[n]
		for k := 1; k < len(a); k++ {
			s += a[k] * x[n-k]
		}
		e[n] = s
	}
}

// backwardError writes e[n] = Σ_k a[k]·x[n+k] for n in [from, to) into
// e[n] (x must hold the p samples after to).
func backwardError(e, x, a []float64, from, to int) {
	for n := from; n < to; n++ {
		s := x[n]
		for k := 1; k < len(a); k++ {
			s += a[k] * x[n+k]
		}
		e[n] = s
	}
}

// interpolator fills gaps by least-squares autoregressive interpolation
// (Janssen, Veldhuis & Vries 1986; Vaseghi & Rayner 1990): the missing
// samples x[s..s+m) are those that minimise the summed squared
// prediction error Σ e[n]² over every n whose error involves one of them,
// n in [s, s+m+p). With e = e0 + A·x_u (e0 the error with the gap set to
// zero), the normal equations are (AᵀA)·x_u = −Aᵀe0, where AᵀA is the
// symmetric Toeplitz band matrix R(|i−j|) = Σ_k a[k]·a[k+|i−j|] of
// half-bandwidth p; they are solved by a banded Cholesky factorisation.
type interpolator struct {
	maxGap, p int
	band      []float64 // L in band form: L[i][i−j] at i·(p+1) + (i−j)
	rhs       []float64
	e0        []float64
	ra        []float64 // R(0..p)
}

func newInterpolator(maxGap, p int) *interpolator {
	return &interpolator{maxGap: maxGap, p: p,
		band: make([]float64, maxGap*(p+1)), rhs: make([]float64, maxGap),
		e0: make([]float64, maxGap+p), ra: make([]float64, p+1)}
}

// fill replaces x[s : s+m] by its interpolation from x[s−p : s] and
// x[s+m : s+m+p] with the prediction-error filter a (order p). m must be
// at most maxGap. It reports false (leaving x unchanged) when the system
// is singular.
func (ip *interpolator) fill(x, a []float64, s, m int) bool {
	p := len(a) - 1
	if m <= 0 || m > ip.maxGap || p > ip.p {
		return false
	}
	for lag := 0; lag <= p; lag++ {
		var v float64
		for k := 0; k+lag <= p; k++ {
			v += a[k] * a[k+lag]
		}
		ip.ra[lag] = v
	}
	// e0 over [s, s+m+p) with the gap at zero.
	e0 := ip.e0[:m+p]
	for i := range e0 {
		n := s + i
		var v float64
		for k := 0; k <= p; k++ {
			j := n - k
			if j >= s && j < s+m {
				continue
			}
			v += a[k] * x[j]
		}
		e0[i] = v
	}
	rhs := ip.rhs[:m]
	for i := range rhs {
		var v float64
		for k := 0; k <= p; k++ {
			v += a[k] * e0[i+k]
		}
		rhs[i] = -v
	}
	// Banded Cholesky of R: L[i][j] for j in [i−p, i].
	w := ip.p + 1
	band := ip.band
	at := func(i, j int) float64 { return band[i*w+(i-j)] }
	for i := 0; i < m; i++ {
		for j := max(0, i-p); j <= i; j++ {
			v := ip.ra[i-j]
			if i == j {
				v *= 1 + 1e-10
			}
			for k := max(0, i-p); k < j; k++ {
				if k >= j-p {
					v -= at(i, k) * at(j, k)
				}
			}
			if i == j {
				if v <= 0 || math.IsNaN(v) {
					return false
				}
				band[i*w] = math.Sqrt(v)
			} else {
				band[i*w+(i-j)] = v / at(j, j)
			}
		}
	}
	// L·y = rhs, then Lᵀ·x = y (in place in rhs).
	for i := 0; i < m; i++ {
		v := rhs[i]
		for k := max(0, i-p); k < i; k++ {
			v -= at(i, k) * rhs[k]
		}
		rhs[i] = v / at(i, i)
	}
	for i := m - 1; i >= 0; i-- {
		v := rhs[i]
		for k := i + 1; k <= min(m-1, i+p); k++ {
			v -= at(k, i) * rhs[k]
		}
		rhs[i] = v / at(i, i)
	}
	copy(x[s:s+m], rhs)
	return true
}
