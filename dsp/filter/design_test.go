package filter

import (
	"math"
	"math/cmplx"
	"testing"
)

// bilinear maps the analogue prototype (b0 s² + b1 s + b2)/(a0 s² + a1 s + a2),
// normalised to w0 = 1, to z with s = K(1 − z⁻¹)/(1 + z⁻¹), K = 1/tan(w0/2):
// the route the cookbook derives its formulas by, written independently of
// Design's trigonometric form.
func bilinear(b, a [3]float64, w0 float64) Coeffs {
	k := 1 / math.Tan(w0/2)
	k2 := k * k
	n0, n1, n2 := b[0]*k2+b[1]*k+b[2], 2*(b[2]-b[0]*k2), b[0]*k2-b[1]*k+b[2]
	d0, d1, d2 := a[0]*k2+a[1]*k+a[2], 2*(a[2]-a[0]*k2), a[0]*k2-a[1]*k+a[2]
	return Coeffs{n0 / d0, n1 / d0, n2 / d0, d1 / d0, d2 / d0}
}

// prototype returns the cookbook's analogue transfer function of a design.
func prototype(k Kind, gainDB, q float64) (b, a [3]float64) {
	A := math.Pow(10, gainDB/40)
	sa := math.Sqrt(A)
	switch k {
	case LowPass:
		return [3]float64{0, 0, 1}, [3]float64{1, 1 / q, 1}
	case HighPass:
		return [3]float64{1, 0, 0}, [3]float64{1, 1 / q, 1}
	case BandPass:
		return [3]float64{0, 1 / q, 0}, [3]float64{1, 1 / q, 1}
	case Notch:
		return [3]float64{1, 0, 1}, [3]float64{1, 1 / q, 1}
	case AllPass:
		return [3]float64{1, -1 / q, 1}, [3]float64{1, 1 / q, 1}
	case Peak:
		return [3]float64{1, A / q, 1}, [3]float64{1, 1 / (A * q), 1}
	case LowShelf:
		return [3]float64{A, A * sa / q, A * A}, [3]float64{A, sa / q, 1}
	case HighShelf:
		return [3]float64{A * A, A * sa / q, A}, [3]float64{1, sa / q, A}
	}
	panic(k)
}

func closeCoeffs(a, b Coeffs, tol float64) bool {
	d := []float64{a.B0 - b.B0, a.B1 - b.B1, a.B2 - b.B2, a.A1 - b.A1, a.A2 - b.A2}
	for _, v := range d {
		if math.Abs(v) > tol {
			return false
		}
	}
	return true
}

func TestCoefficientsMatchCookbookPrototypes(t *testing.T) {
	type tc struct {
		k       Kind
		f, g, q float64
		rate    int
	}
	var cases []tc
	for _, k := range []Kind{Peak, LowShelf, HighShelf, LowPass, HighPass, BandPass, Notch, AllPass} {
		cases = append(cases,
			tc{k, 1000, 6, 1, 48000},
			tc{k, 80, -9, 0.5, 44100},
			tc{k, 12000, 3.5, 4, 96000},
			tc{k, 20, 12, 0.7071, 192000})
	}
	for _, c := range cases {
		p := band(c.k, c.f, c.g, c.q)
		got := Design(nil, p, c.rate)
		if len(got) != 1 {
			t.Fatalf("%+v: %d sections", c, len(got))
		}
		b, a := prototype(c.k, c.g, c.q)
		want := bilinear(b, a, 2*math.Pi*c.f/float64(c.rate))
		if !closeCoeffs(got[0], want, 1e-12) {
			t.Errorf("%s %g Hz %g dB Q %g at %d: got %+v, want %+v", c.k, c.f, c.g, c.q, c.rate, got[0], want)
		}
	}
}

// TestShelfSlope checks the S form of the shelves: the cookbook's
// 1/Q = √((A + 1/A)(1/S − 1) + 2), so a slope-S shelf equals a Q shelf.
func TestShelfSlope(t *testing.T) {
	for _, k := range []Kind{LowShelf, HighShelf} {
		for _, s := range []float64{1, 0.5, 0.25} {
			g := 9.0
			A := math.Pow(10, g/40)
			q := 1 / math.Sqrt((A+1/A)*(1/s-1)+2)
			p := band(k, 300, g, 0.7071)
			p.ShelfSlope = s
			got := Design(nil, p, 48000)[0]
			b, a := prototype(k, g, q)
			want := bilinear(b, a, 2*math.Pi*300/48000)
			if !closeCoeffs(got, want, 1e-12) {
				t.Errorf("%s S=%g: got %+v, want %+v", k, s, got, want)
			}
		}
	}
	// S = 1 is Q = 1/√2 whatever the gain.
	p := band(LowShelf, 300, 9, 0.7071067811865476)
	q := Design(nil, p, 48000)[0]
	p.ShelfSlope = 1
	s := Design(nil, p, 48000)[0]
	if !closeCoeffs(q, s, 1e-12) {
		t.Errorf("S=1 %+v differs from Q=0.7071 %+v", s, q)
	}
}

