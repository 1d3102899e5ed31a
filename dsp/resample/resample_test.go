package resample

import (
	"math"
	"math/cmplx"
	"math/rand"
	"slices"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/dsp"
)

// ratios tested throughout: up, down, the decimating case, an integer
// ratio, and an odd ratio that uses the interpolated coefficient table.
var ratios = [][2]int{{44100, 48000}, {48000, 44100}, {96000, 48000}, {48000, 96000}, {44100, 44101}}

// TestFilterResponse measures the prototype filter of each exactly
// tabulated ratio with an FFT: flat within ±0.001 dB to PassbandEdge,
// at least StopbandDB down from StopbandEdge to the upsampled Nyquist.
func TestFilterResponse(t *testing.T) {
	for _, c := range ratios[:4] {
		up, down, _ := ratio(c[0], c[1])
		d := getDesign(up, down)
		// The polyphase rows interleave into one filter at up times the
		// input rate: row p, tap k is the kernel at p/up + half-1-k.
		h := make([]float64, 1<<20)
		for p := 0; p < up; p++ {
			for k := 0; k < d.taps; k++ {
				j := (d.taps-1-k)*up + p
				h[j] = d.coefs[p*d.taps+k] / float64(up)
			}
		}
		spec := fourier.NewFFT(len(h)).Coefficients(nil, h)
		low := math.Min(1, float64(up)/float64(down)) // lower rate / input rate
		ripple, stop := 0.0, dsp.MinDB
		for i, v := range spec {
			nu := float64(i) * float64(up) / float64(len(h)) // cycles per input sample
			db := dsp.GainToDB(cmplx.Abs(v))
			switch {
			case nu <= PassbandEdge*low/2:
				ripple = math.Max(ripple, math.Abs(db))
			case nu >= StopbandEdge*low/2:
				stop = math.Max(stop, db)
			}
		}
		t.Logf("%d -> %d: passband ripple ±%.5f dB, stopband peak %.1f dB", c[0], c[1], ripple, stop)
		if ripple > 0.001 {
			t.Errorf("%d -> %d: passband ripple %.5f dB > 0.001 dB", c[0], c[1], ripple)
		}
		if stop > -StopbandDB {
			t.Errorf("%d -> %d: stopband peak %.1f dB, want <= -%v dB", c[0], c[1], stop, StopbandDB)
		}
	}
}

// fitSine fits a*sin + b*cos at frequency f (Hz, rate fs) to x by least
// squares and returns the amplitude and the RMS of the residual.
func fitSine(x []float32, f, fs float64) (amp, resid float64) {
	var ss, sc, cc, xs, xc float64
	for i, v := range x {
		w := 2 * math.Pi * f * float64(i) / fs
		s, c := math.Sin(w), math.Cos(w)
		ss += s * s
		sc += s * c
		cc += c * c
		xs += float64(v) * s
		xc += float64(v) * c
	}
	det := ss*cc - sc*sc
	a := (xs*cc - xc*sc) / det
	b := (xc*ss - xs*sc) / det
	var r float64
	for i, v := range x {
		w := 2 * math.Pi * f * float64(i) / fs
		e := float64(v) - a*math.Sin(w) - b*math.Cos(w)
		r += e * e
	}
	return math.Hypot(a, b), math.Sqrt(r / float64(len(x)))
}

func sine(n int, f, fs float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(math.Sin(2 * math.Pi * f * float64(i) / fs))
	}
	return x
}

// interior drops the edges, where the zero padding outside the signal
// shows.
func interior(x []float32) []float32 { return x[len(x)/8 : len(x)-len(x)/8] }

func TestSineKeepsFrequencyAndAmplitude(t *testing.T) {
	for _, c := range ratios {
		from, to := float64(c[0]), float64(c[1])
		y := Resample(nil, sine(c[0]/2, 1000, from), c[0], c[1])
		// A least-squares fit at exactly 1 kHz: the amplitude must be 1,
		// and a residual far below it shows the frequency is 1 kHz.
		amp, resid := fitSine(interior(y), 1000, to)
		ampDB, residDB := dsp.GainToDB(amp), dsp.GainToDB(resid/amp*math.Sqrt2)
		t.Logf("%d -> %d: 1 kHz amplitude %+.5f dB, residual %.1f dB", c[0], c[1], ampDB, residDB)
		if math.Abs(ampDB) > 0.01 {
			t.Errorf("%d -> %d: amplitude %+.4f dB, want within ±0.01 dB", c[0], c[1], ampDB)
		}
		if residDB > -90 {
			t.Errorf("%d -> %d: residual %.1f dB after fitting 1 kHz, want <= -90 dB", c[0], c[1], residDB)
		}
	}
}

