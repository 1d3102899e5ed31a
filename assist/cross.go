package assist

import (
	"math"
	"slices"

	"immerse/dsp/fft"
)

// crossAcc accumulates the cross-spectrum conj(A)·B of two tracks over the
// frames where both are present, and each one's energy over those frames
// (both limited to the cross bins, below crossMaxHz).
type crossAcc struct {
	a, b   int
	s      []complex128
	ea, eb float64
	frames int
}

func newCrossAccs(n int) []*crossAcc {
	var out []*crossAcc
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			out = append(out, &crossAcc{a: i, b: j})
		}
	}
	return out
}

// accumulate adds the current cross frame of every two present tracks.
func (e *engine) accumulate() {
	k := -1
	present := make([]bool, len(e.opened))
	for i, s := range e.opened {
		if s == nil || !e.a.Tracks[i].Heard {
			continue
		}
		k = s.k - 1
		present[i] = s.crossOK && framePresent(s, k)
	}
	for _, c := range e.cross {
		if !present[c.a] || !present[c.b] {
			continue
		}
		x, y := e.opened[c.a].cross, e.opened[c.b].cross
		if c.s == nil {
			c.s = make([]complex128, len(x))
		}
		for i := range x {
			c.s[i] += complex128(complex(real(x[i]), -imag(x[i]))) * complex128(y[i])
		}
		c.ea += weightedEnergy(x)
		c.eb += weightedEnergy(y)
		c.frames++
	}
}

// weightedEnergy is Σ over the one-sided bins of |X|², the non-DC bins
// counted twice (their negative-frequency twins), so that it equals n·c(0)
// of the inverse transform.
func weightedEnergy(x []complex64) float64 {
	e := 0.0
	for i, z := range x {
		p := float64(real(z))*float64(real(z)) + float64(imag(z))*float64(imag(z))
		if i > 0 {
			p *= 2
		}
		e += p
	}
	return e
}

// minPairFrames is the least number of cross frames (each about 170 ms)
// two tracks must share for their correlation to be reported.
const minPairFrames = 6

// pairs turns the accumulated cross-spectra into normalised
// cross-correlations with their best lag.
func (e *engine) pairs() []Pair {
	f := e.f
	tx := fft.New(f.n)
	spec := make([]complex64, f.n/2+1)
	corr := make([]float32, f.n)
	// ρ(τ): the Hann window's circular autocorrelation over Σw², which
	// the windowed frames multiply the true correlation by.
	rho := func(tau int) float64 {
		s := 0.0
		for t := range f.win {
			s += float64(f.win[t]) * float64(f.win[(t+tau+f.n)%f.n])
		}
		return s / f.winPow
	}
	maxLag := int(math.Round(float64(MaxLagMs) / 1000 * float64(f.rate)))
	rhos := make([]float64, 2*maxLag+1)
	for tau := -maxLag; tau <= maxLag; tau++ {
		rhos[tau+maxLag] = rho(tau)
	}
	var out []Pair
	for _, c := range e.cross {
		if c.frames < minPairFrames || c.ea <= 0 || c.eb <= 0 {
			continue
		}
		clear(spec)
		for i, z := range c.s {
			spec[i] = complex64(z)
		}
		tx.Inverse(corr, spec)
		norm := math.Sqrt(c.ea*c.eb) / float64(f.n)
		var pos, neg float64
		posTau, negTau := 0, 0
		for tau := -maxLag; tau <= maxLag; tau++ {
			v := float64(corr[(tau+f.n)%f.n]) / (norm * rhos[tau+maxLag])
			if v > pos || v == pos && abs(tau) < abs(posTau) {
				pos, posTau = v, tau
			}
			if v < neg || v == neg && abs(tau) < abs(negTau) {
				neg, negTau = v, tau
			}
		}
		// The stronger peak wins, unless the other is nearly as strong at
		// a smaller lag: a low-frequency source correlates again half a
		// period away, and the simpler fix is the smaller shift.
		best, bestTau := pos, posTau
		if -neg > pos {
			best, bestTau = neg, negTau
		}
		other, otherTau := neg, negTau
		if best == neg {
			other, otherTau = pos, posTau
		}
		if math.Abs(other) >= nearPeak*math.Abs(best) && abs(otherTau) < abs(bestTau) {
			best, bestTau = other, otherTau
		}
		zero := float64(corr[0]) / norm
		out = append(out, Pair{A: c.a, B: c.b, Correlation: clamp1(best), ZeroLag: clamp1(zero),
			LagMs:   float64(bestTau) / float64(f.rate) * 1000,
			Seconds: float64(c.frames*crossEvery) * float64(f.hop) / float64(f.rate)})
	}
	slices.SortStableFunc(out, func(x, y Pair) int {
		ax, ay := math.Abs(x.Correlation), math.Abs(y.Correlation)
		switch {
		case ax > ay:
			return -1
		case ax < ay:
			return 1
		}
		return 0
	})
	return out
}

// nearPeak: a correlation peak at least this fraction of the strongest
// counts as nearly as strong.
const nearPeak = 0.9

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func clamp1(v float64) float64 { return math.Max(-1, math.Min(1, v)) }
