package resample

import (
	"fmt"
	"math"
	"sync"
)

// Filter specification. The prototype is a Kaiser-windowed sinc whose
// transition band runs from 0.9 to 1.0 times the Nyquist frequency of the
// lower of the two rates, designed for 110 dB of stopband attenuation so
// that the measured attenuation stays above 100 dB.
const (
	// PassbandEdge is the end of the passband as a fraction of the lower
	// rate's Nyquist frequency: the response is flat within ±0.001 dB
	// up to here.
	PassbandEdge = 0.9
	// StopbandEdge is the start of the stopband as a fraction of the lower
	// rate's Nyquist frequency: everything above is attenuated by at least
	// StopbandDB.
	StopbandEdge = 1.0
	// StopbandDB is the guaranteed stopband attenuation in dB.
	StopbandDB = 100.0

	designDB = 110.0 // Kaiser design target, 10 dB of margin

	// maxExactPhases is the largest upsampling factor given a table with
	// one row per phase; above it the table has interpPhases rows and the
	// coefficients are interpolated linearly between them.
	maxExactPhases = 2048
	interpPhases   = 4096
)

// design is the polyphase filter for one ratio up/down, shared (read-only)
// by every Resampler of that ratio.
type design struct {
	up, down int
	half     int // kernel half-width in input samples
	taps     int // taps per phase = 2*half
	phases   int // rows of coefs (up, or interpPhases+1)
	exact    bool
	coefs    []float64 // phases x taps
}

var designs sync.Map // [2]int{up, down} -> *design

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// ratio reduces to/from to lowest terms.
func ratio(from, to int) (up, down int, err error) {
	if from <= 0 || to <= 0 || from > 1e7 || to > 1e7 {
		return 0, 0, fmt.Errorf("resample: rates %d -> %d Hz: want positive rates up to 10 MHz", from, to)
	}
	g := gcd(from, to)
	return to / g, from / g, nil
}

// getDesign returns the (cached) filter for a reduced ratio.
func getDesign(up, down int) *design {
	key := [2]int{up, down}
	if d, ok := designs.Load(key); ok {
		return d.(*design)
	}
	d, _ := designs.LoadOrStore(key, newDesign(up, down))
	return d.(*design)
}

func newDesign(up, down int) *design {
	// Work in input samples: the cutoff b (cycles per input sample) is the
	// middle of the transition band, relative to the lower rate.
	low := 1.0 // lower rate / input rate
	if down > up {
		low = float64(up) / float64(down)
	}
	b := 0.5 * low * (PassbandEdge + StopbandEdge) / 2
	dw := 2 * math.Pi * 0.5 * low * (StopbandEdge - PassbandEdge) // transition width, rad per input sample
	// Kaiser's length and beta formulas.
	n := (designDB - 7.95) / (2.285 * dw)
	beta := 0.1102 * (designDB - 8.7)
	d := &design{up: up, down: down, half: int(math.Ceil(n / 2))}
	d.taps = 2 * d.half
	d.exact = up <= maxExactPhases
	rows := up
	if !d.exact {
		rows = interpPhases + 1
	}
	d.phases = rows
	d.coefs = make([]float64, rows*d.taps)
	i0beta := besselI0(beta)
	for p := 0; p < rows; p++ {
		var frac float64
		if d.exact {
			frac = float64(p) / float64(up)
		} else {
			frac = float64(p) / interpPhases
		}
		row := d.coefs[p*d.taps : (p+1)*d.taps]
		for k := range row {
			row[k] = kernel(frac+float64(d.half-1-k), b, float64(d.half), beta, i0beta)
		}
	}
	return d
}

// kernel is the continuous interpolation kernel at tau input samples: a
// sinc with cutoff b cycles per sample under a Kaiser window of half-width
// half. Its samples at unit spacing sum to about 1 (unit DC gain).
func kernel(tau, b, half, beta, i0beta float64) float64 {
	x := tau / half
	if x <= -1 || x >= 1 {
		return 0
	}
	w := besselI0(beta*math.Sqrt(1-x*x)) / i0beta
	return 2 * b * sinc(2*b*tau) * w
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// besselI0 is the modified Bessel function of the first kind, order 0,
// by its power series (converges fast for the arguments used here).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 500; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}
