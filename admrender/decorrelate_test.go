package admrender

import (
	"math"
	"testing"
)

// The overlap-save convolver equals the direct convolution, across block
// boundaries and after silence (when it skips work).
func TestDecorrelatorConvolution(t *testing.T) {
	const b = 64
	h := DecorrelationFilter(7, b)
	d := newDecorrelator([][]float64{h}, b, 1)
	var g noiseGen
	g.s = 1
	x := make([]float64, 10*b)
	for i := range x {
		if i < 3*b || i >= 6*b {
			x[i] = g.next()
		}
	}
	y := make([]float64, len(x))
	for blk := 0; blk < len(x)/b; blk++ {
		out := [][]float64{y[blk*b : (blk+1)*b]}
		d.process(out, [][]float64{x[blk*b : (blk+1)*b]})
	}
	for n := range x {
		var want float64
		for k, v := range h {
			if n-k >= 0 {
				want += v * x[n-k]
			}
		}
		if math.Abs(y[n]-want) > 1e-13 {
			t.Fatalf("frame %d: %g, direct convolution %g", n, y[n], want)
		}
	}
}
