package stereo_test

import (
	"fmt"

	"immerse/dsp/stereo"
)

func ExampleNewMidSide() {
	p := stereo.DefaultMidSideParams()
	p.Width = 0 // fold to mono
	m, err := stereo.NewMidSide(p, 48000)
	if err != nil {
		fmt.Println(err)
		return
	}
	block := [][]float32{{1, 0.5}, {0, 0.5}}
	m.Process(block, block)
	fmt.Println(block[0], block[1])
	// Output:
	// [0.5 0.5] [0.5 0.5]
}

func ExampleUtilityParams_Matrix() {
	p := stereo.DefaultUtilityParams()
	p.Swap, p.InvertRight = true, true
	fmt.Println(p.Matrix())
	// Output:
	// [0 1 -1 0]
}
