package filter

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"immerse/dsp"
)

func TestDefaultsAndDescribe(t *testing.T) {
	p := DefaultBandParams()
	if p.Kind != Peak || p.FreqHz != 1000 || p.GainDB != 0 || p.Q != 0.7071067811865476 || p.SlopeDBOct != 12 || p.ShelfSlope != 0 {
		t.Errorf("defaults %+v", p)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	names := map[string]bool{}
	for _, d := range p.Describe() {
		names[d.Name] = true
		if d.Doc == "" || d.Min > d.Max || d.Default < d.Min || d.Default > d.Max {
			t.Errorf("bad table entry %+v", d)
		}
	}
	for _, n := range []string{"kind", "freq_hz", "gain_db", "q", "shelf_slope", "slope_db_oct"} {
		if !names[n] {
			t.Errorf("Describe misses %s", n)
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		mod  func(*BandParams)
		want string
	}{
		{func(p *BandParams) { p.FreqHz = 0 }, "freq_hz = 0 Hz is outside the allowed range [1, 96000]"},
		{func(p *BandParams) { p.GainDB = 40 }, "gain_db = 40 dB is outside the allowed range [-36, 36]"},
		{func(p *BandParams) { p.Q = math.NaN() }, "q = NaN"},
		{func(p *BandParams) { p.Kind = "lowpas" }, `kind = "lowpas" is not one of {"peak", "lowshelf"`},
		{func(p *BandParams) { p.SlopeDBOct = 20 }, "slope_db_oct = 20 dB/oct is not a multiple of 6"},
		{func(p *BandParams) { p.SlopeDBOct = 54 }, "slope_db_oct = 54 dB/oct is outside"},
		{func(p *BandParams) { p.ShelfSlope = 1.5 }, "shelf_slope = 1.5 is outside the allowed range [0, 1]"},
	}
	for _, c := range cases {
		p := DefaultBandParams()
		c.mod(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, dsp.ErrParam) {
			t.Errorf("got %v, want a dsp.ErrParam containing %q", err, c.want)
		}
	}
	p := DefaultBandParams()
	p.FreqHz = 30000
	if _, err := New(p, 48000, 2); err == nil || !strings.Contains(err.Error(), "not below the Nyquist frequency 24000 Hz") {
		t.Errorf("30 kHz at 48 kHz: %v", err)
	}
	if _, err := NewEQ(EQParams{Bands: []BandParams{DefaultBandParams(), p}}, 48000, 2); err == nil || !strings.Contains(err.Error(), "eq band 2") {
		t.Errorf("EQ band 2 error: %v", err)
	}
}

func allDesigns() []BandParams {
	return []BandParams{
		band(Peak, 1000, 6, 1), band(LowShelf, 200, 8, 0.7071), band(HighShelf, 6000, -6, 0.9),
		band(LowPass, 2000, 0, 2), band(HighPass, 100, 0, 0.7071), band(BandPass, 1500, 0, 2),
		band(Notch, 3000, 0, 1), band(AllPass, 800, 0, 1.5),
		{Kind: HighPass, FreqHz: 80, Q: 0.7071, SlopeDBOct: 48},
		{Kind: LowPass, FreqHz: 9000, Q: 0.7071, SlopeDBOct: 30},
	}
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 9000, 0.5, 5)
	for _, p := range allDesigns() {
		want := run(mustFilter(t, p, 48000, 2), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			equal(t, string(p.Kind)+" block "+strconv.Itoa(b), run(mustFilter(t, p, 48000, 2), x, b), want)
		}
	}
	eq := EQParams{Bands: allDesigns()}
	mk := func() *EQ {
		e, err := NewEQ(eq, 48000, 2)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	want := run(mk(), x, 4096)
	for _, b := range []int{1, 7, 64, 512} {
		equal(t, "eq block "+strconv.Itoa(b), run(mk(), x, b), want)
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := noise(2, 3000, 0.5, 6)
	for _, p := range allDesigns() {
		f := mustFilter(t, p, 44100, 2)
		run(f, noise(2, 500, 0.9, 1), 100)
		f.Reset()
		equal(t, string(p.Kind), run(f, x, 512), run(mustFilter(t, p, 44100, 2), x, 512))
	}
}

func TestInPlace(t *testing.T) {
	x := noise(2, 1000, 0.5, 8)
	p := band(Peak, 1000, 6, 1)
	want := run(mustFilter(t, p, 48000, 2), x, 1000)
	f := mustFilter(t, p, 48000, 2)
	f.Process(x, x)
	equal(t, "in place", x, want)
}

func TestAllocs(t *testing.T) {
	x := noise(2, 512, 0.5, 1)
	y := dsp.NewBuffer(2, 512)
	f := mustFilter(t, BandParams{Kind: HighPass, FreqHz: 80, Q: 0.7071, SlopeDBOct: 48}, 48000, 2)
	e, _ := NewEQ(EQParams{Bands: allDesigns()}, 48000, 2)
	if a := testing.AllocsPerRun(50, func() {
		f.Process(y, x)
		f.SetFreq(90)
		f.SetGainDB(2)
		f.SetQ(1)
		e.Process(y, x)
		e.Band(0).SetFreq(1200)
	}); a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

// maxSecondDiff is the largest |y[i+1] - 2y[i] + y[i-1]|: a click is a
// spike of it, a smooth signal keeps it at A·(2πf/fs)².
func maxSecondDiff(y []float32) float64 {
	m := 0.0
	for i := 1; i+1 < len(y); i++ {
		m = math.Max(m, math.Abs(float64(y[i+1])-2*float64(y[i])+float64(y[i-1])))
	}
	return m
}

// TestAutomationDoesNotClick sweeps a +12 dB peak from 200 Hz to 4 kHz
// (and its gain from -12 to +12 dB) per 64-frame block on a 440 Hz sine:
// the output stays as smooth as a sine of the largest gain. The same sweep
// with the state cleared at each block (what a naive rebuild would do)
// clicks, which shows the test can fail.
func TestAutomationDoesNotClick(t *testing.T) {
	const rate, n, block = 48000, 48000, 64
	x := sine(n, 440, rate, 0.25)
	bound := 0.25 * 4 * math.Pow(2*math.Pi*440/rate, 2) // +12 dB
	sweep := func(reset bool, param string) float64 {
		f := mustFilter(t, band(Peak, 200, 12, 2), rate, 1)
		y := make([]float32, n)
		for from := 0; from < n; from += block {
			r := float64(from) / n
			if param == "freq" {
				f.SetFreq(200 * math.Pow(20, r))
			} else {
				f.SetFreq(440)
				f.SetGainDB(-12 + 24*r)
			}
			if reset {
				f.Reset()
			}
			f.Process([][]float32{y[from : from+block]}, [][]float32{x[from : from+block]})
		}
		return maxSecondDiff(y[block:])
	}
	for _, param := range []string{"freq", "gain"} {
		smooth, naive := sweep(false, param), sweep(true, param)
		t.Logf("%s sweep: max second difference %.3g (bound %.3g), with state reset %.3g", param, smooth, 1.5*bound, naive)
		if smooth > 1.5*bound {
			t.Errorf("%s sweep clicks: second difference %g > %g", param, smooth, 1.5*bound)
		}
		if naive < 5*bound {
			t.Errorf("%s sweep: the clicking reference is smooth (%g): the test is insensitive", param, naive)
		}
	}
}

func TestEQIsProductOfBands(t *testing.T) {
	bands := allDesigns()[:5]
	e, err := NewEQ(EQParams{Bands: bands}, 48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range []float64{40, 200, 1000, 5000, 15000} {
		want := 0.0
		for _, b := range bands {
			want += mustFilter(t, b, 48000, 1).MagnitudeDB(fr)
		}
		if got := e.MagnitudeDB(fr); math.Abs(got-want) > 1e-9 {
			t.Errorf("EQ at %g Hz: %g dB, sum of bands %g", fr, got, want)
		}
		if got := measureDB(e, fr, 48000, 0.5); math.Abs(got-e.MagnitudeDB(fr)) > 0.05 {
			t.Errorf("EQ measured at %g Hz: %.3f dB, MagnitudeDB %.3f", fr, got, e.MagnitudeDB(fr))
		}
	}
	// Automating a band through Band(i) changes the EQ's response.
	before := e.MagnitudeDB(1000)
	e.Band(0).SetGainDB(-6)
	if d := e.MagnitudeDB(1000) - before; math.Abs(d+12) > 1e-9 {
		t.Errorf("Band(0).SetGainDB(-6) moved 1 kHz by %g dB, want -12", d)
	}
	empty, _ := NewEQ(EQParams{}, 48000, 2)
	x := noise(2, 100, 0.5, 2)
	equal(t, "empty EQ", run(empty, x, 100), x)
}

func TestSettersClamp(t *testing.T) {
	f := mustFilter(t, band(Peak, 1000, 0, 1), 48000, 1)
	f.SetFreq(1e6)
	f.SetGainDB(100)
	f.SetQ(-1)
	f.SetQ(math.NaN())
	p := f.Params()
	if p.FreqHz != 0.4999*48000 || p.GainDB != 36 || p.Q != 0.1 {
		t.Errorf("clamped params %+v", p)
	}
	if err := f.SetParams(BandParams{Kind: "bogus"}); err == nil {
		t.Error("SetParams accepted an invalid kind")
	}
	if f.Params().GainDB != 36 {
		t.Error("a rejected SetParams changed the filter")
	}
}
