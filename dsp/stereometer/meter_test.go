package stereometer

import (
	"encoding/json"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/dsp/loudness"
)

// The three reference cases of the package documentation.
func TestReferenceCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := noise(rng, 10*fs, 0.1)
	y := noise(rng, 10*fs, 0.1)

	r := measure(t, x, x)
	t.Logf("L = R: r mean %.6f min %.6f overall %.6f, loss %.2e LU", r.Correlation.Mean, r.Correlation.Min, r.Correlation.Overall, r.MonoLoss.LU)
	if math.Abs(r.Correlation.Mean-1) > 1e-9 || math.Abs(r.Correlation.Min-1) > 1e-9 || math.Abs(r.Correlation.Overall-1) > 1e-9 {
		t.Errorf("L = R: correlation mean %v min %v overall %v, want 1", r.Correlation.Mean, r.Correlation.Min, r.Correlation.Overall)
	}
	if r.Correlation.MinAtSeconds != 0.4 {
		t.Errorf("L = R: minimum at %v s, want the first window (0.4 s)", r.Correlation.MinAtSeconds)
	}
	if math.Abs(r.MonoLoss.LU) > 1e-9 || math.Abs(r.MonoLoss.MaxWindowLU) > 1e-9 {
		t.Errorf("L = R: mono loss %v (max window %v), want 0", r.MonoLoss.LU, r.MonoLoss.MaxWindowLU)
	}

	r = measure(t, x, neg(x))
	t.Logf("L = -R: r mean %.6f, loss %.1f LU (max window %.1f)", r.Correlation.Mean, r.MonoLoss.LU, r.MonoLoss.MaxWindowLU)
	if math.Abs(r.Correlation.Mean+1) > 1e-9 || math.Abs(r.Correlation.Min+1) > 1e-9 {
		t.Errorf("L = -R: correlation mean %v min %v, want -1", r.Correlation.Mean, r.Correlation.Min)
	}
	if r.MonoLoss.LU != MaxLossLU || r.MonoLoss.MaxWindowLU != MaxLossLU || r.Correlation.NegativeFraction != 1 {
		t.Errorf("L = -R: mono loss %v (max window %v), negative fraction %v; want %v, %v, 1",
			r.MonoLoss.LU, r.MonoLoss.MaxWindowLU, r.Correlation.NegativeFraction, MaxLossLU, MaxLossLU)
	}

	r = measure(t, x, y)
	t.Logf("independent noises: r mean %+.4f (overall %+.4f, min %+.4f), loss %.3f LU", r.Correlation.Mean,
		r.Correlation.Overall, r.Correlation.Min, r.MonoLoss.LU)
	if math.Abs(r.Correlation.Mean) > 0.05 || math.Abs(r.Correlation.Overall) > 0.05 {
		t.Errorf("independent noises: correlation %v (overall %v), want |r| < 0.05", r.Correlation.Mean, r.Correlation.Overall)
	}
	if math.Abs(r.MonoLoss.LU-10*math.Log10(2)) > 0.2 {
		t.Errorf("independent noises: mono loss %.3f LU, want 3.01 ±0.2", r.MonoLoss.LU)
	}
	for _, b := range r.MonoLoss.Bands {
		if math.Abs(b.LU-3.01) > 0.5 {
			t.Errorf("independent noises, %g Hz band: loss %.3f LU, want ≈3", b.CenterHz, b.LU)
		}
	}

	// A source panned hard to one side also loses 3 dB; r is 0.
	r = measure(t, x, make([]float32, len(x)))
	if math.Abs(r.MonoLoss.LU-10*math.Log10(2)) > 1e-6 || r.Correlation.Mean != 0 {
		t.Errorf("hard-panned: loss %.4f LU, r %v; want 3.0103 and 0", r.MonoLoss.LU, r.Correlation.Mean)
	}
}

// The mono loss is the BS.1770 loudness of the pair minus that of the mono
// downmix (L+R)/√2, as package loudness measures them.
func TestLossMatchesLoudnessMeter(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	x, y := noise(rng, 10*fs, 0.1), noise(rng, 10*fs, 0.05)
	l, r := add(x, y), add(x, neg(y)) // partly correlated: r = 0.6
	mono := make([]float32, len(l))
	for i := range mono {
		mono[i] = float32((float64(l[i]) + float64(r[i])) / math.Sqrt2)
	}
	st, _ := loudness.New(fs, 2, nil, loudness.WithTruePeak(false))
	st.Process([][]float32{l, r})
	mo, _ := loudness.New(fs, 1, nil, loudness.WithTruePeak(false))
	mo.Process([][]float32{mono})
	want := st.Integrated() - mo.Integrated()
	got := measure(t, l, r)
	t.Logf("loss %.4f LU, loudness difference %.4f LU, correlation %.4f", got.MonoLoss.LU, want, got.Correlation.Overall)
	if math.Abs(got.MonoLoss.LU-want) > 0.01 || math.Abs(got.Correlation.Overall-0.6) > 0.02 {
		t.Errorf("loss %.4f LU, loudness meters give %.4f; r %.3f, want 0.6", got.MonoLoss.LU, want, got.Correlation.Overall)
	}
}

