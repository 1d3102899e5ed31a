package cleanup

import (
	"math"
	"math/rand/v2"

	"immerse/dsp"
)

// Synthetic test signals. Every generator is deterministic (seeded PCG).

const testRate = 48000

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed*7919+1)) }

// musicLike is a polyphonic, tonal signal: three voices of harmonic notes
// (six partials, vibrato, 30 ms attacks, exponential decays and 15 ms
// releases) changing every 0.25 to 0.6 s, plus low-passed noise at about
// -60 dBFS. RMS about -20 dBFS.
func musicLike(seed uint64, n, rate int) []float32 {
	r := rng(seed)
	out := make([]float64, n)
	fs := float64(rate)
	for v := 0; v < 3; v++ {
		for t := 0; t < n; {
			dur := int((0.25 + 0.35*r.Float64()) * fs)
			f0 := 110 * math.Pow(2, float64(r.IntN(30))/12)
			amp := 0.04 + 0.03*r.Float64()
			vib := 4 + 2*r.Float64()
			phase := make([]float64, 6)
			for k := range phase {
				phase[k] = 2 * math.Pi * r.Float64()
			}
			for i := 0; i < dur && t+i < n; i++ {
				tt := float64(i) / fs
				env := math.Min(1, tt/0.03) * math.Exp(-tt*1.5) * math.Min(1, float64(dur-i)/(0.015*fs))
				f := f0 * (1 + 0.003*math.Sin(2*math.Pi*vib*tt))
				s := 0.0
				for k := 1; k <= 6; k++ {
					phase[k-1] += 2 * math.Pi * f * float64(k) / fs
					s += math.Sin(phase[k-1]) / float64(k)
				}
				out[t+i] += amp * env * s
			}
			t += dur
		}
	}
	// Low-passed noise (one-pole at about 2 kHz) at about -60 dBFS.
	var lp float64
	a := math.Exp(-2 * math.Pi * 2000 / fs)
	for i := range out {
		lp = a*lp + (1-a)*r.NormFloat64()
		out[i] += 0.003 * lp
	}
	return f32(out)
}

// drumLoop is a 120 bpm pattern: kicks (a pitch-swept sine with a short
// broadband beater transient), snares (band-limited noise and a 190 Hz
// body), closed hi-hats on eighths (high-passed noise, 40 ms decay).
func drumLoop(seed uint64, n, rate int) []float32 {
	r := rng(seed)
	fs := float64(rate)
	out := make([]float64, n)
	beat := int(0.5 * fs)
	for b := 0; b*beat/2 < n; b++ {
		t0 := b * beat / 2
		// hi-hat on every eighth
		var hp, prev float64
		for i := 0; i < int(0.08*fs) && t0+i < n; i++ {
			x := r.NormFloat64()
			hp = 0.9*hp + x - prev // crude high-pass
			prev = x
			out[t0+i] += 0.05 * hp * math.Exp(-float64(i)/fs/0.04)
		}
		if b%2 == 1 {
			continue
		}
		beatNo := b / 2
		if beatNo%2 == 0 { // kick on 1 and 3
			ph := 0.0
			for i := 0; i < int(0.4*fs) && t0+i < n; i++ {
				tt := float64(i) / fs
				f := 50 + 100*math.Exp(-tt/0.03)
				ph += 2 * math.Pi * f / fs
				v := 0.6 * math.Sin(ph) * math.Exp(-tt/0.15)
				if i < int(0.002*fs) { // beater
					v += 0.3 * r.NormFloat64() * (1 - tt/0.002)
				}
				out[t0+i] += v
			}
		} else { // snare on 2 and 4
			var lp float64
			ph := 0.0
			for i := 0; i < int(0.25*fs) && t0+i < n; i++ {
				tt := float64(i) / fs
				lp = 0.5*lp + 0.5*r.NormFloat64()
				ph += 2 * math.Pi * 190 / fs
				out[t0+i] += 0.25*lp*math.Exp(-tt/0.06) + 0.3*math.Sin(ph)*math.Exp(-tt/0.05)
			}
		}
	}
	return f32(out)
}

