package dynamics

import (
	"errors"
	"math"
	"strings"
	"testing"

	"immerse/dsp"
)

// giannoulis is the gain computer of Giannoulis et al. 2012 (eq. 4),
// written out region by region for the test.
func giannoulis(x, t, r, w float64) float64 {
	switch {
	case x < t-w/2:
		return x
	case x > t+w/2:
		return t + (x-t)/r
	}
	return x + (1/r-1)*math.Pow(x-t+w/2, 2)/(2*w)
}

func TestStaticCurveFormula(t *testing.T) {
	for _, w := range []float64{0, 6, 12} {
		p := DefaultCompressorParams()
		p.ThresholdDB, p.Ratio, p.KneeDB = -20, 4, w
		for x := -80.0; x <= 12; x += 0.125 {
			want := x
			if w == 0 {
				if x > -20 {
					want = -20 + (x+20)/4
				}
			} else {
				want = giannoulis(x, -20, 4, w)
			}
			if got := p.StaticCurve(x); math.Abs(got-want) > 1e-12 {
				t.Errorf("knee %g: StaticCurve(%g) = %g, want %g", w, x, got, want)
			}
		}
		// 1:1 below the knee, 1:ratio above, continuous at its edges.
		if s := p.StaticCurve(-40) - p.StaticCurve(-41); math.Abs(s-1) > 1e-12 {
			t.Errorf("knee %g: slope below %g", w, s)
		}
		if s := p.StaticCurve(1) - p.StaticCurve(0); math.Abs(s-0.25) > 1e-12 {
			t.Errorf("knee %g: slope above %g", w, s)
		}
		for _, e := range []float64{-20 - w/2, -20 + w/2} {
			if d := p.StaticCurve(e+1e-9) - p.StaticCurve(e-1e-9); math.Abs(d) > 1e-8 {
				t.Errorf("knee %g: jump %g at %g", w, d, e)
			}
		}
	}
	// Inside a 6 dB knee at the threshold: −20 + (1/4 − 1)·3²/12 = −20.5625.
	p := CompressorParams{ThresholdDB: -20, Ratio: 4, KneeDB: 6}
	if got := p.StaticCurve(-20); math.Abs(got+20.5625) > 1e-12 {
		t.Errorf("StaticCurve(threshold) = %g, want -20.5625", got)
	}
}

// TestStaticCurveMeasured runs steady 1 kHz sines at many levels through
// an RMS-detecting compressor (window 10 ms = 10 cycles, so the detector
// level is constant) and checks the output level against the static curve
// within 0.1 dB, for a hard and a 6 dB soft knee.
func TestStaticCurveMeasured(t *testing.T) {
	for _, knee := range []float64{0, 6} {
		p := DefaultCompressorParams()
		p.ThresholdDB, p.Ratio, p.KneeDB = -20, 4, knee
		p.Detector, p.RMSWindowMs, p.AttackMs, p.ReleaseMs = RMS, 10, 5, 50
		worst := 0.0
		for in := -50.0; in <= 0; in += 2.5 {
			amp := math.Sqrt2 * dsp.DBToGain(in) // RMS level in
			x := sine(rate, 1000, amp)
			c := must[*Compressor](t)(NewCompressor(p, rate, 1))
			y := run(c, [][]float32{x}, nil, 512)[0]
			got := rmsDB(y[rate/2:]) - rmsDB(x[rate/2:])
			want := giannoulis(in, -20, 4, knee) - in
			if knee == 0 && in <= -20 {
				want = 0
			}
			worst = math.Max(worst, math.Abs(got-want))
			if math.Abs(got-want) > 0.1 {
				t.Errorf("knee %g, input %g dB RMS: gain %.3f dB, static curve %.3f dB", knee, in, got, want)
			}
		}
		t.Logf("knee %g dB: worst deviation from the static curve %.4f dB", knee, worst)
	}
}

// grTrace returns the gain reduction in dB per frame, from the output over
// the input (the signals have constant magnitude).
func grTrace(in, out []float32) []float64 {
	gr := make([]float64, len(in))
	for i := range in {
		gr[i] = dsp.GainToDB(math.Abs(float64(in[i]))) - dsp.GainToDB(math.Abs(float64(out[i])))
	}
	return gr
}

