package filter

import (
	"math"
	"testing"
)

// TestMeasuredMagnitude runs sines through every design and compares the
// steady-state gain with MagnitudeDB: within 0.05 dB.
func TestMeasuredMagnitude(t *testing.T) {
	const rate = 48000
	designs := []BandParams{
		band(Peak, 1000, 6, 1), band(Peak, 150, -12, 3),
		band(LowShelf, 200, 8, 0.7071), band(HighShelf, 6000, -6, 0.9),
		band(LowPass, 2000, 0, 2), band(HighPass, 100, 0, 0.7071),
		band(BandPass, 1500, 0, 2), band(Notch, 3000, 0, 1), band(AllPass, 800, 0, 1.5),
		{Kind: HighPass, FreqHz: 100, Q: 0.7071, SlopeDBOct: 24},
		{Kind: LowPass, FreqHz: 5000, Q: 0.7071, SlopeDBOct: 48},
		{Kind: LowPass, FreqHz: 700, Q: 0.7071, SlopeDBOct: 6},
		{Kind: HighPass, FreqHz: 700, Q: 0.7071, SlopeDBOct: 18},
	}
	freqs := []float64{31.5, 100, 315, 1000, 2900, 6000, 10000, 16000}
	if testing.Short() {
		freqs = []float64{100, 1000, 6000}
	}
	for _, p := range designs {
		for _, fr := range freqs {
			f := mustFilter(t, p, rate, 1)
			want := f.MagnitudeDB(fr)
			if want < -90 {
				continue // below what a float32 steady-state measurement resolves to 0.05 dB
			}
			got := measureDB(f, fr, rate, 0.5)
			if math.Abs(got-want) > 0.05 {
				t.Errorf("%s %g Hz (Q %g, %g dB, %d dB/oct) at %g Hz: measured %.3f dB, MagnitudeDB %.3f",
					p.Kind, p.FreqHz, p.Q, p.GainDB, p.SlopeDBOct, fr, got, want)
			}
		}
	}
}

func TestMeasuredNamedCases(t *testing.T) {
	const rate = 48000
	cases := []struct {
		name      string
		p         BandParams
		freq      float64
		want, tol float64
	}{
		{"peak +6 dB 1 kHz Q 1 at 1 kHz", band(Peak, 1000, 6, 1), 1000, 6.00, 0.05},
		{"2nd-order HPF 100 Hz at 100 Hz", band(HighPass, 100, 0, 0.7071067811865476), 100, -3.01, 0.05},
		// 10·log10(1 + (100/50)^8) = 24.1 dB; (100/25)^8: 48.2 dB.
		{"24 dB/oct HPF 100 Hz at 50 Hz", BandParams{Kind: HighPass, FreqHz: 100, Q: 0.7071, SlopeDBOct: 24}, 50, -24.10, 0.3},
		{"24 dB/oct HPF 100 Hz at 25 Hz", BandParams{Kind: HighPass, FreqHz: 100, Q: 0.7071, SlopeDBOct: 24}, 25, -48.16, 0.3},
		// (100/50)^16: 48.2 dB.
		{"48 dB/oct HPF 100 Hz at 50 Hz", BandParams{Kind: HighPass, FreqHz: 100, Q: 0.7071, SlopeDBOct: 48}, 50, -48.16, 0.3},
	}
	for _, c := range cases {
		f := mustFilter(t, c.p, rate, 1)
		got := measureDB(f, c.freq, rate, 1)
		t.Logf("%s: measured %.3f dB (want %.2f)", c.name, got, c.want)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: measured %.3f dB, want %.2f ± %.2f", c.name, got, c.want, c.tol)
		}
	}
}

// TestLowFrequencyStability runs 20 Hz high-passes (2nd and 8th order) at
// 192 kHz: the response is exact, a DC step decays to nothing and the
// impulse response dies away.
func TestLowFrequencyStability(t *testing.T) {
	const rate = 192000
	for _, slope := range []int{12, 48} {
		p := BandParams{Kind: HighPass, FreqHz: 20, Q: 0.7071067811865476, SlopeDBOct: slope}
		f := mustFilter(t, p, rate, 1)
		for _, fr := range []float64{20, 1000} {
			want := f.MagnitudeDB(fr)
			got := measureDB(mustFilter(t, p, rate, 1), fr, rate, 1.5)
			if math.Abs(got-want) > 0.05 {
				t.Errorf("%d dB/oct at %g Hz: measured %.3f, want %.3f", slope, fr, got, want)
			}
		}
		if got := f.MagnitudeDB(20); math.Abs(got+3.0103) > 1e-4 {
			t.Errorf("%d dB/oct: %g dB at the corner", slope, got)
		}
		// DC step: after 3 s at 192 kHz the output is gone.
		n := 3 * rate
		x := make([]float32, n)
		for i := range x {
			x[i] = 0.5
		}
		y := make([]float32, n)
		f.Process([][]float32{y}, [][]float32{x})
		tail := 0.0
		for _, v := range y[n-rate/10:] {
			tail = math.Max(tail, math.Abs(float64(v)))
		}
		if tail > 1e-7 {
			t.Errorf("%d dB/oct: DC step leaves %g after 3 s", slope, tail)
		}
	}
}
