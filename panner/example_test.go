package panner_test

import (
	"fmt"

	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// Gains for a source 30° to the left and 15° up on a 7.1.4 layout: VBAP
// between the front-left, centre and upper-front-left speakers.
func ExamplePointSource_Gains() {
	l, _ := speakers.Get("7.1.4")
	p, _ := panner.NewPointSource(l)
	g := p.Gains(nil, geom.Cart(30, 15, 1))
	for i, c := range l.Channels {
		if g[i] > 0 {
			fmt.Printf("%s %.4f\n", c.Label, g[i])
		}
	}
	// Output:
	// M+030 0.5051
	// M+000 0.3531
	// U+045 0.7876
}
