package fft_test

import (
	"fmt"
	"math"

	"immerse/dsp/fft"
)

func Example() {
	// A cosine of amplitude 1 at bin 4 of a 64-point transform puts n/2 = 32
	// into bin 4; the inverse restores the signal.
	const n = 64
	f := fft.New(n)
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(math.Cos(2 * math.Pi * 4 * float64(i) / n))
	}
	spec := make([]complex64, n/2+1)
	f.Forward(spec, x)
	fmt.Printf("bin 4: %.3f, bin 5: %.3f\n", real(spec[4]), math.Abs(float64(real(spec[5]))))
	y := make([]float32, n)
	f.Inverse(y, spec)
	fmt.Printf("x[1] = %.4f, restored %.4f\n", x[1], y[1])
	// Output:
	// bin 4: 32.000, bin 5: 0.000
	// x[1] = 0.9239, restored 0.9239
}

func ExampleMulAdd() {
	// Circular convolution of two 64-sample sequences via their spectra:
	// an impulse at 2 convolved with an impulse at 5 is an impulse at 7.
	const n = 64
	f := fft.New(n)
	a, b := make([]float32, n), make([]float32, n)
	a[2], b[5] = 1, 1
	sa, sb, acc := make([]complex64, n/2+1), make([]complex64, n/2+1), make([]complex64, n/2+1)
	f.Forward(sa, a)
	f.Forward(sb, b)
	fft.MulAdd(acc, sa, sb)
	y := make([]float32, n)
	f.Inverse(y, acc)
	for i, v := range y {
		if math.Abs(float64(v)) > 1e-6 {
			fmt.Printf("y[%d] = %.3f\n", i, v)
		}
	}
	// Output:
	// y[7] = 1.000
}
