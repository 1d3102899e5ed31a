package demo

import (
	"math"
	"math/rand"

	"immerse/dsp"
)

// The progression, one chord per bar: Am F C G Am F C G (MIDI notes).
var (
	bassRoots  = []int{33, 29, 36, 31} // A1 F1 C2 G1
	powerRoots = []int{45, 41, 48, 43} // A2 F2 C3 G2
	keyChords  = [][]int{{57, 60, 64}, {57, 60, 65}, {55, 60, 64}, {55, 59, 62}}
)

func midiHz(n float64) float64 { return 440 * math.Pow(2, (n-69)/12) }

// noteTable holds midiHz of the MIDI notes 0 .. 127.
func noteTable() []float64 {
	t := make([]float64, 128)
	for n := range t {
		t[n] = midiHz(float64(n))
	}
	return t
}

// saw is a band-limited sawtooth (polyBLEP).
type saw struct{ phase float64 }

func (s *saw) next(inc float64) float64 {
	s.phase += inc
	if s.phase >= 1 {
		s.phase -= 1
	}
	v := 2*s.phase - 1
	t := s.phase
	switch {
	case t < inc:
		t /= inc
		v -= t + t - t*t - 1
	case t > 1-inc:
		t = (t - 1) / inc
		v -= t*t + t + t + 1
	}
	return v
}

// svf is a state-variable low-pass (topology-preserving transform).
type svf struct{ ic1, ic2 float64 }

func (f *svf) lowpass(x, cutoff, q, fs float64) float64 {
	g := math.Tan(math.Pi * math.Min(cutoff, 0.45*fs) / fs)
	k := 1 / q
	a1 := 1 / (1 + g*(g+k))
	a2 := g * a1
	a3 := g * a2
	v3 := x - f.ic2
	v1 := a1*f.ic1 + a2*v3
	v2 := f.ic2 + a2*f.ic1 + a3*v3
	f.ic1 = 2*v1 - f.ic1
	f.ic2 = 2*v2 - f.ic2
	return v2
}

// bass: eighth notes on the chord root, an octave up on the "and" of 2
// and 4; a filtered sawtooth with a plucky filter envelope.
func bass(rate int) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	var osc saw
	var lp svf
	hz := noteTable()
	for i := range out {
		t := float64(i) / fs
		b := int(t / bar)
		pos := math.Mod(t, beat/2) // time in the eighth note
		e := int(math.Mod(t, bar) / (beat / 2))
		note := float64(bassRoots[b%4])
		if e == 3 || e == 7 {
			note += 12
		}
		f := hz[int(note)]
		env := math.Min(1, pos/0.004) * math.Min(1, math.Max(0, (0.22-pos)/0.02))
		cut := 250 + 1400*math.Exp(-pos/0.06)
		out[i] = float32(0.5 * env * lp.lowpass(osc.next(f/fs), cut, 1.1, fs))
	}
	normalizePeak(out, 0.8)
	return out
}

// guitar: palm-muted eighth-note power chords (root, fifth, octave)
// through a distortion, one take of a double-tracked part: seed and
// detune make the two takes differ like two performances.
func guitar(rate int, seed int64, detune float64) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	rng := rand.New(rand.NewSource(seed))
	var osc [3]saw
	var lp1, lp2 svf
	var inc [3]float64
	lastBar := -1
	offsets := make([]float64, bars*8) // humanised strum times (s)
	for k := range offsets {
		offsets[k] = 0.006 * (rng.Float64()*2 - 1)
	}
	for i := range out {
		t := float64(i) / fs
		e := int(t / (beat / 2))
		start := float64(e)*beat/2 + offsets[e%len(offsets)]
		pos := t - start
		if pos < 0 && e > 0 {
			e--
			pos = t - (float64(e)*beat/2 + offsets[e%len(offsets)])
		}
		b := int(float64(e) * beat / 2 / bar)
		root := float64(powerRoots[b%4]) + detune*12
		if b != lastBar {
			for k, iv := range []float64{0, 7, 12} {
				inc[k] = midiHz(root+iv+0.03*float64(k)) / fs
			}
			lastBar = b
		}
		x := osc[0].next(inc[0]) + osc[1].next(inc[1]) + osc[2].next(inc[2])
		accent := 0.7
		if e%2 == 0 {
			accent = 1
		}
		env := math.Min(1, math.Max(0, pos)/0.003) * math.Exp(-math.Max(0, pos)/0.11) * accent
		y := math.Tanh(5 * x * env)
		y = lp2.lowpass(lp1.lowpass(y, 3200, 0.7, fs), 3200, 0.7, fs)
		out[i] = float32(0.4 * y)
	}
	normalizePeak(out, 0.7)
	return out
}

