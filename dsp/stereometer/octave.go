package stereometer

import (
	"math"
	"math/cmplx"

	"immerse/dsp/loudness"
)

// NominalBands are the nominal centre frequencies (Hz) of the octave bands
// measured, IEC 61260-1 base-10 octaves 31.5 Hz … 16 kHz. The exact centres
// are 1000·10^(0.3·k) Hz for k = −5 … 4 (31.62, 63.10, …, 15849 Hz).
var NominalBands = []float64{31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000}

// octaveRatio is G^(1/2) with the base-10 octave ratio G = 10^(3/10): a
// band's edges are its exact centre divided and multiplied by it.
var octaveRatio = math.Pow(10, 0.15)

// exactCentre returns the exact base-10 centre of NominalBands[i].
func exactCentre(i int) float64 { return 1000 * math.Pow(10, 0.3*float64(i-5)) }

// bandsFor returns the indices of the bands that fit below Nyquist at rate
// fs: a band is kept when its upper edge is below fs/2.
func bandsFor(fs float64) []int {
	var idx []int
	for i := range NominalBands {
		if exactCentre(i)*octaveRatio < fs/2 {
			idx = append(idx, i)
		}
	}
	return idx
}

// OctaveFilter returns the three biquads of a 3rd-order (6th-order band-pass)
// Butterworth octave filter centred at centre Hz for rate fs, designed
// analytically: the analog low-pass prototype's poles (angles 120°, 180°,
// 240°) go through the low-pass to band-pass transform s → (s² + ω0²)/(B·s)
// and the bilinear transform, each conjugate pole pair becoming one biquad
// B·s / (s² + 2σs + |p|²). Both band edges centre·G^(∓1/2) (G = 10^0.3) are
// prewarped, so they are the −3 dB points at any rate, and the cascade is
// then scaled to exactly 0 dB at centre. That scaling is nil well below
// Nyquist and largest for the top band (16 kHz at 48 kHz: +0.02 dB). One
// octave from the centre the response is about −19.7 dB; near Nyquist the
// warping makes it steeper above and shallower below (16 kHz band at
// 48 kHz: −13.7 dB at 7.9 kHz).
func OctaveFilter(centre, fs float64) [3]loudness.Biquad {
	// Prewarped edges, for s = (1−z⁻¹)/(1+z⁻¹).
	w1 := math.Tan(math.Pi * centre / octaveRatio / fs)
	w2 := math.Tan(math.Pi * centre * octaveRatio / fs)
	w0 := math.Sqrt(w1 * w2)
	bw := w2 - w1
	var out [3]loudness.Biquad
	// The real prototype pole −1 gives s² + B·s + ω0² (one biquad, whatever
	// its roots). The complex pair e^(±j2π/3) gives the roots q1, q2 of
	// s² − p·B·s + ω0² and their conjugates: two biquads.
	out[0] = bilinearBandPass(bw, bw, w0*w0)
	pb := cmplx.Rect(bw, 2*math.Pi/3)
	disc := cmplx.Sqrt(pb*pb - complex(4*w0*w0, 0))
	for i, q := range []complex128{(pb + disc) / 2, (pb - disc) / 2} {
		out[1+i] = bilinearBandPass(bw, -2*real(q), real(q)*real(q)+imag(q)*imag(q))
	}
	// Normalise the cascade to exactly 0 dB at the centre.
	g := 1.0
	for _, q := range out {
		g *= cmplx.Abs(q.Response(centre, fs))
	}
	s := math.Cbrt(1 / g)
	for k := range out {
		out[k].B0 *= s
		out[k].B2 *= s
	}
	return out
}

// bilinearBandPass maps H(s) = b·s / (s² + a1·s + a0) through
// s = (1 − z⁻¹)/(1 + z⁻¹).
func bilinearBandPass(b, a1, a0 float64) loudness.Biquad {
	d := 1 + a1 + a0
	return loudness.Biquad{
		B0: b / d,
		B1: 0,
		B2: -b / d,
		A1: (2*a0 - 2) / d,
		A2: (1 - a1 + a0) / d,
	}
}
