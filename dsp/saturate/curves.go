package saturate

import (
	"math"
	"math/bits"
)

// asymBias is the bias b of the Asym curve.
const asymBias = 0.3

var (
	asymT = math.Tanh(asymBias)
	asymK = 1 / (1 - asymT*asymT) // restores unit slope at 0
)

// Apply returns curve c at u (for plots, tests and one-off use; the
// processors use the same functions on whole buffers).
func (c Curve) Apply(u float64) float64 {
	switch c {
	case SoftClip:
		return softClip(u)
	case HardClip:
		return math.Max(-1, math.Min(1, u))
	case Asym:
		return asym(u)
	}
	return math.Tanh(u)
}

func softClip(u float64) float64 {
	switch {
	case u >= 1.5:
		return 1
	case u <= -1.5:
		return -1
	}
	return u - (4.0/27)*u*u*u
}

func asym(u float64) float64 { return (math.Tanh(u+asymBias) - asymT) * asymK }

// shape applies curve c to buf in place, each sample multiplied first by
// the drive of its base frame: buf holds len(drive) frames of factor
// samples.
func shape(c Curve, buf []float32, drive []float64, factor int) {
	sh := bits.TrailingZeros(uint(factor)) // factor is a power of two
	switch c {
	case SoftClip:
		for i, v := range buf {
			buf[i] = float32(softClip(float64(v) * drive[i>>sh]))
		}
	case HardClip:
		for i, v := range buf {
			buf[i] = float32(math.Max(-1, math.Min(1, float64(v)*drive[i>>sh])))
		}
	case Asym:
		for i, v := range buf {
			buf[i] = float32(asym(float64(v) * drive[i>>sh]))
		}
	default:
		for i, v := range buf {
			buf[i] = float32(math.Tanh(float64(v) * drive[i>>sh]))
		}
	}
}
