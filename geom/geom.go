package geom

import "math"

// Vec is a cartesian vector: X right, Y front, Z up.
type Vec [3]float64

// Polar is a position in ADM polar coordinates (degrees, distance).
type Polar struct {
	Azimuth   float64 // degrees, positive to the left
	Elevation float64 // degrees, positive up
	Distance  float64 // 1 = loudspeaker sphere
}

const (
	degToRad = math.Pi / 180
	radToDeg = 180 / math.Pi
)

// Radians converts degrees to radians.
func Radians(deg float64) float64 { return deg * degToRad }

// Degrees converts radians to degrees.
func Degrees(rad float64) float64 { return rad * radToDeg }

// Cart converts an ADM polar position to cartesian coordinates.
// Cart(0, 0, 1) = (0, 1, 0) (front); Cart(90, 0, 1) = (-1, 0, 0) (left).
func Cart(azimuth, elevation, distance float64) Vec {
	az, el := azimuth*degToRad, elevation*degToRad
	ce := math.Cos(el)
	return Vec{
		-math.Sin(az) * ce * distance,
		math.Cos(az) * ce * distance,
		math.Sin(el) * distance,
	}
}

// Cart returns p as a cartesian vector.
func (p Polar) Cart() Vec { return Cart(p.Azimuth, p.Elevation, p.Distance) }

// Azimuth returns the ADM azimuth of v in degrees, in (-180, 180].
// The azimuth of a vector on the Z axis is 0.
func (v Vec) Azimuth() float64 {
	a := -math.Atan2(v[0], v[1]) * radToDeg
	if a <= -180 {
		a += 360
	}
	return a
}

// Elevation returns the ADM elevation of v in degrees, in [-90, 90].
func (v Vec) Elevation() float64 {
	return math.Atan2(v[2], math.Hypot(v[0], v[1])) * radToDeg
}

// Polar converts v to ADM polar coordinates.
func (v Vec) Polar() Polar {
	return Polar{Azimuth: v.Azimuth(), Elevation: v.Elevation(), Distance: v.Norm()}
}

// Dot returns the dot product of v and w.
func (v Vec) Dot(w Vec) float64 { return v[0]*w[0] + v[1]*w[1] + v[2]*w[2] }

// Cross returns the cross product v × w.
func (v Vec) Cross(w Vec) Vec {
	return Vec{v[1]*w[2] - v[2]*w[1], v[2]*w[0] - v[0]*w[2], v[0]*w[1] - v[1]*w[0]}
}

// Add returns v + w.
func (v Vec) Add(w Vec) Vec { return Vec{v[0] + w[0], v[1] + w[1], v[2] + w[2]} }

// Sub returns v - w.
func (v Vec) Sub(w Vec) Vec { return Vec{v[0] - w[0], v[1] - w[1], v[2] - w[2]} }

// Scale returns s·v.
func (v Vec) Scale(s float64) Vec { return Vec{v[0] * s, v[1] * s, v[2] * s} }

// Norm returns the euclidean length of v.
func (v Vec) Norm() float64 { return math.Sqrt(v.Dot(v)) }

// Unit returns v scaled to length 1; the zero vector is returned unchanged.
func (v Vec) Unit() Vec {
	n := v.Norm()
	if n == 0 {
		return v
	}
	return v.Scale(1 / n)
}

// Angle returns the angle between v and w in degrees.
func (v Vec) Angle(w Vec) float64 {
	// atan2 of |v×w| and v·w is accurate for small and large angles alike.
	return math.Atan2(v.Cross(w).Norm(), v.Dot(w)) * radToDeg
}

// WrapAzimuth maps an azimuth in degrees into (-180, 180].
func WrapAzimuth(az float64) float64 {
	az = math.Mod(az, 360)
	if az > 180 {
		az -= 360
	} else if az <= -180 {
		az += 360
	}
	return az
}

// Slerp moves along the shortest great-circle arc from unit vector a to unit
// vector b; t=0 gives a, t=1 gives b. For opposite vectors the arc is
// undefined; Slerp then turns through the vertical plane containing a (or
// through the horizontal plane if a is vertical), which is deterministic.
func Slerp(a, b Vec, t float64) Vec {
	d := a.Dot(b)
	if d > 1 {
		d = 1
	} else if d < -1 {
		d = -1
	}
	omega := math.Acos(d)
	if omega < 1e-9 {
		return a.Scale(1 - t).Add(b.Scale(t)).Unit()
	}
	if math.Pi-omega < 1e-9 {
		// Antipodal: pick a perpendicular axis deterministically.
		perp := Vec{0, 0, 1}
		if math.Abs(a[2]) > 0.9 {
			perp = Vec{0, 1, 0}
		}
		axis := perp.Sub(a.Scale(a.Dot(perp))).Unit()
		th := t * math.Pi
		return a.Scale(math.Cos(th)).Add(axis.Scale(math.Sin(th)))
	}
	s := math.Sin(omega)
	return a.Scale(math.Sin((1-t)*omega) / s).Add(b.Scale(math.Sin(t*omega) / s))
}
