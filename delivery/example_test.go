package delivery_test

import (
	"fmt"

	"immerse/delivery"
)

// What Spotify does with a loud master, and what Netflix says of a mix
// whose dialogue is too quiet.
func ExampleAssess() {
	spotify, _ := delivery.Lookup("spotify")
	a := delivery.Assess(spotify, delivery.Measurement{IntegratedLUFS: -9.8, TruePeakDBTP: -1.5})
	fmt.Println(a.Action)
	for _, m := range a.Modes {
		fmt.Printf("  %s mode: %+.1f dB\n", m.Name, m.GainDB)
	}

	netflix, _ := delivery.Lookup("netflix")
	dlg, share := -30.4, 42.0
	a = delivery.Assess(netflix, delivery.Measurement{IntegratedLUFS: -24.1, TruePeakDBTP: -4, DialogueLUFS: &dlg, DialoguePercent: &share})
	fmt.Println(a.Verdict, a.Measurement)
	fmt.Println(a.Action)
	// Output:
	// Spotify will turn this down 4.2 dB (-9.8 LUFS to its -14 LUFS)
	//   loud mode: -1.2 dB
	//   normal mode: -4.2 dB
	//   quiet mode: -9.2 dB
	// fail dialogue-gated (approximation)
	// does not meet Netflix: the dialogue measures -30.4 LUFS, 3.4 LU below -27 ±2 LU; turn it up 3.4 dB (immerse normalize --platform netflix)
}

// A phone keeps none of the low end of a 50 Hz square wave (its
// harmonics above 300 Hz still play); a car keeps all of it.
func ExamplePlaybackMeter() {
	sys, _ := delivery.ParseSystems("phone,car")
	m, _ := delivery.NewPlaybackMeter(sys, 48000, 1)
	x := make([]float32, 48000*3)
	for i := range x {
		if i%960 < 480 { // a 50 Hz square wave
			x[i] = 0.1
		} else {
			x[i] = -0.1
		}
	}
	m.Process([][]float32{x})
	for _, r := range m.Result() {
		fmt.Printf("%s: 63 Hz octave %.0f LU; %s\n", r.System, r.LossByBandLU[1].LU, r.Summary)
	}
	// Output:
	// phone: 63 Hz octave -62 LU; 100% of the low end (22–177 Hz) does not come out of the phone speaker; it plays 6.7 LU quieter
	// car: 63 Hz octave 4 LU; the car reproduces all of the low end (22–177 Hz); it plays 2.8 LU louder
}
