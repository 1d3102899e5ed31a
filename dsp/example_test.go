package dsp_test

import (
	"fmt"

	"immerse/dsp"
)

// The one place for level conversions.
func ExampleDBToGain() {
	fmt.Printf("%.4f %.2f %.2f\n", dsp.DBToGain(-6), dsp.GainToDB(0.5), dsp.PowerToDB(0.5))
	fmt.Println(dsp.GainToDB(0) == dsp.MinDB)
	// Output:
	// 0.5012 -6.02 -3.01
	// true
}
