package filter

import (
	"math"
	"math/cmplx"
)

// MaxSections is the most sections one band uses (a 48 dB/oct
// Butterworth cascade: four second-order sections).
const MaxSections = 4

// Coeffs is one second-order section normalised by a0:
//
//	H(z) = (B0 + B1 z⁻¹ + B2 z⁻²) / (1 + A1 z⁻¹ + A2 z⁻²)
//
// A first-order section has B2 = A2 = 0.
type Coeffs struct {
	B0, B1, B2, A1, A2 float64
}

// Identity is the section that passes its input unchanged.
var Identity = Coeffs{B0: 1}

// Response is the section's complex frequency response at freqHz for
// sampleRate.
func (c Coeffs) Response(freqHz float64, sampleRate int) complex128 {
	z1 := cmplx.Exp(complex(0, -2*math.Pi*freqHz/float64(sampleRate))) // z⁻¹
	z2 := z1 * z1
	num := complex(c.B0, 0) + complex(c.B1, 0)*z1 + complex(c.B2, 0)*z2
	den := 1 + complex(c.A1, 0)*z1 + complex(c.A2, 0)*z2
	return num / den
}

// State is the float64 state of one section on one channel, in transposed
// direct form II.
type State struct{ S1, S2 float64 }

// Tick filters one sample (transposed direct form II):
//
//	y  = B0·x + S1
//	S1 = B1·x − A1·y + S2
//	S2 = B2·x − A2·y
func (c *Coeffs) Tick(s *State, x float64) float64 {
	y := c.B0*x + s.S1
	s.S1 = c.B1*x - c.A1*y + s.S2
	s.S2 = c.B2*x - c.A2*y
	return y
}

// run filters buf in place.
func (c *Coeffs) run(s *State, buf []float64) {
	b0, b1, b2, a1, a2 := c.B0, c.B1, c.B2, c.A1, c.A2
	s1, s2 := s.S1, s.S2
	for i, x := range buf {
		y := b0*x + s1
		s1 = b1*x - a1*y + s2
		s2 = b2*x - a2*y
		buf[i] = y
	}
	s.S1, s.S2 = s1, s2
}

// tiny is the state magnitude below which Flush zeroes a state: far below
// anything a float32 sample can show, far above the float64 denormals that
// would slow the arithmetic down in long silences.
const tiny = 1e-200

// Flush zeroes state values too small to matter (denormal protection).
func (s *State) Flush() {
	if math.Abs(s.S1) < tiny {
		s.S1 = 0
	}
	if math.Abs(s.S2) < tiny {
		s.S2 = 0
	}
}

