package oversample

import (
	"math"
	"sync"
)

// designs caches half-band designs: they are immutable and shared by every
// oversampler with the same configuration.
var designs sync.Map // designKey -> *halfband

type designKey struct{ transition, attenDB float64 }

// cachedHalfband returns designHalfband(transition, attenDB), designing it
// once per process.
func cachedHalfband(transition, attenDB float64) *halfband {
	k := designKey{transition, attenDB}
	if h, ok := designs.Load(k); ok {
		return h.(*halfband)
	}
	h, _ := designs.LoadOrStore(k, designHalfband(transition, attenDB))
	return h.(*halfband)
}

// halfband is one linear-phase half-band low-pass FIR, cut at a quarter of
// its (higher) sample rate, designed by windowing a sinc with a Kaiser
// window. Its length is L = 4m+3: the centre tap (index 2m+1) is 1/2 and
// every other tap at an even distance from it is zero, so in a 2:1 polyphase
// structure one branch is a pure delay and the other holds the 2m+2 non-zero
// taps, symmetric, of which m+1 are stored.
type halfband struct {
	m    int       // the pure-delay branch delays by m samples of the low rate
	fold []float64 // fold[i] = h[2i] for i = 0..m (h[2i] = h[4m+2-2i])
	full []float64 // all L taps, for Response and tests
}

// delay is the group delay (L-1)/2 = 2m+1 in samples of the high rate.
func (h *halfband) delay() int { return 2*h.m + 1 }

// designHalfband designs a half-band filter whose transition band is
// transition wide (in cycles per high-rate sample, centred on 1/4) with at
// least attenDB of stopband attenuation (Kaiser's formulas: beta from the
// attenuation, length from attenuation and transition width).
func designHalfband(transition, attenDB float64) *halfband {
	dw := 2 * math.Pi * transition
	n := int(math.Ceil((attenDB-7.95)/(2.285*dw))) + 1
	// Kaiser's length formula is approximate (optimistic for short filters):
	// lengthen until the measured stopband meets the target.
	for m := max(0, n/4); ; m++ { // smallest m with 4m+3 >= n first
		h := halfbandTaps(m, kaiserBeta(attenDB))
		if h.stopbandDB(0.25+transition/2) >= attenDB || m > 1000 {
			return h
		}
	}
}

// halfbandTaps builds the 4m+3 taps of a Kaiser-windowed half-band sinc.
func halfbandTaps(m int, beta float64) *halfband {
	l := 4*m + 3
	c := float64(l-1) / 2
	full := make([]float64, l)
	i0b := besselI0(beta)
	for i := range full {
		x := float64(i) - c
		r := x / c
		w := besselI0(beta*math.Sqrt(max(0, 1-r*r))) / i0b
		full[i] = 0.5 * sinc(0.5*x) * w
	}
	// Exact half-band structure: zeros at even distances, centre 1/2.
	for i := range full {
		if d := i - (l-1)/2; d != 0 && d%2 == 0 {
			full[i] = 0
		}
	}
	full[(l-1)/2] = 0.5
	// Normalise the sinc branch so that it sums to 1/2 (unity DC gain of the
	// whole filter, and each polyphase branch of the interpolator has gain 1).
	sum := 0.0
	for i := 0; i < l; i += 2 {
		sum += full[i]
	}
	for i := 0; i < l; i += 2 {
		full[i] *= 0.5 / sum
	}
	fold := make([]float64, m+1)
	for i := range fold {
		fold[i] = full[2*i]
	}
	return &halfband{m: m, fold: fold, full: full}
}

// stopbandDB is the smallest attenuation (dB, positive) of h from edge
// (cycles per sample) up to 1/2, on a fine grid.
func (h *halfband) stopbandDB(edge float64) float64 {
	worst := 0.0
	const steps = 2000
	for k := 0; k <= steps; k++ {
		f := edge + (0.5-edge)*float64(k)/steps
		re, im := 0.0, 0.0
		for i, c := range h.full {
			s, co := math.Sincos(2 * math.Pi * f * float64(i))
			re += c * co
			im -= c * s
		}
		worst = math.Max(worst, math.Hypot(re, im))
	}
	return -20 * math.Log10(worst)
}

