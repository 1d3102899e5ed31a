package hrtf

import (
	"testing"

	"immerse/geom"
)

// BenchmarkHRIR times one interpolated HRIR pair for a moving direction on
// a 2354-direction synthetic set (the size of the FH Köln set) and on the
// KEMAR grid.
func BenchmarkHRIR(b *testing.B) {
	cases := []struct {
		name string
		dirs []geom.Vec
		taps int
	}{
		{"2354dirs-256taps", fibonacciSphere(2354), 256},
		{"2354dirs-512taps", fibonacciSphere(2354), 512},
		{"kemar-512taps", kemarGrid(), 512},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ip, err := NewInterpolator(sphericalHeadSet(c.dirs, 48000, c.taps))
			if err != nil {
				b.Fatal(err)
			}
			l, r := make([]float32, ip.Taps()), make([]float32, ip.Taps())
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				ip.HRIR(l, r, geom.Cart(float64(i%360)*0.97, float64(i%100)-45, 1))
				i++
			}
		})
	}
}

// BenchmarkLookup times the direction lookup alone (polygon and weights).
func BenchmarkLookup(b *testing.B) {
	ip, err := NewInterpolator(sphericalHeadSet(fibonacciSphere(2354), 48000, 64))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ip.weights(geom.Cart(float64(i%360)*0.97, float64(i%100)-45, 1))
		i++
	}
}

// BenchmarkNewInterpolator times the set-up (onsets, alignment, residuals,
// hull, lookup grid) for the real MIT KEMAR set (710 × 512 taps) and the
// FH Köln set (2354 × 128 taps), read with LoadSOFA.
func BenchmarkNewInterpolator(b *testing.B) {
	for _, f := range []string{"MIT_KEMAR_normal_pinna.sofa", "FHK_HRIR_L2354.sofa"} {
		b.Run(f, func(b *testing.B) {
			s := loadShared(b, f)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewInterpolator(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
