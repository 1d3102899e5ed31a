package normalize_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"immerse/encoders"
	"immerse/normalize"
)

// Normalise a quiet stereo tone to -16 LUFS: a 1 kHz tone at -30 dBFS
// reads -30 LUFS, so the gain is +14 dB and its peak (-16 dBTP) needs no
// limiter.
func Example() {
	dir, _ := os.MkdirTemp("", "normalize-example")
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "tone.wav")
	w, _ := encoders.Create(in, encoders.Format{SampleRate: 48000, Channels: 2, BitDepth: 24}, encoders.WriteOptions{})
	x := make([]float32, 10*48000)
	for i := range x {
		x[i] = float32(math.Pow(10, -30.0/20) * math.Sin(2*math.Pi*1000*float64(i)/48000))
	}
	w.Write([][]float32{x, x})
	w.Close()

	opt := normalize.DefaultOptions()
	opt.TargetLUFS, opt.MaxTruePeakDBTP = -16, -1
	rep, err := normalize.File(in, filepath.Join(dir, "tone_norm.wav"), opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("input %.1f LUFS -> gain %+.1f dB, limiter %v -> output %.2f LUFS, %.2f dBTP\n",
		rep.InputLUFS, rep.GainDB, rep.Limiter, rep.OutputLUFS, rep.OutputTruePeakDBTP)
	// Output:
	// input -30.0 LUFS -> gain +14.0 dB, limiter false -> output -16.00 LUFS, -16.00 dBTP
}
