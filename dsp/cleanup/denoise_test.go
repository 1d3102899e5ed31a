package cleanup

import (
	"math"
	"testing"

	"immerse/dsp"
	"immerse/dsp/fft"
)

// phrasedTones: 1 s phrases of a 440 Hz + 1 kHz + 3 kHz chord (each at
// -20 dBFS) separated by 1 s gaps, starting with a gap, over white noise
// at -50 dBFS RMS. Returns the signal, the noise alone and the tones alone.
func phrasedTones(n int) (x, noise, tones []float32) {
	noise = whiteNoise(21, math.Pow(10, -50.0/20), n)
	tones = make([]float32, n)
	for i := range tones {
		if (i/testRate)%2 == 1 {
			t := float64(i) / testRate
			for _, f := range []float64{440, 1000, 3000} {
				tones[i] += float32(0.1 * math.Sin(2*math.Pi*f*t))
			}
		}
	}
	return add(tones, noise), noise, tones
}

// denoiseRun learns a profile from x (quietest stretch) and runs the
// Denoiser, returning the aligned output.
func denoiseRun(t *testing.T, x []float32, p DenoiseParams, prof *NoiseProfile, block int) ([]float32, *Denoiser) {
	t.Helper()
	d, err := NewDenoiser(p, testRate, 1, prof)
	if err != nil {
		t.Fatal(err)
	}
	y := process(d, append(append([]float32(nil), x...), make([]float32, d.Latency())...), block)
	return y[d.Latency():], d
}