// TestButterworthCascade checks the Q values of the cascades and the
// magnitude against the closed form of the bilinear Butterworth filter,
// |H|² = 1/(1 + (tan(πf/fs)/tan(πf0/fs))^±2N), for orders 1 to 8.
func TestButterworthCascade(t *testing.T) {
	// 4th order: Q = 0.5412, 1.3066 (k = 1 is the high-Q one).
	wantQ := map[int][]float64{
		4: {1.3065629648763766, 0.5411961001461970},
		8: {2.5629154477415055, 0.9000000000000000, 0.6013448869350453, 0.5097955791041592},
	}
	for order, qs := range wantQ {
		for k, want := range qs {
			got := 1 / (2 * math.Sin(float64(2*k+1)*math.Pi/float64(2*order)))
			if math.Abs(got-want) > 1e-3 {
				t.Errorf("order %d section %d: Q %g, want %g", order, k+1, got, want)
			}
		}
		secs := Design(nil, BandParams{Kind: HighPass, FreqHz: 100, Q: 0.7071, SlopeDBOct: 6 * order}, 48000)
		if len(secs) != order/2 {
			t.Errorf("order %d: %d sections", order, len(secs))
		}
	}
	const rate = 48000
	f0 := 1000.0
	for order := 1; order <= 8; order++ {
		for _, k := range []Kind{LowPass, HighPass} {
			f := mustFilter(t, BandParams{Kind: k, FreqHz: f0, Q: 0.7071067811865476, SlopeDBOct: 6 * order}, rate, 1)
			if n := len(f.Sections()); n != (order+1)/2 {
				t.Errorf("%s order %d: %d sections", k, order, n)
			}
			for _, fr := range []float64{20, 100, 500, 900, 1000, 1100, 2000, 8000, 20000} {
				r := math.Tan(math.Pi*fr/rate) / math.Tan(math.Pi*f0/rate)
				if k == HighPass {
					r = 1 / r
				}
				want := math.Max(-200, -10*math.Log10(1+math.Pow(r, float64(2*order)))) // MagnitudeDB floors at dsp.MinDB
				if got := f.MagnitudeDB(fr); math.Abs(got-want) > 1e-6*math.Max(1, -want) {
					t.Errorf("%s order %d at %g Hz: %.9f dB, want %.9f", k, order, fr, got, want)
				}
			}
		}
	}
}

func TestNamedValues(t *testing.T) {
	peak := mustFilter(t, band(Peak, 1000, 6, 1), 48000, 1)
	if got := peak.MagnitudeDB(1000); math.Abs(got-6) > 1e-9 {
		t.Errorf("peak +6 dB at 1 kHz: %.12f dB", got)
	}
	hp := mustFilter(t, band(HighPass, 100, 0, 0.7071067811865476), 48000, 1)
	if got := hp.MagnitudeDB(100); math.Abs(got+3.0103) > 1e-4 {
		t.Errorf("HPF 100 Hz at 100 Hz: %.5f dB", got)
	}
	bp := mustFilter(t, band(BandPass, 2000, 0, 3), 48000, 1)
	if got := bp.MagnitudeDB(2000); math.Abs(got) > 1e-9 {
		t.Errorf("band-pass peak gain %.12f dB, want 0", got)
	}
	ap := mustFilter(t, band(AllPass, 2000, 0, 3), 48000, 1)
	for _, f := range []float64{50, 2000, 15000} {
		if got := ap.MagnitudeDB(f); math.Abs(got) > 1e-9 {
			t.Errorf("all-pass at %g Hz: %g dB", f, got)
		}
	}
	if ph := cmplx.Phase(ap.Response(2000)); math.Abs(math.Abs(ph)-math.Pi) > 1e-9 {
		t.Errorf("all-pass phase at f0 %g rad, want ±π", ph)
	}
	notch := mustFilter(t, band(Notch, 3000, 0, 2), 48000, 1)
	if got := notch.MagnitudeDB(3000); got > -150 {
		t.Errorf("notch depth %g dB", got)
	}
	ls := mustFilter(t, band(LowShelf, 200, 8, 0.7071), 48000, 1)
	if got := ls.MagnitudeDB(200); math.Abs(got-4) > 1e-6 {
		t.Errorf("low shelf at its midpoint %g dB, want half the gain 4", got)
	}
	if got := ls.MagnitudeDB(1); math.Abs(got-8) > 0.01 {
		t.Errorf("low shelf at 1 Hz %g dB, want 8", got)
	}
}
