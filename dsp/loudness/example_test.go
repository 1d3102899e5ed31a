package loudness_test

import (
	"fmt"
	"math"

	"immerse/dsp/loudness"
)

// Measure a stereo 1 kHz tone at −23 dBFS (EBU Tech 3341 case 1).
func Example() {
	const rate = 48000
	m, err := loudness.New(rate, 2, nil)
	if err != nil {
		panic(err)
	}
	block := [][]float32{make([]float32, 1024), make([]float32, 1024)}
	amp := math.Pow(10, -23.0/20)
	for n := 0; n < 20*rate; n += 1024 {
		for i := range block[0] {
			v := float32(amp * math.Sin(2*math.Pi*1000*float64(n+i)/rate))
			block[0][i], block[1][i] = v, v
		}
		m.Process(block)
	}
	r := m.Result()
	fmt.Printf("I %.1f LUFS, LRA %.1f LU, max M %.1f LUFS, true peak %.1f dBTP\n",
		r.IntegratedLUFS, r.LoudnessRangeLU, r.MaxMomentaryLUFS, r.TruePeakDBTP)
	// Output:
	// I -23.0 LUFS, LRA 0.0 LU, max M -23.0 LUFS, true peak -23.0 dBTP
}

// Weights for a 5.1 programme in WAV order (FL FR FC LFE BL BR), from the
// loudspeaker positions of BS.2051 layout 0+5+0.
func ExampleChannelWeight() {
	pos := []struct {
		az  float64
		lfe bool
	}{{30, false}, {-30, false}, {0, false}, {0, true}, {110, false}, {-110, false}}
	for _, p := range pos {
		fmt.Print(loudness.ChannelWeight(p.az, 0, p.lfe), " ")
	}
	fmt.Println()
	// Output:
	// 1 1 1 0 1.41 1.41
}

// A true-peak meter for a normalizer: the peak of a 12 kHz tone whose
// samples miss its crests by 45° (EBU Tech 3341 case 16, with 10 ms fades).
func ExampleTruePeak() {
	tp, _ := loudness.NewTruePeak(48000, 1)
	x := make([]float32, 4800)
	for i := range x {
		fade := min(1, float64(min(i, len(x)-1-i))/480)
		x[i] = float32(0.5 * fade * math.Sin(2*math.Pi*float64(i)/4+math.Pi/4))
	}
	tp.Measure([][]float32{x})
	fmt.Printf("sample peak %.2f, true peak %.2f dBTP\n", 20*math.Log10(0.5*math.Sqrt(0.5)), tp.PeakDB())
	// Output:
	// sample peak -9.03, true peak -6.02 dBTP
}
