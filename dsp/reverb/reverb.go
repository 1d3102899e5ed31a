package reverb

import (
	"fmt"
	"math"

	"immerse/dsp"
)

// Rows of the 16×16 Hadamard matrix used as tap patterns: mutually
// orthogonal, none of them the all-ones row.
const (
	rowInL  = 3
	rowInR  = 12
	rowOutL = 5
	rowOutR = 10
)

// wetGain scales the network's output: with it a unit impulse gives a wet
// response of about unit energy at the default decay (1.5 s).
const wetGain = 0.35

// diffuserMs are the input diffusers' allpass lengths (ms) per input side,
// and diffuserGain their coefficients.
var (
	diffuserMs   = [2][4]float64{{4.77, 3.59, 12.73, 9.31}, {4.21, 3.37, 11.39, 8.53}}
	diffuserGain = [4]float64{0.7, 0.7, 0.6, 0.6}
)

// Reverb is an algorithmic stereo reverb: a 16-line feedback delay network
// (FDN) with a Hadamard feedback matrix.
//
//   - Input: a predelay, then per side (left, right) four Schroeder
//     allpass diffusers in series (lengths 3.4–12.7 ms, g 0.6–0.7) that
//     turn a click into a dense burst before it enters the network.
//   - Lines: 16 delay lines of mutually prime lengths (distinct primes near
//     11–47 ms at Size 1, scaled by 0.35 + 0.65·Size), fed back through
//     the orthogonal 16×16 Hadamard matrix (scaled by 1/4), so every line
//     feeds every other and the echo density grows quickly.
//   - Decay: each line has Jot's absorptive filter (Jot & Chaigne 1991),
//     a one-pole low-pass k(1 − b)/(1 − b·z⁻¹) whose gain is matched to the
//     requested RT60 for the line's length d: k = 10^(−3d/(RT60·fs)) at
//     DC, and 10^(−3d/(RT60π·fs)) at Nyquist with RT60π = RT60·(1 − 0.9·
//     Damping). As every line loses the same dB per second at every
//     frequency, the decay is exponential with the requested RT60.
//   - Output: left and right take orthogonal ±1 patterns of the 16 lines
//     (decorrelated), then Width scales the side of the wet signal, and
//     out = (1 − Mix)·dry + Mix·wet.
//
// Mono (one channel) feeds both input sides and outputs the mid. Decay,
// damping, width and mix are automatable (width and mix ramp per sample;
// decay and damping change the filters once per block).
type Reverb struct {
	p        Params
	rate     int
	channels int

	line    [lines][]float32
	pos     [lines]int
	k, b    [lines]float64 // absorption: gain and pole
	lp      [lines]float64 // absorption filter state
	inL     [lines]float64
	inR     [lines]float64
	outL    [lines]float64
	outR    [lines]float64
	diff    [2][4]allpass
	pre     [2][]float32
	prePos  int
	width   dsp.Ramp
	mix     dsp.Ramp
	lengths [lines]int
}

// allpass is a Schroeder allpass w[n] = x[n] + g·w[n−M], y[n] = w[n−M] − g·w[n].
type allpass struct {
	buf []float32
	pos int
	g   float64
}

func (a *allpass) tick(x float64) float64 {
	d := float64(a.buf[a.pos])
	w := x + a.g*d
	if math.Abs(w) < 1e-30 {
		w = 0
	}
	a.buf[a.pos] = float32(w)
	if a.pos++; a.pos == len(a.buf) {
		a.pos = 0
	}
	return d - a.g*w
}

// New returns a reverb for 1 or 2 channels at sampleRate.
func New(p Params, sampleRate, channels int) (*Reverb, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 || channels > 2 || sampleRate <= 0 {
		return nil, fmt.Errorf("reverb: %d channels at %d Hz; need 1 or 2 channels and a positive rate", channels, sampleRate)
	}
	r := &Reverb{p: p, rate: sampleRate, channels: channels,
		width: dsp.NewRamp(p.Width, dsp.RampFrames(sampleRate)),
		mix:   dsp.NewRamp(p.Mix, dsp.RampFrames(sampleRate)),
	}
	r.lengths = primeLengths(p.Size, sampleRate)
	for i, n := range r.lengths {
		r.line[i] = make([]float32, n)
		r.inL[i] = 0.25 * sign(rowInL, i)
		r.inR[i] = 0.25 * sign(rowInR, i)
		r.outL[i] = wetGain * sign(rowOutL, i)
		r.outR[i] = wetGain * sign(rowOutR, i)
	}
	for s := range r.diff {
		for j := range r.diff[s] {
			n := max(1, int(math.Round(diffuserMs[s][j]*float64(sampleRate)/1000)))
			r.diff[s][j] = allpass{buf: make([]float32, n), g: diffuserGain[j]}
		}
	}
	if n := int(math.Round(p.PredelayMs * float64(sampleRate) / 1000)); n > 0 {
		r.pre = [2][]float32{make([]float32, n), make([]float32, n)}
	}
	r.design()
	return r, nil
}

