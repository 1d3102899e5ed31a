package ambisonics

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"immerse/geom"
)

// Rotation turns a sound field, in degrees (see the package documentation
// for the axes and the order of the three turns).
//
//   - Yaw turns about the vertical axis (+Z), positive to the left (the
//     ADM azimuth direction): yaw 90 takes a source in front to the left.
//   - Pitch turns about the lateral axis (+X, to the right), positive
//     upwards: pitch 90 takes a source in front to the top.
//   - Roll turns about the front axis (+Y), positive to the right at the
//     top: roll 90 takes a source above to the right, and one on the
//     left to the top.
//
// The three are applied to source directions in the order roll, pitch,
// yaw, about the fixed listener axes: R = Rz(yaw)·Rx(pitch)·Ry(roll).
// (Equivalently: yaw, then pitch about the turned lateral axis, then roll
// about the turned front axis.) The zero value turns nothing.
type Rotation struct {
	Yaw   float64 `json:"yaw"`   // degrees
	Pitch float64 `json:"pitch"` // degrees
	Roll  float64 `json:"roll"`  // degrees
}

// IsZero reports whether r turns nothing.
func (r Rotation) IsZero() bool { return r.Yaw == 0 && r.Pitch == 0 && r.Roll == 0 }

// String formats r as "yaw,pitch,roll" in degrees, as ParseRotation reads it.
func (r Rotation) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return f(r.Yaw) + "," + f(r.Pitch) + "," + f(r.Roll)
}

// ParseRotation reads "yaw,pitch,roll" in degrees (e.g. "90,0,0"); missing
// trailing values are 0 ("90" is a yaw of 90).
func ParseRotation(s string) (Rotation, error) {
	parts := strings.Split(s, ",")
	if len(parts) > 3 || strings.TrimSpace(s) == "" {
		return Rotation{}, fmt.Errorf("ambisonics: rotation %q: give yaw,pitch,roll in degrees, e.g. 90,0,0", s)
	}
	var v [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return Rotation{}, fmt.Errorf("ambisonics: rotation %q: %q is not a number of degrees; give yaw,pitch,roll, e.g. 90,0,0", s, p)
		}
		v[i] = x
	}
	return Rotation{Yaw: v[0], Pitch: v[1], Roll: v[2]}, nil
}

// Matrix3 is a 3×3 matrix acting on column vectors of the ADM frame.
type Matrix3 [3][3]float64

// Apply returns M·v.
func (m *Matrix3) Apply(v geom.Vec) geom.Vec {
	return geom.Vec{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

func mul3(a, b Matrix3) (c Matrix3) {
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

// Matrix returns the rotation as a matrix on ADM vectors (+X right, +Y
// front, +Z up): a source at direction d goes to Matrix()·d.
func (r Rotation) Matrix() Matrix3 {
	sy, cy := math.Sincos(geom.Radians(r.Yaw))
	sp, cp := math.Sincos(geom.Radians(r.Pitch))
	sr, cr := math.Sincos(geom.Radians(r.Roll))
	// Right-handed turns about +Z (x -> y: front -> left for yaw > 0),
	// +X (y -> z: front -> up) and +Y (z -> x: up -> right).
	rz := Matrix3{{cy, -sy, 0}, {sy, cy, 0}, {0, 0, 1}}
	rx := Matrix3{{1, 0, 0}, {0, cp, -sp}, {0, sp, cp}}
	ry := Matrix3{{cr, 0, sr}, {0, 1, 0}, {-sr, 0, cr}}
	return mul3(rz, mul3(rx, ry))
}
