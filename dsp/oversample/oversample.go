package oversample

import (
	"fmt"
	"math"
	"math/cmplx"
)

// Config chooses an oversampler's factor and filter quality.
type Config struct {
	// Factor is 1 (pass-through), 2, 4 or 8.
	Factor int
	// Passband is the passband edge as a fraction of the base sample rate,
	// in [0.3, 0.48]; 0 means DefaultPassband. The transition band runs from
	// Passband to 1-Passband (mirrored around the base Nyquist frequency).
	Passband float64
	// StopbandDB is the designed stopband attenuation in dB, in [40, 160];
	// 0 means DefaultStopbandDB.
	StopbandDB float64
}

// Defaults of Config.
const (
	DefaultPassband   = 0.45  // 21.6 kHz at 48 kHz, 19.8 kHz at 44.1 kHz
	DefaultStopbandDB = 100.0 // designed; measured ≥ 90 dB (tests)
)

// chunk is the number of base-rate frames processed per internal pass; it
// sizes the scratch buffers between stages.
const chunk = 64

// Oversampler converts planar blocks up to Factor times the base rate and
// back down. The up and down paths are independent filters with their own
// state: a saturator calls Up, applies its curve, then Down; a true-peak
// detector calls only Up.
//
// Each octave is a polyphase half-band FIR stage (see the package doc).
// Both paths are padded with a short delay at the high rate so that their
// latencies are whole base-rate frames: Up output frame Factor·n+k holds the
// signal at base time n - UpLatency() + k/Factor, and Down∘Up delays by
// Latency() = UpLatency()+DownLatency() frames exactly.
type Oversampler struct {
	cfg      Config
	channels int
	stages   []*halfband
	ups      [][]interp // [channel][stage]
	downs    [][]decim
	upPad    [][]float32 // [channel] ring at the high rate
	downPad  [][]float32
	padPos   []int // per channel: up pad position
	dpadPos  []int
	upLat    int
	downLat  int
	bufA     []float32 // scratch, chunk·Factor
	bufB     []float32
}

// New returns an oversampler for channels channels.
func New(channels int, cfg Config) (*Oversampler, error) {
	if cfg.Passband == 0 {
		cfg.Passband = DefaultPassband
	}
	if cfg.StopbandDB == 0 {
		cfg.StopbandDB = DefaultStopbandDB
	}
	switch {
	case cfg.Factor != 1 && cfg.Factor != 2 && cfg.Factor != 4 && cfg.Factor != 8:
		return nil, fmt.Errorf("oversample: factor %d not supported; use 1, 2, 4 or 8", cfg.Factor)
	case channels < 1:
		return nil, fmt.Errorf("oversample: %d channels; need at least 1", channels)
	case math.IsNaN(cfg.Passband) || cfg.Passband < 0.3 || cfg.Passband > 0.48:
		return nil, fmt.Errorf("oversample: passband %g of the sample rate outside [0.3, 0.48]", cfg.Passband)
	case math.IsNaN(cfg.StopbandDB) || cfg.StopbandDB < 40 || cfg.StopbandDB > 160:
		return nil, fmt.Errorf("oversample: stopband %g dB outside [40, 160]", cfg.StopbandDB)
	}
	o := &Oversampler{cfg: cfg, channels: channels}
	// Stage k runs from rate R = 2^k·fs to 2R. The signal occupies [0, fp]
	// (fp = Passband·fs); its image around R starts at R-fp. In cycles per
	// high-rate sample the transition is (R - 2fp) / 2R.
	highDelay := 0 // path delay in final-rate samples
	for r := 1; r < cfg.Factor; r *= 2 {
		tw := (float64(r) - 2*cfg.Passband) / (2 * float64(r))
		h := cachedHalfband(tw, cfg.StopbandDB)
		o.stages = append(o.stages, h)
		highDelay += h.delay() * cfg.Factor / (2 * r)
	}
	pad := (cfg.Factor - highDelay%cfg.Factor) % cfg.Factor
	o.upLat = (highDelay + pad) / cfg.Factor
	o.downLat = o.upLat
	o.ups = make([][]interp, channels)
	o.downs = make([][]decim, channels)
	o.upPad = make([][]float32, channels)
	o.downPad = make([][]float32, channels)
	o.padPos = make([]int, channels)
	o.dpadPos = make([]int, channels)
	for c := 0; c < channels; c++ {
		for _, h := range o.stages {
			o.ups[c] = append(o.ups[c], newInterp(h))
			o.downs[c] = append(o.downs[c], newDecim(h))
		}
		o.upPad[c] = make([]float32, pad)
		o.downPad[c] = make([]float32, pad)
	}
	o.bufA = make([]float32, chunk*cfg.Factor)
	o.bufB = make([]float32, chunk*cfg.Factor)
	return o, nil
}

// Factor is the oversampling factor.
func (o *Oversampler) Factor() int { return o.cfg.Factor }

// Channels is the channel count the oversampler was built for.
func (o *Oversampler) Channels() int { return o.channels }

// Config returns the configuration with defaults filled in.
func (o *Oversampler) Config() Config { return o.cfg }

// UpLatency is the delay of the up path in base-rate frames.
func (o *Oversampler) UpLatency() int { return o.upLat }

