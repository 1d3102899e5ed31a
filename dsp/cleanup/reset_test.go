package cleanup

import (
	"math"
	"testing"

	"immerse/dsp"
)

// TestResetEqualsNew: after Reset, the stripper and the denoiser (both
// with a profile and adaptive) give what a new one gives.
func TestResetEqualsNew(t *testing.T) {
	x, _, _ := phrasedTones(2 * testRate)
	prof := learn(t, x)
	makers := map[string]func() dsp.Processor{
		"strip":            func() dsp.Processor { s, _ := NewStripper(DefaultStripParams(), testRate, 1); return s },
		"denoise":          func() dsp.Processor { d, _ := NewDenoiser(DefaultDenoiseParams(), testRate, 1, prof); return d },
		"denoise adaptive": func() dsp.Processor { d, _ := NewDenoiser(DefaultDenoiseParams(), testRate, 1, nil); return d },
	}
	for name, mk := range makers {
		ref := process(mk(), x, 1024)
		p := mk()
		process(p, whiteNoise(9, 0.3, testRate/2), 512)
		p.Reset()
		got := process(p, x, 1024)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
				t.Errorf("%s: frame %d differs after Reset", name, i)
				break
			}
		}
	}
}

// TestAnalyzersNoAllocs: the analysers' Process allocate nothing.
func TestAnalyzersNoAllocs(t *testing.T) {
	x := whiteNoise(1, 0.1, 2*testRate)
	a, _ := NewHumAnalyzer(testRate, 2, 8)
	p, _ := NewNoiseProfiler(testRate, 2)
	i := 0
	allocs := testing.AllocsPerRun(100, func() {
		b := [][]float32{x[i : i+4096], x[i : i+4096]}
		a.Process(b)
		p.Process(b)
		i = (i + 4096) % (len(x) - 4096)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per block", allocs)
	}
}
