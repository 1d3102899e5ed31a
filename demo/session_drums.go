package demo

import (
	"math"
	"math/rand"
)

// hit places a synthesised one-shot of length n frames at time t (s).
func hit(out []float32, rate int, t float64, n int, gain float64, voice func(i int) float64) {
	at := int(math.Round(t * float64(rate)))
	for i := 0; i < n && at+i < len(out); i++ {
		out[at+i] += float32(gain * voice(i))
	}
}

func stemFrames(rate int) int { return int(SessionDuration * float64(rate)) }

// kick: a pitched sine (150 -> 48 Hz) with a short click, on beats 1 and 3
// and the "and" of 3 at the end of every second bar.
func kick(rate int) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	rng := rand.New(rand.NewSource(101))
	click := make([]float64, int(0.004*fs))
	for i := range click {
		click[i] = (rng.Float64()*2 - 1) * math.Exp(-float64(i)/(0.0008*fs))
	}
	voice := func(i int) float64 {
		t := float64(i) / fs
		// Phase of a sine whose frequency falls exponentially 150 -> 48 Hz.
		ph := 2 * math.Pi * (48*t + 102*0.035*(1-math.Exp(-t/0.035)))
		v := math.Sin(ph) * math.Exp(-t/0.28)
		if i < len(click) {
			v += 0.3 * click[i]
		}
		return v * math.Min(1, float64(i)/(0.0005*fs))
	}
	n := int(0.6 * fs)
	for b := 0; b < bars; b++ {
		t0 := float64(b) * bar
		hit(out, rate, t0, n, 0.9, voice)
		hit(out, rate, t0+2*beat, n, 0.85, voice)
		if b%2 == 1 {
			hit(out, rate, t0+2.5*beat, n, 0.7, voice)
		}
	}
	normalizePeak(out, 0.9)
	return out
}

// snare: a two-mode drum body (185 and 330 Hz) and band-passed noise, on
// beats 2 and 4, with a ghost note before beat 4 in every second bar.
func snare(rate int) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	rng := rand.New(rand.NewSource(202))
	noise := make([]float64, int(0.35*fs))
	lp, hp, prev := 0.0, 0.0, 0.0
	for i := range noise {
		x := rng.Float64()*2 - 1
		lp += 0.55 * (x - lp)        // ~7 kHz low-pass
		hp = 0.93 * (hp + lp - prev) // ~500 Hz high-pass
		prev = lp
		noise[i] = hp
	}
	voice := func(i int) float64 {
		t := float64(i) / fs
		body := (math.Sin(2*math.Pi*185*t) + 0.5*math.Sin(2*math.Pi*330*t)) * math.Exp(-t/0.06)
		return 0.6*body + 1.2*noise[i]*math.Exp(-t/0.12)
	}
	for b := 0; b < bars; b++ {
		t0 := float64(b) * bar
		hit(out, rate, t0+beat, len(noise), 0.9, voice)
		hit(out, rate, t0+3*beat, len(noise), 0.95, voice)
		if b%2 == 1 {
			hit(out, rate, t0+2.75*beat, len(noise), 0.25, voice)
		}
	}
	normalizePeak(out, 0.85)
	return out
}

// hats: high-passed noise, closed on the eighths (accented on the beats)
// and open on the "and" of 4.
func hats(rate int) []float32 {
	out := make([]float32, stemFrames(rate))
	fs := float64(rate)
	rng := rand.New(rand.NewSource(303))
	for b := 0; b < bars; b++ {
		for e := 0; e < 8; e++ {
			t := float64(b)*bar + float64(e)*beat/2
			decay, gain, n := 0.025, 0.5, int(0.12*fs)
			if e%2 == 0 {
				gain = 0.8
			}
			if e == 7 {
				decay, gain, n = 0.18, 0.6, int(0.5*fs)
			}
			prev, hp := 0.0, 0.0
			hit(out, rate, t, n, gain, func(i int) float64 {
				x := rng.Float64()*2 - 1
				hp = 0.6 * (hp + x - prev) // ~6 kHz high-pass
				prev = x
				return hp * math.Exp(-float64(i)/(decay*fs))
			})
		}
	}
	normalizePeak(out, 0.6)
	return out
}
