package hrtf_test

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/hrtf"
)

// toySet is a six-direction set (±X, ±Y, ±Z) whose responses are single
// impulses: the ear facing a source hears it at sample 10 with gain 1, the
// far ear at sample 40 with gain 0.25, and both ears hear front, back, top
// and bottom at sample 25 with gain 0.5.
func toySet() *hrtf.Set {
	s := &hrtf.Set{SampleRate: 48000}
	add := func(d geom.Vec, atL, atR int, gL, gR float32) {
		l, r := make([]float32, 64), make([]float32, 64)
		l[atL], r[atR] = gL, gR
		s.Directions = append(s.Directions, d)
		s.IR = append(s.IR, [2][]float32{l, r})
	}
	add(geom.Vec{-1, 0, 0}, 10, 40, 1, 0.25) // left
	add(geom.Vec{1, 0, 0}, 40, 10, 0.25, 1)  // right
	for _, d := range []geom.Vec{{0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}} {
		add(d, 25, 25, 0.5, 0.5)
	}
	return s
}

func ExampleInterpolator_HRIR() {
	ip, err := hrtf.NewInterpolator(toySet())
	if err != nil {
		fmt.Println(err)
		return
	}
	l, r := make([]float32, ip.Taps()), make([]float32, ip.Taps())
	for _, az := range []float64{90, 45, 0} {
		ip.HRIR(l, r, geom.Cart(az, 0, 1))
		dl, dr := ip.Delay(geom.Cart(az, 0, 1))
		fmt.Printf("azimuth %2.0f: onsets %.1f / %.1f samples\n", az, dl, dr)
	}
	// The onset of a band-limited impulse at sample 10 (-20 dB of its peak)
	// is at 9.1; at 45° the left and front measurements weigh half each.
	//
	// Output:
	// azimuth 90: onsets 9.1 / 39.1 samples
	// azimuth 45: onsets 16.6 / 31.6 samples
	// azimuth  0: onsets 24.1 / 24.1 samples
}

func ExampleNewBinaural() {
	const block = 256
	b, err := hrtf.NewBinaural(toySet(), block, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	b.SetDirection(0, geom.Cart(90, 0, 1)) // a source on the left
	in := make([]float32, block)
	in[0] = 1 // a click
	left, right := make([]float32, block), make([]float32, block)
	b.Process(left, right, [][]float32{in})
	peak := func(x []float32) (int, float64) {
		at := 0
		for i, v := range x {
			if math.Abs(float64(v)) > math.Abs(float64(x[at])) {
				at = i
			}
		}
		return at, float64(x[at])
	}
	il, vl := peak(left)
	ir, vr := peak(right)
	fmt.Printf("left ear: peak %.3f at %d; right ear: peak %.3f at %d\n", vl, il, vr, ir)
	// The frontal response (0.5) is normalised to 1, so everything is
	// doubled.
	//
	// Output:
	// left ear: peak 2.000 at 10; right ear: peak 0.500 at 40
}

func ExampleNewConvolver() {
	// A 3-tap moving sum, run in blocks of 32 frames.
	f, err := hrtf.NewFilter([]float32{1, 1, 1}, 32)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := hrtf.NewConvolver(f)
	x := make([]float32, 64)
	for i := range x {
		x[i] = float32(i % 4)
	}
	y := make([]float32, 64)
	c.Process(y, x)
	fmt.Printf("%.0f\n", y[:8])
	// Output:
	// [0 1 3 6 5 4 3 6]
}
