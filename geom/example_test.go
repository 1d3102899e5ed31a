package geom_test

import (
	"fmt"

	"immerse/geom"
)

func ExampleCart() {
	left := geom.Cart(90, 0, 1)
	fmt.Printf("%.3f %.3f %.3f\n", left[0], left[1], left[2])
	fmt.Printf("%.1f\n", left.Azimuth())
	// Output:
	// -1.000 0.000 0.000
	// 90.0
}
