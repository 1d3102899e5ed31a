package dynamics

import (
	"strconv"
	"testing"

	"immerse/dsp"
)

type factory struct {
	name string
	make func(t testing.TB) dsp.Processor
	key  bool // drive through ProcessSidechain with a mono key
}

func factories() []factory {
	cp := DefaultCompressorParams()
	cp.ThresholdDB, cp.Detector, cp.SidechainHPFHz, cp.LookaheadMs, cp.MakeupDB = -30, RMS, 120, 3, 4
	cm := DefaultCompressorParams()
	cm.ThresholdDB, cm.Link, cm.AutoMakeup = -25, LinkMean, true
	gp := DefaultGateParams()
	gp.ThresholdDB, gp.LookaheadMs, gp.Ratio = -20, 2, 3
	lp := DefaultLimiterParams()
	lp.CeilingDB, lp.InputGainDB = -3, 6
	return []factory{
		{"compressor", func(t testing.TB) dsp.Processor { return must[*Compressor](t)(NewCompressor(cp, rate, 2)) }, false},
		{"compressor-sidechain", func(t testing.TB) dsp.Processor { return must[*Compressor](t)(NewCompressor(cm, rate, 2)) }, true},
		{"gate", func(t testing.TB) dsp.Processor { return must[*Gate](t)(NewGate(gp, rate, 2)) }, false},
		{"gate-sidechain", func(t testing.TB) dsp.Processor { return must[*Gate](t)(NewGate(gp, rate, 2)) }, true},
		{"limiter", func(t testing.TB) dsp.Processor { return must[*Limiter](t)(NewLimiter(lp, rate, 2)) }, false},
	}
}

// testSignal is noise with a loud middle section, so every processor
// moves through attack, hold and release.
func testSignal(n int) ([][]float32, [][]float32) {
	x := noise(2, n, 0.05, 9)
	for c := range x {
		for i := n / 3; i < 2*n/3; i++ {
			x[c][i] *= 16
		}
	}
	key := [][]float32{kickTrack(n)}
	return x, key
}

func TestBlockSizeInvariance(t *testing.T) {
	x, key := testSignal(20000)
	for _, f := range factories() {
		k := key
		if !f.key {
			k = nil
		}
		want := run(f.make(t), x, k, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			equal(t, f.name+" block "+strconv.Itoa(b), run(f.make(t), x, k, b), want)
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x, key := testSignal(12000)
	for _, f := range factories() {
		k := key
		if !f.key {
			k = nil
		}
		p := f.make(t)
		run(p, noise(2, 3000, 0.9, 4), nil, 512)
		p.Reset()
		equal(t, f.name, run(p, x, k, 512), run(f.make(t), x, k, 512))
	}
}

func TestInPlace(t *testing.T) {
	x, _ := testSignal(6000)
	for _, f := range factories() {
		want := run(f.make(t), x, nil, 6000)
		y := dsp.NewBuffer(2, 6000)
		for c := range x {
			copy(y[c], x[c])
		}
		f.make(t).Process(y, y)
		equal(t, f.name+" in place", y, want)
	}
}

func TestAllocs(t *testing.T) {
	x, key := testSignal(512)
	y := dsp.NewBuffer(2, 512)
	c := must[*Compressor](t)(NewCompressor(DefaultCompressorParams(), rate, 2))
	g := must[*Gate](t)(NewGate(DefaultGateParams(), rate, 2))
	l := must[*Limiter](t)(NewLimiter(DefaultLimiterParams(), rate, 2))
	a := testing.AllocsPerRun(20, func() {
		c.Process(y, x)
		c.ProcessSidechain(y, x, key)
		c.SetThresholdDB(-20)
		c.SetMakeupDB(3)
		c.SetSidechainHPF(80)
		g.ProcessSidechain(y, x, key)
		g.SetHoldMs(10)
		l.Process(y, x)
		l.SetCeilingDB(-2)
	})
	if a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

func TestDescribeTables(t *testing.T) {
	for name, infos := range map[string][]dsp.ParamInfo{
		"compressor": DefaultCompressorParams().Describe(),
		"gate":       DefaultGateParams().Describe(),
		"limiter":    DefaultLimiterParams().Describe(),
	} {
		for _, d := range infos {
			if d.Doc == "" || d.Min > d.Max || d.Default < d.Min || d.Default > d.Max {
				t.Errorf("%s: bad entry %+v", name, d)
			}
		}
	}
	if err := DefaultGateParams().Validate(); err != nil {
		t.Error(err)
	}
	if err := DefaultLimiterParams().Validate(); err != nil {
		t.Error(err)
	}
	gp := DefaultGateParams()
	gp.RangeDB = -5
	if err := gp.Validate(); err == nil {
		t.Error("negative range accepted")
	}
}

func TestKeyShapePanics(t *testing.T) {
	c := must[*Compressor](t)(NewCompressor(DefaultCompressorParams(), rate, 2))
	defer func() {
		if recover() == nil {
			t.Error("no panic on a key of the wrong length")
		}
	}()
	x := dsp.NewBuffer(2, 64)
	c.ProcessSidechain(x, x, dsp.NewBuffer(1, 63))
}

func benchProc(b *testing.B, p dsp.Processor, key [][]float32) {
	x, _ := testSignal(512)
	y := dsp.NewBuffer(2, 512)
	b.ReportAllocs()
	b.SetBytes(2 * 512 * 4)
	for b.Loop() {
		if key != nil {
			p.(SidechainProcessor).ProcessSidechain(y, x, key)
		} else {
			p.Process(y, x)
		}
	}
	b.ReportMetric(512.0/rate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
}

func BenchmarkCompressor(b *testing.B) {
	b.Run("peak", func(b *testing.B) {
		benchProc(b, must[*Compressor](b)(NewCompressor(DefaultCompressorParams(), rate, 2)), nil)
	})
	b.Run("rms-hpf-lookahead-sidechain", func(b *testing.B) {
		p := DefaultCompressorParams()
		p.Detector, p.SidechainHPFHz, p.LookaheadMs = RMS, 100, 5
		_, key := testSignal(512)
		benchProc(b, must[*Compressor](b)(NewCompressor(p, rate, 2)), key)
	})
}

func BenchmarkGate(b *testing.B) {
	benchProc(b, must[*Gate](b)(NewGate(DefaultGateParams(), rate, 2)), nil)
}

func BenchmarkLimiter(b *testing.B) {
	benchProc(b, must[*Limiter](b)(NewLimiter(DefaultLimiterParams(), rate, 2)), nil)
}
