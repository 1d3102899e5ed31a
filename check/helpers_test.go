package check

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"immerse/encoders"
	"immerse/speakers"
)

const rate = 48000

// writeFile writes planar samples (file order) as a 32-bit float WAV with
// the given channel mask and returns its path.
func writeFile(t testing.TB, dir, name string, mask uint32, src [][]float32) string {
	t.Helper()
	return writeFileAt(t, dir, name, mask, rate, src)
}

// writeFileAt is writeFile at sample rate fs.
func writeFileAt(t testing.TB, dir, name string, mask uint32, fs int, src [][]float32) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: fs, Channels: len(src), BitDepth: 32, Float: true, ChannelMask: mask}, src, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

// layoutFile writes samples given in the layout's BS.2051 order as a file
// for that layout (WAV order, the layout's mask).
func layoutFile(t testing.TB, dir, name string, l *speakers.Layout, src [][]float32) string {
	t.Helper()
	order := l.WAVOrder()
	file := make([][]float32, len(order))
	for f, k := range order {
		file[f] = src[k]
	}
	return writeFile(t, dir, name, l.Mask, file)
}

func mustLayout(t testing.TB, name string) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// sine returns n samples of a sine at freq Hz and peak amplitude amp.
func sine(freq, amp float64, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/rate))
	}
	return x
}

// noise returns n samples of Gaussian white noise of the given RMS.
func noise(seed uint64, rms float64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rms * r.NormFloat64())
	}
	return x
}

// musicLike returns n samples of a band-limited, level-varying signal:
// pink-ish noise (one-pole low-passed white noise plus a little white)
// with a slow gain envelope, so loudness range and peaks are non-trivial.
func musicLike(seed uint64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n)
	var lp float64
	for i := range x {
		w := r.NormFloat64()
		lp = 0.97*lp + 0.03*w
		env := 0.5 + 0.4*math.Sin(2*math.Pi*float64(i)/(3.7*rate))
		x[i] = float32(env * (0.9*lp*3 + 0.05*w) * 0.3)
	}
	return x
}

func neg(x []float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = -v
	}
	return y
}

func zeros(n int) []float32 { return make([]float32, n) }

func stageByName(t testing.TB, r *Report, name string) *Stage {
	t.Helper()
	for i := range r.Stages {
		if r.Stages[i].Name == name {
			return &r.Stages[i]
		}
	}
	t.Fatalf("no stage %q in %v", name, stageNames(r))
	return nil
}

func stageNames(r *Report) []string {
	var out []string
	for _, s := range r.Stages {
		out = append(out, s.Name)
	}
	return out
}
