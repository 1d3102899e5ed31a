package hrtf

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of s, which may then be modified freely (the
// set returned by Default is shared and must not be).
func (s *Set) Clone() *Set {
	c := &Set{
		SampleRate: s.SampleRate,
		Directions: slices.Clone(s.Directions),
		Distances:  slices.Clone(s.Distances),
		Delay:      slices.Clone(s.Delay),
		Meta:       maps.Clone(s.Meta),
		IR:         make([][2][]float32, len(s.IR)),
	}
	for i, pair := range s.IR {
		c.IR[i] = [2][]float32{slices.Clone(pair[0]), slices.Clone(pair[1])}
	}
	return c
}
