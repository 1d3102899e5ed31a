package delay_test

import (
	"fmt"

	"immerse/dsp/delay"
)

func ExampleNoteSeconds() {
	for _, n := range []string{"1/4", "1/8.", "1/8t"} {
		s, _ := delay.NoteSeconds(n, 120)
		fmt.Printf("%-5s at 120 bpm = %.2f ms\n", n, 1000*s)
	}
	// Output:
	// 1/4   at 120 bpm = 500.00 ms
	// 1/8.  at 120 bpm = 375.00 ms
	// 1/8t  at 120 bpm = 166.67 ms
}
