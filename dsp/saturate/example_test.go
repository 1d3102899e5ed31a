package saturate_test

import (
	"fmt"

	"immerse/dsp/saturate"
)

func ExampleNew() {
	p := saturate.DefaultParams()
	p.Curve, p.DriveDB, p.OutputDB = saturate.Asym, 18, -6
	s, err := saturate.New(p, 48000, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("latency", s.Latency(), "frames")
	for _, u := range []float64{-2, 0.01, 2} {
		fmt.Printf("asym(%5.2f) = %6.3f\n", u, saturate.Asym.Apply(u))
	}
	// Output:
	// latency 74 frames
	// asym(-2.00) = -1.340
	// asym( 0.01) =  0.010
	// asym( 2.00) =  0.753
}
