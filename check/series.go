package check

import "slices"

// series is a bounded time series of values at a fixed step: when full,
// every other value is dropped and the step doubles, so it always covers
// the whole programme in fixed memory (as loudness.Meter's series).
type series struct {
	vals   []float64
	stride int64 // input values per stored value
	n      int64 // input values seen
}

func newSeries(capacity int) series {
	return series{vals: make([]float64, 0, capacity), stride: 1}
}

func (s *series) reset() {
	s.vals, s.stride, s.n = s.vals[:0], 1, 0
}

// add appends input value v (the n-th, counted from 1); it keeps the values
// whose count is a multiple of the stride.
func (s *series) add(v float64) {
	s.n++
	if cap(s.vals) == 0 || s.n%s.stride != 0 {
		return
	}
	if len(s.vals) == cap(s.vals) {
		half := len(s.vals) / 2
		for i := range half {
			s.vals[i] = s.vals[2*i+1]
		}
		s.vals = s.vals[:half]
		s.stride *= 2
		if s.n%s.stride != 0 {
			return
		}
	}
	s.vals = append(s.vals, v)
}

// values returns a copy of the stored values; entry i stands for input
// value (i+1)·stride.
func (s *series) values() []float64 { return slices.Clone(s.vals) }