// TestAttackRelease steps a constant-magnitude signal from −40 to 0 dBFS
// and back (threshold −20, ratio 10: 18 dB of reduction) and times when
// the reduction covers 63% of its way: the attack and release times.
func TestAttackRelease(t *testing.T) {
	for _, tc := range []struct{ attack, release float64 }{{10, 100}, {1, 250}, {30, 40}} {
		p := DefaultCompressorParams()
		p.ThresholdDB, p.Ratio, p.KneeDB = -20, 10, 0
		p.AttackMs, p.ReleaseMs = tc.attack, tc.release
		n0, n1, n := rate/10, rate/10+rate, rate/10+2*rate
		x := alternating(n, 0.01)
		for i := n0; i < n1; i++ {
			x[i] *= 100
		}
		c := must[*Compressor](t)(NewCompressor(p, rate, 1))
		gr := grTrace(x, run(c, [][]float32{x}, nil, 512)[0])
		if math.Abs(gr[n1-1]-18) > 0.01 {
			t.Errorf("steady reduction %.3f dB, want 18", gr[n1-1])
		}
		at := 0
		for i := n0; i < n1; i++ {
			if gr[i] >= (1-1/math.E)*18 {
				at = i - n0
				break
			}
		}
		rt := 0
		for i := n1; i < n; i++ {
			if gr[i] <= 18/math.E {
				rt = i - n1
				break
			}
		}
		atMs, rtMs := float64(at)*1000/rate, float64(rt)*1000/rate
		t.Logf("attack %g ms: 63%% after %.3f ms; release %g ms: 63%% after %.3f ms", tc.attack, atMs, tc.release, rtMs)
		if math.Abs(atMs-tc.attack) > 0.1*tc.attack {
			t.Errorf("attack %g ms measured %.3f ms", tc.attack, atMs)
		}
		if math.Abs(rtMs-tc.release) > 0.1*tc.release {
			t.Errorf("release %g ms measured %.3f ms", tc.release, rtMs)
		}
	}
}

// kickTrack is a kick-like burst every second: a 60 Hz tone with a 30 ms
// exponential decay, peaking near 0 dBFS, on one channel.
func kickTrack(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		t := float64(i%rate) / rate
		x[i] = float32(math.Exp(-t/0.03) * math.Sin(2*math.Pi*60*t))
	}
	return x
}

// TestSidechainDucking ducks a stereo bass tone with a mono kick track as
// the external key: ≥ 6 dB down during the bursts, < 0.5 dB between them.
func TestSidechainDucking(t *testing.T) {
	p := DefaultCompressorParams()
	p.ThresholdDB, p.Ratio, p.AttackMs, p.ReleaseMs, p.KneeDB = -30, 8, 1, 80, 0
	n := 3 * rate
	bass := [][]float32{sine(n, 80, 0.25), sine(n, 80, 0.25)}
	key := [][]float32{kickTrack(n)}
	c := must[*Compressor](t)(NewCompressor(p, rate, 2))
	y := run(c, bass, key, 512)
	win := func(from, to float64) (during float64) {
		for s := 0; s < 3; s++ {
			a, b := s*rate+int(from*rate), s*rate+int(to*rate)
			for ch := range y {
				d := rmsDB(bass[ch][a:b]) - rmsDB(y[ch][a:b])
				during = math.Max(during, d)
			}
		}
		return during
	}
	minDuck := math.Inf(1)
	for s := 0; s < 3; s++ {
		a, b := s*rate+rate/200, s*rate+rate/25 // 5 .. 40 ms into each burst
		for ch := range y {
			minDuck = math.Min(minDuck, rmsDB(bass[ch][a:b])-rmsDB(y[ch][a:b]))
		}
	}
	between := win(0.7, 0.95)
	t.Logf("bass ducked by at least %.2f dB during the bursts, at most %.3f dB between them", minDuck, between)
	if minDuck < 6 {
		t.Errorf("ducking during the bursts only %.2f dB", minDuck)
	}
	if between >= 0.5 {
		t.Errorf("%.3f dB of ducking between the bursts", between)
	}
	if c.MaxGainReductionDB() < 6 {
		t.Errorf("meter max %.2f dB", c.MaxGainReductionDB())
	}
}

// TestLookahead checks Latency and that the output is the input delayed by
// exactly that many frames (below the threshold the gain is exactly 1).
func TestLookahead(t *testing.T) {
	p := DefaultCompressorParams()
	p.LookaheadMs = 5
	c := must[*Compressor](t)(NewCompressor(p, rate, 2))
	if c.Latency() != 240 {
		t.Fatalf("Latency %d, want 240", c.Latency())
	}
	x := noise(2, 5000, 0.05, 1) // peaks at -26 dBFS, below the -18 dB threshold's knee
	y := run(c, x, nil, 100)
	for ch := range x {
		for i := range x[ch] {
			want := float32(0)
			if i >= 240 {
				want = x[ch][i-240]
			}
			if y[ch][i] != want {
				t.Fatalf("ch %d frame %d: %g, want %g", ch, i, y[ch][i], want)
			}
		}
	}
	// With a step, the reduction is under way when the step leaves the
	// delay: the detector saw it 240 frames earlier.
	p.ThresholdDB, p.Ratio, p.KneeDB, p.AttackMs = -20, 10, 0, 1
	c = must[*Compressor](t)(NewCompressor(p, rate, 1))
	s := alternating(4000, 0.01)
	for i := 1000; i < len(s); i++ {
		s[i] *= 100
	}
	gr := grTrace(s[:len(s)-240], run(c, [][]float32{s}, nil, 64)[0][240:])
	if gr[1000] < 17 {
		t.Errorf("with 5 ms lookahead the step leaves with %.2f dB of reduction, want the full 18", gr[1000])
	}
}

