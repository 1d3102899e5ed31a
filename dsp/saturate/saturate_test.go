package saturate

import (
	"math"
	"math/cmplx"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/dsp"
)

// aliasing drives a 9 kHz sine into tanh and returns, in dB, the energy of
// the harmonics (multiples of 9 kHz below Nyquist) and of everything else
// (the aliases), from a Blackman-Harris windowed FFT.
func aliasing(t *testing.T, factor int, driveDB float64) (harmonics, aliases float64) {
	const n = 1 << 15
	p := Params{Curve: Tanh, DriveDB: driveDB, Mix: 1, Oversample: factor}
	s := must[*Saturator](t)(New(p, rate, 1))
	x := sine(n+4096, 9000, 0.5)
	y := run(s, [][]float32{x}, 512)[0][4096:]
	seq := make([]float64, n)
	for i := range seq {
		a := 2 * math.Pi * float64(i) / n
		w := 0.35875 - 0.48829*math.Cos(a) + 0.14128*math.Cos(2*a) - 0.01168*math.Cos(3*a)
		seq[i] = float64(y[i]) * w
	}
	coef := fourier.NewFFT(n).Coefficients(nil, seq)
	binHz := float64(rate) / n
	var eh, ea float64
	for k := 1; k < len(coef)-1; k++ {
		e := real(coef[k])*real(coef[k]) + imag(coef[k])*imag(coef[k])
		f := float64(k) * binHz
		h := math.Round(f / 9000)
		if h >= 1 && math.Abs(f-9000*h) <= 8*binHz {
			eh += e
		} else {
			ea += e
		}
	}
	return dsp.PowerToDB(eh), dsp.PowerToDB(ea)
}

// TestAliasing: with 4× oversampling the aliases of a heavily driven 9 kHz
// sine (-6 dBFS, 12 and 18 dB of drive: 6 and 12 dB into clipping) are at
// least 40 dB below its harmonics, and far lower than at 1×. At an extreme
// 24 dB the 21st harmonic (189 kHz) folds within the 4× rate itself: 4×
// still beats 1× by far, and 8× is needed for 40 dB.
func TestAliasing(t *testing.T) {
	for _, drive := range []float64{12, 18, 24} {
		h1, a1 := aliasing(t, 1, drive)
		h4, a4 := aliasing(t, 4, drive)
		h8, a8 := aliasing(t, 8, drive)
		t.Logf("drive %g dB: aliases below harmonics: 1x %.1f dB, 4x %.1f dB, 8x %.1f dB", drive, h1-a1, h4-a4, h8-a8)
		if drive < 24 && h4-a4 < 40 {
			t.Errorf("drive %g: 4x aliases only %.1f dB below the harmonics", drive, h4-a4)
		}
		if h8-a8 < 40 {
			t.Errorf("drive %g: 8x aliases only %.1f dB below the harmonics", drive, h8-a8)
		}
		if (h4-a4)-(h1-a1) < 20 {
			t.Errorf("drive %g: 4x (%.1f dB) not clearly better than 1x (%.1f dB)", drive, h4-a4, h1-a1)
		}
	}
}

// TestSmallSignalGain: at -60 dBFS every curve is a plain gain of DriveDB
// (unit slope at 0): within 0.1 dB.
func TestSmallSignalGain(t *testing.T) {
	for _, c := range Curves {
		for _, f := range []int{1, 4} {
			p := Params{Curve: c, DriveDB: 12, Mix: 1, Oversample: f}
			s := must[*Saturator](t)(New(p, rate, 1))
			x := sine(rate, 1000, 0.001)
			y := run(s, [][]float32{x}, 512)[0]
			got := toneDB(y[rate/2:], 1000) - toneDB(x[rate/2:], 1000)
			if math.Abs(got-12) > 0.1 {
				t.Errorf("%s %dx: small-signal gain %.3f dB, want 12", c, f, got)
			}
		}
	}
}

// TestEvenHarmonics: only the asymmetric curve makes even harmonics.
func TestEvenHarmonics(t *testing.T) {
	for _, c := range Curves {
		p := Params{Curve: c, DriveDB: 12, Mix: 1, Oversample: 4}
		s := must[*Saturator](t)(New(p, rate, 1))
		x := sine(2*rate, 1000, 0.5)
		y := run(s, [][]float32{x}, 512)[0][rate:] // 1000 whole cycles
		fund := toneDB(y, 1000)
		h2, h3, h4 := toneDB(y, 2000)-fund, toneDB(y, 3000)-fund, toneDB(y, 4000)-fund
		t.Logf("%-8s H2 %7.1f dB  H3 %7.1f dB  H4 %7.1f dB (re the fundamental)", c, h2, h3, h4)
		if h3 < -60 {
			t.Errorf("%s: no odd harmonics (H3 %.1f dB)", c, h3)
		}
		if c == Asym {
			if h2 < -40 || h4 < -60 {
				t.Errorf("asym: even harmonics too weak: H2 %.1f, H4 %.1f dB", h2, h4)
			}
		} else if h2 > -100 || h4 > -100 {
			t.Errorf("%s: even harmonics H2 %.1f, H4 %.1f dB", c, h2, h4)
		}
	}
}

