package loudness

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"immerse/dsp"
)

func TestNewErrors(t *testing.T) {
	cases := []struct {
		rate, ch int
		w        []float64
		want     string
	}{
		{4000, 2, nil, "sample rate 4000 Hz"},
		{1000000, 2, nil, "sample rate 1000000 Hz"},
		{48000, 0, nil, "0 channels"},
		{48000, 2, []float64{1}, "1 channel weights for 2 channels"},
		{48000, 2, []float64{1, -1}, "channel 1 weight -1"},
		{48000, 2, []float64{1, math.NaN()}, "channel 1 weight NaN"},
		{48000, 2, []float64{math.Inf(1), 1}, "channel 0 weight +Inf"},
	}
	for _, c := range cases {
		_, err := New(c.rate, c.ch, c.w)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "loudness: ") {
			t.Errorf("New(%d, %d, %v) = %v, want an error about %q", c.rate, c.ch, c.w, err, c.want)
		}
	}
}

func TestProcessPanicsOnWrongShape(t *testing.T) {
	m, _ := New(48000, 2, nil)
	for _, src := range [][][]float32{{make([]float32, 4)}, {make([]float32, 4), make([]float32, 3)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Process(%d channels) did not panic", len(src))
				}
			}()
			m.Process(src)
		}()
	}
}

