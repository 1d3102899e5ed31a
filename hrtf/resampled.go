package hrtf

import (
	"fmt"
	"maps"
	"slices"

	"immerse/dsp/resample"
)

// Resampled returns a copy of s at sample rate rate (Hz). Every impulse
// response goes through resample.Resample, the band-limited resampler of
// immerse/dsp/resample (flat to 0.9 times the lower Nyquist frequency,
// 100 dB stopband), without delay: the onsets, hence the interaural time
// differences, stay where they were in time. The responses get
// ceil(Taps * rate / SampleRate) taps; Delay is rescaled to the new rate.
// The energy per second (sum of squares divided by the rate) is kept.
func (s *Set) Resampled(rate int) (*Set, error) {
	if rate <= 0 || rate > 10e6 {
		return nil, fmt.Errorf("hrtf: cannot resample to %d Hz; want a positive rate up to 10 MHz", rate)
	}
	if s.SampleRate <= 0 {
		return nil, fmt.Errorf("hrtf: set has sample rate %d Hz", s.SampleRate)
	}
	if rate == s.SampleRate {
		return s.Clone(), nil
	}
	out := &Set{
		SampleRate: rate,
		Directions: slices.Clone(s.Directions),
		Distances:  slices.Clone(s.Distances),
		Delay:      slices.Clone(s.Delay),
		Meta:       maps.Clone(s.Meta),
		IR:         make([][2][]float32, len(s.IR)),
	}
	taps := resample.Len(s.Taps(), s.SampleRate, rate)
	back := make([]float32, 2*s.Len()*taps)
	for i, pair := range s.IR {
		for ear, ir := range pair {
			dst := back[:0:taps]
			back = back[taps:]
			out.IR[i][ear] = resample.Resample(dst, ir, s.SampleRate, rate)
		}
	}
	scale := float64(rate) / float64(s.SampleRate)
	for i := range out.Delay {
		out.Delay[i][0] *= scale
		out.Delay[i][1] *= scale
	}
	return out, nil
}