// TestMixAndLatency: mix 0 is the input delayed by exactly Latency frames;
// mix 0.5 is the mean of that and the wet signal.
func TestMixAndLatency(t *testing.T) {
	for _, f := range []int{1, 2, 4, 8} {
		x := noise(2, 4000, 0.5, 1)
		dry := must[*Saturator](t)(New(Params{Curve: Tanh, DriveDB: 20, Mix: 0, Oversample: f}, rate, 2))
		lat := dry.Latency()
		y := run(dry, x, 300)
		for c := range x {
			for i := range x[c] {
				want := float32(0)
				if i >= lat {
					want = x[c][i-lat]
				}
				if y[c][i] != want {
					t.Fatalf("%dx mix 0: ch %d frame %d: %g, want %g", f, c, i, y[c][i], want)
				}
			}
		}
		wet := run(must[*Saturator](t)(New(Params{Curve: Tanh, DriveDB: 20, Mix: 1, Oversample: f}, rate, 2)), x, 300)
		half := run(must[*Saturator](t)(New(Params{Curve: Tanh, DriveDB: 20, Mix: 0.5, Oversample: f}, rate, 2)), x, 300)
		for c := range x {
			for i := range x[c] {
				if d := math.Abs(float64(half[c][i]) - 0.5*float64(y[c][i]) - 0.5*float64(wet[c][i])); d > 1e-6 {
					t.Fatalf("%dx mix 0.5: ch %d frame %d off by %g", f, c, i, d)
				}
			}
		}
		// The wet path is aligned with the dry path: a low tone at low level
		// comes out of both the same (wet = drive·x at small signal).
		s := must[*Saturator](t)(New(Params{Curve: Tanh, DriveDB: 0, Mix: 1, Oversample: f}, rate, 1))
		lo := sine(4000, 200, 0.01)
		w := run(s, [][]float32{lo}, 512)[0]
		for i := 1000; i < 4000; i++ {
			if d := math.Abs(float64(w[i] - lo[i-lat])); d > 1e-6 {
				t.Fatalf("%dx: wet path misaligned at %d by %g", f, i, d)
			}
		}
	}
}

func TestExciter(t *testing.T) {
	p := DefaultExciterParams()
	p.FreqHz, p.DriveDB, p.Amount = 3000, 18, 0.5
	e := must[*Exciter](t)(NewExciter(p, rate, 1))
	lat := e.Latency()
	// Below the band: a 100 Hz tone passes unchanged (the high-pass
	// removes it from the band: -60 dB at 100 Hz).
	lo := sine(rate, 100, 0.5)
	y := run(e, [][]float32{lo}, 512)[0]
	if d := toneDB(y[rate/2:], 100) - toneDB(lo[rate/2-lat:rate-lat], 100); math.Abs(d) > 0.01 {
		t.Errorf("100 Hz through the exciter: %.3f dB", d)
	}
	// In the band: a quiet 8 kHz tone is lifted by |1 + Amount·HP(8 kHz)|
	// (≈ 3.5 dB); a loud 5 kHz tone gets a 3rd harmonic at 15 kHz.
	e.Reset()
	q := sine(rate, 8000, 0.001)
	y = run(e, [][]float32{q}, 512)[0]
	lift := toneDB(y[rate/2:], 8000) - toneDB(q[rate/2:], 8000)
	want := dsp.GainToDB(cmplx.Abs(1 + 0.5*e.hp.Response(8000)))
	if math.Abs(lift-want) > 0.05 {
		t.Errorf("quiet 8 kHz lifted %.3f dB, want %.3f", lift, want)
	}
	e.Reset()
	loud := sine(rate, 5000, 0.5)
	y = run(e, [][]float32{loud}, 512)[0]
	if h3 := toneDB(y[rate/2:], 15000) - toneDB(y[rate/2:], 5000); h3 < -40 {
		t.Errorf("loud 5 kHz: 3rd harmonic only %.1f dB", h3)
	}
	none := must[*Exciter](t)(NewExciter(ExciterParams{FreqHz: 3000, DriveDB: 12, Amount: 0, Curve: Tanh, Oversample: 4}, rate, 1))
	z := run(none, [][]float32{loud}, 512)[0]
	for i := lat; i < len(z); i++ {
		if z[i] != loud[i-lat] {
			t.Fatalf("amount 0: frame %d %g, want %g", i, z[i], loud[i-lat])
		}
	}
}

