package ambisonics

import (
	"math"
	"testing"

	"immerse/geom"
)

// closedSN3D holds the SN3D (AmbiX) harmonics of orders 0-3 written out
// from their textbook formulas in azimuth and elevation (Nachbar, Zotter,
// Deleflie & Sontacchi, "AmbiX - a suggested ambisonics format", 2011,
// table 1), independently of the recursion in shInto.
func closedSN3D(az, el float64) []float64 {
	sa, ca := math.Sin(az), math.Cos(az)
	s2a, c2a := math.Sin(2*az), math.Cos(2*az)
	s3a, c3a := math.Sin(3*az), math.Cos(3*az)
	se, ce := math.Sin(el), math.Cos(el)
	s2e := math.Sin(2 * el)
	r3, r15 := math.Sqrt(3), math.Sqrt(15)
	return []float64{
		1,                                     // ACN0  W
		sa * ce,                               // ACN1  Y
		se,                                    // ACN2  Z
		ca * ce,                               // ACN3  X
		r3 / 2 * s2a * ce * ce,                // ACN4  V
		r3 / 2 * sa * s2e,                     // ACN5  T
		0.5 * (3*se*se - 1),                   // ACN6  R
		r3 / 2 * ca * s2e,                     // ACN7  S
		r3 / 2 * c2a * ce * ce,                // ACN8  U
		math.Sqrt(5.0/8) * s3a * ce * ce * ce, // ACN9  Q
		r15 / 2 * s2a * se * ce * ce,          // ACN10 O
		math.Sqrt(3.0/8) * sa * ce * (5*se*se - 1), // ACN11 M
		0.5 * se * (5*se*se - 3),                   // ACN12 K
		math.Sqrt(3.0/8) * ca * ce * (5*se*se - 1), // ACN13 L
		r15 / 2 * c2a * se * ce * ce,               // ACN14 N
		math.Sqrt(5.0/8) * c3a * ce * ce * ce,      // ACN15 P
	}
}

func TestSHClosedForms(t *testing.T) {
	dirs := [][2]float64{{0, 0}, {90, 0}, {-90, 0}, {180, 0}, {30, 15}, {-110, -20}, {135, 45}, {12.5, 89}, {-77, -63}, {0, 90}, {0, -90}}
	for _, d := range dirs {
		want := closedSN3D(geom.Radians(d[0]), geom.Radians(d[1]))
		got := SH(nil, 3, geom.Cart(d[0], d[1], 1), SN3D)
		for k := range want {
			if math.Abs(got[k]-want[k]) > 1e-14 {
				t.Errorf("az %g el %g ACN%d = %.16f, closed form %.16f", d[0], d[1], k, got[k], want[k])
			}
		}
	}
}

// The ADM/geom convention: azimuth positive to the left, so AmbiX's Y
// (ACN1 ∝ sin(az)·cos(el)) is +1 for a source on the left (+90).
func TestSHConvention(t *testing.T) {
	cases := []struct {
		az, el float64
		acn    int
	}{{90, 0, 1}, {0, 90, 2}, {0, 0, 3}}
	for _, c := range cases {
		y := SH(nil, 1, geom.Cart(c.az, c.el, 1), SN3D)
		for k, v := range y {
			want := 0.0
			if k == 0 || k == c.acn {
				want = 1
			}
			if math.Abs(v-want) > 1e-15 {
				t.Errorf("az %g el %g: ACN%d = %g, want %g", c.az, c.el, k, v, want)
			}
		}
	}
	// Right: Y = -1.
	if y := SH(nil, 1, geom.Cart(-90, 0, 1), SN3D); math.Abs(y[1]+1) > 1e-15 {
		t.Errorf("right: Y = %g", y[1])
	}
	// Length does not matter; zero means front.
	a := SH(nil, 7, geom.Vec{-3, 4, 1}, SN3D)
	b := SH(nil, 7, geom.Vec{-3, 4, 1}.Unit(), SN3D)
	for k := range a {
		if math.Abs(a[k]-b[k]) > 1e-14 {
			t.Fatalf("scaled direction: ACN%d %g vs %g", k, a[k], b[k])
		}
	}
	z, f := SH(nil, 3, geom.Vec{}, SN3D), SH(nil, 3, geom.Vec{0, 1, 0}, SN3D)
	for k := range z {
		if z[k] != f[k] {
			t.Fatalf("zero vector: ACN%d %g, front %g", k, z[k], f[k])
		}
	}
}

// ∫ Y_i·Y_j = 4π·δ_ij for N3D, on a Gauss product grid exact to degree 14.
func TestSHOrthonormalN3D(t *testing.T) {
	g, err := GaussGrid(2 * MaxOrder)
	if err != nil {
		t.Fatal(err)
	}
	n := Channels(MaxOrder)
	gram := make([]float64, n*n)
	var y []float64
	for k, d := range g.Directions {
		y = SH(y, MaxOrder, d, N3D)
		for i := range n {
			for j := range n {
				gram[i*n+j] += g.Weights[k] * y[i] * y[j]
			}
		}
	}
	worst := 0.0
	for i := range n {
		for j := range n {
			want := 0.0
			if i == j {
				want = 4 * math.Pi
			}
			worst = max(worst, math.Abs(gram[i*n+j]-want))
		}
	}
	t.Logf("N3D Gram matrix, orders 0-%d on %d points: max |∫Y_iY_j - 4πδ_ij| = %.2g", MaxOrder, g.Len(), worst)
	if worst > 1e-10 {
		t.Errorf("N3D not orthonormal: max deviation %g", worst)
	}
}

