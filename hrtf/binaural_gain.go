package hrtf

import (
	"math"

	"immerse/dsp"
	"immerse/geom"
)

// Band and resolution of FrontalGainDB.
const (
	frontalLoHz    = 100.0
	frontalHiHz    = 10000.0
	frontalPerOct  = 12 // frequencies per octave
	frontalMaxTaps = 1 << 16
)

// FrontalGainDB is the level in dB that the set gives a source straight
// ahead: the power gain of the measurement nearest to the front (0°, 0°),
// averaged over both ears and over frequency on a logarithmic axis from
// 100 Hz to 10 kHz (twelve points per octave) — the gain for pink noise in
// that band. Binaural divides the same figure, taken from the interpolated
// frontal response (Interpolator.FrontalGainDB), out of its HRIRs, so that
// a frontal source reaches each ear at the level it has at the input, the
// way the same signal from one loudspeaker in front reaches a listener's
// ears at about the level it has at the loudspeaker (unless RawGain is
// given). An empty set gives 0.
func (s *Set) FrontalGainDB() float64 {
	if s.Len() == 0 || s.SampleRate <= 0 {
		return 0
	}
	front := geom.Vec{0, 1, 0}
	best := 0
	for i, d := range s.Directions {
		if d.Dot(front) > s.Directions[best].Dot(front) {
			best = i
		}
	}
	return pairGainDB(s.IR[best][0], s.IR[best][1], s.SampleRate)
}

// FrontalGainDB is Set.FrontalGainDB for the interpolated response at
// exactly (0°, 0°), which a set need not have measured.
func (ip *Interpolator) FrontalGainDB() float64 {
	l, r := make([]float32, ip.taps), make([]float32, ip.taps)
	ip.HRIR(l, r, geom.Vec{0, 1, 0})
	return pairGainDB(l, r, ip.rate)
}

// pairGainDB is the pink-noise power gain of a response pair in
// 100 Hz-10 kHz (or up to 0.45·rate), averaged over the two ears.
func pairGainDB(left, right []float32, rate int) float64 {
	var sum float64
	var count int
	hi := min(frontalHiHz, 0.45*float64(rate))
	for f := frontalLoHz; f <= hi*(1+1e-9); f *= math.Pow(2, 1.0/frontalPerOct) {
		w := 2 * math.Pi * f / float64(rate)
		cw, sw := math.Cos(w), math.Sin(w)
		for _, ir := range [2][]float32{left, right} {
			if len(ir) > frontalMaxTaps {
				ir = ir[:frontalMaxTaps]
			}
			// Direct evaluation of the transform at f (a rotation per tap).
			c, si := 1.0, 0.0
			var re, im float64
			for _, v := range ir {
				re += float64(v) * c
				im -= float64(v) * si
				c, si = c*cw-si*sw, si*cw+c*sw
			}
			sum += re*re + im*im
			count++
		}
	}
	if sum == 0 {
		return 0
	}
	return dsp.PowerToDB(sum / float64(count))
}
