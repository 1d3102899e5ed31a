package dynamics_test

import (
	"fmt"

	"immerse/dsp"
	"immerse/dsp/dynamics"
)

func ExampleCompressorParams_StaticCurve() {
	p := dynamics.DefaultCompressorParams()
	p.ThresholdDB, p.Ratio, p.KneeDB = -20, 4, 6
	for _, in := range []float64{-30, -20, -10, 0} {
		fmt.Printf("%4.0f dB -> %7.3f dB\n", in, p.StaticCurve(in))
	}
	// Output:
	//  -30 dB -> -30.000 dB
	//  -20 dB -> -20.562 dB
	//  -10 dB -> -17.500 dB
	//    0 dB -> -15.000 dB
}

func ExampleCompressor_ProcessSidechain() {
	// Duck a stereo pad with a mono trigger track.
	p := dynamics.DefaultCompressorParams()
	p.ThresholdDB, p.Ratio, p.KneeDB, p.AttackMs = -30, 10, 0, 0
	c, err := dynamics.NewCompressor(p, 48000, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	pad := dsp.NewBuffer(2, 480)
	key := dsp.NewBuffer(1, 480)
	for i := range key[0] {
		pad[0][i], pad[1][i] = 0.1, 0.1
		key[0][i] = 1 // 0 dBFS trigger
	}
	c.ProcessSidechain(pad, pad, key)
	fmt.Printf("gain reduction %.1f dB, pad at %.4f\n", c.GainReductionDB(), pad[0][479])
	// Output:
	// gain reduction 27.0 dB, pad at 0.0045
}
