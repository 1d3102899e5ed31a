package gaincalc

import (
	"math"

	"immerse/geom"
)

// The polar/cartesian mapping of BS.2127 §10: the loudspeaker cube and the
// loudspeaker sphere are matched so that the five 0+5+0 loudspeaker
// directions (0, ±30, ±110 degrees) map to the front centre and the cube's
// corners, with panning-law warping between them, and so that elevation 30
// degrees (the upper layer) maps to the cube's 45-degree diagonal.

// sectorPoint is one of the five anchor directions of the mapping.
type sectorPoint struct {
	az     float64
	x, y   float64
	cartAz float64 // azimuth of (x, y)
}

var sectors = [5]sectorPoint{
	{0, 0, 1, 0},
	{-30, 1, 1, -45},
	{-110, 1, -1, -135},
	{110, -1, -1, 135},
	{30, -1, 1, 45},
}

const (
	elTop      = 30.0 // polar elevation of the top of the mapped band
	elTopTilde = 45.0 // its cartesian counterpart
)

// findSector returns the anchors left (higher azimuth) and right of az.
func findSector(az float64, cart bool) (left, right sectorPoint) {
	for i := range sectors {
		j := (i + 1) % len(sectors)
		lo, hi := sectors[j].az, sectors[i].az
		if cart {
			lo, hi = sectors[j].cartAz, sectors[i].cartAz
		}
		if insideAngleRange(az, lo, hi, 0) {
			return sectors[i], sectors[j]
		}
	}
	return sectors[0], sectors[1] // unreachable: the sectors cover the circle
}

// mapAzToLinear maps an azimuth between two anchors to 0..1 by the tangent
// law and a constant-power pan.
func mapAzToLinear(leftAz, rightAz, az float64) float64 {
	mid := (leftAz + rightAz) / 2
	rng := rightAz - mid
	gr := 0.5 + 0.5*math.Tan(geom.Radians(az-mid))/math.Tan(geom.Radians(rng))
	return math.Atan2(gr, 1-gr) * (2 / math.Pi)
}

// mapLinearToAz inverts mapAzToLinear.
func mapLinearToAz(leftAz, rightAz, x float64) float64 {
	mid := (leftAz + rightAz) / 2
	rng := rightAz - mid
	gl, gr := math.Cos(x*math.Pi/2), math.Sin(x*math.Pi/2)
	r := gr / (gl + gr)
	return mid + geom.Degrees(math.Atan(2*(r-0.5)*math.Tan(geom.Radians(rng))))
}

// PointPolarToCart maps a polar position to the allocentric cube
// (BS.2127 §10.1).
func PointPolarToCart(az, el, d float64) geom.Vec {
	var z, rxy float64
	if math.Abs(el) > elTop {
		elT := elTopTilde + (90-elTopTilde)*(math.Abs(el)-elTop)/(90-elTop)
		z = d * sign(el)
		rxy = d * math.Tan(geom.Radians(90-elT))
	} else {
		elT := elTopTilde * el / elTop
		z = math.Tan(geom.Radians(elT)) * d
		rxy = d
	}
	l, r := findSector(az, false)
	relAz := relativeAngle(r.az, az)
	relLeft := relativeAngle(r.az, l.az)
	p := mapAzToLinear(relLeft, r.az, relAz)
	x := rxy * (l.x + (r.x-l.x)*p)
	y := rxy * (l.y + (r.y-l.y)*p)
	return geom.Vec{x, y, z}
}

// PointCartToPolar maps a position in the allocentric cube to polar
// azimuth, elevation and distance (BS.2127 §10.2).
func PointCartToPolar(x, y, z float64) (az, el, d float64) {
	const eps = 1e-10
	if math.Abs(x) < eps && math.Abs(y) < eps {
		if math.Abs(z) < eps {
			return 0, 0, 0
		}
		return 0, sign(z) * 90, math.Abs(z)
	}
	l, r := findSector(azimuthOf(geom.Vec{x, y, 0}), true)
	// Solve (x, y) = gl·(l.x, l.y) + gr·(r.x, r.y).
	det := l.x*r.y - r.x*l.y
	gl := (x*r.y - y*r.x) / det
	gr := (y*l.x - x*l.y) / det
	rxy := gl + gr
	relLeft := relativeAngle(r.az, l.az)
	az = mapLinearToAz(relLeft, r.az, gr/rxy)
	az = relativeAngle(-180, az)
	elT := geom.Degrees(math.Atan(z / rxy))
	if math.Abs(elT) > elTopTilde {
		absEl := elTop + (90-elTop)*(math.Abs(elT)-elTopTilde)/(90-elTopTilde)
		return az, sign(elT) * absEl, math.Abs(z)
	}
	return az, elTop * elT / elTopTilde, rxy
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
