package bed_test

import (
	"fmt"

	"immerse/bed"
	"immerse/speakers"
)

// The fold-down chain of a 7.1.4 file, and where its upper-front-left
// speaker ends up in 5.1.
func ExampleFoldChain() {
	l, _ := speakers.Get("7.1.4")
	chain := bed.FoldChain(l, bed.DefaultFold())
	for _, d := range chain {
		fmt.Printf("%s -> %s\n", d.From.DisplayName(), d.To.DisplayName())
	}
	fmt.Printf("U+045 -> M+030: %.4f\n", chain[0].Gain("M+030", "U+045"))
	// Output:
	// 7.1.4 -> 5.1
	// 5.1 -> stereo
	// stereo -> mono
	// U+045 -> M+030: 0.7071
}
