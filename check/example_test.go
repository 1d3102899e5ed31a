package check_test

import (
	"fmt"
	"math"

	"immerse/check"
	"immerse/dsp"
	"immerse/speakers"
)

// Check a 5.1 stream: a 1 kHz tone at -23 dBFS in the front pair, and the
// same tone polarity-inverted in the right surround. 5.1 reads -23 + 10
// log10((1 + 1 + 1.41)/2) = -20.68 LUFS (the surround weighs 1.41). The
// Lo/Ro fold-down adds the surround at -3 dB to the right front, which
// partly cancels it (R = 0.2929 v): -25.65 LUFS, a 4.97 LU drop that the
// jump rule flags. Left and right stay in phase (correlation 1), and mono
// loses 10 log10(1.0858/0.8358) = 1.14 LU.
func Example() {
	const rate, n = 48000, 10 * 48000
	l, _ := speakers.Get("5.1")
	src := dsp.NewBuffer(6, n)
	amp := math.Pow(10, -23.0/20)
	for i := range n {
		v := float32(amp * math.Sin(2*math.Pi*1000*float64(i)/rate))
		src[l.Index("M+030")][i] = v
		src[l.Index("M-030")][i] = v
		src[l.Index("M-110")][i] = -v
	}
	r, err := check.Source(dsp.NewBufferSource(src, rate), l, check.Options{})
	if err != nil {
		panic(err)
	}
	for _, s := range r.Stages {
		fmt.Printf("%-4s I %6.2f LUFS  TP %6.2f dBTP", s.Name, s.IntegratedLUFS, s.TruePeakDBTP)
		if s.Correlation != nil {
			fmt.Printf("  correlation %.2f  mono loss %.2f LU", s.Correlation.Mean, *s.MonoLossLU)
		}
		fmt.Println()
	}
	fmt.Println("verdict:", r.Verdict)
	for _, p := range r.Problems {
		fmt.Println(p.Severity, p.Stage, p.Metric, p.Value)
	}
	// Output:
	// 5.1  I -20.68 LUFS  TP -23.00 dBTP
	// 2.0  I -25.65 LUFS  TP -23.00 dBTP  correlation 1.00  mono loss 1.14 LU
	// 1.0  I -26.78 LUFS  TP -23.78 dBTP
	// verdict: warn
	// warn 2.0 loudnessChangeLU -4.97
}
