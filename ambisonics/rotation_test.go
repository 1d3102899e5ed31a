package ambisonics

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/geom"
)

func TestRotationMatrixAxes(t *testing.T) {
	cases := []struct {
		r        Rotation
		from, to geom.Vec
	}{
		{Rotation{Yaw: 90}, geom.Cart(0, 0, 1), geom.Cart(90, 0, 1)},    // front -> left
		{Rotation{Yaw: -90}, geom.Cart(0, 0, 1), geom.Cart(-90, 0, 1)},  // front -> right
		{Rotation{Pitch: 90}, geom.Cart(0, 0, 1), geom.Cart(0, 90, 1)},  // front -> up
		{Rotation{Roll: 90}, geom.Cart(0, 90, 1), geom.Cart(-90, 0, 1)}, // up -> right
		{Rotation{Roll: 90}, geom.Cart(90, 0, 1), geom.Cart(0, 90, 1)},  // left -> up
		// Roll first, then pitch, then yaw: left -roll 90-> up -pitch 90->
		// back -yaw 90-> right.
		{Rotation{Yaw: 90, Pitch: 90, Roll: 90}, geom.Cart(90, 0, 1), geom.Cart(-90, 0, 1)},
	}
	for _, c := range cases {
		m := c.r.Matrix()
		got := m.Apply(c.from)
		if got.Sub(c.to).Norm() > 1e-15 {
			t.Errorf("%v: %v -> %v, want %v", c.r, c.from.Polar(), got.Polar(), c.to.Polar())
		}
	}
}

func TestParseRotation(t *testing.T) {
	for s, want := range map[string]Rotation{"90": {Yaw: 90}, "90,0,0": {Yaw: 90}, "-30, 15, 2.5": {-30, 15, 2.5}, "0,10": {Pitch: 10}} {
		r, err := ParseRotation(s)
		if err != nil || r != want {
			t.Errorf("%q -> %v %v", s, r, err)
		}
		if back, _ := ParseRotation(r.String()); back != r {
			t.Errorf("round trip %v -> %v", r, back)
		}
	}
	for _, s := range []string{"", "a,b", "1,2,3,4", "NaN", "1,,2", "inf"} {
		if _, err := ParseRotation(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// Rotating an encoded plane wave equals encoding at the rotated direction,
// orders 1-7, random rotations and directions.
func TestSHRotationPlaneWave(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rots := []Rotation{{Yaw: 90}, {Pitch: 90}, {Roll: 90}, {Yaw: 180}, {Yaw: 30, Pitch: -20, Roll: 10}}
	for range 20 {
		rots = append(rots, Rotation{Yaw: rng.Float64()*360 - 180, Pitch: rng.Float64()*180 - 90, Roll: rng.Float64()*360 - 180})
	}
	worst := make([]float64, MaxOrder+1)
	for order := 1; order <= MaxOrder; order++ {
		for _, r := range rots {
			s, err := NewSHRotation(order, r)
			if err != nil {
				t.Fatal(err)
			}
			m := r.Matrix()
			for range 10 {
				d := geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}.Unit()
				for _, norm := range []Normalization{SN3D, N3D} {
					enc := SH(nil, order, d, norm)
					got := make([]float64, len(enc))
					s.Apply(got, enc)
					want := SH(nil, order, m.Apply(d), norm)
					for k := range want {
						worst[order] = max(worst[order], math.Abs(got[k]-want[k]))
					}
				}
			}
		}
		t.Logf("order %d: max |R·Y(d) - Y(R d)| = %.2g", order, worst[order])
		if worst[order] > 1e-9 {
			t.Errorf("order %d: rotation error %g", order, worst[order])
		}
	}
}

// Yaw 90 takes a plane wave from the front to the left.
func TestSHRotationYawFrontToLeft(t *testing.T) {
	s, _ := NewSHRotation(3, Rotation{Yaw: 90})
	front := SH(nil, 3, geom.Cart(0, 0, 1), SN3D)
	got := make([]float64, len(front))
	s.Apply(got, front)
	if math.Abs(got[1]-1) > 1e-12 || math.Abs(got[3]) > 1e-12 {
		t.Errorf("front yawed 90: Y %g X %g, want Y 1 X 0 (left)", got[1], got[3])
	}
}

// The recursion agrees with an independent construction: the projection
// (1/4π)·Σ_k w_k·Y(R d_k)·Y(d_k)ᵀ on a grid exact to degree 2·order (N3D).
func TestSHRotationProjection(t *testing.T) {
	const order = MaxOrder
	r := Rotation{Yaw: 123, Pitch: -37, Roll: 71}
	g, _ := GaussGrid(2 * order)
	m := r.Matrix()
	n := Channels(order)
	proj := make([][]float64, n)
	for i := range proj {
		proj[i] = make([]float64, n)
	}
	var a, b []float64
	for k, d := range g.Directions {
		a = SH(a, order, m.Apply(d), N3D)
		b = SH(b, order, d, N3D)
		for i := range n {
			for j := range n {
				proj[i][j] += g.Weights[k] * a[i] * b[j] / (4 * math.Pi)
			}
		}
	}
	s, _ := NewSHRotation(order, r)
	dense := s.Dense()
	for i := range n {
		for j := range n {
			if math.Abs(dense[i][j]-proj[i][j]) > 1e-11 {
				t.Fatalf("element %d,%d: recursion %g, projection %g", i, j, dense[i][j], proj[i][j])
			}
		}
	}
}

func TestSHRotationOrthogonal(t *testing.T) {
	s, _ := NewSHRotation(MaxOrder, Rotation{Yaw: 17, Pitch: 33, Roll: -140})
	for l := 0; l <= MaxOrder; l++ {
		b := s.Block(l)
		w := 2*l + 1
		for i := range w {
			for j := range w {
				var d float64
				for k := range w {
					d += b[w*i+k] * b[w*j+k]
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(d-want) > 1e-12 {
					t.Fatalf("degree %d: (R Rᵀ)[%d][%d] = %g", l, i, j, d)
				}
			}
		}
	}
}
