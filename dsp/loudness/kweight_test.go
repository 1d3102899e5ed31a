package loudness

import (
	"math"
	"math/cmplx"
	"testing"
)

// BS.1770-5 Annex 1, Tables 1 and 2 (48 kHz).
var (
	tableShelf = Biquad{B0: 1.53512485958697, B1: -2.69169618940638, B2: 1.19839281085285,
		A1: -1.69065929318241, A2: 0.73248077421585}
	tableHighPass = Biquad{B0: 1, B1: -2, B2: 1, A1: -1.99004745483398, A2: 0.99007225036621}
)

func TestKWeightingTable48k(t *testing.T) {
	shelf, hp := KWeighting(48000)
	check := func(name string, got, want Biquad) {
		g := []float64{got.B0, got.B1, got.B2, got.A1, got.A2}
		w := []float64{want.B0, want.B1, want.B2, want.A1, want.A2}
		for i := range g {
			// The table prints 14 decimals; the derived values agree to
			// the last printed digit.
			if math.Abs(g[i]-w[i]) > 1e-12 {
				t.Errorf("%s coefficient %d = %.17g, BS.1770 table %.14f (diff %.2g)", name, i, g[i], w[i], g[i]-w[i])
			}
		}
	}
	check("shelf", shelf, tableShelf)
	check("high-pass", hp, tableHighPass)
}

func kGainDB(f, fs float64) float64 {
	s, h := KWeighting(fs)
	return 20 * math.Log10(cmplx.Abs(s.Response(f, fs)*h.Response(f, fs)))
}

func tableGainDB(f float64) float64 {
	return 20 * math.Log10(cmplx.Abs(tableShelf.Response(f, 48000)*tableHighPass.Response(f, 48000)))
}

// BS.1770 asks other rates for the 48 kHz frequency response.
func TestKWeightingOtherRates(t *testing.T) {
	for _, fs := range []float64{44100, 88200, 96000, 176400, 192000, 384000} {
		worst, at := 0.0, 0.0
		for f := 20.0; f <= 15000; f *= 1.005 {
			if d := kGainDB(f, fs) - tableGainDB(f); math.Abs(d) > math.Abs(worst) {
				worst, at = d, f
			}
		}
		t.Logf("%6.0f Hz: largest deviation from the 48 kHz table %+.4f dB at %.0f Hz", fs, worst, at)
		if math.Abs(worst) > 0.01 {
			t.Errorf("%g Hz: K-weighting deviates %.4f dB from the 48 kHz response at %.0f Hz", fs, worst, at)
		}
	}
}

// BS.1770-5 Note 1 to eq. (2): −0.691 cancels the K-weighting gain at 997 Hz.
func TestKWeightingGainAt997Hz(t *testing.T) {
	if g := kGainDB(997, 48000); math.Abs(g+kOffset) > 0.0005 {
		t.Errorf("K-weighting gain at 997 Hz = %.4f dB, want 0.691", g)
	}
}

// The streaming filter realises the designed response: a steady sine comes
// out with mean square (A²/2)·|H|².
func TestKFilterMatchesResponse(t *testing.T) {
	for _, fs := range []int{44100, 48000, 96000} {
		shelf, hp := KWeighting(float64(fs))
		for _, f := range []float64{40, 100, 997, 3000, 10000} {
			x := sine(fs, f, 0.5, 0, 3, 0)
			var st kState
			kFilterSquares(&st, &shelf, &hp, x[:fs], 0) // settle 1 s
			ms := kFilterSquares(&st, &shelf, &hp, x[fs:], 0) / float64(len(x)-fs)
			want := 0.125 * math.Pow(cmplx.Abs(shelf.Response(f, float64(fs))*hp.Response(f, float64(fs))), 2)
			if d := 10 * math.Log10(ms/want); math.Abs(d) > 0.001 {
				t.Errorf("%d Hz, %g Hz sine: filtered power off by %.4f dB", fs, f, d)
			}
		}
	}
}