func learn(t *testing.T, x []float32) *NoiseProfile {
	t.Helper()
	pr, err := NewNoiseProfiler(testRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	pr.Process([][]float32{x})
	prof, err := pr.Profile()
	if err != nil {
		t.Fatal(err)
	}
	return prof
}

// TestDenoisePassthrough: with 0 dB of reduction the output is the input
// delayed by Latency (within float rounding).
func TestDenoisePassthrough(t *testing.T) {
	x := musicLike(3, testRate, testRate)
	p := DefaultDenoiseParams()
	p.ReductionDB = 0
	y, d := denoiseRun(t, x, p, nil, 100)
	var worst float64
	for i := range x {
		worst = math.Max(worst, math.Abs(float64(y[i]-x[i])))
	}
	t.Logf("latency %d frames, largest difference %.2g", d.Latency(), worst)
	if worst > 1e-6 {
		t.Errorf("passthrough differs by %.3g", worst)
	}
}

// TestDenoiseBetweenPhrases: noise in the gaps falls by at least the
// requested reduction minus 3 dB and the tones keep their level within
// 0.5 dB, for 6, 12 and 20 dB.
func TestDenoiseBetweenPhrases(t *testing.T) {
	n := 8 * testRate
	x, _, tones := phrasedTones(n)
	prof := learn(t, x)
	if prof.Start < 0 || (int(prof.Start)%2 != 0) || int(prof.End)%2 != 0 && prof.End != math.Floor(prof.End) {
		t.Errorf("profile from %.3f to %.3f s, want a stretch inside a gap", prof.Start, prof.End)
	}
	if math.Abs(prof.LevelDB+50) > 0.3 {
		t.Errorf("profile level %.2f dB, want -50", prof.LevelDB)
	}
	for _, red := range []float64{6, 12, 20} {
		p := DefaultDenoiseParams()
		p.ReductionDB = red
		y, _ := denoiseRun(t, x, p, prof, 4096)
		var worstNoise, worstTone float64 = math.Inf(1), 0
		for s := 0; s+2 <= 8; s += 2 {
			// The middle of each gap and of each phrase.
			g0, g1 := s*testRate+testRate/5, (s+1)*testRate-testRate/5
			drop := dsp.PowerToDB(meanSquare(x, g0, g1) / meanSquare(y, g0, g1))
			worstNoise = math.Min(worstNoise, drop)
			p0, p1 := (s+1)*testRate+testRate/5, (s+2)*testRate-testRate/5
			for _, f := range []float64{440, 1000, 3000} {
				ch := toneLevelDB(y, f, p0, p1, testRate) - toneLevelDB(tones, f, p0, p1, testRate)
				worstTone = math.Max(worstTone, math.Abs(ch))
			}
		}
		t.Logf("reduction %g dB: noise between phrases falls %.2f dB (worst gap), tones change by at most %.3f dB", red, worstNoise, worstTone)
		if worstNoise < red-3 {
			t.Errorf("reduction %g: noise fell by %.2f dB", red, worstNoise)
		}
		if worstTone > 0.5 {
			t.Errorf("reduction %g: a tone changed by %.3f dB", red, worstTone)
		}
	}
}

// spectrogramSpread is the mean over bins (200 Hz .. 16 kHz) of the
// standard deviation over frames of the log power (dB) of x's STFT: about
// 5.6 dB for Gaussian noise. Musical noise — isolated time-frequency
// cells left standing in a reduced background — makes it larger.
func spectrogramSpread(x []float32) float64 {
	const n = 1024
	tr := fft.New(n)
	win := sqrtHann(n)
	buf := make([]float32, n)
	spec := make([]complex64, n/2+1)
	lo, hi := 200*n/testRate, 16000*n/testRate
	sum := make([]float64, hi-lo)
	sum2 := make([]float64, hi-lo)
	frames := 0
	for s := 0; s+n <= len(x); s += n / 2 {
		for i := range buf {
			buf[i] = x[s+i] * win[i]
		}
		tr.Forward(spec, buf)
		for b := lo; b < hi; b++ {
			v := dsp.PowerToDB(float64(real(spec[b]))*float64(real(spec[b])) + float64(imag(spec[b]))*float64(imag(spec[b])))
			sum[b-lo] += v
			sum2[b-lo] += v * v
		}
		frames++
	}
	var spread float64
	for b := range sum {
		m := sum[b] / float64(frames)
		spread += math.Sqrt(sum2[b]/float64(frames) - m*m)
	}
	return spread / float64(len(sum))
}

// TestDenoiseNoMusicalNoise: broadband noise alone, reduced by 12 dB,
// comes out as the same noise 12 dB down: the level falls by 12 ± 0.5
// dB, the gain mask stays at the floor (under 1% of the cells more than
// 1 dB above it) and the spread of the output's spectrogram is that of the input (within
// 0.3 dB): no isolated tonal blips.
func TestDenoiseNoMusicalNoise(t *testing.T) {
	n := 6 * testRate
	x := whiteNoise(31, 0.01, n)
	prof := learn(t, x)
	p := DefaultDenoiseParams()
	d, err := NewDenoiser(p, testRate, 1, prof)
	if err != nil {
		t.Fatal(err)
	}
	buf := append(append([]float32(nil), x...), make([]float32, d.Latency())...)
	var mask []float64
	open, cells := 0, 0
	for i := 0; i < len(buf); i += d.hop {
		b := [][]float32{buf[i:min(i+d.hop, len(buf))]}
		d.Process(b, b)
		if i > 2*d.Latency() {
			mask = d.GainMaskDB(mask)
			for _, g := range mask {
				cells++
				if g > -p.ReductionDB+1 {
					open++
				}
			}
		}
	}
	y := buf[d.Latency():]
	drop := dsp.PowerToDB(meanSquare(x, testRate, n) / meanSquare(y, testRate, n))
	sx, sy := spectrogramSpread(x[testRate:]), spectrogramSpread(y[testRate:])
	t.Logf("noise alone: level falls %.2f dB; %d of %d mask cells above the floor + 1 dB; spectrogram spread %.2f dB in, %.2f dB out",
		drop, open, cells, sx, sy)
	if math.Abs(drop-p.ReductionDB) > 0.5 {
		t.Errorf("noise fell by %.2f dB, want %g", drop, p.ReductionDB)
	}
	if float64(open) > 0.01*float64(cells) {
		t.Errorf("%d of %d gain cells open", open, cells)
	}
	if sy > sx+0.3 {
		t.Errorf("spectrogram spread grew from %.2f to %.2f dB (musical noise)", sx, sy)
	}
}

// TestDenoiseAdaptive: without a profile (the mixer insert) the minimum
// statistics find the noise: after 2 s, the gaps fall by at least the
// requested amount minus 3 dB and the tones keep their level within 0.5 dB.
func TestDenoiseAdaptive(t *testing.T) {
	n := 10 * testRate
	x, _, tones := phrasedTones(n)
	y, _ := denoiseRun(t, x, DefaultDenoiseParams(), nil, 512)
	for s := 2; s+2 <= 10; s += 2 {
		g0, g1 := s*testRate+testRate/5, (s+1)*testRate-testRate/5
		drop := dsp.PowerToDB(meanSquare(x, g0, g1) / meanSquare(y, g0, g1))
		p0, p1 := (s+1)*testRate+testRate/5, (s+2)*testRate-testRate/5
		ch := toneLevelDB(y, 1000, p0, p1, testRate) - toneLevelDB(tones, 1000, p0, p1, testRate)
		t.Logf("gap at %d s: noise falls %.2f dB; 1 kHz tone changes %.3f dB", s, drop, ch)
		if drop < 12-3 || math.Abs(ch) > 0.5 {
			t.Errorf("gap at %d s: noise fell %.2f dB, tone changed %.3f dB", s, drop, ch)
		}
	}
}

// TestDenoiseBlockInvariance: blocks of 1, 7, 64, 512 and 4096 frames give
// bit-identical output.
func TestDenoiseBlockInvariance(t *testing.T) {
	x, _, _ := phrasedTones(testRate)
	prof := learn(t, x)
	ref, _ := denoiseRun(t, x, DefaultDenoiseParams(), prof, 4096)
	for _, block := range []int{1, 7, 64, 512} {
		y, _ := denoiseRun(t, x, DefaultDenoiseParams(), prof, block)
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("block %d: frame %d differs", block, i)
			}
		}
	}
}

