package gaincalc_test

import (
	"fmt"

	"immerse/gaincalc"
	"immerse/speakers"
)

// An object between the front-left loudspeaker and the centre, half
// diffuse, rendered to 5.1.
func Example() {
	layout, _ := speakers.Get("5.1")
	calc, err := gaincalc.New(layout)
	if err != nil {
		panic(err)
	}
	block := gaincalc.NewBlockFormat(gaincalc.Polar(15, 0, 1))
	block.Diffuse = 0.5
	direct := make([]float64, calc.Channels())
	diffuse := make([]float64, calc.Channels())
	if err := calc.Gains(direct, diffuse, block, gaincalc.NewExtraData()); err != nil {
		panic(err)
	}
	for i, ch := range layout.Channels {
		fmt.Printf("%-5s direct %.4f diffuse %.4f\n", ch.Label, direct[i], diffuse[i])
	}
	// Output:
	// M+030 direct 0.5000 diffuse 0.5000
	// M-030 direct 0.0000 diffuse 0.0000
	// M+000 direct 0.5000 diffuse 0.5000
	// LFE1  direct 0.0000 diffuse 0.0000
	// M+110 direct 0.0000 diffuse 0.0000
	// M-110 direct 0.0000 diffuse 0.0000
}