func (r *Reverb) design() {
	tpi := r.p.DecayS * (1 - 0.9*r.p.Damping)
	for i, n := range r.lengths {
		r.k[i], r.b[i] = absorption(n, r.p.DecayS, tpi, r.rate)
	}
}

// Params returns the current parameters.
func (r *Reverb) Params() Params { return r.p }

// LineLengths returns the delay line lengths in frames.
func (r *Reverb) LineLengths() []int { return append([]int(nil), r.lengths[:]...) }

// SetDecay sets the RT60 in seconds (clamped to [0.1, 20]).
func (r *Reverb) SetDecay(s float64) {
	r.p.DecayS = clamp(s, 0.1, 20, r.p.DecayS)
	r.design()
}

// SetDamping sets the damping (clamped to [0, 1]).
func (r *Reverb) SetDamping(d float64) {
	r.p.Damping = clamp(d, 0, 1, r.p.Damping)
	r.design()
}

// SetWidth sets the wet width (clamped to [0, 1.5]); it ramps.
func (r *Reverb) SetWidth(w float64) {
	r.p.Width = clamp(w, 0, 1.5, r.p.Width)
	r.width.Set(r.p.Width)
}

// SetMix sets the dry/wet mix (clamped to [0, 1]); it ramps.
func (r *Reverb) SetMix(m float64) {
	r.p.Mix = clamp(m, 0, 1, r.p.Mix)
	r.mix.Set(r.p.Mix)
}

// Latency is 0: the dry path is not delayed (the predelay is part of the
// effect).
func (r *Reverb) Latency() int { return 0 }

// Reset clears the network, diffusers and predelay and ends any ramp.
func (r *Reverb) Reset() {
	for i := range r.line {
		clear(r.line[i])
		r.pos[i] = 0
		r.lp[i] = 0
	}
	for s := range r.diff {
		for j := range r.diff[s] {
			clear(r.diff[s][j].buf)
			r.diff[s][j].pos = 0
		}
	}
	clear(r.pre[0])
	clear(r.pre[1])
	r.prePos = 0
	r.width.Finish()
	r.mix.Finish()
}

// Process reverberates src into dst (they may alias).
func (r *Reverb) Process(dst, src [][]float32) {
	dsp.CheckShape("reverb", dst, src, r.channels)
	n := dsp.Frames(src)
	last := r.channels - 1
	var v [lines]float64
	for i := 0; i < n; i++ {
		xl, xr := float64(src[0][i]), float64(src[last][i])
		il, ir := xl, xr
		if r.pre[0] != nil {
			p := r.prePos
			il, ir = float64(r.pre[0][p]), float64(r.pre[1][p])
			r.pre[0][p], r.pre[1][p] = float32(xl), float32(xr)
			if r.prePos++; r.prePos == len(r.pre[0]) {
				r.prePos = 0
			}
		}
		for j := range r.diff[0] {
			il = r.diff[0][j].tick(il)
			ir = r.diff[1][j].tick(ir)
		}
		// Read and absorb every line; tap the outputs.
		var wl, wr float64
		for j := range v {
			y := float64(r.line[j][r.pos[j]])
			s := r.k[j]*(1-r.b[j])*y + r.b[j]*r.lp[j]
			if math.Abs(s) < 1e-30 {
				s = 0
			}
			r.lp[j] = s
			v[j] = s
			wl += r.outL[j] * s
			wr += r.outR[j] * s
		}
		hadamard(&v)
		for j := range v {
			u := v[j] + r.inL[j]*il + r.inR[j]*ir
			r.line[j][r.pos[j]] = float32(u)
			if r.pos[j]++; r.pos[j] == len(r.line[j]) {
				r.pos[j] = 0
			}
		}
		wd := r.width.Next()
		mix := r.mix.Next()
		m, s := 0.5*(wl+wr), 0.5*(wl-wr)*wd
		if r.channels == 1 {
			dst[0][i] = float32((1-mix)*xl + mix*m)
			continue
		}
		dst[0][i] = float32((1-mix)*xl + mix*(m+s))
		dst[1][i] = float32((1-mix)*xr + mix*(m-s))
	}
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}
