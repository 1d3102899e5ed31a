package filter_test

import (
	"fmt"

	"immerse/dsp/filter"
)

func ExampleNew() {
	// A 24 dB/oct high-pass at 100 Hz on a stereo bus at 48 kHz.
	p := filter.DefaultBandParams()
	p.Kind, p.FreqHz, p.SlopeDBOct = filter.HighPass, 100, 24
	hp, err := filter.New(p, 48000, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []float64{25, 50, 100, 1000} {
		fmt.Printf("%5.0f Hz %6.2f dB\n", f, hp.MagnitudeDB(f))
	}
	// Output:
	//    25 Hz -48.17 dB
	//    50 Hz -24.10 dB
	//   100 Hz  -3.01 dB
	//  1000 Hz  -0.00 dB
}

func ExampleNewEQ() {
	low := filter.BandParams{Kind: filter.LowShelf, FreqHz: 120, GainDB: 3, Q: 0.7071, SlopeDBOct: 12}
	mid := filter.BandParams{Kind: filter.Peak, FreqHz: 2500, GainDB: -4, Q: 1.5, SlopeDBOct: 12}
	eq, err := filter.NewEQ(filter.EQParams{Bands: []filter.BandParams{low, mid}}, 48000, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("2.5 kHz: %.2f dB\n", eq.MagnitudeDB(2500))
	eq.Band(1).SetGainDB(-2) // automation, between blocks
	fmt.Printf("2.5 kHz: %.2f dB\n", eq.MagnitudeDB(2500))
	// Output:
	// 2.5 kHz: -4.00 dB
	// 2.5 kHz: -2.00 dB
}
