package gaincalc

import (
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/speakers"
)

func mustLayout(t *testing.T, name string) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The generator is MT19937: the reference outputs of Matsumoto and
// Nishimura's init_genrand (seed 5489 is the C++ std::mt19937 default).
func TestMT19937(t *testing.T) {
	for _, c := range []struct {
		seed uint32
		want []uint32
	}{
		{0, []uint32{2357136044, 2546248239, 3071714933}},
		{5489, []uint32{3499211612, 581869302, 3890346734}},
	} {
		m := newMT19937(c.seed)
		for i, w := range c.want {
			if g := m.next(); g != w {
				t.Errorf("seed %d output %d: %d, want %d", c.seed, i, g, w)
			}
		}
	}
	m := newMT19937(5489)
	for i := 1; i < 10000; i++ {
		m.next()
	}
	if g := m.next(); g != 4123659995 {
		t.Errorf("seed 5489 output 10000: %d, want 4123659995", g)
	}
}

// The filters are those of the reference renderer (values printed from
// its design for 4+7+0: channel, seed, taps 0, 1, 255, 511), all-pass
// (|H| = 1 at every bin of the 512-point DFT) with unit energy.
func TestDecorrelators(t *testing.T) {
	filters := Decorrelators(mustLayout(t, "4+7+0"))
	for _, c := range []struct {
		channel int
		taps    [4]float64
	}{
		{0, [4]float64{-0.08739398758490886, -0.02201757665764797, -0.05574159360861756, -0.0460657301556106}},
		{3, [4]float64{-0.06964856415562865, 0.009239802554252975, -0.03085313270558658, -0.0006899843572713144}},
		{11, [4]float64{0.014476063656451862, 0.075772978451247, 0.006162828599188264, 0.06759485019481368}},
	} {
		h := filters[c.channel]
		for i, k := range []int{0, 1, 255, 511} {
			if math.Abs(h[k]-c.taps[i]) > 1e-15 {
				t.Errorf("channel %d tap %d: %.17g, reference %.17g", c.channel, k, h[k], c.taps[i])
			}
		}
	}
	if g := Decorrelators(mustLayout(t, "0+5+0"))[4][100]; math.Abs(g - -0.038460245638977965) > 1e-15 {
		t.Errorf("0+5+0 M+110 tap 100: %.17g", g)
	}
	fft := fourier.NewFFT(DecorrelatorLength)
	for c, h := range filters {
		var energy float64
		for _, v := range h {
			energy += v * v
		}
		if math.Abs(energy-1) > 1e-12 {
			t.Errorf("channel %d: energy %g", c, energy)
		}
		for k, v := range fft.Coefficients(nil, h) {
			if math.Abs(cmplx.Abs(v)-1) > 1e-12 {
				t.Fatalf("channel %d bin %d: |H| = %g", c, k, cmplx.Abs(v))
			}
		}
	}
}
