package reverb

import (
	"math"
	"math/cmplx"
	"strconv"
	"testing"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// TestRT60 measures the decay of the impulse response by Schroeder
// backward integration (T30 broadband without damping; T20 in the 1 kHz
// octave with damping 0.5): within 20% of the requested RT60.
func TestRT60(t *testing.T) {
	decays := []float64{0.5, 1.2, 2.2, 4}
	if testing.Short() {
		decays = []float64{0.5, 2.2}
	}
	for _, d := range decays {
		for _, damping := range []float64{0, 0.5} {
			p := DefaultParams()
			p.DecayS, p.Damping, p.PredelayMs = d, damping, 0
			n := int(1.5*d*rate) + rate/2
			h := impulseResponse(t, p, n)
			var got float64
			what := "T30 broadband"
			if damping == 0 {
				got = rt60(f64(h[0]), 30)
			} else {
				what = "T20 1 kHz octave"
				got = rt60(octave1k(t, h[0]), 20)
			}
			t.Logf("decay %.1f s, damping %.1f: %s %.3f s (%+.1f%%)", d, damping, what, got, 100*(got/d-1))
			if math.Abs(got/d-1) > 0.2 {
				t.Errorf("decay %g s damping %g: %s %.3f s", d, damping, what, got)
			}
		}
	}
}

// octave1k band-passes x to the 1 kHz octave.
func octave1k(t *testing.T, x []float32) []float64 { return band(t, x, 707, 1414) }

// band band-passes x between lo and hi Hz (4th-order Butterworth high- and
// low-pass).
func band(t *testing.T, x []float32, lo, hi float64) []float64 {
	hp, err := filter.New(filter.BandParams{Kind: filter.HighPass, FreqHz: lo, Q: 0.7071, SlopeDBOct: 24}, rate, 1)
	if err != nil {
		t.Fatal(err)
	}
	lp, err := filter.New(filter.BandParams{Kind: filter.LowPass, FreqHz: hi, Q: 0.7071, SlopeDBOct: 24}, rate, 1)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = lp.ProcessSample(0, hp.ProcessSample(0, float64(v)))
	}
	return y
}

// TestDamping: with damping the decay in the 8 kHz octave is shorter, and
// matches the RT60 the absorptive filters give at 8 kHz (averaged over the
// lines) within 20%.
func TestDamping(t *testing.T) {
	p := DefaultParams()
	p.DecayS, p.Damping, p.PredelayMs = 2, 0.8, 0
	h := impulseResponse(t, p, 3*rate)
	r := must(t, p, 2)
	want := 0.0
	for i, n := range r.lengths {
		w := 2 * math.Pi * 8000 / rate
		mag := r.k[i] * (1 - r.b[i]) / cmplx.Abs(1-complex(r.b[i], 0)*cmplx.Exp(complex(0, -w)))
		want += -60 * float64(n) / (rate * dsp.GainToDB(mag))
	}
	want /= lines
	got := rt60(band(t, h[0], 5657, 11314), 20)
	mid := rt60(band(t, h[0], 707, 1414), 20)
	t.Logf("damping 0.8, decay 2 s: T20 at 1 kHz %.3f s, at 8 kHz %.3f s (filters: %.3f s)", mid, got, want)
	if math.Abs(got/want-1) > 0.2 {
		t.Errorf("8 kHz decay %.3f s, want %.3f", got, want)
	}
	if got > 0.7*mid {
		t.Errorf("damping does not shorten the highs: %.3f s vs %.3f s", got, mid)
	}
}

// TestEchoDensity: after 100 ms the response is noise-like (kurtosis of
// 10 ms windows ≈ 3, no isolated echoes), while the first window is sparse.
func TestEchoDensity(t *testing.T) {
	p := DefaultParams()
	p.DecayS, p.PredelayMs, p.Damping = 2, 0, 0.3
	h := impulseResponse(t, p, rate/2)
	w := rate / 100 // 10 ms windows
	var late []float64
	for from := rate / 10; from+w <= 3*rate/10; from += w {
		late = append(late, kurtosis(h[0][from:from+w]))
	}
	mean := 0.0
	for _, k := range late {
		mean += k
	}
	mean /= float64(len(late))
	early := kurtosis(h[0][0:w])
	t.Logf("kurtosis of 10 ms windows: first %.2f, mean over 100–300 ms %.2f (Gaussian 3)", early, mean)
	if mean < 2.5 || mean > 3.5 {
		t.Errorf("late kurtosis %.2f, want ~3 (no isolated echoes)", mean)
	}
	for i, k := range late {
		if k > 4.5 {
			t.Errorf("window at %d ms has kurtosis %.2f", 100+10*i, k)
		}
	}
	if early <= mean {
		t.Errorf("echo density does not grow: first window %.2f, late %.2f", early, mean)
	}
}

// TestStereoDecorrelation: the wet response to a centred impulse has L/R
// correlation below 0.3 at width 1; width 0 makes it mono (correlation 1).
func TestStereoDecorrelation(t *testing.T) {
	p := DefaultParams()
	h := impulseResponse(t, p, rate)
	c := corr(h[0], h[1])
	t.Logf("L/R correlation of the wet impulse response at width 1: %.3f", c)
	if math.Abs(c) >= 0.3 {
		t.Errorf("L/R correlation %.3f", c)
	}
	p.Width = 0
	h = impulseResponse(t, p, rate/4)
	for i := range h[0] {
		if h[0][i] != h[1][i] {
			t.Fatalf("width 0: frame %d L %g R %g", i, h[0][i], h[1][i])
		}
	}
}

