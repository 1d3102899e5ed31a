package demo

import (
	"fmt"
	"math"
	"math/rand"

	"immerse/dsp"
	"immerse/objects"
)

// Duration of the demo scene in seconds.
const Duration = 12.0

// Stems maps a stem's file name to its planar samples.
type Stems map[string][][]float32

// Scene returns the demo scene and its stems at the given sample rate. The
// stem paths are plain names; serve them with Stems.
func Scene(rate int) (*objects.Scene, Stems) {
	n := int(Duration * float64(rate))
	st := Stems{
		"voice.wav":        {voice(rate, n)},
		"circler.wav":      {plucks(rate, n)},
		"flyby.wav":        {rotor(rate, int(8.5*float64(rate)))},
		"ambience_712.wav": ambience(rate, n),
	}
	f := objects.F
	var circle []objects.Keyframe
	for i := 0; i <= 16; i++ {
		circle = append(circle, objects.Keyframe{Time: float64(i) * 0.75, Azimuth: f(wrap(float64(i) * 45)), Elevation: f(45)})
	}
	sc := &objects.Scene{
		SampleRate: rate,
		Source:     "demo scene",
		Objects: []objects.Object{
			{Name: "voice", File: "voice.wav", Gain: -2, Positions: []objects.Keyframe{{Time: 0, Azimuth: f(0), Elevation: f(0)}}},
			{Name: "circler", File: "circler.wav", Gain: -4, Positions: circle},
			{Name: "flyby", File: "flyby.wav", Start: 2, Gain: -3, Positions: []objects.Keyframe{
				{Time: 2, Azimuth: f(0), Elevation: f(0)},
				{Time: 5, Azimuth: f(0), Elevation: f(60), Gain: f(0)},
				{Time: 8, Azimuth: f(180), Elevation: f(25)},
				{Time: 10.5, Azimuth: f(180), Elevation: f(0), Gain: f(-12)},
			}},
		},
		Beds: []objects.Bed{{Name: "ambience", File: "ambience_712.wav", Layout: "7.1.2", Gain: -6}},
	}
	return sc, st
}

func wrap(az float64) float64 {
	for az > 180 {
		az -= 360
	}
	return az
}

// Source serves a stem by name as a source at the given rate.
func (s Stems) Source(path string, rate int) (*dsp.BufferSource, error) {
	d, ok := s[path]
	if !ok {
		return nil, fmt.Errorf("demo: no stem %q", path)
	}
	return dsp.NewBufferSource(d, rate), nil
}

// voice: a vowel-like formant synthesis with syllables and pauses.
func voice(rate, n int) []float32 {
	out := make([]float32, n)
	// Formant frequencies (F1, F2, F3) of five vowels.
	vowels := [][3]float64{{730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240}}
	var res [3]resonator
	phase := 0.0
	fs := float64(rate)
	for i := range out {
		t := float64(i) / fs
		syl := int(t * 4)
		v := vowels[(syl*7+syl/3)%len(vowels)]
		for k := range res {
			res[k].set(v[k], 80+40*float64(k), fs)
		}
		// Pitch glides within a phrase; 3 s phrases with 0.6 s pauses.
		ph := math.Mod(t, 3)
		f0 := 130 + 25*math.Sin(2*math.Pi*0.3*t) - 15*ph/3
		phase += f0 / fs
		phase -= math.Floor(phase)
		// Glottal pulse: a smooth, band-limited pulse per period.
		src := math.Pow(math.Max(0, math.Sin(math.Pi*phase)), 6) - 0.2
		env := 0.0
		if ph < 2.4 {
			s := math.Mod(t*4, 1)
			env = math.Sin(math.Pi*s) * math.Min(1, ph*20) * math.Min(1, (2.4-ph)*20)
		}
		y := 0.0
		for k := range res {
			y += res[k].tick(src) / float64(k+1)
		}
		out[i] = float32(0.25 * env * y)
	}
	normalizePeak(out, 0.5)
	return out
}

