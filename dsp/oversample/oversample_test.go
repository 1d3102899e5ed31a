package oversample

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"immerse/dsp"
)

const fs = 48000.0

func sine(n int, freq, rate, amp, phase float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/rate+phase))
	}
	return x
}

func rms(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

func mustNew(t testing.TB, ch int, cfg Config) *Oversampler {
	t.Helper()
	o, err := New(ch, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestDesignFigures(t *testing.T) {
	for _, f := range []int{2, 4, 8} {
		o := mustNew(t, 1, Config{Factor: f})
		t.Logf("factor %d: stage taps %v, up latency %d, down latency %d, round trip %d frames",
			f, o.StageTaps(), o.UpLatency(), o.DownLatency(), o.Latency())
		for _, taps := range o.StageTaps() {
			if taps%4 != 3 {
				t.Errorf("factor %d: stage of %d taps is not a 4m+3 half-band", f, taps)
			}
		}
	}
}

// TestHalfbandStructure checks the half-band properties every stage relies
// on: symmetric taps, centre 1/2, zeros at even distances from the centre.
func TestHalfbandStructure(t *testing.T) {
	h := designHalfband(0.05, 100)
	l := len(h.full)
	c := (l - 1) / 2
	for i, v := range h.full {
		if v != h.full[l-1-i] {
			t.Fatalf("tap %d = %g, mirror %g", i, v, h.full[l-1-i])
		}
		if d := i - c; d != 0 && d%2 == 0 && v != 0 {
			t.Fatalf("tap %d at even distance %d from the centre is %g", i, d, v)
		}
	}
	if h.full[c] != 0.5 {
		t.Fatalf("centre tap %g", h.full[c])
	}
}

// TestUpResponse checks the designed cascade of the up path: passband flat
// within 0.001 dB up to 0.45·fs, images rejected by at least 90 dB from
// 0.55·fs up to the final Nyquist frequency.
func TestUpResponse(t *testing.T) {
	for _, f := range []int{2, 4, 8} {
		o := mustNew(t, 1, Config{Factor: f})
		worstPass, worstStop := 0.0, -1000.0
		for fr := 0.0; fr <= 0.45*fs; fr += 50 {
			db := 20 * math.Log10(cmplx.Abs(o.UpResponse(fr, fs)))
			worstPass = math.Max(worstPass, math.Abs(db))
		}
		for fr := 0.55 * fs; fr <= float64(f)*fs/2; fr += 37 {
			db := 20 * math.Log10(cmplx.Abs(o.UpResponse(fr, fs)))
			worstStop = math.Max(worstStop, db)
		}
		t.Logf("factor %d: passband ripple %.2g dB, stopband max %.1f dB", f, worstPass, worstStop)
		if worstPass > 0.001 {
			t.Errorf("factor %d: passband deviates %.4f dB", f, worstPass)
		}
		if worstStop > -90 {
			t.Errorf("factor %d: stopband only %.1f dB", f, worstStop)
		}
	}
}

// TestUpAlignment checks the latency claim of the up path: output sample
// Factor·n+k is the band-limited input at base time n - UpLatency + k/Factor.
func TestUpAlignment(t *testing.T) {
	for _, f := range []int{2, 4, 8} {
		o := mustNew(t, 1, Config{Factor: f})
		const n = 4096
		freq := 5123.0
		x := sine(n, freq, fs, 0.5, 0.3)
		y := make([]float32, n*f)
		o.UpChannel(0, y, x)
		lat := float64(o.UpLatency())
		worst := 0.0
		for i := 400 * f; i < len(y); i++ {
			tm := float64(i)/float64(f) - lat
			want := 0.5 * math.Sin(2*math.Pi*freq*tm/fs+0.3)
			worst = math.Max(worst, math.Abs(float64(y[i])-want))
		}
		if worst > 1e-5 {
			t.Errorf("factor %d: upsampled sine deviates %g from the delayed analytic sine", f, worst)
		}
	}
}

// TestDownAliasRejection feeds high-rate sines whose aliases would land in
// the base passband and measures what comes out of Down: ≥ 90 dB below.
func TestDownAliasRejection(t *testing.T) {
	for _, f := range []int{2, 4, 8} {
		o := mustNew(t, 1, Config{Factor: f})
		hi := fs * float64(f)
		freqs := []float64{0.56 * fs, 0.7 * fs, 0.93 * fs}
		if f >= 4 {
			freqs = append(freqs, 1.2*fs, 1.62*fs, 1.97*fs)
		}
		if f == 8 {
			freqs = append(freqs, 2.3*fs, 3.1*fs, 3.9*fs)
		}
		for _, fr := range freqs {
			o.Reset()
			const n = 8192
			x := sine(n*f, fr, hi, 1, 0)
			y := make([]float32, n)
			o.DownChannel(0, y, x)
			level := 20 * math.Log10(rms(y[1024:])/math.Sqrt(0.5))
			if level > -90 {
				t.Errorf("factor %d: %.0f Hz at %.0f Hz leaks at %.1f dB", f, fr, hi, level)
			}
		}
	}
}

// TestRoundTrip checks that Down after Up returns a passband signal delayed
// by exactly Latency frames (within -80 dB), and the DC gain is 1.
func TestRoundTrip(t *testing.T) {
	for _, f := range []int{1, 2, 4, 8} {
		o := mustNew(t, 2, Config{Factor: f})
		const n = 6000
		x := [][]float32{sine(n, 997, fs, 0.7, 0), sine(n, 15000, fs, 0.7, 1)}
		up := dsp.NewBuffer(2, n*f)
		y := dsp.NewBuffer(2, n)
		o.Up(up, x)
		o.Down(y, up)
		lat := o.Latency()
		for c := range x {
			worst := 0.0
			for i := lat + 500; i < n; i++ {
				worst = math.Max(worst, math.Abs(float64(y[c][i]-x[c][i-lat])))
			}
			if worst > 0.7e-4 {
				t.Errorf("factor %d ch %d: round trip error %g", f, c, worst)
			}
		}
	}
}

func TestImpulseLatency(t *testing.T) {
	for _, f := range []int{2, 4, 8} {
		o := mustNew(t, 1, Config{Factor: f})
		x := make([]float32, 256)
		x[10] = 1
		up := make([]float32, 256*f)
		y := make([]float32, 256)
		o.UpChannel(0, up, x)
		o.DownChannel(0, y, up)
		best := 0
		for i := range y {
			if math.Abs(float64(y[i])) > math.Abs(float64(y[best])) {
				best = i
			}
		}
		if best != 10+o.Latency() {
			t.Errorf("factor %d: impulse peak at %d, want %d", f, best, 10+o.Latency())
		}
	}
}

func process(o *Oversampler, x [][]float32, block int) [][]float32 {
	n := dsp.Frames(x)
	f := o.Factor()
	out := dsp.NewBuffer(len(x), n)
	up := dsp.NewBuffer(len(x), block*f)
	var in, dst, hi [][]float32
	for from := 0; from < n; from += block {
		to := min(n, from+block)
		in = dsp.Slice(in, x, from, to)
		dst = dsp.Slice(dst, out, from, to)
		hi = dsp.Slice(hi, up, 0, (to-from)*f)
		o.Up(hi, in)
		for c := range hi {
			for i, v := range hi[c] {
				hi[c][i] = float32(math.Tanh(3 * float64(v)))
			}
		}
		o.Down(dst, hi)
	}
	return out
}

func noise(ch, n int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(r.Float64()*2 - 1)
		}
	}
	return x
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 9000, 7)
	for _, f := range []int{2, 4, 8} {
		ref := process(mustNew(t, 2, Config{Factor: f}), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			got := process(mustNew(t, 2, Config{Factor: f}), x, b)
			for c := range got {
				for i := range got[c] {
					if got[c][i] != ref[c][i] {
						t.Fatalf("factor %d block %d: ch %d frame %d: %g != %g", f, b, c, i, got[c][i], ref[c][i])
					}
				}
			}
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := noise(2, 3000, 3)
	o := mustNew(t, 2, Config{Factor: 4})
	process(o, noise(2, 1000, 9), 512)
	o.Reset()
	got := process(o, x, 512)
	want := process(mustNew(t, 2, Config{Factor: 4}), x, 512)
	for c := range got {
		for i := range got[c] {
			if got[c][i] != want[c][i] {
				t.Fatalf("ch %d frame %d: %g after Reset, %g new", c, i, got[c][i], want[c][i])
			}
		}
	}
}

func TestAllocs(t *testing.T) {
	o := mustNew(t, 2, Config{Factor: 8})
	x := noise(2, 512, 1)
	up := dsp.NewBuffer(2, 512*8)
	y := dsp.NewBuffer(2, 512)
	if a := testing.AllocsPerRun(20, func() { o.Up(up, x); o.Down(y, up) }); a != 0 {
		t.Errorf("Up+Down allocates %v times", a)
	}
}

func TestConfigErrors(t *testing.T) {
	bad := []Config{{Factor: 3}, {Factor: 0}, {Factor: 4, Passband: 0.49}, {Factor: 4, StopbandDB: 20}, {Factor: 2, Passband: math.NaN()}}
	for _, c := range bad {
		if _, err := New(2, c); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
	if _, err := New(0, Config{Factor: 2}); err == nil {
		t.Error("0 channels accepted")
	}
}

func TestShapePanics(t *testing.T) {
	o := mustNew(t, 1, Config{Factor: 2})
	defer func() {
		if recover() == nil {
			t.Error("no panic on a wrong output length")
		}
	}()
	o.UpChannel(0, make([]float32, 10), make([]float32, 4))
}

func BenchmarkUpDown(b *testing.B) {
	for _, f := range []int{2, 4, 8} {
		b.Run(map[int]string{2: "2x", 4: "4x", 8: "8x"}[f], func(b *testing.B) {
			o := mustNew(b, 2, Config{Factor: f})
			x := noise(2, 512, 1)
			up := dsp.NewBuffer(2, 512*f)
			y := dsp.NewBuffer(2, 512)
			b.ReportAllocs()
			b.SetBytes(2 * 512 * 4)
			for b.Loop() {
				o.Up(up, x)
				o.Down(y, up)
			}
			b.ReportMetric((512/fs*1e9)/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
		})
	}
}
