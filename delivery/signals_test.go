package delivery

import (
	"math"
	"math/rand/v2"
)

const rate = 48000

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed*7919+1)) }

// speech is a sequence of syllables: a glottal pulse train (90 to 220 Hz
// with intonation) through three formant resonators (Klatt's, unity gain
// at DC) and lip radiation (a first difference), with plosive bursts and
// fricatives 15 dB under the voiced sound, and pauses; at the given RMS.
func speech(seed uint64, n int, level float64) []float32 {
	r := rng(seed)
	fs := float64(rate)
	voiced := make([]float64, n)
	unvoiced := make([]float64, n)
	t := int(0.05 * fs)
	for t < n {
		if r.IntN(3) == 0 {
			t += int(0.04 * fs)
			for i := 0; i < int(0.012*fs) && t+i < n; i++ {
				unvoiced[t+i] += r.NormFloat64() * math.Exp(-float64(i)/fs/0.004)
			}
			t += int(0.015 * fs)
		}
		if r.IntN(4) == 0 {
			var prev float64
			for i := 0; i < int(0.1*fs) && t+i < n; i++ {
				x := r.NormFloat64()
				unvoiced[t+i] += 0.5 * (x - prev) * math.Sin(math.Pi*float64(i)/(0.1*fs))
				prev = x
			}
			t += int(0.1 * fs)
		}
		dur := int((0.12 + 0.15*r.Float64()) * fs)
		f0a := 90 + 130*r.Float64()
		formants := [3]float64{300 + 500*r.Float64(), 900 + 1300*r.Float64(), 2300 + 700*r.Float64()}
		var res [3][2]float64
		next := 0.0
		for i := 0; i < dur && t+i < n; i++ {
			tt := float64(i) / float64(dur)
			period := fs / (f0a * (1 + 0.15*math.Sin(math.Pi*tt)))
			pos := float64(i) - next
			if pos >= period {
				next += period
				pos -= period
			}
			// Rosenberg glottal flow: a raised-cosine rise over 40% of
			// the period and a quarter-cosine fall over 16%.
			x := 0.0
			switch tp, tn := 0.4*period, 0.16*period; {
			case pos < tp:
				x = 0.5 * (1 - math.Cos(math.Pi*pos/tp))
			case pos < tp+tn:
				x = math.Cos(math.Pi / 2 * (pos - tp) / tn)
			}
			for k, fc := range formants {
				rr := math.Exp(-math.Pi * (80 + 40*float64(k)) / fs)
				b, c := 2*rr*math.Cos(2*math.Pi*fc/fs), -rr*rr
				y := (1-b-c)*x + b*res[k][0] + c*res[k][1]
				res[k][1], res[k][0] = res[k][0], y
				x = y
			}
			voiced[t+i] += math.Sin(math.Pi*tt) * x
		}
		t += dur
		if r.IntN(2) == 0 {
			t += int((0.05 + 0.2*r.Float64()) * fs)
		}
	}
	// Lip radiation (+6 dB/oct).
	for i := n - 1; i > 0; i-- {
		voiced[i] -= 0.95 * voiced[i-1]
	}
	v, u := scale(voiced, 1), scale(unvoiced, math.Pow(10, -15.0/20))
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(v[i] + u[i])
	}
	return scale(out, level)
}

// music is three voices of harmonic notes (six partials, vibrato, soft
// attacks) changing every 0.25 to 0.6 s, at the given RMS.
func music(seed uint64, n int, level float64) []float32 {
	r := rng(seed)
	fs := float64(rate)
	out := make([]float64, n)
	for v := 0; v < 3; v++ {
		for t := 0; t < n; {
			dur := int((0.25 + 0.35*r.Float64()) * fs)
			f0 := 110 * math.Pow(2, float64(r.IntN(30))/12)
			ph := make([]float64, 6)
			for i := 0; i < dur && t+i < n; i++ {
				tt := float64(i) / fs
				env := math.Min(1, tt/0.03) * math.Exp(-tt*1.5) * math.Min(1, float64(dur-i)/(0.015*fs))
				f := f0 * (1 + 0.003*math.Sin(2*math.Pi*5*tt))
				s := 0.0
				for k := range ph {
					ph[k] += 2 * math.Pi * f * float64(k+1) / fs
					s += math.Sin(ph[k]) / float64(k+1)
				}
				out[t+i] += env * s
			}
			t += dur
		}
	}
	return scale(out, level)
}

// drums: kicks, snares and hi-hats at 120 bpm, at the given RMS.
func drums(seed uint64, n int, level float64) []float32 {
	r := rng(seed)
	fs := float64(rate)
	out := make([]float64, n)
	for b := 0; b*int(fs)/4 < n; b++ {
		t0 := b * int(fs) / 4
		var hp, prev float64
		for i := 0; i < int(0.08*fs) && t0+i < n; i++ {
			x := r.NormFloat64()
			hp = 0.9*hp + x - prev
			prev = x
			out[t0+i] += 0.05 * hp * math.Exp(-float64(i)/fs/0.04)
		}
		if b%2 == 1 {
			continue
		}
		if (b/2)%2 == 0 {
			ph := 0.0
			for i := 0; i < int(0.4*fs) && t0+i < n; i++ {
				tt := float64(i) / fs
				ph += 2 * math.Pi * (50 + 100*math.Exp(-tt/0.03)) / fs
				out[t0+i] += 0.6 * math.Sin(ph) * math.Exp(-tt/0.15)
			}
		} else {
			var lp float64
			for i := 0; i < int(0.25*fs) && t0+i < n; i++ {
				lp = 0.5*lp + 0.5*r.NormFloat64()
				out[t0+i] += 0.25 * lp * math.Exp(-float64(i)/fs/0.06)
			}
		}
	}
	return scale(out, level)
}

func noise(seed uint64, n int, level float64) []float32 {
	r := rng(seed)
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(level * r.NormFloat64())
	}
	return out
}

func tone(hz, amp float64, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(amp * math.Sin(2*math.Pi*hz*float64(i)/rate))
	}
	return out
}

func scale(x []float64, rms float64) []float32 {
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

func concat(parts ...[]float32) []float32 {
	var out []float32
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func mix(a, b []float32) []float32 {
	out := make([]float32, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}
