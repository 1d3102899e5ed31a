package check

import (
	"math"
	"path/filepath"
	"testing"

	"immerse/demo"
	"immerse/render"
)

// renderDemo renders the built-in demo scene to a 7.1.4 file.
func renderDemo(t testing.TB, dir string) string {
	t.Helper()
	sc, stems := demo.Scene(rate)
	out := filepath.Join(dir, "demo-714.wav")
	_, err := render.RenderFile(sc, out, render.FileOptions{
		Config: render.Config{Layout: mustLayout(t, "7.1.4")},
		Open:   func(path string) (render.Stem, error) { return stems.Source(path, sc.SampleRate) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDemoPasses: the built-in demo scene rendered to 7.1.4 passes the
// check with sensible numbers: a programme around -20 LUFS, peaks well
// under -1 dBTP, each fold-down within 2 LU of the one before, a mostly
// positive stereo correlation and a small mono loss.
func TestDemoPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo scene")
	}
	r, err := File(renderDemo(t, t.TempDir()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Stages {
		t.Logf("%-5s I %6.2f LUFS  LRA %4.1f LU  M %6.2f  S %6.2f  peak %6.2f dBFS  TP %6.2f dBTP",
			s.Name, s.IntegratedLUFS, s.LoudnessRangeLU, s.MaxMomentaryLUFS, s.MaxShortTermLUFS, s.SamplePeakDBFS, s.TruePeakDBTP)
	}
	if r.Verdict != Pass || len(r.Problems) != 0 {
		t.Fatalf("verdict %s: %+v", r.Verdict, r.Problems)
	}
	if fmtStages(r) != "7.1.4 5.1 2.0 1.0" || r.Duration != 12 || r.SampleRate != rate {
		t.Fatalf("stages %v, %g s", stageNames(r), r.Duration)
	}
	for i, s := range r.Stages {
		if s.IntegratedLUFS < -30 || s.IntegratedLUFS > -12 || s.TruePeakDBTP > -3 || s.TruePeakDBTP < s.SamplePeakDBFS ||
			s.MaxMomentaryLUFS < s.MaxShortTermLUFS || s.MaxShortTermLUFS < s.IntegratedLUFS || s.ClippedSamples != 0 {
			t.Errorf("stage %s: implausible %+v", s.Name, s)
		}
		if i > 0 && math.Abs(*s.LoudnessChangeLU) > 2 {
			t.Errorf("stage %s: change %.2f LU", s.Name, *s.LoudnessChangeLU)
		}
	}
	st := stageByName(t, r, "2.0")
	if c := st.Correlation; c.Mean < 0.3 || c.NegativeFraction > 0.05 || *st.MonoLossLU > 2 {
		t.Errorf("2.0: correlation %+v, mono loss %.2f LU", *c, *st.MonoLossLU)
	}
	// The rendered scene has sound from its first to its last block.
	if s := r.Stages[0]; s.LeadingSilenceSeconds > 0.1 || s.TrailingSilenceSeconds > 0.5 {
		t.Errorf("silence %.2f s / %.2f s", s.LeadingSilenceSeconds, s.TrailingSilenceSeconds)
	}
}