// keys: a stereo FM electric piano playing the chords on beat 1 and the
// "and" of 2, the two sides detuned a little (chorus) with a slow
// auto-pan.
func keys(rate int) [][]float32 {
	out := dsp.NewBuffer(2, stemFrames(rate))
	fs := float64(rate)
	hits := []float64{0, 1.5} // beats in the bar
	for c, cents := range []float64{-5, 5} {
		ch := out[c]
		for b := 0; b < bars; b++ {
			chord := keyChords[b%4]
			for h, hb := range hits {
				t0 := float64(b)*bar + hb*beat
				length := 1.5 * beat
				if h == 1 {
					length = 2.5 * beat
				}
				at := int(t0 * fs)
				var w [3]float64
				for k, n := range chord {
					w[k] = 2 * math.Pi * midiHz(float64(n)+cents/100)
				}
				for i := 0; i < int((length+0.3)*fs) && at+i < len(ch); i++ {
					t := float64(i) / fs
					rel := math.Min(1, math.Max(0, (length+0.3-t)/0.3))
					index := 1.8 * math.Exp(-t/0.25)
					v := 0.0
					for _, wk := range w {
						v += math.Sin(wk*t + index*math.Sin(wk*t))
					}
					v *= math.Exp(-t / 1.5)
					pan := 1 + 0.25*math.Sin(2*math.Pi*0.25*(t0+t)+float64(c)*math.Pi)
					ch[at+i] += float32(0.2 * v * rel * pan * math.Min(1, t/0.002))
				}
			}
		}
	}
	normalizeStereo(out, 0.7)
	return out
}

// melody of the lead: (start beat from the song start, length in beats,
// MIDI note), from bar 3.
var melody = [][3]float64{
	{8, 1.5, 55}, {9.5, 0.5, 52}, {10, 1, 52}, {11, 1, 50},
	{12, 2, 50}, {14, 1, 47}, {15, 1, 50},
	{16, 1, 52}, {17, 0.5, 52}, {17.5, 0.5, 55}, {18, 2, 57},
	{20, 1, 57}, {21, 1, 55}, {22, 1, 53}, {23, 1, 52},
	{24, 1.5, 52}, {25.5, 0.5, 50}, {26, 2, 48},
	{28, 3, 50},
}

// vocal: a sung line from a glottal-pulse source through three formant
// resonators, a vowel per note, with vibrato that grows on long notes.
func vocal(rate int) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	vowels := [][3]float64{{730, 1090, 2440}, {530, 1840, 2480}, {570, 840, 2410}, {300, 870, 2240}, {270, 2290, 3010}}
	var res [3]resonator
	phase := 0.0
	for k, nt := range melody {
		start, dur, note := nt[0]*beat, nt[1]*beat, nt[2]
		v := vowels[(k*3+k/4)%len(vowels)]
		for j := range res {
			res[j].set(v[j], 70+40*float64(j), fs)
		}
		at := int(start * fs)
		n := int((dur - 0.04) * fs)
		for i := 0; i < n && at+i < len(out); i++ {
			t := float64(i) / fs
			vib := 0.25 * math.Min(1, math.Max(0, t-0.15)/0.3) * math.Sin(2*math.Pi*5.5*t)
			f0 := midiHz(note + vib)
			phase += f0 / fs
			phase -= math.Floor(phase)
			src := math.Pow(math.Max(0, math.Sin(math.Pi*phase)), 6) - 0.2
			env := math.Min(1, t/0.03) * math.Min(1, (float64(n-i)/fs)/0.05)
			y := 0.0
			for j := range res {
				y += res[j].tick(src) / float64(j+1)
			}
			out[at+i] += float32(0.3 * env * y)
		}
	}
	normalizePeak(out, 0.8)
	return out
}

func normalizeStereo(x [][]float32, peak float32) {
	var m float32
	for _, ch := range x {
		for _, v := range ch {
			m = max(m, float32(math.Abs(float64(v))))
		}
	}
	if m == 0 {
		return
	}
	for _, ch := range x {
		for i := range ch {
			ch[i] *= peak / m
		}
	}
}