// TestAboveNyquistIsRemoved feeds a tone between the new Nyquist frequency
// and the old one: nothing may come out (no aliasing).
func TestAboveNyquistIsRemoved(t *testing.T) {
	cases := []struct {
		from, to int
		f        float64
	}{
		{48000, 44100, 22500}, {48000, 44100, 23500}, {96000, 48000, 24100}, {96000, 48000, 30000}, {96000, 48000, 47000},
		{44101, 44100, 22060},
	}
	for _, c := range cases {
		y := Resample(nil, sine(c.from/2, c.f, float64(c.from)), c.from, c.to)
		var e float64
		for _, v := range interior(y) {
			e += float64(v) * float64(v)
		}
		db := dsp.PowerToDB(2 * e / float64(len(interior(y)))) // relative to the unit sine's power 1/2
		t.Logf("%d -> %d, %.0f Hz: output %.1f dB", c.from, c.to, c.f, db)
		if db > -90 {
			t.Errorf("%d -> %d: %.0f Hz tone comes out at %.1f dB, want <= -90 dB", c.from, c.to, c.f, db)
		}
	}
}

// bandNoise is a sum of random sines below fmax: band-limited noise.
func bandNoise(n int, fs, fmax float64, seed int64) []float32 {
	rng := rand.New(rand.NewSource(seed))
	x := make([]float64, n)
	for k := 0; k < 200; k++ {
		f := 20 + rng.Float64()*(fmax-20)
		ph := rng.Float64() * 2 * math.Pi
		a := 0.01 * (0.5 + rng.Float64())
		for i := range x {
			x[i] += a * math.Sin(2*math.Pi*f*float64(i)/fs+ph)
		}
	}
	out := make([]float32, n)
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	x := bandNoise(44100/2, 44100, 0.85*22050, 1)
	up := Resample(nil, x, 44100, 48000)
	back := Resample(nil, up, 48000, 44100)
	if len(back) < len(x) {
		t.Fatalf("round trip returned %d samples for %d", len(back), len(x))
	}
	var sig, errE float64
	edge := 400
	for i := edge; i < len(x)-edge; i++ {
		sig += float64(x[i]) * float64(x[i])
		d := float64(back[i] - x[i])
		errE += d * d
	}
	db := dsp.PowerToDB(errE / sig)
	t.Logf("44100 -> 48000 -> 44100 error %.1f dB", db)
	if db > -80 {
		t.Errorf("round-trip error %.1f dB, want <= -80 dB", db)
	}
}

// reference evaluates the definition directly: y[n] = sum_i x[i] g(n*from/to - i).
func reference(x []float32, from, to int) []float64 {
	up, down, _ := ratio(from, to)
	d := getDesign(up, down)
	low := math.Min(1, float64(up)/float64(down))
	b := 0.5 * low * (PassbandEdge + StopbandEdge) / 2
	beta := 0.1102 * (designDB - 8.7)
	i0 := besselI0(beta)
	y := make([]float64, Len(len(x), from, to))
	for n := range y {
		t := float64(n) * float64(down) / float64(up)
		for i := int(t) - d.half; i <= int(t)+d.half+1; i++ {
			if i >= 0 && i < len(x) {
				y[n] += float64(x[i]) * kernel(t-float64(i), b, float64(d.half), beta, i0)
			}
		}
	}
	return y
}

func TestMatchesDirectFormula(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	x := make([]float32, 600)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for _, c := range ratios {
		y := Resample(nil, x, c[0], c[1])
		want := reference(x, c[0], c[1])
		if len(y) != len(want) {
			t.Fatalf("%v: %d samples, want %d", c, len(y), len(want))
		}
		var worst float64
		for i := range y {
			worst = math.Max(worst, math.Abs(float64(y[i])-want[i]))
		}
		// Exact tables agree to float32 rounding; the interpolated table
		// (44100 -> 44101) to its interpolation error.
		tol := 1e-5
		t.Logf("%d -> %d: worst difference %.2g", c[0], c[1], worst)
		if worst > tol {
			t.Errorf("%d -> %d: differs from the direct formula by %.3g", c[0], c[1], worst)
		}
	}
}

func TestImpulseStaysAligned(t *testing.T) {
	x := make([]float32, 441)
	x[147] = 1
	y := Resample(nil, x, 44100, 48000) // input 147 is output time 160
	if len(y) != 480 {
		t.Fatalf("length %d, want 480", len(y))
	}
	peak := 0
	for i := range y {
		if math.Abs(float64(y[i])) > math.Abs(float64(y[peak])) {
			peak = i
		}
	}
	if peak != 160 {
		t.Errorf("impulse at input 147 peaks at output %d, want 160", peak)
	}
	// The output is the kernel sampled around the peak: symmetric.
	for k := 1; k < 50; k++ {
		if math.Abs(float64(y[160+k]-y[160-k])) > 1e-6 {
			t.Fatalf("not symmetric at ±%d: %v %v", k, y[160-k], y[160+k])
		}
	}
}

