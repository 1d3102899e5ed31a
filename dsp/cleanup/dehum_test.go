package cleanup

import (
	"math"
	"testing"

	"immerse/dsp"
)

// TestDehumReduction: hum at 50 or 60 Hz with five harmonics, drifting by
// ±0.2 Hz, loses at least 25 dB (measured after the first second).
func TestDehumReduction(t *testing.T) {
	const n = 12 * testRate
	for _, base := range []float64{50, 60} {
		h := hum(base, 0.2, []float64{0.05, 0.03, 0.02, 0.01, 0.005}, n, testRate)
		p := DefaultDehumParams()
		p.FrequencyHz = base
		d, err := NewDehummer(p, testRate, 1)
		if err != nil {
			t.Fatal(err)
		}
		y := process(d, h, 1000)
		red := dsp.PowerToDB(meanSquare(h, testRate, n) / meanSquare(y, testRate, n))
		t.Logf("%g Hz ±0.2 Hz: reduction %.1f dB, tracked %.3f Hz at the end", base, red, d.FrequencyHz())
		if red < 25 {
			t.Errorf("%g Hz: hum reduced by %.1f dB, want >= 25", base, red)
		}
	}
}

// TestDehumKeepsTone: a 1 kHz tone under hum keeps its level within 0.3 dB.
func TestDehumKeepsTone(t *testing.T) {
	const n = 8 * testRate
	clean := tone(1000, 0.3, n, testRate)
	x := add(clean, hum(60, 0.2, []float64{0.05, 0.02, 0.02, 0.01}, n, testRate))
	p := DefaultDehumParams()
	p.FrequencyHz = 60
	d, _ := NewDehummer(p, testRate, 1)
	y := process(d, x, 512)
	before := toneLevelDB(clean, 1000, testRate, n, testRate)
	after := toneLevelDB(y, 1000, testRate, n, testRate)
	t.Logf("1 kHz tone: %.4f dB change", after-before)
	if math.Abs(after-before) > 0.3 {
		t.Errorf("1 kHz tone changed by %.3f dB", after-before)
	}
}

// TestHumAnalyzerAutoDetects: 50 and 60 Hz hum (with drift, under music)
// is told apart, its frequency measured within 0.02 Hz and its drift
// range seen; music alone has no hum.
func TestHumAnalyzerAutoDetects(t *testing.T) {
	n := 16 * testRate
	m := musicLike(5, n, testRate)
	for _, base := range []float64{50, 60} {
		x := add(m, hum(base, 0.2, []float64{0.02, 0.01, 0.008, 0.004}, n, testRate))
		a, err := NewHumAnalyzer(testRate, 1, 8)
		if err != nil {
			t.Fatal(err)
		}
		a.Process([][]float32{x})
		r := a.Result(0)
		t.Logf("%g Hz hum: found %g Hz, %.3f Hz (%.3f .. %.3f), %d harmonics, level %.1f dB, scores 50: %.2f 60: %.2f",
			base, r.BaseHz, r.FrequencyHz, r.MinHz, r.MaxHz, r.Harmonics, r.LevelDB, r.Score50, r.Score60)
		if r.BaseHz != base || math.Abs(r.FrequencyHz-base) > 0.02 || r.Harmonics < 4 {
			t.Errorf("%g Hz hum: %+v", base, r)
		}
		if r.MaxHz-r.MinHz < 0.25 || r.MaxHz-r.MinHz > 0.5 {
			t.Errorf("drift range %.3f .. %.3f, want about ±0.2 Hz", r.MinHz, r.MaxHz)
		}
		// The level of the hum: sum of the harmonics' powers.
		want := dsp.PowerToDB((0.02*0.02 + 0.01*0.01 + 0.008*0.008 + 0.004*0.004) / 2)
		if math.Abs(r.LevelDB-want) > 1 {
			t.Errorf("level %.2f dB, want %.2f", r.LevelDB, want)
		}
	}
	a, _ := NewHumAnalyzer(testRate, 1, 8)
	a.Process([][]float32{m})
	if r := a.Result(0); r.BaseHz != 0 {
		t.Errorf("music alone: hum found %+v", r)
	}
}

// TestDehumBlockInvarianceAndAllocs: blocks of 1, 7, 64, 512, 4096 give
// the same output (the frequency-locked loop runs on a fixed 20 ms grid),
// Process allocates nothing, and Reset equals a new processor.
func TestDehumBlockInvarianceAndAllocs(t *testing.T) {
	n := 2 * testRate
	x := add(musicLike(2, n, testRate), hum(50, 0.1, []float64{0.03, 0.01}, n, testRate))
	d, _ := NewDehummer(DefaultDehumParams(), testRate, 1)
	ref := process(d, x, 4096)
	for _, b := range []int{1, 7, 64, 512} {
		d.Reset()
		y := process(d, x, b)
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("block %d: frame %d differs", b, i)
			}
		}
	}
	st, _ := NewDehummer(DefaultDehumParams(), testRate, 2)
	buf := dsp.NewBuffer(2, 512)
	if a := testing.AllocsPerRun(50, func() { st.Process(buf, buf) }); a != 0 {
		t.Errorf("%g allocations per Process", a)
	}
}

// TestDehumWarm: after Warm on the first two seconds, the first second
// of hum is reduced by at least 15 dB and at least 6 dB more than without.
func TestDehumWarm(t *testing.T) {
	n := 4 * testRate
	h := hum(60, 0.1, []float64{0.05, 0.02, 0.01}, n, testRate)
	p := DefaultDehumParams()
	p.FrequencyHz = 60
	cold, _ := NewDehummer(p, testRate, 1)
	yc := process(cold, h, 1024)
	warm, _ := NewDehummer(p, testRate, 1)
	warm.Warm([][]float32{h[:2*testRate]})
	yw := process(warm, h, 1024)
	rc := dsp.PowerToDB(meanSquare(h, 0, testRate) / meanSquare(yc, 0, testRate))
	rw := dsp.PowerToDB(meanSquare(h, 0, testRate) / meanSquare(yw, 0, testRate))
	t.Logf("first second: %.1f dB cold, %.1f dB warmed", rc, rw)
	if rw < 15 || rw < rc+6 {
		t.Errorf("warmed: first second reduced by %.1f dB (cold %.1f dB)", rw, rc)
	}
}