// Only the 125 Hz octave out of phase: the loss shows there, not at 1 kHz.
func TestBandLossLocalised(t *testing.T) {
	low := sineWave(125.89, 0.1, 10*fs)
	mid := sineWave(1000, 0.1, 10*fs)
	r := measure(t, add(low, mid), add(neg(low), mid))
	var b125, b1k BandLoss
	for _, b := range r.MonoLoss.Bands {
		switch b.CenterHz {
		case 125:
			b125 = b
		case 1000:
			b1k = b
		}
	}
	t.Logf("125 Hz band loss %.1f LU, 1 kHz band loss %.4f LU, broadband %.3f LU", b125.LU, b1k.LU, r.MonoLoss.LU)
	if b125.LU < 40 || b1k.LU > 0.01 {
		t.Errorf("125 Hz band loss %.2f LU (want > 40), 1 kHz band loss %.4f (want ≈ 0)", b125.LU, b1k.LU)
	}
	// Broadband: half of the (K-weighted) energy cancels, about 3 LU.
	if r.MonoLoss.LU < 2 || r.MonoLoss.LU > 3.5 {
		t.Errorf("broadband loss %.3f LU, want ≈3", r.MonoLoss.LU)
	}
}

// Out of phase for 2 s in the middle of 10 s.
func TestOutOfPhaseSection(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := noise(rng, 10*fs, 0.1)
	y := append([]float32(nil), x...)
	for i := 4 * fs; i < 6*fs; i++ {
		y[i] = -y[i]
	}
	r := measure(t, x, y)
	c := r.Correlation
	t.Logf("negative fraction %.4f (%d windows), below -0.3 for %.1f s, min %.3f at %.1f s", c.NegativeFraction,
		c.Windows, c.BelowThresholdSeconds, c.Min, c.MinAtSeconds)
	if math.Abs(c.NegativeFraction-0.2) > 0.02 {
		t.Errorf("negative fraction %.4f, want 0.2 ±0.02", c.NegativeFraction)
	}
	// Windows with more than 65 % of their 400 ms inside the section read
	// below −0.3: those ending at 4.3 … 6.1 s.
	if math.Abs(c.BelowThresholdSeconds-1.9) > 0.15 {
		t.Errorf("below threshold for %.2f s, want 1.9", c.BelowThresholdSeconds)
	}
	if c.Min > -0.99 || c.MinAtSeconds < 4.4 || c.MinAtSeconds > 6.0 {
		t.Errorf("min %.3f at %.2f s, want -1 within 4.4–6.0 s", c.Min, c.MinAtSeconds)
	}
	// The worst windows: five non-overlapping windows of r = −1 tile the
	// section; the next ones straddle its edges.
	if len(c.Worst) != DefaultWorst {
		t.Fatalf("%d worst windows, want %d", len(c.Worst), DefaultWorst)
	}
	for i, w := range c.Worst[:5] {
		if w.Correlation > -0.99 || w.StartSeconds < 4-1e-9 || w.EndSeconds > 6+1e-9 {
			t.Errorf("worst window %d: %.2f–%.2f s, r %.3f; want inside 4–6 s with r = -1", i, w.StartSeconds, w.EndSeconds, w.Correlation)
		}
	}
	for i := range c.Worst {
		for j := i + 1; j < len(c.Worst); j++ {
			if a, b := c.Worst[i], c.Worst[j]; a.StartSeconds < b.EndSeconds-1e-9 && b.StartSeconds < a.EndSeconds-1e-9 {
				t.Errorf("worst windows %d and %d overlap", i, j)
			}
		}
	}
	l := r.MonoLoss
	if l.MaxWindowLU != MaxLossLU || l.MaxWindowAtSeconds < 4.4 || l.MaxWindowAtSeconds > 6.0 {
		t.Errorf("max window loss %.1f at %.2f s, want %v within 4.4–6.0 s", l.MaxWindowLU, l.MaxWindowAtSeconds, MaxLossLU)
	}
	// The K-weighting filters ring into the first window of the section, so
	// four non-overlapping windows reach the cap there.
	for _, w := range l.Worst[:4] {
		if w.MonoLossLU != MaxLossLU || w.StartSeconds < 4-1e-9 || w.EndSeconds > 6+1e-9 {
			t.Errorf("worst loss window %.2f–%.2f s, %.1f LU; want inside 4–6 s at %v LU", w.StartSeconds, w.EndSeconds, w.MonoLossLU, MaxLossLU)
		}
	}
	// Programme loss: 20 % of the energy cancels completely.
	if want := -10 * math.Log10(0.8); math.Abs(l.LU-want) > 0.05 {
		t.Errorf("programme loss %.3f LU, want %.3f", l.LU, want)
	}
}

