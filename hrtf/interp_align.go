package hrtf

import (
	"math"

	"immerse/dsp/fft"
)

// Onset estimation. The onset of a clean response is where its magnitude
// first reaches -20 dB of its peak (broadband). Sets with noise or
// pre-ringing near that level before the direct sound (IRCAM LISTEN raw
// responses, ARI directional transfer functions) trigger that threshold
// early and erratically; for them the onset is where the response
// low-passed at 3 kHz (zero-phase) first reaches -6 dB of its peak. The
// choice is made per set: the low-passed onset trails the broadband one
// by a nearly constant amount on clean sets (standard deviation 0.7-1.3
// samples on MIT KEMAR, CIPIC, FH Köln) but not on the others (8-12
// samples), so a spread above onsetSpread samples selects the low-passed
// onsets. Leave-one-out interpolation of the shared SOFA sets: broadband
// onsets give 1.3-1.8 dB spectral distance and 4-8 µs ITD error on the
// clean sets (low-passed ones would give 13-19 µs there); on the ARI set
// the low-passed onsets give 2.1 dB and 10 µs where broadband ones give
// 5.4 dB and 100 µs.
const (
	onsetThreshold   = 0.1 // -20 dB, broadband
	onsetThresholdLP = 0.5 // -6 dB, low-passed
	onsetLowpassHz   = 3000
	onsetSpread      = 3.0 // samples
)

// estimateOnsets returns the onsets of every response (in samples) and
// whether the low-passed estimate was chosen.
func estimateOnsets(irs [][2][]float32, rate int) ([][2]float64, bool) {
	kern := make([]float32, shiftTaps)
	bb := make([][2]float64, len(irs))
	lp := make([][2]float64, len(irs))
	taps := len(irs[0][0])
	lo := newLowpassOnset(taps, rate)
	var sum, sum2 float64
	for i := range irs {
		for ear := 0; ear < 2; ear++ {
			bb[i][ear] = onsetOf(irs[i][ear], kern)
			lp[i][ear] = lo.onset(irs[i][ear], kern)
			d := lp[i][ear] - bb[i][ear]
			sum += d
			sum2 += d * d
		}
	}
	n := float64(2 * len(irs))
	mean := sum / n
	if math.Sqrt(max(0, sum2/n-mean*mean)) > onsetSpread {
		return lp, true
	}
	return bb, false
}

// onsetOf returns the broadband onset of ir in samples: the first time at which the
// band-limited signal's magnitude reaches onsetThreshold of the peak
// sample magnitude, found to 1e-6 sample by bisection on the windowed-sinc
// interpolation between the last sample below and the first at or above
// the threshold. An all-zero response has onset 0.
func onsetOf(ir []float32, kern []float32) float64 {
	return thresholdCrossing(ir, onsetThreshold, kern)
}

// thresholdCrossing returns the first time the band-limited x reaches
// frac of its peak sample magnitude (0 for silence).
func thresholdCrossing(ir []float32, frac float64, kern []float32) float64 {
	var peak float32
	for _, v := range ir {
		peak = max(peak, absF32(v))
	}
	if peak == 0 {
		return 0
	}
	thr := float64(peak) * frac
	i := 0
	for absF32(ir[i]) < float32(thr) {
		i++
	}
	if i == 0 {
		return 0
	}
	lo, hi := float64(i-1), float64(i)
	for k := 0; k < 20; k++ { // 1e-6 sample
		mid := 0.5 * (lo + hi)
		if math.Abs(bandValue(ir, mid, kern)) >= thr {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

func absF32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// fracAligner delays responses by fractional amounts, band-limited: a
// phase ramp on a zero-padded FFT frame with room for the delay and for the
// tails of the fractional shift. (Whatever the frame cuts, the residuals
// stored by NewInterpolator restore at the measured directions.)
type fracAligner struct {
	plan  *fft.FFT
	frame []float32
	spec  []complex64
}

// alignGuard is the room (samples) left after the delayed response in
// the frame, where the fractional shift's tails decay.
const alignGuard = 256

// newFracAligner returns an aligner for outputs of up to length samples.
func newFracAligner(length int) *fracAligner {
	n := fft.MinSize
	for n < length+alignGuard {
		n *= 2
	}
	return &fracAligner{plan: fft.New(n), frame: make([]float32, n), spec: make([]complex64, n/2+1)}
}

// delay writes x delayed by s samples to y (len(x), len(y) ≤ length).
func (a *fracAligner) delay(y, x []float32, s float64) {
	n := len(a.frame)
	clear(a.frame)
	copy(a.frame, x)
	a.plan.Forward(a.spec, a.frame)
	// exp(-2πi·k·s/n) by rotation, in float64.
	sn, cs := math.Sincos(-2 * math.Pi * s / float64(n))
	re, im := 1.0, 0.0
	for k, c := range a.spec {
		a.spec[k] = complex(float32(float64(real(c))*re-float64(imag(c))*im), float32(float64(real(c))*im+float64(imag(c))*re))
		re, im = re*cs-im*sn, re*sn+im*cs
	}
	// The Nyquist bin of a real sequence is real: keep the projection of
	// the rotated bin on the real axis (the band-limited convention).
	nyq := n / 2
	a.spec[nyq] = complex(real(a.spec[nyq]), 0)
	a.plan.Inverse(a.frame, a.spec)
	copy(y, a.frame)
}

// lowpassOnset finds onsets on responses low-passed at onsetLowpassHz by a
// zero-phase raised-cosine filter (0.8 to 1.2 times the cut-off) applied
// in a zero-padded FFT frame.
type lowpassOnset struct {
	plan  *fft.FFT
	gain  []float32 // per bin
	pad   int       // leading zeros before the response in the frame
	frame []float32
	spec  []complex64
}

func newLowpassOnset(taps, rate int) *lowpassOnset {
	pad := 256 // room for the filter's ringing on both sides
	n := fft.MinSize
	for n < taps+2*pad {
		n *= 2
	}
	lo := &lowpassOnset{plan: fft.New(n), gain: make([]float32, n/2+1), pad: pad,
		frame: make([]float32, n), spec: make([]complex64, n/2+1)}
	for k := range lo.gain {
		f := float64(k) * float64(rate) / float64(n)
		switch a, b := 0.8*onsetLowpassHz, 1.2*onsetLowpassHz; {
		case f <= a:
			lo.gain[k] = 1
		case f < b:
			lo.gain[k] = float32(0.5 * (1 + math.Cos(math.Pi*(f-a)/(b-a))))
		}
	}
	return lo
}

func (lo *lowpassOnset) onset(ir []float32, kern []float32) float64 {
	clear(lo.frame)
	copy(lo.frame[lo.pad:], ir)
	lo.plan.Forward(lo.spec, lo.frame)
	for k, g := range lo.gain {
		lo.spec[k] = complex(real(lo.spec[k])*g, imag(lo.spec[k])*g)
	}
	lo.plan.Inverse(lo.frame, lo.spec)
	return thresholdCrossing(lo.frame[:len(ir)+2*lo.pad], onsetThresholdLP, kern) - float64(lo.pad)
}