func makers() map[string]func(t testing.TB) dsp.Processor {
	return map[string]func(t testing.TB) dsp.Processor{
		"tanh4x": func(t testing.TB) dsp.Processor {
			return must[*Saturator](t)(New(Params{Curve: Tanh, DriveDB: 12, OutputDB: -3, Mix: 0.7, Oversample: 4}, rate, 2))
		},
		"asym2x": func(t testing.TB) dsp.Processor {
			return must[*Saturator](t)(New(Params{Curve: Asym, DriveDB: 20, Mix: 1, Oversample: 2}, rate, 2))
		},
		"softclip1x": func(t testing.TB) dsp.Processor {
			return must[*Saturator](t)(New(Params{Curve: SoftClip, DriveDB: 6, Mix: 1, Oversample: 1}, rate, 2))
		},
		"hardclip8x": func(t testing.TB) dsp.Processor {
			return must[*Saturator](t)(New(Params{Curve: HardClip, DriveDB: 6, Mix: 1, Oversample: 8}, rate, 2))
		},
		"exciter": func(t testing.TB) dsp.Processor {
			return must[*Exciter](t)(NewExciter(DefaultExciterParams(), rate, 2))
		},
	}
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 10000, 0.7, 3)
	for name, mk := range makers() {
		want := run(mk(t), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			equal(t, name+" block "+strconv.Itoa(b), run(mk(t), x, b), want)
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := noise(2, 5000, 0.7, 5)
	for name, mk := range makers() {
		p := mk(t)
		run(p, noise(2, 2000, 1, 6), 512)
		p.Reset()
		equal(t, name, run(p, x, 512), run(mk(t), x, 512))
	}
}

func TestInPlace(t *testing.T) {
	x := noise(2, 3000, 0.7, 8)
	for name, mk := range makers() {
		want := run(mk(t), x, 3000)
		y := dsp.NewBuffer(2, 3000)
		for c := range x {
			copy(y[c], x[c])
		}
		mk(t).Process(y, y)
		equal(t, name+" in place", y, want)
	}
}

func TestAllocs(t *testing.T) {
	x := noise(2, 512, 0.5, 1)
	y := dsp.NewBuffer(2, 512)
	s := must[*Saturator](t)(New(DefaultParams(), rate, 2))
	e := must[*Exciter](t)(NewExciter(DefaultExciterParams(), rate, 2))
	if a := testing.AllocsPerRun(20, func() {
		s.Process(y, x)
		s.SetDriveDB(9)
		s.SetMix(0.5)
		e.Process(y, x)
		e.SetFreq(4000)
		e.SetDriveDB(10)
	}); a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

func TestValidate(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := DefaultExciterParams().Validate(); err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.Oversample = 3
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "oversample = 3 is not 1, 2, 4 or 8") {
		t.Errorf("got %v", err)
	}
	p = DefaultParams()
	p.Mix = 1.5
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "mix = 1.5 is outside the allowed range [0, 1]") {
		t.Errorf("got %v", err)
	}
	p = DefaultParams()
	p.Curve = "fuzz"
	if err := p.Validate(); err == nil {
		t.Error("curve fuzz accepted")
	}
	d := DefaultParams()
	if d.Curve != Tanh || d.Oversample != 4 || d.Mix != 1 || d.DriveDB != 6 {
		t.Errorf("defaults %+v", d)
	}
}

func TestCurves(t *testing.T) {
	for _, c := range Curves {
		for _, u := range []float64{1e-6, -1e-6} {
			if s := c.Apply(u) / u; math.Abs(s-1) > 1e-5 {
				t.Errorf("%s: slope at 0 is %g", c, s)
			}
		}
		if c != Asym && c.Apply(-0.7) != -c.Apply(0.7) {
			t.Errorf("%s is not odd", c)
		}
	}
	if SoftClip.Apply(1.5) != 1 || SoftClip.Apply(10) != 1 || HardClip.Apply(-3) != -1 {
		t.Error("clip limits wrong")
	}
	if hi, lo := Asym.Apply(100), Asym.Apply(-100); math.Abs(hi-0.774) > 0.001 || math.Abs(lo+1.411) > 0.001 {
		t.Errorf("asym limits %g, %g", hi, lo)
	}
}

func BenchmarkSaturator(b *testing.B) {
	for _, f := range []int{1, 4, 8} {
		b.Run(strconv.Itoa(f)+"x", func(b *testing.B) {
			s := must[*Saturator](b)(New(Params{Curve: Tanh, DriveDB: 12, Mix: 1, Oversample: f}, rate, 2))
			bench(b, s)
		})
	}
}

func BenchmarkExciter(b *testing.B) {
	bench(b, must[*Exciter](b)(NewExciter(DefaultExciterParams(), rate, 2)))
}

func bench(b *testing.B, p dsp.Processor) {
	x := noise(2, 512, 0.5, 1)
	y := dsp.NewBuffer(2, 512)
	b.ReportAllocs()
	b.SetBytes(2 * 512 * 4)
	for b.Loop() {
		p.Process(y, x)
	}
	b.ReportMetric(512.0/rate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}
