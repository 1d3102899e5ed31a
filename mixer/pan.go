package mixer

import "math"

// PanGains returns the left and right gains of a mono track at pan p
// (-1 hard left, 0 centre, +1 hard right) under a pan law given as the
// level in dB of each side at centre. With θ = (p + 1)·π/4 (0 .. π/2):
//
//	-3 dB (constant power, the default): L = cos θ, R = sin θ
//	-6 dB (linear, constant amplitude): L = (1 − p)/2, R = (1 + p)/2
//	-4.5 dB (the geometric mean of the two): L = √(cos θ·(1 − p)/2),
//	        R = √(sin θ·(1 + p)/2)
//	0 dB (balance-style): L = min(1, 1 − p), R = min(1, 1 + p)
//
// At centre the laws give 0.7071 (-3.01 dB), 0.5 (-6.02 dB), 0.5946
// (-4.52 dB) and 1 (0 dB) per side; hard left gives R = 0 exactly under
// every law. Other law values are treated as -3.
func PanGains(p, lawDB float64) (left, right float64) {
	p = math.Max(-1, math.Min(1, p))
	switch lawDB {
	case -6:
		return (1 - p) / 2, (1 + p) / 2
	case -4.5:
		s, c := math.Sincos((p + 1) * math.Pi / 4)
		return math.Sqrt(c * (1 - p) / 2), math.Sqrt(math.Max(0, s) * (1 + p) / 2)
	case 0:
		return math.Min(1, 1-p), math.Min(1, 1+p)
	}
	if p == -1 {
		return 1, 0
	}
	if p == 1 {
		return 0, 1
	}
	s, c := math.Sincos((p + 1) * math.Pi / 4)
	return c, s
}

// BalanceGains returns the left and right gains of a stereo track's
// balance b (-1 left only, 0 both at unity, +1 right only): L = min(1,
// 1 − b), R = min(1, 1 + b) — the near side stays at unity, the far side
// fades linearly, as a DAW's stereo balance control does.
func BalanceGains(b float64) (left, right float64) {
	b = math.Max(-1, math.Min(1, b))
	return math.Min(1, 1-b), math.Min(1, 1+b)
}
