package cleanup_test

import (
	"fmt"
	"math"

	"immerse/dsp/cleanup"
)

// A click on a sine is found and repaired; the sine passes otherwise
// unchanged (delayed by the latency).
func ExampleDeclicker() {
	const rate = 48000
	x := make([]float32, rate/2)
	for i := range x {
		x[i] = float32(0.3 * math.Sin(2*math.Pi*440*float64(i)/rate))
	}
	clean := append([]float32(nil), x...)
	x[12000] += 0.5 // the click
	d, err := cleanup.NewDeclicker(cleanup.DefaultDeclickParams(), rate, 1)
	if err != nil {
		panic(err)
	}
	buf := append(x, make([]float32, d.Latency())...)
	d.Process([][]float32{buf}, [][]float32{buf})
	for _, c := range d.TakeClicks(nil) {
		fmt.Printf("click at frame %d, %d samples repaired\n", c.Frame, c.Length)
	}
	y := buf[d.Latency():]
	fmt.Printf("error at the click: %.4f\n", math.Abs(float64(y[12000]-clean[12000])))
	// Output:
	// click at frame 11998, 6 samples repaired
	// error at the click: 0.0000
}

// Strip silence keeps the stream's length and zeroes the quiet stretch
// between a post-roll and a pre-roll.
func ExampleStripper() {
	const rate = 48000
	x := make([]float32, rate)
	for i := range x {
		if i < rate/4 || i >= 3*rate/4 { // sound, a half-second gap, sound
			x[i] = float32(0.5 * math.Sin(float64(i)/10))
		}
	}
	s, _ := cleanup.NewStripper(cleanup.DefaultStripParams(), rate, 1)
	buf := append(x, make([]float32, s.Latency())...)
	s.Process([][]float32{buf}, [][]float32{buf})
	for _, r := range s.TakeRegions(nil) {
		fmt.Printf("silent from %.3f s to %.3f s\n", float64(r.Start)/rate, float64(r.End)/rate)
	}
	// Output:
	// silent from 0.305 s to 0.725 s
}