// DownLatency is the delay of the down path in base-rate frames.
func (o *Oversampler) DownLatency() int { return o.downLat }

// Latency is the delay of Down after Up, in base-rate frames.
func (o *Oversampler) Latency() int { return o.upLat + o.downLat }

// StageTaps returns the length of each stage's FIR, first stage (base rate
// to 2×) first.
func (o *Oversampler) StageTaps() []int {
	t := make([]int, len(o.stages))
	for i, h := range o.stages {
		t[i] = len(h.full)
	}
	return t
}

// Reset clears the filter states of both paths.
func (o *Oversampler) Reset() {
	for c := range o.ups {
		for k := range o.ups[c] {
			o.ups[c][k].reset()
			o.downs[c][k].reset()
		}
		clear(o.upPad[c])
		clear(o.downPad[c])
		o.padPos[c], o.dpadPos[c] = 0, 0
	}
}

// Up writes Factor·len(src[c]) samples per channel to dst[c]. It panics
// when the shapes disagree.
func (o *Oversampler) Up(dst, src [][]float32) {
	o.check("Up", len(dst), len(src))
	for c := range src {
		o.UpChannel(c, dst[c], src[c])
	}
}

// UpChannel is Up for one channel c (dst has Factor·len(src) samples).
func (o *Oversampler) UpChannel(c int, dst, src []float32) {
	f := o.cfg.Factor
	if len(dst) != f*len(src) || c < 0 || c >= o.channels {
		panic(fmt.Sprintf("oversample: UpChannel %d: %d output samples for %d input frames at factor %d", c, len(dst), len(src), f))
	}
	if f == 1 {
		copy(dst, src)
		return
	}
	for from := 0; from < len(src); from += chunk {
		to := min(from+chunk, len(src))
		o.upChunk(c, dst[from*f:to*f], src[from:to])
	}
}

func (o *Oversampler) upChunk(c int, dst, src []float32) {
	in := src
	n := len(src)
	for k, h := range o.stages {
		var out []float32
		switch {
		case k == len(o.stages)-1:
			out = dst
		case k%2 == 0:
			out = o.bufA[:2*n]
		default:
			out = o.bufB[:2*n]
		}
		o.ups[c][k].run(h, out, in)
		in = out
		n *= 2
	}
	if pad := o.upPad[c]; len(pad) > 0 {
		o.padPos[c] = delayInPlace(dst, pad, o.padPos[c])
	}
}

// Down reads Factor·len(dst[c]) samples per channel from src[c]. src is
// used as scratch space when the path has a delay pad (its content is
// undefined afterwards).
func (o *Oversampler) Down(dst, src [][]float32) {
	o.check("Down", len(dst), len(src))
	for c := range src {
		o.DownChannel(c, dst[c], src[c])
	}
}

// DownChannel is Down for one channel c.
func (o *Oversampler) DownChannel(c int, dst, src []float32) {
	f := o.cfg.Factor
	if len(src) != f*len(dst) || c < 0 || c >= o.channels {
		panic(fmt.Sprintf("oversample: DownChannel %d: %d input samples for %d output frames at factor %d", c, len(src), len(dst), f))
	}
	if f == 1 {
		copy(dst, src)
		return
	}
	if pad := o.downPad[c]; len(pad) > 0 {
		o.dpadPos[c] = delayInPlace(src, pad, o.dpadPos[c])
	}
	for from := 0; from < len(dst); from += chunk {
		to := min(from+chunk, len(dst))
		o.downChunk(c, dst[from:to], src[from*f:to*f])
	}
}

func (o *Oversampler) downChunk(c int, dst, src []float32) {
	in := src
	n := len(src)
	for k := len(o.stages) - 1; k >= 0; k-- {
		var out []float32
		switch {
		case k == 0:
			out = dst
		case k%2 == 0:
			out = o.bufA[:n/2]
		default:
			out = o.bufB[:n/2]
		}
		o.downs[c][k].run(o.stages[k], out, in)
		in = out
		n /= 2
	}
}

func (o *Oversampler) check(op string, nd, ns int) {
	if nd != o.channels || ns != o.channels {
		panic(fmt.Sprintf("oversample: %s got %d input and %d output channels, built for %d", op, ns, nd, o.channels))
	}
}

// delayInPlace delays x by len(ring) samples through ring, starting at pos;
// it returns the new position.
func delayInPlace(x, ring []float32, pos int) int {
	for i, v := range x {
		x[i] = ring[pos]
		ring[pos] = v
		pos++
		if pos == len(ring) {
			pos = 0
		}
	}
	return pos
}

// UpResponse returns the complex frequency response of the up path's
// filter cascade at freq (Hz, relative to the final rate Factor·sampleRate),
// excluding the pad delay and the zero-stuffing gain: 1 in the passband.
func (o *Oversampler) UpResponse(freq, sampleRate float64) complex128 {
	h := complex(1, 0)
	for k, st := range o.stages {
		rate := sampleRate * float64(int(2)<<k) // this stage's high rate
		w := 2 * math.Pi * freq / rate
		var sum complex128
		for i, c := range st.full {
			sum += complex(c, 0) * cmplx.Exp(complex(0, -w*float64(i)))
		}
		h *= sum
	}
	return h
}
