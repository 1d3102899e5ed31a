package reverb_test

import (
	"fmt"

	"immerse/dsp"
	"immerse/dsp/reverb"
)

func ExampleNew() {
	p := reverb.DefaultParams()
	p.DecayS, p.PredelayMs, p.Mix = 2.2, 20, 0.3
	r, err := reverb.New(p, 48000, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	block := dsp.NewBuffer(2, 512)
	block[0][0], block[1][0] = 1, 1 // a click
	r.Process(block, block)
	fmt.Printf("dry part of the click: %.2f\n", block[0][0])
	fmt.Println("lines:", len(r.LineLengths()), "latency:", r.Latency())
	// Output:
	// dry part of the click: 0.70
	// lines: 16 latency: 0
}
