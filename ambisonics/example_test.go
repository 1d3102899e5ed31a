package ambisonics_test

import (
	"fmt"

	"immerse/ambisonics"
	"immerse/geom"
	"immerse/speakers"
)

// Encode a plane wave from the left at first order (AmbiX: W Y Z X).
func ExampleSH() {
	y := ambisonics.SH(nil, 1, geom.Cart(90, 0, 1), ambisonics.SN3D)
	fmt.Printf("W %.2f Y %.2f Z %.2f X %.2f\n", y[0], y[1], y[2], y[3])
	// Output: W 1.00 Y 1.00 Z 0.00 X 0.00
}

// A yaw of 90° turns the sound field to the left: a source in front ends up
// on the left.
func ExampleNewEncoder() {
	enc, _ := ambisonics.NewEncoder(3, ambisonics.SN3D, ambisonics.Rotation{Yaw: 90})
	g := enc.Gains(nil, geom.Cart(0, 0, 1))
	fmt.Println(enc.Name(), enc.Channels(), enc.Labels()[1])
	fmt.Printf("Y %.2f X %.2f\n", g[1], g[3])
	// Output:
	// AmbiX order 3 (SN3D) 16 ACN1
	// Y 1.00 X 0.00
}

// Decode a third-order plane wave from 30° left to 7.1.4: the loudest
// loudspeaker is M+030.
func ExampleNewDecoder() {
	l, _ := speakers.Get("7.1.4")
	dec, _ := ambisonics.NewDecoder(l, 3, ambisonics.DecoderOptions{})
	g := dec.Gains(nil, geom.Cart(30, 0, 1))
	best := 0
	for i := range g {
		if g[i] > g[best] {
			best = i
		}
	}
	fmt.Println(l.Channels[best].Label)
	// Output: M+030
}

func ExampleMaxREWeights() {
	fmt.Printf("%.4f\n", ambisonics.MaxREWeights(3))
	// Output: [1.0000 0.8611 0.6123 0.3047]
}
