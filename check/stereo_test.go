package check

import (
	"math"
	"testing"
)

// TestOutOfPhasePairFails: L = -R noise reads correlation -1, a mono loss
// at the stereometer's 100 LU cap (the mono sum cancels), a silent 1.0
// stage, and fails the check on the mono loss.
func TestOutOfPhasePairFails(t *testing.T) {
	x := noise(1, 0.1, 5*rate)
	path := writeFile(t, t.TempDir(), "anti.wav", 0, [][]float32{x, neg(x)})
	r, err := File(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := stageByName(t, r, "2.0")
	c := st.Correlation
	if c.Mean != -1 || c.Min != -1 || c.NegativeFraction != 1 {
		t.Errorf("correlation %+v, want mean = min = -1, negativeFraction 1", *c)
	}
	if *st.MonoLossLU != 100 {
		t.Errorf("mono loss %.2f LU, want the 100 LU cap", *st.MonoLossLU)
	}
	for _, b := range st.MonoLossByBandLU {
		if b.LU < 90 {
			t.Errorf("band %g Hz: mono loss %.1f LU, want >= 90", b.CentreHz, b.LU)
		}
	}
	if mono := stageByName(t, r, "1.0"); mono.IntegratedLUFS != -200 || mono.SamplePeakDBFS != -200 {
		t.Errorf("1.0 stage of an anti-phase pair: I %.2f LUFS, peak %.2f dBFS; want silence (-200)", mono.IntegratedLUFS, mono.SamplePeakDBFS)
	}
	// 5 s of windows below -0.3: the first window ends at 0.4 s, so 47
	// windows of 100 ms.
	if c.LongestBelowSeconds != 4.7 || c.LongestBelowTime != 0 {
		t.Errorf("longest run below -0.3: %.2f s from %.2f s, want 4.7 s from 0", c.LongestBelowSeconds, c.LongestBelowTime)
	}
	if r.Verdict != Fail {
		t.Fatalf("verdict %s, want fail; problems %+v", r.Verdict, r.Problems)
	}
	want := map[string]string{"monoLossLU": Fail, "correlation": Warn}
	for _, p := range r.Problems {
		if sev, ok := want[p.Metric]; ok && p.Severity == sev && p.Stage == "2.0" {
			delete(want, p.Metric)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing problems %v in %+v", want, r.Problems)
	}
}

// TestInPhasePairPasses: identical channels read correlation +1, no mono
// loss, and the 1.0 stage keeps the loudness (M = 0.7071 (L + R) = √2 L, +3
// dB per channel but one channel instead of two).
func TestInPhasePairPasses(t *testing.T) {
	x := musicLike(2, 6*rate)
	path := writeFile(t, t.TempDir(), "mono.wav", 0, [][]float32{x, x})
	r, err := File(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Pass || len(r.Problems) != 0 {
		t.Fatalf("verdict %s, problems %+v", r.Verdict, r.Problems)
	}
	if fmtStages(r) != "2.0 1.0" {
		t.Fatalf("stages %v", stageNames(r))
	}
	st := r.Stages[0]
	if c := st.Correlation; c.Mean != 1 || c.Min != 1 || c.NegativeFraction != 0 {
		t.Errorf("correlation %+v", *c)
	}
	if *st.MonoLossLU != 0 {
		t.Errorf("mono loss %.2f LU", *st.MonoLossLU)
	}
	if ch := *r.Stages[1].LoudnessChangeLU; math.Abs(ch) > 0.01 {
		t.Errorf("2.0 -> 1.0 change %.2f LU, want 0", ch)
	}
}

// TestCorrelationRun: a 1.5 s anti-phase stretch in an in-phase programme
// warns (more than 1 s below -0.3), a 0.8 s stretch does not; the run is
// located where it is.
func TestCorrelationRun(t *testing.T) {
	for _, tc := range []struct {
		from, length float64
		warn         bool
	}{{4, 1.5, true}, {4, 0.8, false}} {
		x := noise(3, 0.1, 10*rate)
		y := append([]float32(nil), x...)
		a, b := int(tc.from*rate), int((tc.from+tc.length)*rate)
		for i := a; i < b; i++ {
			y[i] = -y[i]
		}
		path := writeFile(t, t.TempDir(), "run.wav", 0, [][]float32{x, y})
		r, err := File(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := r.Stages[0].Correlation
		// Windows wholly inside the stretch read -1; those overlapping
		// it by more than 65 % (0.26 s) read below -0.3: the run starts with
		// the window ending 0.26-0.35 s into the stretch.
		if math.Abs(c.LongestBelowSeconds-(tc.length-0.1)) > 0.11 || math.Abs(c.LongestBelowTime-(tc.from-0.1)) > 0.051 {
			t.Errorf("%.1f s stretch at %.1f s: run of %.2f s from %.2f s", tc.length, tc.from, c.LongestBelowSeconds, c.LongestBelowTime)
		}
		found := false
		for _, p := range r.Problems {
			if p.Metric == "correlation" {
				found = true
			}
		}
		if found != tc.warn {
			t.Errorf("%.1f s stretch: correlation warning %v, want %v (%+v)", tc.length, found, tc.warn, r.Problems)
		}
	}
}

func fmtStages(r *Report) string {
	s := ""
	for i, n := range stageNames(r) {
		if i > 0 {
			s += " "
		}
		s += n
	}
	return s
}

// TestOtherRates: at 44.1 kHz (hops of 4410 frames) and 96 kHz an
// anti-phase pair reads the same as at 48 kHz: correlation -1, and 5 s of
// it give a run of 47 windows (4.7 s) from 0 s.
func TestOtherRates(t *testing.T) {
	for _, fs := range []int{44100, 96000} {
		x := noise(4, 0.1, 5*fs)
		path := writeFileAt(t, t.TempDir(), "anti.wav", 0, fs, [][]float32{x, neg(x)})
		r, err := File(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := r.Stages[0].Correlation
		if r.SampleRate != fs || r.Duration != 5 || c.Mean != -1 || c.LongestBelowSeconds != 4.7 || c.LongestBelowTime != 0 || r.Verdict != Fail {
			t.Errorf("%d Hz: %g s, correlation %+v, verdict %s", fs, r.Duration, *c, r.Verdict)
		}
	}
}