// Design appends the sections of band p at sampleRate to dst[:0] and
// returns it; with cap(dst) >= MaxSections it does not allocate. p should
// be valid (Validate); the frequency is clamped below Nyquist.
//
// The formulas are those of R. Bristow-Johnson, "Cookbook formulae for
// audio EQ biquad filter coefficients" (the Audio EQ Cookbook), with
// w0 = 2π·f0/fs, α = sin(w0)/(2Q) — or, for shelves given a slope S,
// α = sin(w0)/2·√((A + 1/A)(1/S − 1) + 2) — and A = 10^(gain/40).
// First-order sections are the bilinear transforms of 1/(s+1) and
// s/(s+1) prewarped at f0. Butterworth cascades of order N use the
// cookbook's low/high-pass sections at f0 with Q_k = 1/(2 sin((2k−1)π/2N)),
// k = 1..⌊N/2⌋, plus a first-order section when N is odd; since every
// section is prewarped at f0 the cascade is the exact bilinear transform
// of the analogue Butterworth filter (−3.01 dB at f0).
func Design(dst []Coeffs, p BandParams, sampleRate int) []Coeffs {
	dst = dst[:0]
	fs := float64(sampleRate)
	f0 := math.Min(math.Max(p.FreqHz, 1e-3), 0.4999*fs)
	w0 := 2 * math.Pi * f0 / fs
	sn, cs := math.Sincos(w0)
	q := p.Q
	if q <= 0 {
		q = math.Sqrt2 / 2
	}
	alpha := sn / (2 * q)
	a := math.Pow(10, p.GainDB/40)
	switch p.Kind {
	case Peak:
		return append(dst, norm(1+alpha*a, -2*cs, 1-alpha*a, 1+alpha/a, -2*cs, 1-alpha/a))
	case LowShelf, HighShelf:
		if p.ShelfSlope > 0 {
			alpha = sn / 2 * math.Sqrt(math.Max(0, (a+1/a)*(1/p.ShelfSlope-1)+2))
		}
		ra := 2 * math.Sqrt(a) * alpha
		if p.Kind == LowShelf {
			return append(dst, norm(
				a*((a+1)-(a-1)*cs+ra), 2*a*((a-1)-(a+1)*cs), a*((a+1)-(a-1)*cs-ra),
				(a+1)+(a-1)*cs+ra, -2*((a-1)+(a+1)*cs), (a+1)+(a-1)*cs-ra))
		}
		return append(dst, norm(
			a*((a+1)+(a-1)*cs+ra), -2*a*((a-1)+(a+1)*cs), a*((a+1)+(a-1)*cs-ra),
			(a+1)-(a-1)*cs+ra, 2*((a-1)-(a+1)*cs), (a+1)-(a-1)*cs-ra))
	case BandPass:
		return append(dst, norm(alpha, 0, -alpha, 1+alpha, -2*cs, 1-alpha))
	case Notch:
		return append(dst, norm(1, -2*cs, 1, 1+alpha, -2*cs, 1-alpha))
	case AllPass:
		return append(dst, norm(1-alpha, -2*cs, 1+alpha, 1+alpha, -2*cs, 1-alpha))
	case LowPass, HighPass:
		hp := p.Kind == HighPass
		order := p.SlopeDBOct / 6
		if order < 1 {
			order = 2
		}
		order = min(order, 2*MaxSections)
		if order%2 == 1 {
			dst = append(dst, firstOrder(hp, w0))
		}
		for k := 1; k <= order/2; k++ {
			qk := q
			if order != 2 {
				qk = 1 / (2 * math.Sin(float64(2*k-1)*math.Pi/float64(2*order)))
			}
			al := sn / (2 * qk)
			if hp {
				dst = append(dst, norm((1+cs)/2, -(1+cs), (1+cs)/2, 1+al, -2*cs, 1-al))
			} else {
				dst = append(dst, norm((1-cs)/2, 1-cs, (1-cs)/2, 1+al, -2*cs, 1-al))
			}
		}
		return dst
	}
	return append(dst, Identity)
}

// firstOrder is the bilinear transform, prewarped at w0, of 1/(s+1)
// (low-pass) or s/(s+1) (high-pass): with K = tan(w0/2),
// LP = K(1 + z⁻¹) / ((K+1) + (K−1)z⁻¹), HP = (1 − z⁻¹) / ((K+1) + (K−1)z⁻¹).
func firstOrder(hp bool, w0 float64) Coeffs {
	k := math.Tan(w0 / 2)
	if hp {
		return norm(1, -1, 0, k+1, k-1, 0)
	}
	return norm(k, k, 0, k+1, k-1, 0)
}

func norm(b0, b1, b2, a0, a1, a2 float64) Coeffs {
	return Coeffs{B0: b0 / a0, B1: b1 / a0, B2: b2 / a0, A1: a1 / a0, A2: a2 / a0}
}

// cascadeResponse is the product of the sections' responses.
func cascadeResponse(secs []Coeffs, freqHz float64, sampleRate int) complex128 {
	h := complex(1, 0)
	for _, c := range secs {
		h *= c.Response(freqHz, sampleRate)
	}
	return h
}
