package mixer

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"
)

// gainThrough measures the gain (dB) at f of a mono track's inserts, end
// to end through a session: a 1 s sine at f, measured over the last half
// second against the same session without inserts.
func gainThrough(t *testing.T, inserts string, f float64) float64 {
	t.Helper()
	stems := memStems{"t.wav": {sine(testRate, f, 0.5)}}
	out := mix(t, parse(t, oneTrack(inserts, "")), stems)
	ref := mix(t, parse(t, oneTrack("", "")), stems)
	h := testRate / 2
	return toneDB(out[0][h:], f) - toneDB(ref[0][h:], f)
}

// TestHighpass24dBPerOctave is the product owner's check: a 4th-order
// (24 dB/oct) Butterworth high-pass at 100 Hz attenuates 50 Hz by about
// 24 dB and 25 Hz by about 48 dB. The exact values of the bilinear
// transform, |H|² = 1/(1 + (tan(π·100/fs)/tan(π·f/fs))⁸), are -24.08 and
// -48.16 dB at 48 kHz.
func TestHighpass24dBPerOctave(t *testing.T) {
	hp := `[{"type": "highpass", "freq": 100, "slope": 24}]`
	for _, c := range []struct{ f, about float64 }{{50, -24}, {25, -48}, {100, -3}, {400, 0}} {
		w := math.Tan(math.Pi*100/testRate) / math.Tan(math.Pi*c.f/testRate)
		exact := -10 * math.Log10(1+math.Pow(w, 8))
		got := gainThrough(t, hp, c.f)
		t.Logf("%g Hz: %.3f dB (exact %.3f dB)", c.f, got, exact)
		if math.Abs(got-exact) > 0.05 || math.Abs(got-c.about) > 0.3 {
			t.Errorf("%g Hz: %.3f dB, want %.3f (about %g)", c.f, got, exact, c.about)
		}
	}
	// The same filter as an EQ band.
	got := gainThrough(t, `[{"type": "eq", "bands": [{"type": "highpass", "freq": 100, "slope": 24}]}]`, 25)
	if math.Abs(got+48.16) > 0.1 {
		t.Errorf("eq band: 25 Hz at %.3f dB, want -48.16", got)
	}
}

// cookbook is an independent transcription of the RBJ Audio EQ Cookbook
// formulas (b0, b1, b2, a0, a1, a2) for the magnitude checks.
func cookbook(kind string, f0, gainDB, q float64) [6]float64 {
	w0 := 2 * math.Pi * f0 / testRate
	c, s := math.Cos(w0), math.Sin(w0)
	alpha := s / (2 * q)
	a := math.Pow(10, gainDB/40)
	sa := 2 * math.Sqrt(a) * alpha
	switch kind {
	case "peak":
		return [6]float64{1 + alpha*a, -2 * c, 1 - alpha*a, 1 + alpha/a, -2 * c, 1 - alpha/a}
	case "lowshelf":
		return [6]float64{a * ((a + 1) - (a-1)*c + sa), 2 * a * ((a - 1) - (a+1)*c), a * ((a + 1) - (a-1)*c - sa),
			(a + 1) + (a-1)*c + sa, -2 * ((a - 1) + (a+1)*c), (a + 1) + (a-1)*c - sa}
	case "highshelf":
		return [6]float64{a * ((a + 1) + (a-1)*c + sa), -2 * a * ((a - 1) + (a+1)*c), a * ((a + 1) + (a-1)*c - sa),
			(a + 1) - (a-1)*c + sa, 2 * ((a - 1) - (a+1)*c), (a + 1) - (a-1)*c - sa}
	case "lowpass":
		return [6]float64{(1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha}
	case "highpass":
		return [6]float64{(1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha}
	case "bandpass":
		return [6]float64{alpha, 0, -alpha, 1 + alpha, -2 * c, 1 - alpha}
	case "notch":
		return [6]float64{1, -2 * c, 1, 1 + alpha, -2 * c, 1 - alpha}
	}
	panic(kind)
}

func magnitudeDB(k [6]float64, f float64) float64 {
	z := cmplx.Exp(complex(0, -2*math.Pi*f/testRate))
	h := (complex(k[0], 0) + complex(k[1], 0)*z + complex(k[2], 0)*z*z) /
		(complex(k[3], 0) + complex(k[4], 0)*z + complex(k[5], 0)*z*z)
	return 20 * math.Log10(cmplx.Abs(h))
}

// TestEQBandsMatchCookbook: every band kind, through an eq insert in a
// session, measures as the cookbook formula predicts at the centre, below
// and above.
func TestEQBandsMatchCookbook(t *testing.T) {
	bands := []struct {
		kind        string
		f0, gain, q float64
	}{
		{"peak", 1000, 6, 1}, {"peak", 350, -3, 1.2}, {"lowshelf", 200, 4, 0.7071}, {"highshelf", 5000, -5, 0.7071},
		{"lowpass", 2000, 0, 0.7071}, {"highpass", 300, 0, 2}, {"bandpass", 1500, 0, 3}, {"notch", 1000, 0, 5},
	}
	for _, b := range bands {
		k := cookbook(b.kind, b.f0, b.gain, b.q)
		ins := fmt.Sprintf(`[{"type": "eq", "bands": [{"type": %q, "freq": %g, "gain": %g, "q": %g}]}]`, b.kind, b.f0, b.gain, b.q)
		for _, f := range []float64{b.f0 / 3.1, b.f0 * 0.93, b.f0, b.f0 * 2.7} {
			want := magnitudeDB(k, f)
			if want < -60 {
				continue // the notch's zero: nothing to measure
			}
			got := gainThrough(t, ins, f)
			if math.Abs(got-want) > 0.02 {
				t.Errorf("%s %g Hz: at %.1f Hz %.3f dB, cookbook %.3f dB", b.kind, b.f0, f, got, want)
			}
		}
	}
	// Cookbook identities: a peak's gain at f0 is its gain; a shelf's
	// midpoint is half its gain; a 12 dB/oct Butterworth is -3.01 dB at f0.
	if g := gainThrough(t, `[{"type": "eq", "bands": [{"type": "peak", "freq": 1000, "gain": 6, "q": 1}]}]`, 1000); math.Abs(g-6) > 0.01 {
		t.Errorf("peak +6 dB at f0: %.3f", g)
	}
	if g := gainThrough(t, `[{"type": "eq", "bands": [{"type": "lowshelf", "freq": 200, "gain": 4}]}]`, 200); math.Abs(g-2) > 0.01 {
		t.Errorf("low shelf +4 dB at its midpoint: %.3f, want +2", g)
	}
	if g := gainThrough(t, `[{"type": "lowpass", "freq": 2000}]`, 2000); math.Abs(g+3.0103) > 0.01 {
		t.Errorf("lowpass at f0: %.3f, want -3.01", g)
	}
}