// stream runs x through a Resampler in blocks of the given size, then
// flushes it.
func stream(t *testing.T, x [][]float32, from, to, block int) [][]float32 {
	t.Helper()
	r, err := New(len(x), from, to)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]float32, len(x))
	dst := dsp.NewBuffer(len(x), r.MaxOut(block)+r.Latency())
	src := make([][]float32, len(x))
	for i := 0; i < len(x[0]); i += block {
		end := min(i+block, len(x[0]))
		for c := range x {
			src[c] = x[c][i:end]
		}
		n := r.Process(dst, src)
		for c := range out {
			out[c] = append(out[c], dst[c][:n]...)
		}
	}
	n := r.Flush(dst)
	for c := range out {
		out[c] = append(out[c], dst[c][:n]...)
	}
	return out
}

func TestBlockSizeInvariance(t *testing.T) {
	x := [][]float32{bandNoise(9000, 44100, 18000, 3), bandNoise(9000, 44100, 18000, 4)}
	for _, c := range ratios {
		ref := stream(t, x, c[0], c[1], len(x[0]))
		r, _ := New(1, c[0], c[1])
		one := Resample(nil, x[1], c[0], c[1])
		if got := ref[1][r.Latency() : r.Latency()+len(one)]; !slices.Equal(got, one) {
			t.Errorf("%v: stream after Latency() differs from Resample", c)
		}
		if len(ref[0]) != r.Latency()+len(one) {
			t.Errorf("%v: stream gave %d frames, want Latency %d + %d", c, len(ref[0]), r.Latency(), len(one))
		}
		for _, block := range []int{1, 7, 64, 512, 4096} {
			got := stream(t, x, c[0], c[1], block)
			for ch := range got {
				if !slices.Equal(got[ch], ref[ch]) {
					t.Errorf("%v block %d channel %d differs from one block", c, block, ch)
				}
			}
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := [][]float32{bandNoise(3000, 48000, 20000, 5)}
	r, _ := New(1, 48000, 44100)
	dst := dsp.NewBuffer(1, r.MaxOut(3000))
	n1 := r.Process(dst, x)
	first := slices.Clone(dst[0][:n1])
	r.Reset()
	n2 := r.Process(dst, x)
	if !slices.Equal(first, dst[0][:n2]) {
		t.Error("output after Reset differs from a new Resampler's")
	}
	tail := dsp.NewBuffer(1, r.Latency())
	if n := r.Flush(tail); n != r.Latency() {
		t.Errorf("Flush wrote %d frames, want Latency() = %d", n, r.Latency())
	}
	if n := r.Flush(tail); n != 0 {
		t.Errorf("second Flush wrote %d frames", n)
	}
}

func TestProcessAllocatesNothing(t *testing.T) {
	r, _ := New(2, 44100, 48000)
	src := dsp.NewBuffer(2, 512)
	dst := dsp.NewBuffer(2, r.MaxOut(512))
	flush := dsp.NewBuffer(2, r.Latency())
	if a := testing.AllocsPerRun(50, func() { r.Process(dst, src) }); a != 0 {
		t.Errorf("Process allocates %v times per block", a)
	}
	if a := testing.AllocsPerRun(20, func() { r.Flush(flush) }); a != 0 {
		t.Errorf("Flush allocates %v times", a)
	}
}

func TestBadArguments(t *testing.T) {
	for _, c := range [][3]int{{0, 44100, 48000}, {1, 0, 48000}, {1, 44100, -1}, {1, 2e7, 48000}} {
		if _, err := New(c[0], c[1], c[2]); err == nil {
			t.Errorf("New%v: no error", c)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Process with the wrong channel count did not panic")
		}
	}()
	r, _ := New(2, 44100, 48000)
	r.Process(dsp.NewBuffer(1, 10), dsp.NewBuffer(1, 10))
}

func TestLen(t *testing.T) {
	for _, c := range []struct{ n, from, to, want int }{
		{512, 44100, 48000, 558}, {44100, 44100, 48000, 48000}, {1, 48000, 44100, 1}, {0, 44100, 48000, 0}, {101, 96000, 48000, 51},
	} {
		if got := Len(c.n, c.from, c.to); got != c.want {
			t.Errorf("Len(%d, %d, %d) = %d, want %d", c.n, c.from, c.to, got, c.want)
		}
	}
}
