package prep_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"immerse/dsp/cleanup"
	"immerse/encoders"
	"immerse/prep"
)

// Clean a file with a click and a silent gap: the click is repaired, the
// gap becomes digital silence, the file keeps its length.
func ExampleFile() {
	dir, _ := os.MkdirTemp("", "prep")
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "take.wav"), filepath.Join(dir, "take_clean.wav")
	const rate = 48000
	x := make([]float32, 2*rate)
	for i := range x {
		if i < rate/2 || i >= rate {
			x[i] = float32(0.3 * math.Sin(2*math.Pi*220*float64(i)/rate))
		}
	}
	x[rate/4] += 0.5 // a click
	w, _ := encoders.Create(in, encoders.Format{SampleRate: rate, Channels: 1, BitDepth: 24}, encoders.WriteOptions{})
	w.Write([][]float32{x})
	w.Close()

	dc, st := cleanup.DefaultDeclickParams(), cleanup.DefaultStripParams()
	rep, err := prep.File(in, out, prep.Options{Declick: &dc, Strip: &st})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range rep.Declick.Clicks {
		fmt.Printf("click at %.3f s (%d samples)\n", c.Time, c.Samples)
	}
	for _, r := range rep.Strip.Regions {
		fmt.Printf("silenced %.3f to %.3f s\n", r[0], r[1])
	}
	info, _ := encoders.Stat(out)
	fmt.Println("frames:", info.Length)
	// Output:
	// click at 0.250 s (6 samples)
	// silenced 0.555 to 0.975 s
	// frames: 96000
}
