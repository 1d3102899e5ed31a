package loudness

import (
	"math"
	"math/rand/v2"
	"testing"
)

// segment is a stretch of 1 kHz sine (EBU Tech 3341 "tones similar to #1"):
// per-channel peak level in dBFS (math.Inf(-1) for silence) and duration.
type segment struct {
	levelDB, seconds float64
}

// tones returns a mono sequence of 1 kHz sine segments at rate fs. The sine
// runs continuously; only its amplitude steps.
func tones(fs int, segs ...segment) []float32 {
	var out []float32
	n := 0
	for _, s := range segs {
		a := 0.0
		if !math.IsInf(s.levelDB, -1) {
			a = math.Pow(10, s.levelDB/20)
		}
		k := int(math.Round(s.seconds * float64(fs)))
		for i := 0; i < k; i++ {
			out = append(out, float32(a*math.Sin(2*math.Pi*1000*float64(n)/float64(fs))))
			n++
		}
	}
	return out
}

// sine returns seconds of a sine of peak amplitude amp, frequency freq (Hz)
// and starting phase phaseDeg, with a raised-cosine fade of fade seconds at
// both ends (0: none).
func sine(fs int, freq, amp, phaseDeg, seconds, fade float64) []float32 {
	n := int(math.Round(seconds * float64(fs)))
	nf := int(math.Round(fade * float64(fs)))
	out := make([]float32, n)
	for i := range out {
		g := amp
		if i < nf {
			g *= 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(nf))
		} else if n-1-i < nf {
			g *= 0.5 - 0.5*math.Cos(math.Pi*float64(n-1-i)/float64(nf))
		}
		out[i] = float32(g * math.Sin(2*math.Pi*freq*float64(i)/float64(fs)+phaseDeg*math.Pi/180))
	}
	return out
}

// dup returns the planar block with x in each of n channels.
func dup(x []float32, n int) [][]float32 {
	out := make([][]float32, n)
	for c := range out {
		out[c] = x
	}
	return out
}

// feed runs src through m in blocks of the given size.
func feed(m *Meter, src [][]float32, block int) {
	n := len(src[0])
	sub := make([][]float32, len(src))
	for pos := 0; pos < n; pos += block {
		end := min(n, pos+block)
		for c := range src {
			sub[c] = src[c][pos:end]
		}
		m.Process(sub)
	}
}

// measure returns the Result of a new meter fed with src in 4096-frame blocks.
func measure(t testing.TB, fs int, weights []float64, src [][]float32, opts ...Option) Result {
	t.Helper()
	m, err := New(fs, len(src), weights, opts...)
	if err != nil {
		t.Fatal(err)
	}
	feed(m, src, 4096)
	return m.Result()
}

// pinkish returns n samples of approximately pink noise (white noise through
// a sum of first-order low-passes, −3 dB/octave between 30 Hz and 15 kHz)
// scaled to RMS rms.
func pinkish(rng *rand.Rand, fs, n int, rms float64) []float32 {
	poles := []float64{30, 120, 480, 1920, 7680}
	state := make([]float64, len(poles))
	coef := make([]float64, len(poles))
	for i, f := range poles {
		coef[i] = math.Exp(-2 * math.Pi * f / float64(fs))
	}
	raw := make([]float64, n)
	var ss float64
	for i := range raw {
		w := rng.NormFloat64()
		var y float64
		for k := range state {
			// Each stage has a gain ∝ sqrt(f): together ≈ 1/sqrt(f).
			state[k] = coef[k]*state[k] + (1-coef[k])*w
			y += state[k] * math.Sqrt(poles[k]/poles[0]) / 2
		}
		raw[i] = y + 0.02*w
		ss += raw[i] * raw[i]
	}
	g := rms / math.Sqrt(ss/float64(n))
	out := make([]float32, n)
	for i, v := range raw {
		out[i] = float32(v * g)
	}
	return out
}

// within reports whether got is in [want−below, want+above].
func within(got, want, below, above float64) bool {
	return got >= want-below && got <= want+above
}

// musicLike returns seconds of a music-like mono signal: notes (a few
// harmonics under an attack–decay envelope) at random pitches and times,
// noise hits, a +8 dB level step at 40 % of the duration, and two 1.5 s
// silences (at 25 % and 70 %) that exercise the gates.
func musicLike(rng *rand.Rand, fs int, seconds float64) []float32 {
	n := int(seconds * float64(fs))
	y := make([]float64, n)
	note := int(0.25 * float64(fs))
	for start := 0; start < n; start += note / 2 {
		f0 := 110 * math.Pow(2, float64(rng.IntN(36))/12)
		amp := 0.015 + 0.03*rng.Float64()
		length := note + rng.IntN(note)
		for i := 0; i < length && start+i < n; i++ {
			t := float64(i) / float64(fs)
			env := math.Min(1, t/0.01) * math.Exp(-3*t)
			var v float64
			for h := 1; h <= 4; h++ {
				v += math.Sin(2*math.Pi*f0*float64(h)*t) / float64(h)
			}
			y[start+i] += amp * env * v
		}
		if rng.IntN(3) == 0 { // a noise hit
			for i := 0; i < fs/20 && start+i < n; i++ {
				y[start+i] += 0.06 * rng.NormFloat64() * math.Exp(-float64(i)/float64(fs/200))
			}
		}
	}
	out := make([]float32, n)
	for i, v := range y {
		f := float64(i) / float64(n)
		switch {
		case f > 0.25 && f < 0.25+1.5/seconds, f > 0.70 && f < 0.70+1.5/seconds:
			v = 0
		case f >= 0.4:
			v *= 2.5 // +8 dB
		}
		out[i] = float32(v)
	}
	return out
}

// stepNoise returns pink-ish noise whose RMS steps through levelsDB, each
// for seg seconds.
func stepNoise(rng *rand.Rand, fs int, seg float64, levelsDB ...float64) []float32 {
	var out []float32
	for _, l := range levelsDB {
		k := int(seg * float64(fs))
		if math.IsInf(l, -1) {
			out = append(out, make([]float32, k)...)
			continue
		}
		out = append(out, pinkish(rng, fs, k, math.Pow(10, l/20))...)
	}
	return out
}
