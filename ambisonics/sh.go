package ambisonics

import (
	"fmt"
	"math"

	"immerse/geom"
)

// MaxOrder is the highest ambisonic order the package handles.
const MaxOrder = 7

// maxChannels is the channel count of order MaxOrder.
const maxChannels = (MaxOrder + 1) * (MaxOrder + 1)

// Channels returns the number of spherical-harmonic channels of an order,
// (order+1)².
func Channels(order int) int { return (order + 1) * (order + 1) }

// ACN returns the Ambisonic Channel Number of degree l and index m
// (-l <= m <= l): l² + l + m.
func ACN(l, m int) int { return l*l + l + m }

// DegreeIndex returns the degree l and index m of channel acn.
func DegreeIndex(acn int) (l, m int) {
	l = int(math.Sqrt(float64(acn)))
	for (l+1)*(l+1) <= acn { // guard against rounding
		l++
	}
	for l*l > acn {
		l--
	}
	return l, acn - l*l - l
}

// OrderOf returns the order N of a channel count (N+1)², or an error when
// the count is not a full-sphere ambisonic channel count of order 1 to
// MaxOrder.
func OrderOf(channels int) (int, error) {
	for n := 1; n <= MaxOrder; n++ {
		if Channels(n) == channels {
			return n, nil
		}
	}
	return 0, fmt.Errorf("ambisonics: %d channels is not a full-sphere ambisonic channel count; orders 1 to %d have 4, 9, 16, 25, 36, 49 or 64 channels", channels, MaxOrder)
}

func checkOrder(order int) error {
	if order < 1 || order > MaxOrder {
		return fmt.Errorf("ambisonics: order %d is out of range; choose 1 to %d", order, MaxOrder)
	}
	return nil
}

// sn3d[l][m] is the SN3D normalisation sqrt((2-δ_m0)·(l-m)!/(l+m)!) of
// degree l and index |m| = m, for the Legendre functions written as
// cos^m(el)·q_l^m(sin el) (see shInto).
var sn3d = func() (t [MaxOrder + 1][MaxOrder + 1]float64) {
	for l := 0; l <= MaxOrder; l++ {
		for m := 0; m <= l; m++ {
			r := 1.0 // (l-m)!/(l+m)!
			for k := l - m + 1; k <= l+m; k++ {
				r /= float64(k)
			}
			if m > 0 {
				r *= 2
			}
			t[l][m] = math.Sqrt(r)
		}
	}
	return t
}()

// shFrame returns the direction dir (ADM frame) in the frame the
// spherical-harmonic formulas use: x front, y left, z up, unit length. The
// zero vector (or a NaN) means front.
func shFrame(dir geom.Vec) (x, y, z float64) {
	n := dir.Norm()
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return 1, 0, 0
	}
	return dir[1] / n, -dir[0] / n, dir[2] / n
}

// shInto writes the real SN3D spherical harmonics of degrees 0..order for
// the unit vector (x front, y left, z up) into dst[:Channels(order)] in ACN
// order. It works on polynomials of x, y, z only (no trigonometry):
//
//	cos^m(el)·cos(m·az) + i·cos^m(el)·sin(m·az) = (x + i·y)^m
//	P_l^m(z) = cos^m(el)·q_l^m(z),   q_m^m = (2m-1)!!,
//	q_{m+1}^m = (2m+1)·z·q_m^m,
//	q_l^m = ((2l-1)·z·q_{l-1}^m - (l+m-1)·q_{l-2}^m) / (l-m),
//
// the associated Legendre functions without the Condon-Shortley phase.
func shInto(dst []float64, order int, x, y, z float64) {
	var c, s [MaxOrder + 1]float64 // cos^m(el)·cos(m az), cos^m(el)·sin(m az)
	c[0], s[0] = 1, 0
	for m := 1; m <= order; m++ {
		c[m] = c[m-1]*x - s[m-1]*y
		s[m] = c[m-1]*y + s[m-1]*x
	}
	qmm := 1.0 // (2m-1)!!
	for m := 0; m <= order; m++ {
		if m > 0 {
			qmm *= float64(2*m - 1)
		}
		q2, q1 := 0.0, qmm // q_{l-2}, q_{l-1}: start at l = m
		for l := m; l <= order; l++ {
			var q float64
			switch l {
			case m:
				q = qmm
			case m + 1:
				q = float64(2*m+1) * z * qmm
			default:
				q = (float64(2*l-1)*z*q1 - float64(l+m-1)*q2) / float64(l-m)
			}
			if l > m {
				q2, q1 = q1, q
			}
			nq := sn3d[l][m] * q
			dst[ACN(l, m)] = nq * c[m]
			if m > 0 {
				dst[ACN(l, -m)] = nq * s[m]
			}
		}
	}
}

// SH writes the real spherical harmonics of orders 0..order for direction
// dir (a vector in the ADM frame, any non-zero length; the zero vector
// means front) into dst, grown if needed, in ACN order and normalisation
// norm, and returns it. It allocates nothing when dst has room for
// Channels(order) values; for FuMa (order 1 only) the channels are W X Y Z.
// It panics for an order outside 0..MaxOrder or FuMa above order 1.
func SH(dst []float64, order int, dir geom.Vec, norm Normalization) []float64 {
	if order < 0 || order > MaxOrder {
		panic(fmt.Sprintf("ambisonics: SH of order %d; the range is 0 to %d", order, MaxOrder))
	}
	n := Channels(order)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	x, y, z := shFrame(dir)
	shInto(dst, order, x, y, z)
	norm.fromSN3D(dst, order)
	return dst
}
