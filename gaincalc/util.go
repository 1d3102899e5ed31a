package gaincalc

import (
	"math"

	"immerse/geom"
)

// interp is piecewise-linear interpolation through the points (xp[i], fp[i])
// (xp ascending), constant beyond the ends: the interpolation BS.2127 uses
// throughout (it writes it as interp, after numpy).
func interp(x float64, xp, fp []float64) float64 {
	n := len(xp)
	if x <= xp[0] {
		return fp[0]
	}
	if x >= xp[n-1] {
		return fp[n-1]
	}
	// last j with xp[j] <= x
	j := 0
	for j+1 < n && xp[j+1] <= x {
		j++
	}
	if xp[j] == x {
		return fp[j]
	}
	slope := (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])
	return slope*(x-xp[j]) + fp[j]
}

// interp2 is interp through two points.
func interp2(x, x0, x1, f0, f1 float64) float64 {
	xp, fp := [2]float64{x0, x1}, [2]float64{f0, f1}
	return interp(x, xp[:], fp[:])
}

// relativeAngle returns y plus or minus whole turns so that x <= y < x+360
// (BS.2127 §6.2, "relative angle").
func relativeAngle(x, y float64) float64 {
	for y-360 >= x {
		y -= 360
	}
	for y < x {
		y += 360
	}
	return y
}

// insideAngleRange reports whether the angle x lies, within tol degrees, in
// the range that runs from start through increasing angles to end (BS.2127
// §6.2). A range from -180 to 180 covers every angle; one from 0 to 0 covers
// a single angle.
func insideAngleRange(x, start, end, tol float64) bool {
	for end-360 > start {
		end -= 360
	}
	for end < start {
		end += 360
	}
	startTol := start - tol
	for x-360 >= startTol {
		x -= 360
	}
	for x < startTol {
		x += 360
	}
	return x <= end+tol
}

// localBasis returns unit vectors along the local x (right), y (towards
// az/el) and z (up) axes of a listener facing azimuth az, elevation el
// (BS.2127 §6.3, local coordinate system).
func localBasis(az, el float64) [3]geom.Vec {
	return [3]geom.Vec{
		geom.Cart(az-90, 0, 1),
		geom.Cart(az, el, 1),
		geom.Cart(az, el+90, 1),
	}
}

// azimuthOf and elevationOf are the ADM angles of a vector without the
// wrapping of geom.Vec.Azimuth at -180 (the standard's formula; both name
// the same direction).
func azimuthOf(v geom.Vec) float64 { return -geom.Degrees(math.Atan2(v[0], v[1])) }

func elevationOf(v geom.Vec) float64 { return v.Elevation() }

// clip limits x to [lo, hi].
func clip(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
