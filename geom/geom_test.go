package geom

import (
	"math"
	"testing"
)

func near(a, b Vec, tol float64) bool {
	return math.Abs(a[0]-b[0]) < tol && math.Abs(a[1]-b[1]) < tol && math.Abs(a[2]-b[2]) < tol
}

// The convention is pinned here: ADM azimuth positive to the left, +X right,
// +Y front, +Z up.
func TestCartConvention(t *testing.T) {
	cases := []struct {
		az, el, d float64
		want      Vec
	}{
		{0, 0, 1, Vec{0, 1, 0}},
		{90, 0, 1, Vec{-1, 0, 0}},
		{-90, 0, 1, Vec{1, 0, 0}},
		{180, 0, 1, Vec{0, -1, 0}},
		{0, 90, 1, Vec{0, 0, 1}},
		{0, -90, 2, Vec{0, 0, -2}},
		{30, 0, 1, Vec{-0.5, math.Sqrt(3) / 2, 0}},
		{45, 30, 1, Vec{-math.Sqrt(3) / 2 * math.Sqrt(0.5), math.Sqrt(3) / 2 * math.Sqrt(0.5), 0.5}},
	}
	for _, c := range cases {
		got := Cart(c.az, c.el, c.d)
		if !near(got, c.want, 1e-12) {
			t.Errorf("Cart(%v, %v, %v) = %v, want %v", c.az, c.el, c.d, got, c.want)
		}
	}
}

func TestPolarRoundTrip(t *testing.T) {
	for az := -179.0; az <= 180; az += 7 {
		for el := -85.0; el <= 85; el += 5 {
			p := Cart(az, el, 1.5).Polar()
			if math.Abs(p.Azimuth-az) > 1e-9 || math.Abs(p.Elevation-el) > 1e-9 || math.Abs(p.Distance-1.5) > 1e-12 {
				t.Fatalf("round trip (%v, %v) gave %+v", az, el, p)
			}
		}
	}
	if az := Cart(180, 0, 1).Azimuth(); az != 180 {
		t.Errorf("azimuth of rear = %v, want 180 (range (-180, 180])", az)
	}
}

func TestWrapAzimuth(t *testing.T) {
	for _, c := range [][2]float64{{0, 0}, {180, 180}, {-180, 180}, {190, -170}, {-190, 170}, {720, 0}, {540, 180}} {
		if got := WrapAzimuth(c[0]); math.Abs(got-c[1]) > 1e-12 {
			t.Errorf("WrapAzimuth(%v) = %v, want %v", c[0], got, c[1])
		}
	}
}

func TestSlerp(t *testing.T) {
	a, b := Cart(0, 0, 1), Cart(90, 0, 1)
	if m := Slerp(a, b, 0.5); !near(m, Cart(45, 0, 1), 1e-12) {
		t.Errorf("midpoint = %v", m)
	}
	// Shortest arc: from +170 to -170 passes through 180, not 0.
	m := Slerp(Cart(170, 0, 1), Cart(-170, 0, 1), 0.5)
	if !near(m, Cart(180, 0, 1), 1e-12) {
		t.Errorf("shortest arc midpoint = %v (az %v)", m, m.Azimuth())
	}
	// Antipodal: stays on the unit sphere and reaches b.
	for _, tt := range []float64{0, 0.3, 0.5, 1} {
		p := Slerp(a, a.Scale(-1), tt)
		if math.Abs(p.Norm()-1) > 1e-12 {
			t.Errorf("antipodal slerp off sphere at t=%v: %v", tt, p)
		}
	}
	if p := Slerp(a, a.Scale(-1), 1); !near(p, a.Scale(-1), 1e-9) {
		t.Errorf("antipodal end = %v", p)
	}
}

func TestAngle(t *testing.T) {
	if a := Cart(10, 0, 1).Angle(Cart(40, 0, 1)); math.Abs(a-30) > 1e-12 {
		t.Errorf("angle = %v, want 30", a)
	}
}
