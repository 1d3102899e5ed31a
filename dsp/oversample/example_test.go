package oversample_test

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/oversample"
)

func ExampleNew() {
	o, err := oversample.New(1, oversample.Config{Factor: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("stage taps", o.StageTaps(), "round trip", o.Latency(), "frames")

	// A 4x up/down round trip of a 1 kHz sine returns it delayed.
	const n = 2048
	x := dsp.NewBuffer(1, n)
	for i := range x[0] {
		x[0][i] = float32(math.Sin(2 * math.Pi * 1000 * float64(i) / 48000))
	}
	up := dsp.NewBuffer(1, 4*n)
	y := dsp.NewBuffer(1, n)
	o.Up(up, x)
	// ... a nonlinearity would run here, at 192 kHz ...
	o.Down(y, up)
	worst := 0.0
	for i := 1000; i < n; i++ {
		worst = math.Max(worst, math.Abs(float64(y[0][i]-x[0][i-o.Latency()])))
	}
	fmt.Println("round trip error below 1e-4:", worst < 1e-4)
	// Output:
	// stage taps [135 27] round trip 74 frames
	// round trip error below 1e-4: true
}
