package loudness

import (
	"math"
	"math/cmplx"
)

// Biquad holds the coefficients of a second-order IIR section normalised to
// a0 = 1: H(z) = (B0 + B1·z⁻¹ + B2·z⁻²) / (1 + A1·z⁻¹ + A2·z⁻²).
type Biquad struct {
	B0, B1, B2 float64
	A1, A2     float64
}

// Response returns the complex frequency response H(e^jω) of q at freq Hz
// for a filter running at sampleRate Hz.
func (q Biquad) Response(freq, sampleRate float64) complex128 {
	z1 := cmplx.Exp(complex(0, -2*math.Pi*freq/sampleRate)) // z⁻¹
	z2 := z1 * z1
	num := complex(q.B0, 0) + complex(q.B1, 0)*z1 + complex(q.B2, 0)*z2
	den := 1 + complex(q.A1, 0)*z1 + complex(q.A2, 0)*z2
	return num / den
}

// Analog prototypes of the two K-weighting stages of ITU-R BS.1770 (Annex 1,
// Tables 1 and 2). BS.1770 gives the digital coefficients for 48 kHz only and
// asks other rates for "the same frequency response". These are the analog
// parameters which, through the bilinear transform prewarped at f0, give the
// 48 kHz table back to within 1e-15 (the same parametrisation libebur128 and
// ffmpeg use).
const (
	// Stage 1, the high shelf modelling the head:
	//   H(s) = (Vh·s² + Vb·(ω0/Q)·s + ω0²) / (s² + (ω0/Q)·s + ω0²),
	// Vh = 10^(G/20) the high-frequency gain, Vb = Vh^shelfMidExp the gain at ω0.
	shelfFreqHz = 1681.974450955533
	shelfGainDB = 3.999843853973347
	shelfQ      = 0.7071752369554196
	shelfMidExp = 0.4996667741545416

	// Stage 2, the RLB high-pass:
	//   H(s) = g·s² / (s² + (ω0/Q)·s + ω0²).
	highPassFreqHz = 38.13547087602444
	highPassQ      = 0.5003270373238773

	// referenceRate is the rate of the BS.1770 coefficient tables.
	referenceRate = 48000.0
)

// KWeighting returns the two biquads of BS.1770 K-weighting (pre-filter
// shelf, then RLB high-pass) for sampleRate Hz, each the bilinear transform
// of its analog prototype with the frequency prewarped at the stage's f0.
//
// At 48 kHz the result equals BS.1770 Tables 1 and 2 (to 1e-15). The table's
// RLB numerator is [1, -2, 1], which is not normalised: it gives the stage a
// passband gain g = 1 + K/Q + K² (K = tan(π·f0/48000)), about +0.043 dB. The
// prototype keeps that g at every rate, so the K-weighting curve is the one
// of the 48 kHz table everywhere: from 44.1 to 384 kHz the magnitude stays
// within 0.008 dB of the 48 kHz response between 20 Hz and 15 kHz (0.010 dB
// at 32 kHz; below that the shelf nears Nyquist and the error grows: at
// 8 kHz a 1 kHz tone reads 0.2 dB low).
// libebur128 and ffmpeg keep [1, -2, 1] at every rate instead, which
// differs from this by +0.004 dB at 44.1 kHz and -0.03 dB at 192 kHz.
func KWeighting(sampleRate float64) (shelf, highPass Biquad) {
	k := math.Tan(math.Pi * shelfFreqHz / sampleRate)
	vh := math.Pow(10, shelfGainDB/20)
	vb := math.Pow(vh, shelfMidExp)
	a0 := 1 + k/shelfQ + k*k
	shelf = Biquad{
		B0: (vh + vb*k/shelfQ + k*k) / a0,
		B1: 2 * (k*k - vh) / a0,
		B2: (vh - vb*k/shelfQ + k*k) / a0,
		A1: 2 * (k*k - 1) / a0,
		A2: (1 - k/shelfQ + k*k) / a0,
	}

	kr := math.Tan(math.Pi * highPassFreqHz / referenceRate)
	g := 1 + kr/highPassQ + kr*kr // passband gain implied by the 48 kHz table
	k = math.Tan(math.Pi * highPassFreqHz / sampleRate)
	a0 = 1 + k/highPassQ + k*k
	b := g / a0
	highPass = Biquad{
		B0: b,
		B1: -2 * b,
		B2: b,
		A1: 2 * (k*k - 1) / a0,
		A2: (1 - k/highPassQ + k*k) / a0,
	}
	return shelf, highPass
}

// kState is the state of the two K-weighting biquads of one channel, in
// transposed direct form II.
type kState struct{ s1, s2, t1, t2 float64 }

// denormalFloor is the state magnitude below which filter states are
// flushed to zero at the end of every 10 ms tick: subnormal float64
// arithmetic is very slow on x86, and a decaying IIR state would otherwise
// linger there during silence. It is 600 dB below full scale.
const denormalFloor = 1e-30

func (s *kState) flush() {
	if math.Abs(s.s1) < denormalFloor {
		s.s1 = 0
	}
	if math.Abs(s.s2) < denormalFloor {
		s.s2 = 0
	}
	if math.Abs(s.t1) < denormalFloor {
		s.t1 = 0
	}
	if math.Abs(s.t2) < denormalFloor {
		s.t2 = 0
	}
}

// kFilterSquares runs x through the K-weighting cascade (shelf, then hp),
// updating st, and returns acc plus the sum of the squared outputs. The sum
// is accumulated sample by sample into acc so that splitting a stream into
// blocks anywhere gives bit-identical sums.
func kFilterSquares(st *kState, shelf, hp *Biquad, x []float32, acc float64) float64 {
	b0, b1, b2, a1, a2 := shelf.B0, shelf.B1, shelf.B2, shelf.A1, shelf.A2
	c0, c1, c2, d1, d2 := hp.B0, hp.B1, hp.B2, hp.A1, hp.A2
	s1, s2, t1, t2 := st.s1, st.s2, st.t1, st.t2
	for _, v := range x {
		in := float64(v)
		y := b0*in + s1
		s1 = b1*in - a1*y + s2
		s2 = b2*in - a2*y
		z := c0*y + t1
		t1 = c1*y - d1*z + t2
		t2 = c2*y - d2*z
		acc += z * z
	}
	st.s1, st.s2, st.t1, st.t2 = s1, s2, t1, t2
	return acc
}