func TestSN3DToN3D(t *testing.T) {
	d := geom.Cart(37, -21, 1)
	s := SH(nil, MaxOrder, d, SN3D)
	n := SH(nil, MaxOrder, d, N3D)
	for k := range s {
		l, _ := DegreeIndex(k)
		if math.Abs(n[k]-s[k]*math.Sqrt(float64(2*l+1))) > 1e-13 {
			t.Errorf("ACN%d: N3D %g, SN3D %g, l %d", k, n[k], s[k], l)
		}
	}
}

// FuMa: W X Y Z with W at -3 dB.
func TestFuMa(t *testing.T) {
	d := geom.Cart(40, 20, 1)
	s := SH(nil, 1, d, SN3D)
	f := SH(nil, 1, d, FuMa)
	want := []float64{s[0] / math.Sqrt2, s[3], s[1], s[2]}
	for k := range want {
		if math.Abs(f[k]-want[k]) > 1e-15 {
			t.Errorf("FuMa channel %d = %g, want %g", k, f[k], want[k])
		}
	}
	if err := FuMa.check(2); err == nil {
		t.Error("FuMa order 2 accepted")
	}
	acn, scale := FuMa.Layout(1)
	for k := range acn {
		if math.Abs(s[acn[k]]*scale[k]-f[k]) > 1e-15 {
			t.Errorf("FuMa.Layout channel %d: ACN%d × %g", k, acn[k], scale[k])
		}
	}
}

// SN3D: by the addition theorem the harmonics of one degree have a sum of
// squares of P_l(1) = 1 in every direction (Schmidt semi-normalisation).
func TestSN3DAdditionTheorem(t *testing.T) {
	g, _ := GaussGrid(31)
	var y []float64
	for _, d := range g.Directions {
		y = SH(y, MaxOrder, d, SN3D)
		for l := 0; l <= MaxOrder; l++ {
			var s float64
			for k := l * l; k < (l+1)*(l+1); k++ {
				s += y[k] * y[k]
			}
			if math.Abs(s-1) > 1e-13 {
				t.Fatalf("%v degree %d: sum of squares %.15f", d.Polar(), l, s)
			}
		}
	}
}

func TestACN(t *testing.T) {
	for k := range Channels(MaxOrder) {
		l, m := DegreeIndex(k)
		if ACN(l, m) != k || m < -l || m > l {
			t.Errorf("ACN%d -> l %d m %d", k, l, m)
		}
	}
	for n := 1; n <= MaxOrder; n++ {
		if o, err := OrderOf(Channels(n)); err != nil || o != n {
			t.Errorf("OrderOf(%d) = %d, %v", Channels(n), o, err)
		}
	}
	for _, c := range []int{0, 1, 2, 5, 17, 81} {
		if _, err := OrderOf(c); err == nil {
			t.Errorf("OrderOf(%d) accepted", c)
		}
	}
}

func TestParseNormalization(t *testing.T) {
	for s, want := range map[string]Normalization{"sn3d": SN3D, "AmbiX": SN3D, "N3D": N3D, "fuma": FuMa} {
		if n, err := ParseNormalization(s); err != nil || n != want {
			t.Errorf("%q -> %v %v", s, n, err)
		}
		if n, _ := ParseNormalization(want.String()); n != want {
			t.Errorf("round trip of %v", want)
		}
	}
	if _, err := ParseNormalization("maxn"); err == nil {
		t.Error("maxn accepted")
	}
}

func TestMaxREWeights(t *testing.T) {
	// Largest roots of P_2, P_3, P_4 and the Legendre polynomials there.
	x1, x2, x3 := 1/math.Sqrt(3), math.Sqrt(3.0/5), math.Sqrt(3.0/7+2.0/7*math.Sqrt(6.0/5))
	p2 := func(x float64) float64 { return (3*x*x - 1) / 2 }
	p3 := func(x float64) float64 { return (5*x*x*x - 3*x) / 2 }
	want := [][]float64{{1, x1}, {1, x2, p2(x2)}, {1, x3, p2(x3), p3(x3)}}
	for i, w := range want {
		got := MaxREWeights(i + 1)
		for l := range w {
			if math.Abs(got[l]-w[l]) > 1e-14 {
				t.Errorf("order %d a_%d = %.15f, want %.15f", i+1, l, got[l], w[l])
			}
		}
	}
	// Order 3 from the literature (IEM, Zotter & Frank): 0.861136, 0.612334, 0.304747.
	a := MaxREWeights(3)
	for l, v := range []float64{1, 0.861136, 0.612334, 0.304747} {
		if math.Abs(a[l]-v) > 1e-6 {
			t.Errorf("order 3 a_%d = %g, published %g", l, a[l], v)
		}
	}
}

func TestGaussGridWeights(t *testing.T) {
	for _, deg := range []int{1, 2, 14, 63} {
		g, err := GaussGrid(deg)
		if err != nil {
			t.Fatal(err)
		}
		var s float64
		for i, w := range g.Weights {
			s += w
			if math.Abs(g.Directions[i].Norm()-1) > 1e-15 || w <= 0 {
				t.Fatalf("degree %d point %d: %v weight %g", deg, i, g.Directions[i], w)
			}
		}
		if math.Abs(s-4*math.Pi) > 1e-12 {
			t.Errorf("degree %d: weights sum to %.15f", deg, s)
		}
	}
	if _, err := GaussGrid(0); err == nil {
		t.Error("degree 0 accepted")
	}
}
