package admrender

import (
	"immerse/gaincalc"
	"immerse/speakers"
)

// The decorrelation filters of BS.2127 §7.4 live in package gaincalc,
// shared with the scene engine of package render; these names keep the
// renderer's API.

// DecorrelatorLength is the length in taps of the decorrelation filters
// (gaincalc.DecorrelatorLength).
const DecorrelatorLength = gaincalc.DecorrelatorLength

// DecorrelatorDelay is the delay, in frames, that BS.2127 attributes to a
// decorrelation filter (gaincalc.DecorrelatorDelay); the direct path is
// delayed by as much so that both paths stay aligned.
const DecorrelatorDelay = gaincalc.DecorrelatorDelay

// DecorrelationFilter designs the decorrelation filter with the given seed
// (see gaincalc.DecorrelationFilter).
func DecorrelationFilter(seed uint32, n int) []float64 { return gaincalc.DecorrelationFilter(seed, n) }

// Decorrelators returns one decorrelation filter per channel of l
// (see gaincalc.Decorrelators).
func Decorrelators(l *speakers.Layout) [][]float64 { return gaincalc.Decorrelators(l) }
