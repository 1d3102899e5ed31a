package resample_test

import (
	"fmt"

	"immerse/dsp/resample"
)

func ExampleResample() {
	// An impulse at sample 147 of a 44.1 kHz signal (3.333 ms) lands on
	// sample 160 at 48 kHz, the same time.
	x := make([]float32, 441)
	x[147] = 1
	y := resample.Resample(nil, x, 44100, 48000)
	peak := 0
	for i := range y {
		if y[i] > y[peak] {
			peak = i
		}
	}
	fmt.Println(len(y), peak)
	// Output: 480 160
}

func ExampleResampler() {
	r, err := resample.New(2, 48000, 44100)
	if err != nil {
		panic(err)
	}
	in := [][]float32{make([]float32, 1024), make([]float32, 1024)}
	out := [][]float32{make([]float32, r.MaxOut(1024)), make([]float32, r.MaxOut(1024))}
	n := r.Process(out, in) // call once per block
	fmt.Println(n, r.MaxOut(1024), r.Latency())
	// Output: 941 941 72
}
