package cleanup

import (
	"errors"
	"strings"
	"testing"

	"immerse/dsp"
)

// TestParamsDefaultsValidate: every table's defaults are valid and equal
// the documented values; out-of-range values are refused by constructors
// with the parameter's name.
func TestParamsDefaultsValidate(t *testing.T) {
	for _, ps := range []dsp.ParamSet{DefaultStripParams(), DefaultDehumParams(), DefaultDeclickParams(), DefaultDenoiseParams()} {
		if err := ps.Validate(); err != nil {
			t.Errorf("%T defaults: %v", ps, err)
		}
	}
	if p := DefaultStripParams(); p.ThresholdDB != -50 || p.MinSilenceMs != 250 || p.PreRollMs != 20 || p.PostRollMs != 50 || p.FadeMs != 5 {
		t.Errorf("strip defaults %+v", p)
	}
	if p := DefaultDehumParams(); p.FrequencyHz != 50 || p.Harmonics != 8 || p.BandwidthHz != 1 || !p.Track || p.TrackHarmonics != 3 {
		t.Errorf("dehum defaults %+v", p)
	}
	if p := DefaultDeclickParams(); p.Threshold != 8 || p.MaxClickMs != 2 || p.Order != 32 {
		t.Errorf("declick defaults %+v", p)
	}
	if p := DefaultDenoiseParams(); p.ReductionDB != 12 || p.SensitivityDB != 6 || p.SmoothingBands != 3 || p.AttackMs != 20 || p.ReleaseMs != 100 {
		t.Errorf("denoise defaults %+v", p)
	}
	bad := DefaultDenoiseParams()
	bad.ReductionDB = 60
	_, err := NewDenoiser(bad, 48000, 1, nil)
	if !errors.Is(err, dsp.ErrParam) || !strings.Contains(err.Error(), "reduction_db") {
		t.Errorf("reduction 60 dB: %v", err)
	}
	if _, err := NewDeclicker(DefaultDeclickParams(), 1000, 1); err == nil || !strings.Contains(err.Error(), "sample rate") {
		t.Errorf("rate 1000: %v", err)
	}
	p := DefaultDenoiseParams()
	prof := &NoiseProfile{FFTSize: 1024, Power: make([]float64, 513)}
	if _, err := NewDenoiser(p, 48000, 1, prof); err == nil || !strings.Contains(err.Error(), "learn it at this rate") {
		t.Errorf("profile of another size: %v", err)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 4}, 4}, {[]float64{2, 2, 2, 1, 3}, 2}, {[]float64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 5}} {
		if got := median(append([]float64(nil), c.in...)); got != c.want {
			t.Errorf("median(%v) = %g, want %g", c.in, got, c.want)
		}
	}
	x := make([]float64, 1001)
	r := rng(3)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	m := median(append([]float64(nil), x...))
	below := 0
	for _, v := range x {
		if v < m {
			below++
		}
	}
	if below != 500 {
		t.Errorf("%d values below the median of 1001", below)
	}
}

func TestFrameSize(t *testing.T) {
	for rate, want := range map[int]int{8000: 256, 16000: 512, 44100: 2048, 48000: 2048, 96000: 4096, 192000: 8192} {
		if got := FrameSize(rate); got != want {
			t.Errorf("FrameSize(%d) = %d, want %d", rate, got, want)
		}
	}
}