// Silent windows are excluded; silence gives zeros, never NaN.
func TestSilence(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := append(make([]float32, 2*fs), noise(rng, 2*fs, 0.1)...)
	quiet := make([]float32, len(x))
	for i := range quiet {
		quiet[i] = float32(1e-5 * rng.NormFloat64()) // −100 dBFS
	}
	r := measure(t, x, append(x[:0:0], x...))
	// Windows ending at 0.4 … 2.0 s are silent (17); those ending 2.1 … 4.0 are not.
	if r.Correlation.SilentWindows != 17 || r.Correlation.Windows != 20 || r.Correlation.Mean < 0.999999 {
		t.Errorf("silent %d, counted %d, mean %v; want 17, 20, 1", r.Correlation.SilentWindows, r.Correlation.Windows, r.Correlation.Mean)
	}
	for _, src := range [][2][]float32{{make([]float32, fs), make([]float32, fs)}, {quiet, quiet}} {
		r = measure(t, src[0], src[1])
		if r.Correlation.Windows != 0 || r.Correlation.Mean != 0 || r.MonoLoss.Windows != 0 || r.MonoLoss.LU < 0 {
			t.Errorf("silence: %+v", r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("silence: %v", err)
		}
	}
	m, _ := New(fs)
	if b, err := json.Marshal(m.Result()); err != nil || !strings.Contains(string(b), `"worst":[]`) {
		t.Errorf("empty meter: %s, %v", b, err)
	}
}

func TestOctaveFilters(t *testing.T) {
	for _, rate := range []float64{44100, 48000, 96000} {
		for _, i := range bandsFor(rate) {
			fc := exactCentre(i)
			q := OctaveFilter(fc, rate)
			gain := func(f float64) float64 {
				h := complex(1, 0)
				for _, s := range q {
					h *= s.Response(f, rate)
				}
				return 20 * math.Log10(cmplx.Abs(h))
			}
			g0, gLo := gain(fc), gain(fc/2)
			gHi := math.Inf(-1)
			if 2*fc < rate/2 {
				gHi = gain(2 * fc)
			}
			t.Logf("%6.0f Hz, %5g Hz band: centre %+.4f dB, edges %.2f/%.2f dB, octave below %.1f dB, octave above %.1f dB",
				rate, NominalBands[i], g0, gain(fc/octaveRatio), gain(fc*octaveRatio), gLo, gHi)
			if math.Abs(g0) > 0.1 || gLo > -12 || gHi > -12 {
				t.Errorf("%g Hz, %g Hz band: centre %.3f dB, ±1 octave %.1f/%.1f dB", rate, NominalBands[i], g0, gLo, gHi)
			}
			// −3 dB edges at centre·G^(∓1/2), up to the centre normalisation.
			for _, e := range []float64{fc / octaveRatio, fc * octaveRatio} {
				if g := gain(e); math.Abs(g+3.01) > 0.25 {
					t.Errorf("%g Hz, %g Hz band: %.3f dB at edge %.1f Hz, want -3", rate, NominalBands[i], g, e)
				}
			}
		}
	}
	if got := len(bandsFor(44100)); got != 9 {
		t.Errorf("44.1 kHz: %d bands, want 9 (16 kHz reaches above Nyquist)", got)
	}
	if got := len(bandsFor(48000)); got != 10 {
		t.Errorf("48 kHz: %d bands, want 10", got)
	}
}

func TestBlockSizeInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x, y := noise(rng, 3*fs, 0.1), noise(rng, 3*fs, 0.1)
	y = add(y, x)
	var first Result
	for i, block := range []int{4096, 1, 7, 64, 512} {
		m, _ := New(fs)
		feed(m, x, y, block)
		if i == 0 {
			first = m.Result()
		} else if r := m.Result(); !reflect.DeepEqual(r, first) {
			t.Errorf("block %d differs:\n%+v\n%+v", block, r, first)
		}
	}
	m, _ := New(fs)
	feed(m, y, x, 1000)
	m.Reset()
	feed(m, x, y, 1000)
	if !reflect.DeepEqual(m.Result(), first) {
		t.Error("Reset meter differs from a new one")
	}
}

func TestProcessAllocatesNothing(t *testing.T) {
	src := dsp.NewBuffer(2, 1000)
	rng := rand.New(rand.NewPCG(1, 1))
	for c := range src {
		for i := range src[c] {
			src[c][i] = float32(0.1 * rng.NormFloat64())
		}
	}
	m, _ := New(fs, WithWorst(3))
	if a := testing.AllocsPerRun(200, func() { m.Process(src) }); a != 0 {
		t.Errorf("Process allocates %v times per call", a)
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range []struct {
		rate int
		opt  Option
		want string
	}{
		{1000, nil, "sample rate 1000 Hz"},
		{fs, WithThreshold(2), "threshold 2"},
		{fs, WithThreshold(math.NaN()), "threshold NaN"},
		{fs, WithSilence(3), "silence level 3 dBFS"},
		{fs, WithWorst(0), "0 worst windows"},
	} {
		var opts []Option
		if c.opt != nil {
			opts = append(opts, c.opt)
		}
		if _, err := New(c.rate, opts...); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "stereometer: ") {
			t.Errorf("New(%d): %v, want an error about %q", c.rate, err, c.want)
		}
	}
	m, _ := New(fs)
	defer func() {
		if recover() == nil {
			t.Error("Process with 1 channel did not panic")
		}
	}()
	m.Process([][]float32{make([]float32, 3)})
}