func kaiserBeta(a float64) float64 {
	switch {
	case a > 50:
		return 0.1102 * (a - 8.7)
	case a >= 21:
		return 0.5842*math.Pow(a-21, 0.4) + 0.07886*(a-21)
	}
	return 0
}

// besselI0 is the modified Bessel function of the first kind, order 0, by
// its power series (converges quickly for the betas used here).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 200; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < 1e-17*sum {
			break
		}
	}
	return sum
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// interp is the state of one 1:2 half-band interpolator on one channel.
type interp struct {
	hist []float32 // doubled ring of the last 2m+2 inputs
	pos  int
}

func newInterp(h *halfband) interp {
	return interp{hist: make([]float32, 2*(2*h.m+2))}
}

func (s *interp) reset() {
	clear(s.hist)
	s.pos = 0
}

// run writes 2·len(src) samples to dst. For input x[n] it produces
// y[2n] = 2·Σ h[2i]·x[n-i] (the sinc branch) and y[2n+1] = x[n-m] (the
// centre tap, 2·1/2): the output is the input delayed by 2m+1 high-rate
// samples and low-passed at a quarter of the high rate.
func (s *interp) run(h *halfband, dst, src []float32) {
	p := 2*h.m + 2
	hist, pos, fold, m := s.hist, s.pos, h.fold, h.m
	for n, x := range src {
		hist[pos] = x
		hist[pos+p] = x
		pos++
		if pos == p {
			pos = 0
		}
		w := hist[pos : pos+p] // oldest .. newest
		dst[2*n] = float32(2 * dotFolded(fold, w))
		dst[2*n+1] = w[p-1-m]
	}
	s.pos = pos
}

// decim is the state of one 2:1 half-band decimator on one channel.
type decim struct {
	even []float32 // doubled ring of the last 2m+2 even-indexed inputs
	pos  int
	odd  []float32 // ring of the last m+1 odd-indexed inputs
	opos int
}

func newDecim(h *halfband) decim {
	return decim{even: make([]float32, 2*(2*h.m+2)), odd: make([]float32, h.m+1)}
}

func (s *decim) reset() {
	clear(s.even)
	clear(s.odd)
	s.pos, s.opos = 0, 0
}

// run reads 2·len(dst) samples from src. Output y[n] = Σ h[j]·v[2n-j]: the
// sinc taps meet the even-indexed inputs v[2n-2i] and the centre tap the
// odd-indexed input v[2n-2m-1]. The delay is 2m+1 high-rate samples.
func (s *decim) run(h *halfband, dst, src []float32) {
	p := 2*h.m + 2
	even, pos, odd, opos, fold := s.even, s.pos, s.odd, s.opos, h.fold
	for n := range dst {
		e, o := src[2*n], src[2*n+1]
		even[pos] = e
		even[pos+p] = e
		pos++
		if pos == p {
			pos = 0
		}
		acc := dotFolded(fold, even[pos:pos+p])
		acc += 0.5 * float64(odd[opos]) // v from m+1 pairs ago = v[2n-2m-1]
		odd[opos] = o
		opos++
		if opos == len(odd) {
			opos = 0
		}
		dst[n] = float32(acc)
	}
	s.pos, s.opos = pos, opos
}

// dotFolded returns Σ fold[i]·(w[i] + w[len(w)-1-i]) for a window w of
// 2·len(fold) samples, with four accumulators to keep the adder pipeline
// busy.
func dotFolded(fold []float64, w []float32) float64 {
	n := len(fold)
	lo := w[:n]
	hi := w[n : 2*n]
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= n; i += 4 {
		j := n - 1 - i
		a0 += fold[i] * (float64(lo[i]) + float64(hi[j]))
		a1 += fold[i+1] * (float64(lo[i+1]) + float64(hi[j-1]))
		a2 += fold[i+2] * (float64(lo[i+2]) + float64(hi[j-2]))
		a3 += fold[i+3] * (float64(lo[i+3]) + float64(hi[j-3]))
	}
	for ; i < n; i++ {
		a0 += fold[i] * (float64(lo[i]) + float64(hi[n-1-i]))
	}
	return (a0 + a1) + (a2 + a3)
}
