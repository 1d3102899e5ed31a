package dynamics

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
	"immerse/dsp/oversample"
)

// music builds 3 s of a loud music-like stereo signal: bass, a chord,
// kicks, noisy snare/hat bursts and a passage at fs/4 with a 45° phase,
// whose true peak is 3 dB above its sample peak. It is scaled so that its
// sample peak is peakDB.
func music(peakDB float64) [][]float32 {
	n := 3 * rate
	r := rand.New(rand.NewPCG(42, 42))
	x := dsp.NewBuffer(2, n)
	chord := []float64{220, 277.18, 329.63, 440, 554.37, 659.26}
	for i := 0; i < n; i++ {
		tm := float64(i) / rate
		for c := range x {
			v := 0.3 * math.Sin(2*math.Pi*55*tm+float64(c))
			for k, f := range chord {
				v += 0.08 * math.Sin(2*math.Pi*f*(1+0.001*float64(c))*tm+float64(k))
			}
			kt := math.Mod(tm, 0.5)
			v += math.Exp(-kt/0.08) * math.Sin(2*math.Pi*(50+200*math.Exp(-kt/0.01))*kt)
			st := math.Mod(tm+0.25, 0.5)
			v += 0.6 * math.Exp(-st/0.03) * (2*r.Float64() - 1)
			if tm >= 2 && tm < 2.2 {
				v += 0.9 * math.Sin(math.Pi/2*float64(i)+math.Pi/4)
			}
			x[c][i] = float32(v)
		}
	}
	peak := 0.0
	for c := range x {
		for _, v := range x[c] {
			peak = math.Max(peak, math.Abs(float64(v)))
		}
	}
	g := dsp.DBToGain(peakDB) / peak
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(float64(x[c][i]) * g)
		}
	}
	return x
}

// truePeak estimates the true peak of x with a 4× oversampler (the
// package's default, ≥ 90 dB image rejection).
func truePeak(t *testing.T, x [][]float32) float64 {
	o := must[*oversample.Oversampler](t)(oversample.New(len(x), oversample.Config{Factor: 4}))
	up := dsp.NewBuffer(len(x), 4*dsp.Frames(x))
	o.Up(up, x)
	p := 0.0
	for c := range up {
		for _, v := range up[c] {
			p = math.Max(p, math.Abs(float64(v)))
		}
	}
	return p
}

func samplePeak(x [][]float32) float64 {
	p := 0.0
	for c := range x {
		for _, v := range x[c] {
			p = math.Max(p, math.Abs(float64(v)))
		}
	}
	return p
}

func TestLimiterCeiling(t *testing.T) {
	for _, tc := range []struct{ ceiling, lookahead, release float64 }{{-1, 1.5, 50}, {-0.1, 1.5, 10}, {-6, 5, 200}, {-1, 1, 1}} {
		p := DefaultLimiterParams()
		p.CeilingDB, p.LookaheadMs, p.ReleaseMs = tc.ceiling, tc.lookahead, tc.release
		x := music(tc.ceiling + 12)
		l := must[*Limiter](t)(NewLimiter(p, rate, 2))
		y := run(l, x, nil, 512)
		ceil := dsp.DBToGain(tc.ceiling)
		sp, tp := samplePeak(y), truePeak(t, y)
		inTP := truePeak(t, x)
		t.Logf("ceiling %g dBTP, lookahead %g ms, release %g ms: input sample peak %+.2f dB, true peak %+.2f dB; output sample peak %+.4f dB, true peak %+.3f dB, max GR %.2f dB",
			tc.ceiling, tc.lookahead, tc.release, dsp.GainToDB(samplePeak(x)), dsp.GainToDB(inTP), dsp.GainToDB(sp), dsp.GainToDB(tp), l.MaxGainReductionDB())
		if sp > ceil+1e-6 {
			t.Errorf("ceiling %g: sample peak %.9f exceeds %.9f", tc.ceiling, sp, ceil)
		}
		if dsp.GainToDB(tp) > tc.ceiling+0.5 {
			t.Errorf("ceiling %g: true peak %.3f dBTP", tc.ceiling, dsp.GainToDB(tp))
		}
		if l.MaxGainReductionDB() < 11 {
			t.Errorf("max gain reduction %.2f dB for peaks 12 dB over", l.MaxGainReductionDB())
		}
	}
}

// TestLimiterTransparent: below the ceiling the output is the input delayed
// by exactly Latency frames.
func TestLimiterTransparent(t *testing.T) {
	l := must[*Limiter](t)(NewLimiter(DefaultLimiterParams(), rate, 2))
	if l.Latency() != 72 {
		t.Fatalf("Latency %d, want 72 (1.5 ms)", l.Latency())
	}
	x := noise(2, 5000, 0.25, 2)
	y := run(l, x, nil, 333)
	for c := range x {
		for i := range x[c] {
			want := float32(0)
			if i >= 72 {
				want = x[c][i-72]
			}
			if y[c][i] != want {
				t.Fatalf("ch %d frame %d: %g, want %g", c, i, y[c][i], want)
			}
		}
	}
	if l.MaxGainReductionDB() != 0 {
		t.Errorf("gain reduction %g below the ceiling", l.MaxGainReductionDB())
	}
}

// TestLimiterRelease: after a loud burst the gain recovers 63% of its
// reduction (in linear gain) within the release time. A second channel
// carries a tiny constant probe whose output over input is the gain.
func TestLimiterRelease(t *testing.T) {
	p := DefaultLimiterParams()
	p.CeilingDB, p.ReleaseMs = -6, 100
	l := must[*Limiter](t)(NewLimiter(p, rate, 2))
	x := dsp.NewBuffer(2, rate)
	for i := range x[0] {
		x[0][i], x[1][i] = 0.1, 0.001
		if i >= 1000 && i < 1100 {
			x[0][i] = 1
		}
	}
	y := run(l, x, nil, 256)
	lat := l.Latency()
	gain := func(i int) float64 { return float64(y[1][i+lat]) / float64(x[1][i]) }
	gMin, last := 1.0, 0
	for i := 0; i+lat < rate; i++ {
		if g := gain(i); g < gMin {
			gMin = g
		}
	}
	for i := 0; i+lat < rate; i++ {
		if gain(i) == gMin {
			last = i
		}
	}
	ceil := dsp.DBToGain(-6)
	if gMin > ceil || gMin < ceil/1.2 {
		t.Errorf("gain on the burst %g, want just below %g", gMin, ceil)
	}
	hit := 0
	for i := last; i+lat < rate; i++ {
		if gain(i)-gMin >= (1-1/math.E)*(1-gMin) {
			hit = i - last
			break
		}
	}
	ms := float64(hit) * 1000 / rate
	t.Logf("gain on the burst %.4f (%.2f dB); release 100 ms: 63%% recovered %.2f ms after the hold", gMin, dsp.GainToDB(gMin), ms)
	if math.Abs(ms-100) > 10 {
		t.Errorf("release measured %.2f ms, want 100 ± 10", ms)
	}
}

func TestLimiterErrors(t *testing.T) {
	p := DefaultLimiterParams()
	p.LookaheadMs = 1
	if _, err := NewLimiter(p, 16000, 2); err == nil {
		t.Error("a lookahead shorter than the detector delay was accepted")
	}
	p = DefaultLimiterParams()
	p.CeilingDB = 1
	if err := p.Validate(); err == nil {
		t.Error("ceiling +1 dBTP accepted")
	}
}
