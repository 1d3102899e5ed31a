package hrtf_test

import (
	"fmt"

	"immerse/geom"
	"immerse/hrtf"
)

func ExampleDefault() {
	set := hrtf.Default()
	sum := set.Summary()
	fmt.Println(sum.Convention, sum.Database, sum.Measurements, sum.Taps, sum.SampleRate)
	// The left ear hears a source at azimuth +90° (ADM: the left) louder.
	left := geom.Cart(90, 0, 1)
	for i, d := range set.Directions {
		if d.Angle(left) < 1e-6 {
			fmt.Printf("measurement %d: left ear peak %.3f, right ear peak %.3f\n", i, peak(set.IR[i][0]), peak(set.IR[i][1]))
		}
	}
	// Output:
	// SimpleFreeFieldHRIR MIT 710 512 44100
	// measurement 278: left ear peak 0.564, right ear peak 0.137
}

func peak(x []float32) float32 {
	var p float32
	for _, v := range x {
		p = max(p, v, -v)
	}
	return p
}

func ExampleSet_Resampled() {
	set, err := hrtf.Default().Resampled(48000)
	if err != nil {
		panic(err)
	}
	fmt.Println(set.SampleRate, set.Taps())
	// Output: 48000 558
}
