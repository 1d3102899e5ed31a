package stereo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"immerse/dsp"
	"immerse/dsp/filter"
)

const rate = 48000

func noise(ch, n int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(r.Float64() - 0.5)
		}
	}
	return x
}

// run processes x in blocks (dsp.ProcessAll).
func run(p dsp.Processor, x [][]float32, block int) [][]float32 { return dsp.ProcessAll(p, x, block) }

func ms(t testing.TB, p MidSideParams) *MidSide {
	t.Helper()
	m, err := NewMidSide(p, rate)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func util(t testing.TB, p UtilityParams, ch int) *Utility {
	t.Helper()
	u, err := NewUtility(p, rate, ch)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func peakEQ() filter.EQParams {
	b := filter.DefaultBandParams()
	b.FreqHz, b.GainDB, b.Q = 1000, 9, 1
	return filter.EQParams{Bands: []filter.BandParams{b}}
}

// TestMidSideAnalytic checks the closed forms on noise: out mid = gm·mid,
// out side = gs·width·side.
func TestMidSideAnalytic(t *testing.T) {
	x := noise(2, 4000, 1)
	for _, c := range []struct{ gm, gs, w float64 }{{0, 0, 1}, {6, -3, 1}, {-4, 2, 0.5}, {0, 0, 2}, {3, 12, 0}} {
		p := DefaultMidSideParams()
		p.MidGainDB, p.SideGainDB, p.Width = c.gm, c.gs, c.w
		y := run(ms(t, p), x, 512)
		gm, gs := dsp.DBToGain(c.gm), dsp.DBToGain(c.gs)*c.w
		for i := range x[0] {
			m, s := 0.5*(float64(x[0][i])+float64(x[1][i])), 0.5*(float64(x[0][i])-float64(x[1][i]))
			om, os := 0.5*(float64(y[0][i])+float64(y[1][i])), 0.5*(float64(y[0][i])-float64(y[1][i]))
			if math.Abs(om-gm*m) > 1e-6 || math.Abs(os-gs*s) > 1e-6 {
				t.Fatalf("%+v frame %d: mid %g side %g, want %g %g", c, i, om, os, gm*m, gs*s)
			}
		}
	}
}

// TestMidSideSpecialCases: L=R input has no side (outputs stay equal even
// with side gain and a side EQ); width 0 gives L == R exactly; width 1 and
// unity gains pass the input unchanged.
func TestMidSideSpecialCases(t *testing.T) {
	x := noise(2, 3000, 2)
	same := dsp.NewBuffer(2, 3000)
	copy(same[0], x[0])
	copy(same[1], x[0])
	p := DefaultMidSideParams()
	p.SideGainDB, p.EQTarget, p.EQ = 12, EQSide, peakEQ()
	y := run(ms(t, p), same, 256)
	for i := range y[0] {
		if y[0][i] != y[1][i] || y[0][i] != same[0][i] {
			t.Fatalf("L=R input, frame %d: %g %g, want both %g (no side)", i, y[0][i], y[1][i], same[0][i])
		}
	}
	p = DefaultMidSideParams()
	p.Width = 0
	y = run(ms(t, p), x, 256)
	for i := range y[0] {
		if y[0][i] != y[1][i] {
			t.Fatalf("width 0, frame %d: L %g != R %g", i, y[0][i], y[1][i])
		}
	}
	y = run(ms(t, DefaultMidSideParams()), x, 256)
	for c := range x {
		for i := range x[c] {
			if math.Abs(float64(y[c][i]-x[c][i])) > 1e-7 {
				t.Fatalf("unity: ch %d frame %d: %g, want %g", c, i, y[c][i], x[c][i])
			}
		}
	}
}

// TestMidSideEQ: an EQ on the mid shapes a centred tone by its response and
// leaves a pure side tone alone; on the side, the reverse.
func TestMidSideEQ(t *testing.T) {
	n := rate
	tone := func(anti bool) [][]float32 {
		x := dsp.NewBuffer(2, n)
		for i := range x[0] {
			v := float32(0.25 * math.Sin(2*math.Pi*1000*float64(i)/rate))
			x[0][i], x[1][i] = v, v
			if anti {
				x[1][i] = -v
			}
		}
		return x
	}
	level := func(x []float32) float64 {
		s := 0.0
		for _, v := range x[n/2:] {
			s += float64(v) * float64(v)
		}
		return dsp.PowerToDB(s)
	}
	for _, target := range []string{EQMid, EQSide} {
		p := DefaultMidSideParams()
		p.EQTarget, p.EQ = target, peakEQ()
		m := ms(t, p)
		want := m.EQ().MagnitudeDB(1000) // 9 dB
		for _, anti := range []bool{false, true} {
			x := tone(anti)
			y := run(ms(t, p), x, 512)
			got := level(y[0]) - level(x[0])
			expect := 0.0
			if (target == EQSide) == anti {
				expect = want
			}
			if math.Abs(got-expect) > 0.05 {
				t.Errorf("EQ on %s, side tone %v: %.3f dB, want %.3f", target, anti, got, expect)
			}
		}
	}
}

func TestUtility(t *testing.T) {
	x := noise(2, 1000, 3)
	cases := []struct {
		name string
		p    UtilityParams
		want func(l, r float64) (float64, float64)
	}{
		{"swap", UtilityParams{Swap: true}, func(l, r float64) (float64, float64) { return r, l }},
		{"invert left", UtilityParams{InvertLeft: true}, func(l, r float64) (float64, float64) { return -l, r }},
		{"invert both", UtilityParams{InvertLeft: true, InvertRight: true}, func(l, r float64) (float64, float64) { return -l, -r }},
		{"mono", UtilityParams{Mono: true}, func(l, r float64) (float64, float64) { return (l + r) / 2, (l + r) / 2 }},
		{"gain -6.0206", UtilityParams{GainDB: -6.020599913279624}, func(l, r float64) (float64, float64) { return l / 2, r / 2 }},
		{"balance right 0.5", UtilityParams{Balance: 0.5}, func(l, r float64) (float64, float64) { return l / 2, r }},
		{"balance left 1", UtilityParams{Balance: -1}, func(l, r float64) (float64, float64) { return l, 0 }},
		{"swap+invert right", UtilityParams{Swap: true, InvertRight: true}, func(l, r float64) (float64, float64) { return r, -l }},
	}
	for _, c := range cases {
		y := run(util(t, c.p, 2), x, 100)
		for i := range x[0] {
			wl, wr := c.want(float64(x[0][i]), float64(x[1][i]))
			if math.Abs(float64(y[0][i])-wl) > 1e-7 || math.Abs(float64(y[1][i])-wr) > 1e-7 {
				t.Fatalf("%s frame %d: %g %g, want %g %g", c.name, i, y[0][i], y[1][i], wl, wr)
			}
		}
	}
	if x := [][]float32{{0.5, -0.25}}; true {
		y := run(util(t, UtilityParams{InvertLeft: true, GainDB: 6.020599913279624}, 1), x, 2)
		if math.Abs(float64(y[0][0])+1) > 1e-6 || math.Abs(float64(y[0][1])-0.5) > 1e-6 {
			t.Errorf("mono utility: %v", y[0])
		}
	}
	if _, err := NewUtility(UtilityParams{Swap: true}, rate, 1); err == nil {
		t.Error("swap on one channel accepted")
	}
}

// TestUtilitySwitchRamps: flipping the polarity mid-stream crosses through
// zero over the ramp instead of jumping.
func TestUtilitySwitchRamps(t *testing.T) {
	u := util(t, DefaultUtilityParams(), 2)
	x := dsp.NewBuffer(2, 4096)
	for c := range x {
		for i := range x[c] {
			x[c][i] = 0.5
		}
	}
	run(u, x, 512)
	u.SetInvert(true, false)
	y := run(u, x, 512)
	ramp := dsp.RampFrames(rate)
	for i := 1; i < len(y[0]); i++ {
		if d := math.Abs(float64(y[0][i] - y[0][i-1])); d > 1.0/float64(ramp)+1e-6 {
			t.Fatalf("frame %d: step %g, more than the ramp's %g", i, d, 1.0/float64(ramp))
		}
	}
	if y[0][ramp] != -0.5 || y[1][ramp] != 0.5 {
		t.Errorf("after the ramp: %g %g", y[0][ramp], y[1][ramp])
	}
}

func makers() map[string]func(testing.TB) dsp.Processor {
	return map[string]func(testing.TB) dsp.Processor{
		"midside-eq": func(t testing.TB) dsp.Processor {
			p := DefaultMidSideParams()
			p.Width, p.SideGainDB, p.EQTarget, p.EQ = 1.4, 2, EQMid, peakEQ()
			return ms(t, p)
		},
		"utility": func(t testing.TB) dsp.Processor {
			return util(t, UtilityParams{GainDB: -3, Balance: 0.3, InvertRight: true}, 2)
		},
	}
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 9000, 4)
	for name, mk := range makers() {
		want := run(mk(t), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			got := run(mk(t), x, b)
			for c := range got {
				for i := range got[c] {
					if got[c][i] != want[c][i] {
						t.Fatalf("%s block %s: ch %d frame %d: %g != %g", name, strconv.Itoa(b), c, i, got[c][i], want[c][i])
					}
				}
			}
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := noise(2, 3000, 5)
	for name, mk := range makers() {
		p := mk(t)
		run(p, noise(2, 1000, 6), 256)
		p.Reset()
		got, want := run(p, x, 512), run(mk(t), x, 512)
		for c := range got {
			for i := range got[c] {
				if got[c][i] != want[c][i] {
					t.Fatalf("%s: ch %d frame %d: %g after Reset, %g new", name, c, i, got[c][i], want[c][i])
				}
			}
		}
	}
}

func TestAllocs(t *testing.T) {
	x := noise(2, 512, 1)
	m := makers()["midside-eq"](t).(*MidSide)
	u := makers()["utility"](t).(*Utility)
	if a := testing.AllocsPerRun(20, func() {
		m.Process(x, x)
		m.SetWidth(0.7)
		m.EQ().Band(0).SetGainDB(3)
		u.Process(x, x)
		u.SetMono(true)
		u.SetBalance(-0.2)
	}); a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

func TestValidate(t *testing.T) {
	if err := DefaultMidSideParams().Validate(); err != nil {
		t.Fatal(err)
	}
	p := DefaultMidSideParams()
	p.Width = 3
	if err := p.Validate(); err == nil {
		t.Error("width 3 accepted")
	}
	p = DefaultMidSideParams()
	p.EQTarget = "both"
	if err := p.Validate(); err == nil {
		t.Error("eq_target both accepted")
	}
	p = DefaultMidSideParams()
	p.EQ = peakEQ()
	p.EQ.Bands[0].Q = 0
	if err := p.Validate(); err == nil {
		t.Error("EQ band with Q 0 accepted")
	}
	u := DefaultUtilityParams()
	u.Balance = 2
	if err := u.Validate(); err == nil {
		t.Error("balance 2 accepted")
	}
}

func BenchmarkStereo(b *testing.B) {
	for name, mk := range makers() {
		b.Run(name, func(b *testing.B) {
			p := mk(b)
			x := noise(2, 512, 1)
			y := dsp.NewBuffer(2, 512)
			b.ReportAllocs()
			b.SetBytes(2 * 512 * 4)
			for b.Loop() {
				p.Process(y, x)
			}
			b.ReportMetric(512.0/rate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
		})
	}
}