// Silence and an empty meter give MinDB-based values that encode to JSON.
func TestSilenceResult(t *testing.T) {
	m, _ := New(48000, 3, []float64{1, 1, 0})
	check := func(what string) {
		r := m.Result()
		for name, v := range map[string]float64{"I": r.IntegratedLUFS, "max M": r.MaxMomentaryLUFS,
			"max S": r.MaxShortTermLUFS, "sample peak": r.SamplePeakDBFS, "true peak": r.TruePeakDBTP,
			"M": m.Momentary(), "S": m.ShortTerm()} {
			if v != dsp.MinDB {
				t.Errorf("%s: %s = %v, want MinDB", what, name, v)
			}
		}
		if r.LoudnessRangeLU != 0 {
			t.Errorf("%s: LRA = %v, want 0", what, r.LoudnessRangeLU)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	check("new meter")
	feed(m, [][]float32{make([]float32, 480000), make([]float32, 480000), make([]float32, 480000)}, 4096)
	check("10 s of silence")
}

// A programme quieter than the absolute gate: M and S are measured, I is not.
func TestBelowAbsoluteGate(t *testing.T) {
	r := measure(t, 48000, nil, dup(tones(48000, segment{-75, 10}), 2))
	if r.IntegratedLUFS != dsp.MinDB || math.Abs(r.MaxMomentaryLUFS+75) > 0.1 {
		t.Errorf("-75 dBFS tone: I %v (want MinDB), max M %v (want -75)", r.IntegratedLUFS, r.MaxMomentaryLUFS)
	}
}

// The maxima report when they happened (end of the window).
func TestMaxTimes(t *testing.T) {
	x := tones(48000, segment{-30, 5}, segment{-20, 0.4}, segment{-30, 5})
	r := measure(t, 48000, nil, dup(x, 2))
	if math.Abs(r.MaxMomentaryAtSeconds-5.4) > 1e-9 || math.Abs(r.MaxMomentaryLUFS+20) > 0.05 {
		t.Errorf("max M %.3f at %.3f s, want -20 at 5.4 s", r.MaxMomentaryLUFS, r.MaxMomentaryAtSeconds)
	}
	// A 3 s burst: the short-term maximum is the window that holds it
	// (within a tick or so: the filters ring on for milliseconds).
	x = tones(48000, segment{-40, 5}, segment{-20, 3}, segment{-40, 5})
	r = measure(t, 48000, nil, dup(x, 2))
	if math.Abs(r.MaxShortTermAtSeconds-8) > 0.021 || math.Abs(r.MaxShortTermLUFS+20) > 0.05 {
		t.Errorf("max S %.3f at %.3f s, want -20 at 8.0 s", r.MaxShortTermLUFS, r.MaxShortTermAtSeconds)
	}
	// An impulse at a known frame: sample peak there, true peak within
	// the interpolator's reach of it.
	imp := make([]float32, 48000)
	imp[12345] = 0.5
	r = measure(t, 48000, nil, [][]float32{imp})
	if r.SamplePeakAtSeconds != 12345.0/48000 || math.Abs(r.TruePeakAtSeconds-12345.0/48000) > 1.0/48000 {
		t.Errorf("impulse at %.6f s: sample peak at %.6f s, true peak at %.6f s",
			12345.0/48000, r.SamplePeakAtSeconds, r.TruePeakAtSeconds)
	}
}

func testProgramme() [][]float32 {
	rng := rand.New(rand.NewPCG(7, 8))
	return [][]float32{musicLike(rng, 48000, 12), musicLike(rng, 48000, 12), stepNoise(rng, 48000, 3, -30, neg, -20, -40)}
}

// Blocks of 1, 7, 64, 512 and 4096 frames give identical results.
func TestBlockSizeInvariance(t *testing.T) {
	src := testProgramme()
	var first Result
	var firstM, firstS []float64
	for i, block := range []int{4096, 1, 7, 64, 512} {
		m, _ := New(48000, 3, []float64{1, 1, 1.41})
		feed(m, src, block)
		r := m.Result()
		if i == 0 {
			first, firstM, firstS = r, m.MomentarySeries(), m.ShortTermSeries()
			continue
		}
		if !reflect.DeepEqual(r, first) {
			t.Errorf("block %d: result differs from block 4096:\n%+v\n%+v", block, r, first)
		}
		if !reflect.DeepEqual(m.MomentarySeries(), firstM) || !reflect.DeepEqual(m.ShortTermSeries(), firstS) {
			t.Errorf("block %d: series differ from block 4096", block)
		}
	}
}

// Reset gives the state of a new meter.
func TestResetEqualsNew(t *testing.T) {
	src := testProgramme()
	fresh, _ := New(48000, 3, nil)
	feed(fresh, src, 1000)
	m, _ := New(48000, 3, nil)
	feed(m, [][]float32{src[2], src[0], src[1]}, 333)
	m.Reset()
	feed(m, src, 1000)
	if !reflect.DeepEqual(m.Result(), fresh.Result()) || !reflect.DeepEqual(m.ShortTermSeries(), fresh.ShortTermSeries()) {
		t.Error("Reset meter differs from a new one")
	}
}

func TestProcessAllocatesNothing(t *testing.T) {
	src := dsp.NewBuffer(12, 1000)
	rng := rand.New(rand.NewPCG(1, 1))
	for c := range src {
		for i := range src[c] {
			src[c][i] = float32(0.1 * rng.NormFloat64())
		}
	}
	m, _ := New(48000, 12, nil, WithSeries(1)) // the series fills and decimates during the run
	if a := testing.AllocsPerRun(200, func() { m.Process(src) }); a != 0 {
		t.Errorf("Process allocates %v times per call", a)
	}
	tp, _ := NewTruePeak(48000, 12)
	dst := dsp.NewBuffer(12, 1000)
	if a := testing.AllocsPerRun(50, func() { tp.Process(dst, src) }); a != 0 {
		t.Errorf("TruePeak.Process allocates %v times per call", a)
	}
}

// A small series capacity decimates by two each time it fills, keeping the
// values of the full-rate series at the coarser grid.
func TestSeriesDecimation(t *testing.T) {
	src := testProgramme()
	full, _ := New(48000, 3, nil)
	feed(full, src, 4096)
	small, _ := New(48000, 3, nil, WithSeries(2.5)) // 25 entries; 12 s = 120 hops
	feed(small, src, 4096)
	fs, ss := full.ShortTermSeries(), small.ShortTermSeries()
	fm, sm := full.MomentarySeries(), small.MomentarySeries()
	if len(fs) != 120 || full.SeriesStep() != 0.1 {
		t.Fatalf("full series: %d values at %g s, want 120 at 0.1 s", len(fs), full.SeriesStep())
	}
	stride := int(math.Round(small.SeriesStep() / 0.1))
	if stride != 8 || len(ss) != 120/8 {
		t.Fatalf("decimated series: %d values, step %g s; want 15 at 0.8 s", len(ss), small.SeriesStep())
	}
	for i := range ss {
		j := (i+1)*stride - 1
		if ss[i] != fs[j] || sm[i] != fm[j] {
			t.Errorf("decimated entry %d = (%v, %v), full-rate entry %d = (%v, %v)", i, sm[i], ss[i], j, fm[j], fs[j])
		}
	}
	off, _ := New(48000, 3, nil, WithSeries(0))
	feed(off, src, 4096)
	if off.ShortTermSeries() != nil || off.Result().IntegratedLUFS != full.Result().IntegratedLUFS {
		t.Error("WithSeries(0) keeps a series or changes the measurement")
	}
}

// Excluded channels (weight 0) are not in the loudness but are in the peaks.
func TestZeroWeightChannel(t *testing.T) {
	x := tones(48000, segment{-23, 10})
	lfe := sine(48000, 60, 0.9, 0, 10, 0)
	r := measure(t, 48000, []float64{1, 1, 0}, [][]float32{x, x, lfe})
	r2 := measure(t, 48000, nil, [][]float32{x, x})
	if r.IntegratedLUFS != r2.IntegratedLUFS {
		t.Errorf("LFE changes the loudness: %v vs %v", r.IntegratedLUFS, r2.IntegratedLUFS)
	}
	if math.Abs(r.Channels[2].SamplePeakDBFS-dsp.GainToDB(0.9)) > 0.01 || r.SamplePeakDBFS != r.Channels[2].SamplePeakDBFS {
		t.Errorf("LFE peak %.3f dBFS (overall %.3f), want %.3f", r.Channels[2].SamplePeakDBFS, r.SamplePeakDBFS, dsp.GainToDB(0.9))
	}
}

// WithParallelTruePeak gives exactly the results of the plain meter and
// allocates nothing per block.
func TestParallelTruePeak(t *testing.T) {
	x := make([][]float32, 6)
	for c := range x {
		x[c] = make([]float32, 48000*3)
		for i := range x[c] {
			x[c][i] = float32(0.5 * math.Sin(float64(i*(c+3))*0.37+float64(c)))
		}
	}
	w := []float64{1, 1, 1, 0, 1.41, 1.41}
	a, _ := New(48000, 6, w)
	b, _ := New(48000, 6, w, WithParallelTruePeak(true))
	defer b.Close()
	for i := 0; i < len(x[0]); i += 1000 {
		blk := make([][]float32, 6)
		for c := range blk {
			blk[c] = x[c][i:min(i+1000, len(x[c]))]
		}
		a.Process(blk)
		b.Process(blk)
	}
	ra, rb := a.Result(), b.Result()
	if ra.TruePeakDBTP != rb.TruePeakDBTP || ra.IntegratedLUFS != rb.IntegratedLUFS || ra.Channels[4].TruePeakDBTP != rb.Channels[4].TruePeakDBTP {
		t.Errorf("parallel %+v, plain %+v", rb, ra)
	}
	blk := [][]float32{x[0][:512], x[1][:512], x[2][:512], x[3][:512], x[4][:512], x[5][:512]}
	if n := testing.AllocsPerRun(20, func() { b.Process(blk) }); n != 0 {
		t.Errorf("Process allocates %v times", n)
	}
}