// speechLike is a sequence of syllables: voiced parts (a glottal pulse
// train with rising-falling intonation, 90 to 220 Hz, through three
// moving formant resonators), plosive bursts after short closures,
// fricatives (high-passed noise) and pauses.
func speechLike(seed uint64, n, rate int) []float32 {
	r := rng(seed)
	fs := float64(rate)
	out := make([]float64, n)
	t := int(0.05 * fs)
	for t < n {
		// optional closure + plosive burst
		if r.IntN(3) == 0 {
			t += int(0.04 * fs)
			for i := 0; i < int(0.012*fs) && t+i < n; i++ {
				out[t+i] += 0.15 * r.NormFloat64() * math.Exp(-float64(i)/fs/0.004)
			}
			t += int(0.015 * fs)
		}
		// optional fricative
		if r.IntN(4) == 0 {
			var prev float64
			for i := 0; i < int(0.1*fs) && t+i < n; i++ {
				x := r.NormFloat64()
				env := math.Sin(math.Pi * float64(i) / (0.1 * fs))
				out[t+i] += 0.04 * (x - prev) * env
				prev = x
			}
			t += int(0.1 * fs)
		}
		// voiced syllable
		dur := int((0.12 + 0.15*r.Float64()) * fs)
		f0a := 90 + 130*r.Float64()
		formants := [3]float64{300 + 500*r.Float64(), 900 + 1300*r.Float64(), 2300 + 700*r.Float64()}
		var res [3]struct{ y1, y2 float64 }
		next := 0.0
		for i := 0; i < dur && t+i < n; i++ {
			tt := float64(i) / float64(dur)
			f0 := f0a * (1 + 0.15*math.Sin(math.Pi*tt))
			// Rosenberg-like glottal pulse: a raised-cosine flow derivative
			// of 40% of the period, starting at each period.
			var g float64
			period := fs / f0
			pos := float64(i) - next
			if pos >= period {
				next += period
				pos -= period
			}
			if open := 0.4 * period; pos < open {
				g = math.Sin(2 * math.Pi * pos / open)
			}
			x := g
			for k, fc := range formants {
				bw := 80.0 + 40*float64(k)
				rr := math.Exp(-math.Pi * bw / fs)
				c := 2 * rr * math.Cos(2*math.Pi*fc/fs)
				y := x + c*res[k].y1 - rr*rr*res[k].y2
				res[k].y2, res[k].y1 = res[k].y1, y
				x = y * (1 - rr) // keep the gain moderate
			}
			env := math.Sin(math.Pi * tt)
			out[t+i] += 0.3 * env * x
		}
		t += dur
		if r.IntN(2) == 0 {
			t += int((0.05 + 0.2*r.Float64()) * fs) // pause
		}
	}
	return normalize(out, 0.05)
}

// plucked is a sequence of Karplus–Strong notes (a noise burst in a
// delay line with a two-point average in the loop), a new note every 0.4
// s, each ringing 0.8 s.
func plucked(seed uint64, n, rate int) []float32 {
	r := rng(seed)
	fs := float64(rate)
	out := make([]float64, n)
	step := int(0.4 * fs)
	for t := 0; t < n; t += step {
		f := 82.4 * math.Pow(2, float64(r.IntN(24))/12)
		l := int(fs / f)
		line := make([]float64, l)
		for i := range line {
			line[i] = r.Float64()*2 - 1
		}
		prev := 0.0
		for i := 0; i < int(0.8*fs) && t+i < n; i++ {
			k := i % l
			v := line[k]
			line[k] = 0.996 * 0.5 * (v + prev)
			prev = v
			out[t+i] += 0.2 * v
		}
	}
	return f32(out)
}

// hum is mains hum: a fundamental drifting sinusoidally by ±drift Hz
// around base (period 8 s) with harmonics of the given amplitudes.
func hum(base, drift float64, amps []float64, n, rate int) []float32 {
	out := make([]float64, n)
	fs := float64(rate)
	phases := []float64{0.3, 1.1, 2.0, 0.7, 2.9, 1.6, 0.2, 2.4}
	ph := 0.0
	for i := range out {
		t := float64(i) / fs
		f := base + drift*math.Sin(2*math.Pi*t/8)
		ph += 2 * math.Pi * f / fs
		for h, a := range amps {
			out[i] += a * math.Sin(float64(h+1)*ph+phases[h%len(phases)])
		}
	}
	return f32(out)
}

// tone is a sine of amplitude a at hz.
func tone(hz, a float64, n, rate int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(a * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return out
}

// whiteNoise is Gaussian noise of RMS sigma.
func whiteNoise(seed uint64, sigma float64, n int) []float32 {
	r := rng(seed)
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(sigma * r.NormFloat64())
	}
	return out
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// normalize scales x to the given RMS.
func normalize(x []float64, rms float64) []float32 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	g := rms / math.Sqrt(s/float64(len(x)))
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(g * v)
	}
	return out
}

func add(a, b []float32) []float32 {
	out := make([]float32, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

// meanSquare of x[from:to].
func meanSquare(x []float32, from, to int) float64 {
	var s float64
	for _, v := range x[from:to] {
		s += float64(v) * float64(v)
	}
	return s / float64(to-from)
}

// toneLevelDB is the level of the hz component of x[from:to] (a single
// DFT bin of a Hann-windowed stretch), in dB.
func toneLevelDB(x []float32, hz float64, from, to, rate int) float64 {
	var re, im float64
	n := to - from
	for i := 0; i < n; i++ {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))
		a := 2 * math.Pi * hz * float64(i) / float64(rate)
		re += w * float64(x[from+i]) * math.Cos(a)
		im -= w * float64(x[from+i]) * math.Sin(a)
	}
	return dsp.PowerToDB(re*re + im*im)
}

// process runs a mono signal through p in blocks of the given size.
func process(p dsp.Processor, x []float32, block int) []float32 {
	return dsp.ProcessAll(p, [][]float32{x}, block)[0]
}