func TestAutoMakeup(t *testing.T) {
	p := DefaultCompressorParams()
	p.ThresholdDB, p.Ratio, p.KneeDB, p.AutoMakeup = -24, 3, 0, true
	if got := p.AutoMakeupDB(); math.Abs(got-16) > 1e-12 {
		t.Fatalf("AutoMakeupDB %g, want 16", got)
	}
	c := must[*Compressor](t)(NewCompressor(p, rate, 1))
	x := alternating(rate, 1)
	y := run(c, [][]float32{x}, nil, 512)[0]
	if got := rmsDB(y[rate/2:]); math.Abs(got) > 0.01 {
		t.Errorf("0 dBFS in, %.3f dB out with auto makeup", got)
	}
}

func TestMakeupRamps(t *testing.T) {
	p := DefaultCompressorParams()
	p.ThresholdDB = 0
	c := must[*Compressor](t)(NewCompressor(p, rate, 1))
	x := alternating(2048, 0.1)
	c.SetMakeupDB(6)
	y := run(c, [][]float32{x}, nil, 2048)[0]
	ramp := dsp.RampFrames(rate)
	for i := 1; i < ramp; i++ {
		if math.Abs(float64(y[i])) <= math.Abs(float64(y[i-1])) {
			t.Fatalf("makeup does not ramp up at frame %d", i)
		}
	}
	if g := math.Abs(float64(y[ramp+10]) / 0.1); math.Abs(dsp.GainToDB(g)-6) > 1e-4 {
		t.Errorf("makeup after the ramp %.4f dB", dsp.GainToDB(g))
	}
}

func TestCompressorValidate(t *testing.T) {
	p := DefaultCompressorParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	p.Ratio = 0.5
	err := p.Validate()
	if err == nil || !errors.Is(err, dsp.ErrParam) || !strings.Contains(err.Error(), "dynamics: compressor: ratio = 0.5 ratio is outside the allowed range [1, 100]") {
		t.Errorf("got %v", err)
	}
	p = DefaultCompressorParams()
	p.Detector = "vu"
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), `detector = "vu" is not one of {"peak", "rms"}`) {
		t.Errorf("got %v", err)
	}
	p = DefaultCompressorParams()
	p.SidechainHPFHz = 1500
	if _, err := NewCompressor(p, 2000, 1); err == nil {
		t.Error("sidechain HPF above Nyquist accepted")
	}
	d := DefaultCompressorParams()
	if d.ThresholdDB != -18 || d.Ratio != 4 || d.Detector != Peak || d.Link != LinkMax || d.AttackMs != 10 {
		t.Errorf("defaults %+v", d)
	}
}

// TestLink: a key with a loud left and a silent right channel reads as the
// left's level when linked by max, and as the mean |x| (peak) or mean x²
// (RMS) when linked by mean; the steady gain reduction shows it.
func TestLink(t *testing.T) {
	cases := []struct {
		detector, link string
		levelDB        float64
	}{
		{Peak, LinkMax, dsp.GainToDB(0.5)},
		{Peak, LinkMean, dsp.GainToDB(0.25)},
		{RMS, LinkMax, dsp.PowerToDB(0.25)},
		{RMS, LinkMean, dsp.PowerToDB(0.125)},
	}
	for _, c := range cases {
		p := DefaultCompressorParams()
		p.ThresholdDB, p.Ratio, p.KneeDB, p.AttackMs = -30, 2, 0, 0
		p.Detector, p.Link = c.detector, c.link
		x := [][]float32{alternating(rate/4, 0.5), make([]float32, rate/4)}
		y := run(must[*Compressor](t)(NewCompressor(p, rate, 2)), x, nil, 512)
		gr := grTrace(x[0], y[0])[rate/4-1]
		want := (c.levelDB + 30) / 2
		if math.Abs(gr-want) > 1e-3 {
			t.Errorf("%s %s: gain reduction %.4f dB, want %.4f", c.detector, c.link, gr, want)
		}
	}
}

// TestSidechainHPF: a 40 Hz key ducks the program without the key
// high-pass, and barely with a 300 Hz one (12 dB/oct: the key drops by
// about 35 dB, below the threshold).
func TestSidechainHPF(t *testing.T) {
	for _, hpf := range []float64{0, 300} {
		p := DefaultCompressorParams()
		p.ThresholdDB, p.Ratio, p.KneeDB, p.SidechainHPFHz = -30, 8, 0, hpf
		n := rate / 2
		prog := [][]float32{alternating(n, 0.1)}
		key := [][]float32{sine(n, 40, 0.5)}
		c := must[*Compressor](t)(NewCompressor(p, rate, 1))
		y := run(c, prog, key, 512)
		duck := rmsDB(prog[0][n/2:]) - rmsDB(y[0][n/2:])
		t.Logf("sidechain HPF %g Hz: 40 Hz key ducks by %.2f dB", hpf, duck)
		if hpf == 0 && duck < 10 {
			t.Errorf("without the key high-pass the ducking is only %.2f dB", duck)
		}
		if hpf > 0 && duck > 0.5 {
			t.Errorf("with a %g Hz key high-pass the ducking is %.2f dB", hpf, duck)
		}
	}
}
