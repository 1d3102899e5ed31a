package reverb

import (
	"math"
)

// lines is the number of delay lines of the feedback delay network.
const lines = 16

// baseMs are the line lengths at Size 1, in ms: spread geometrically from
// 11 to 47 ms; each is rounded to a distinct prime number of frames, so the
// lengths are mutually prime.
var baseMs = func() [lines]float64 {
	var b [lines]float64
	for i := range b {
		b[i] = 11 * math.Pow(47.0/11, float64(i)/(lines-1))
	}
	return b
}()

// sizeScale maps Size 0..1 to the factor on baseMs (0.35 .. 1).
func sizeScale(size float64) float64 { return 0.35 + 0.65*size }

// primeLengths returns the line lengths in frames for size at rate.
func primeLengths(size float64, rate int) [lines]int {
	var l [lines]int
	used := map[int]bool{}
	for i, ms := range baseMs {
		n := max(3, int(math.Round(ms*sizeScale(size)*float64(rate)/1000)))
		for !isPrime(n) || used[n] {
			n++
		}
		used[n] = true
		l[i] = n
	}
	return l
}

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// hadamard applies the normalised 16×16 Hadamard matrix (Sylvester
// construction, scaled by 1/4 so that it is orthogonal: the network is
// lossless apart from the per-line gains) to v in place, by the fast
// Walsh-Hadamard transform.
func hadamard(v *[lines]float64) {
	for h := 1; h < lines; h *= 2 {
		for i := 0; i < lines; i += 2 * h {
			for j := i; j < i+h; j++ {
				a, b := v[j], v[j+h]
				v[j], v[j+h] = a+b, a-b
			}
		}
	}
	for i := range v {
		v[i] *= 0.25
	}
}

// sign returns entry (r, c) of the unnormalised 16×16 Sylvester Hadamard
// matrix: (−1)^popcount(r AND c). Its rows are orthogonal ±1 patterns,
// used for the input and output taps.
func sign(r, c int) float64 {
	x := r & c
	p := 0
	for x != 0 {
		p ^= x & 1
		x >>= 1
	}
	return float64(1 - 2*p)
}

// absorption returns the per-line gain k and one-pole coefficient b of
// Jot's absorptive filter H(z) = k(1 − b)/(1 − b·z⁻¹) for a line of n
// frames: |H| at DC is k = 10^(−3n/(T0·fs)) (RT60 T0 at DC) and at Nyquist
// k(1 − b)/(1 + b) = 10^(−3n/(Tπ·fs)) (RT60 Tπ at Nyquist), solved exactly
// for b = (k − gπ)/(k + gπ).
func absorption(n int, t0, tpi float64, rate int) (k, b float64) {
	k = math.Pow(10, -3*float64(n)/(t0*float64(rate)))
	gpi := math.Pow(10, -3*float64(n)/(tpi*float64(rate)))
	return k, (k - gpi) / (k + gpi)
}