// resonator is a two-pole band-pass used as a formant filter.
type resonator struct{ a1, a2, g, y1, y2 float64 }

func (r *resonator) set(f, bw, fs float64) {
	rad := math.Exp(-math.Pi * bw / fs)
	r.a1 = 2 * rad * math.Cos(2*math.Pi*f/fs)
	r.a2 = -rad * rad
	r.g = 1 - rad
}

func (r *resonator) tick(x float64) float64 {
	y := r.g*x + r.a1*r.y1 + r.a2*r.y2
	r.y2, r.y1 = r.y1, y
	return y
}

// plucks: an arpeggio of plucked strings (Karplus–Strong).
func plucks(rate, n int) []float32 {
	out := make([]float32, n)
	rng := rand.New(rand.NewSource(7))
	notes := []float64{220, 277.18, 329.63, 440, 329.63, 277.18, 246.94, 369.99}
	step := rate / 4
	for k := 0; k*step < n; k++ {
		f := notes[k%len(notes)]
		if (k/8)%2 == 1 {
			f *= 1.122462 // up a whole tone every other bar
		}
		period := int(float64(rate) / f)
		line := make([]float64, period)
		for i := range line {
			line[i] = rng.Float64()*2 - 1
		}
		for i, p := 0, 0; k*step+i < n && i < 2*rate; i++ {
			next := (p + 1) % period
			v := line[p]
			line[p] = 0.996 * 0.5 * (line[p] + line[next])
			p = next
			out[k*step+i] += float32(0.3 * v)
		}
	}
	normalizePeak(out, 0.5)
	return out
}

// rotor: a helicopter-like sound: blade slap (noise bursts at 11 Hz) over a
// low engine tone, with a fade in and out.
func rotor(rate, n int) []float32 {
	out := make([]float32, n)
	rng := rand.New(rand.NewSource(11))
	fs := float64(rate)
	lp := 0.0
	for i := range out {
		t := float64(i) / fs
		blade := math.Pow(0.5+0.5*math.Cos(2*math.Pi*11*t), 8)
		lp += 0.15 * (rng.Float64()*2 - 1 - lp)
		engine := 0.3*math.Sin(2*math.Pi*62*t) + 0.15*math.Sin(2*math.Pi*124*t+0.3) + 0.08*math.Sin(2*math.Pi*310*t)
		fade := math.Min(1, t/1.5) * math.Min(1, (float64(n)/fs-t)/1.0)
		out[i] = float32(fade * (0.8*blade*lp + 0.4*engine))
	}
	normalizePeak(out, 0.5)
	return out
}

// ambience: ten channels of slowly breathing filtered noise (7.1.2 in WAV
// order FL FR FC LFE BL BR SL SR TFL TFR), with a low rumble on LFE.
func ambience(rate, n int) [][]float32 {
	out := dsp.NewBuffer(10, n)
	rng := rand.New(rand.NewSource(3))
	fs := float64(rate)
	for c := range out {
		if c == 3 {
			for i := range out[c] {
				t := float64(i) / fs
				out[c][i] = float32(0.2 * math.Sin(2*math.Pi*38*t) * (0.6 + 0.4*math.Sin(2*math.Pi*0.2*t)))
			}
			continue
		}
		a, b := 0.0, 0.0
		rate := 0.07 + 0.01*float64(c)
		for i := range out[c] {
			t := float64(i) / fs
			a += 0.05 * (rng.Float64()*2 - 1 - a)
			b += 0.3 * (a - b)
			swell := 0.6 + 0.4*math.Sin(2*math.Pi*rate*t+float64(c))
			out[c][i] = float32(0.6 * b * swell)
		}
	}
	return out
}

func normalizePeak(x []float32, peak float32) {
	var m float32
	for _, v := range x {
		if v < 0 {
			v = -v
		}
		m = max(m, v)
	}
	if m == 0 {
		return
	}
	g := peak / m
	for i := range x {
		x[i] *= g
	}
}
