package hrtf

import (
	"fmt"
	"math"

	"immerse/geom"
)

// Set is a set of head-related impulse responses measured at many
// directions, converted to the immerse conventions: directions are unit
// vectors in the ADM/BS.2076 frame (+X right, +Y front, +Z up, azimuth
// positive to the left), impulse responses are float32 at SampleRate.
type Set struct {
	// SampleRate of the impulse responses in Hz.
	SampleRate int
	// Directions holds one unit vector per measurement (source position
	// relative to the listener, listener looking along +Y).
	Directions []geom.Vec
	// Distances holds the measured source distance per measurement in
	// metres (0 when the file does not say).
	Distances []float64
	// IR holds per measurement the left [0] and right [1] ear impulse
	// responses, all of the same length.
	IR [][2][]float32
	// Delay holds per measurement the extra broadband delay of each ear in
	// samples (SOFA Data.Delay); usually zero because the delay is already
	// in the impulse responses.
	Delay [][2]float64
	// Meta carries descriptive attributes (SOFAConventions, Title,
	// Organization, DatabaseName, ListenerShortName, …) as read from the file.
	Meta map[string]string
}

// Len is the number of measurements in the set.
func (s *Set) Len() int { return len(s.Directions) }

// Taps is the length of each impulse response in samples.
func (s *Set) Taps() int {
	if len(s.IR) == 0 {
		return 0
	}
	return len(s.IR[0][0])
}

// Validate checks that the set is consistent and usable: at least one
// measurement, equal lengths everywhere, unit directions, finite samples.
func (s *Set) Validate() error {
	n := len(s.Directions)
	if n == 0 {
		return fmt.Errorf("hrtf: set has no measurements")
	}
	if s.SampleRate <= 0 {
		return fmt.Errorf("hrtf: sample rate %d is not positive", s.SampleRate)
	}
	if len(s.IR) != n || (s.Delay != nil && len(s.Delay) != n) || (s.Distances != nil && len(s.Distances) != n) {
		return fmt.Errorf("hrtf: %d directions but %d impulse-response pairs, %d delays, %d distances", n, len(s.IR), len(s.Delay), len(s.Distances))
	}
	taps := s.Taps()
	if taps == 0 {
		return fmt.Errorf("hrtf: impulse responses are empty")
	}
	for i := range s.IR {
		if math.Abs(s.Directions[i].Norm()-1) > 1e-6 {
			return fmt.Errorf("hrtf: measurement %d: direction %v is not a unit vector", i, s.Directions[i])
		}
		for ear := 0; ear < 2; ear++ {
			if len(s.IR[i][ear]) != taps {
				return fmt.Errorf("hrtf: measurement %d ear %d has %d taps, want %d", i, ear, len(s.IR[i][ear]), taps)
			}
			for j, v := range s.IR[i][ear] {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return fmt.Errorf("hrtf: measurement %d ear %d sample %d is not finite", i, ear, j)
				}
			}
		}
	}
	return nil
}
