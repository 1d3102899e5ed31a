package stereometer_test

import (
	"fmt"
	"math"

	"immerse/dsp/stereometer"
)

// A 1 kHz tone in phase on both sides, then inverted on the right for the
// last second: the mono sum cancels there.
func Example() {
	const rate = 48000
	m, err := stereometer.New(rate)
	if err != nil {
		panic(err)
	}
	l, r := make([]float32, 3*rate), make([]float32, 3*rate)
	for i := range l {
		l[i] = float32(0.25 * math.Sin(2*math.Pi*1000*float64(i)/rate))
		r[i] = l[i]
		if i >= 2*rate {
			r[i] = -l[i]
		}
	}
	m.Process([][]float32{l, r})
	res := m.Result()
	c := res.Correlation
	fmt.Printf("correlation min %.2f, %.0f%% of windows below 0, below -0.3 for %.1f s\n",
		c.Min, 100*c.NegativeFraction, c.BelowThresholdSeconds)
	w := c.Worst[0]
	fmt.Printf("worst window %.1f–%.1f s: r = %.2f, mono loss %.0f LU\n", w.StartSeconds, w.EndSeconds, w.Correlation, w.MonoLossLU)
	fmt.Printf("programme mono loss %.2f LU\n", res.MonoLoss.LU)
	// Output:
	// correlation min -1.00, 30% of windows below 0, below -0.3 for 0.8 s
	// worst window 2.0–2.4 s: r = -1.00, mono loss 43 LU
	// programme mono loss 1.76 LU
}