func TestDenoiseNoAllocs(t *testing.T) {
	x, _, _ := phrasedTones(testRate)
	for _, prof := range []*NoiseProfile{nil, learn(t, x)} {
		d, _ := NewDenoiser(DefaultDenoiseParams(), testRate, 2, prof)
		buf := dsp.NewBuffer(2, 700)
		i := 0
		allocs := testing.AllocsPerRun(50, func() {
			copy(buf[0], x[i:i+700])
			copy(buf[1], x[i:i+700])
			d.Process(buf, buf)
			i = (i + 700) % (len(x) - 700)
		})
		if allocs != 0 {
			t.Errorf("%g allocations per Process", allocs)
		}
	}
}

// TestNoiseProfileRange: a given stretch is averaged; the level of white
// noise of RMS 0.01 reads -40 dB.
func TestNoiseProfileRange(t *testing.T) {
	x, _, _ := phrasedTones(4 * testRate)
	pr, err := NewNoiseProfilerRange(testRate, 1, 2.1, 2.9)
	if err != nil {
		t.Fatal(err)
	}
	pr.Process([][]float32{x})
	prof, err := pr.Profile()
	if err != nil {
		t.Fatal(err)
	}
	if prof.Start < 2.1 || prof.End > 2.9 || prof.End-prof.Start < 0.7 {
		t.Errorf("profile from %.3f to %.3f s", prof.Start, prof.End)
	}
	if math.Abs(prof.LevelDB+50) > 0.3 {
		t.Errorf("level %.2f dB, want -50", prof.LevelDB)
	}
	// A stretch inside a phrase reads the chord: three tones of -23 dB.
	pr, _ = NewNoiseProfilerRange(testRate, 1, 1.2, 1.8)
	pr.Process([][]float32{x})
	prof, _ = pr.Profile()
	if want := dsp.PowerToDB(3 * 0.1 * 0.1 / 2); math.Abs(prof.LevelDB-want) > 0.1 {
		t.Errorf("chord level %.2f dB, want %.2f", prof.LevelDB, want)
	}
	silent := make([]float32, 3*testRate)
	pr, _ = NewNoiseProfiler(testRate, 1)
	pr.Process([][]float32{silent})
	if _, err := pr.Profile(); err == nil {
		t.Error("digital silence gave a profile")
	}
	pr, _ = NewNoiseProfilerRange(testRate, 1, 5, 6)
	pr.Process([][]float32{x})
	if _, err := pr.Profile(); err == nil {
		t.Error("a stretch after the end gave a profile")
	}
}