func TestMixZeroIsDry(t *testing.T) {
	p := DefaultParams()
	p.Mix = 0
	x := noise(2, 9000, 1)
	y := run(must(t, p, 2), x, 512)
	for c := range x {
		for i := range x[c] {
			if y[c][i] != x[c][i] {
				t.Fatalf("mix 0: ch %d frame %d: %g, want %g", c, i, y[c][i], x[c][i])
			}
		}
	}
}

func TestPredelayAndLengths(t *testing.T) {
	p := DefaultParams()
	p.PredelayMs = 50
	h := impulseResponse(t, p, rate/5)
	first := -1
	for i := range h[0] {
		if h[0][i] != 0 || h[1][i] != 0 {
			first = i
			break
		}
	}
	if first < 2400 {
		t.Errorf("first wet sample at %d, want ≥ 2400 (50 ms predelay)", first)
	}
	r := must(t, p, 2)
	seen := map[int]bool{}
	for _, n := range r.LineLengths() {
		if !isPrime(n) || seen[n] {
			t.Errorf("line length %d is not a distinct prime", n)
		}
		seen[n] = true
	}
	small := must(t, Params{Size: 0, DecayS: 1, Width: 1, Mix: 1}, 2).LineLengths()
	big := must(t, Params{Size: 1, DecayS: 1, Width: 1, Mix: 1}, 2).LineLengths()
	if big[15] < 2*small[15] {
		t.Errorf("size does not scale the lines: %v vs %v", small, big)
	}
}

// TestAbsorption checks Jot's filter design: DC gain and Nyquist gain give
// the requested RT60s for the line length.
func TestAbsorption(t *testing.T) {
	k, b := absorption(1999, 2, 0.8, rate)
	dc := k
	ny := k * (1 - b) / (1 + b)
	if got := -60 * 1999 / (rate * dsp.GainToDB(dc)); math.Abs(got-2) > 1e-9 {
		t.Errorf("RT60 at DC %g", got)
	}
	if got := -60 * 1999 / (rate * dsp.GainToDB(ny)); math.Abs(got-0.8) > 1e-9 {
		t.Errorf("RT60 at Nyquist %g", got)
	}
	var v [lines]float64
	v[3] = 1
	hadamard(&v)
	e := 0.0
	for _, x := range v {
		e += x * x
		if math.Abs(math.Abs(x)-0.25) > 1e-15 {
			t.Errorf("Hadamard entry %g", x)
		}
	}
	if math.Abs(e-1) > 1e-15 {
		t.Errorf("Hadamard is not orthonormal: energy %g", e)
	}
}

func TestMonoAndWetLevel(t *testing.T) {
	h := impulseResponse(t, DefaultParams(), 3*rate)
	e := dsp.PowerToDB(0.5 * (energy(h[0]) + energy(h[1])))
	t.Logf("wet impulse response energy at the defaults: %.2f dB", e)
	if math.Abs(e) > 3 {
		t.Errorf("wet energy %.2f dB, want about 0", e)
	}
	p := DefaultParams()
	p.Mix = 1
	m := must(t, p, 1)
	x := [][]float32{make([]float32, 4800)}
	x[0][0] = 1
	y := run(m, x, 480)[0]
	for i := range y {
		if math.Abs(float64(y[i])-0.5*float64(h[0][i]+h[1][i])) > 1e-6 {
			t.Fatalf("mono frame %d: %g, want the mid %g", i, y[i], 0.5*(h[0][i]+h[1][i]))
		}
	}
}

func makers() map[string]Params {
	a := DefaultParams()
	b := DefaultParams()
	b.Size, b.DecayS, b.Damping, b.PredelayMs, b.Width, b.Mix = 1, 4, 0.9, 0, 1.5, 0.6
	return map[string]Params{"default": a, "big": b}
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 12000, 3)
	for name, p := range makers() {
		want := run(must(t, p, 2), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			got := run(must(t, p, 2), x, b)
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
	x := noise(2, 6000, 4)
	for name, p := range makers() {
		r := must(t, p, 2)
		run(r, noise(2, 3000, 5), 512)
		r.Reset()
		got, want := run(r, x, 512), run(must(t, p, 2), x, 512)
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
	r := must(t, DefaultParams(), 2)
	x := noise(2, 512, 1)
	if a := testing.AllocsPerRun(20, func() {
		r.Process(x, x)
		r.SetDecay(3)
		r.SetDamping(0.2)
		r.SetWidth(0.8)
		r.SetMix(0.4)
	}); a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

func TestValidate(t *testing.T) {
	p := DefaultParams()
	if p.Size != 0.5 || p.DecayS != 1.5 || p.Mix != 0.25 || p.Width != 1 {
		t.Errorf("defaults %+v", p)
	}
	p.DecayS = 30
	if err := p.Validate(); err == nil {
		t.Error("decay 30 s accepted")
	}
	if _, err := New(DefaultParams(), rate, 3); err == nil {
		t.Error("3 channels accepted")
	}
}

func BenchmarkReverb(b *testing.B) {
	r := must(b, DefaultParams(), 2)
	x := noise(2, 512, 1)
	y := dsp.NewBuffer(2, 512)
	b.ReportAllocs()
	b.SetBytes(2 * 512 * 4)
	for b.Loop() {
		r.Process(y, x)
	}
	b.ReportMetric(512.0/rate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}
