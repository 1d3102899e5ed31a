package cleanup

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/fft"
)

// Denoiser is spectral noise reduction with the controls of Audacity's
// Noise Reduction effect; see the package documentation for the gain
// rule. With a NoiseProfile it reduces the noise the profile describes;
// without one (a mixer insert) it estimates the noise as it goes by
// minimum statistics. The channels share one gain mask (the stereo image
// is kept).
type Denoiser struct {
	p              DenoiseParams
	rate, channels int
	n, hop, bins   int
	tr             *fft.FFT
	win            []float32
	fr             framer
	tmp            []float32
	spec           [][][]complex64 // [look+1][channel][bin]: frames awaiting output
	target         [][]float64     // [look+1][bin]: target gain (dB) of each frame
	head           int             // ring index of the newest frame
	frames         int             // frames analysed since Reset
	gain           []float64       // smoothed gain (dB) of the last frame out
	gs             []float64       // frequency-smoothed gain (dB)
	gl             []float32       // the same, linear
	pow, ps, ns    []float64
	prevPs         []float64   // the previous frame's smoothed power
	ola            [][]float32 // overlap-add accumulator per channel
	out            [][]float32 // the hop ready for output, per channel
	pos            int         // read position in out
	look           int         // attack lookahead in frames
	attack, rel    float64     // dB per frame
	floorDB        float64
	thr            float64 // power ratio of SensitivityDB
	noise          []float64
	fixed          bool
	ms             *minStats
}

// NoiseProfile is the noise a Denoiser removes: the mean power per bin of
// the STFT frames of a stretch of noise (see NoiseProfiler).
type NoiseProfile struct {
	// Power is the mean over frames and channels of |X[b]|², b = 0 ..
	// FFTSize/2, of square-root-Hann-windowed frames.
	Power      []float64
	FFTSize    int
	SampleRate int
	// Start and End delimit the stretch the profile was learned from, in
	// seconds of the stream.
	Start, End float64
	// LevelDB is the noise level: its mean square, in dB relative to full
	// scale (a full-scale sine reads -3.01 dB).
	LevelDB float64
}

// NewDenoiser returns a noise reduction for channels at rate. profile nil
// selects the adaptive noise estimate; otherwise its FFTSize must be
// FrameSize(rate).
func NewDenoiser(p DenoiseParams, rate, channels int, profile *NoiseProfile) (*Denoiser, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkRate("denoise", rate, channels); err != nil {
		return nil, err
	}
	n := FrameSize(rate)
	d := &Denoiser{p: p, rate: rate, channels: channels, n: n, hop: n / 4, bins: n/2 + 1,
		tr: fft.New(n), win: sqrtHann(n), fr: newFramer(channels, n), tmp: make([]float32, n)}
	if profile != nil {
		if profile.FFTSize != n || len(profile.Power) != d.bins {
			return nil, fmt.Errorf("cleanup: denoise: the noise profile has %d bins of a %d-point FFT; at %d Hz it needs %d bins (learn it at this rate)",
				len(profile.Power), profile.FFTSize, rate, d.bins)
		}
		d.noise = append([]float64(nil), profile.Power...)
		d.fixed = true
	} else {
		d.noise = make([]float64, d.bins)
		d.ms = newMinStats(d.bins, rate, d.hop)
	}
	frameMs := 1000 * float64(d.hop) / float64(rate)
	d.look = int(math.Ceil(p.AttackMs / frameMs))
	d.floorDB = -p.ReductionDB
	if d.look > 0 {
		d.attack = p.ReductionDB / float64(d.look)
	}
	d.rel = p.ReductionDB
	if p.ReleaseMs > 0 {
		d.rel = p.ReductionDB * frameMs / p.ReleaseMs
	}
	d.thr = math.Pow(10, p.SensitivityDB/10)
	d.spec = make([][][]complex64, d.look+1)
	d.target = make([][]float64, d.look+1)
	for k := range d.spec {
		d.spec[k] = make([][]complex64, channels)
		for c := range d.spec[k] {
			d.spec[k][c] = make([]complex64, d.bins)
		}
		d.target[k] = make([]float64, d.bins)
	}
	d.gain = make([]float64, d.bins)
	d.gs = make([]float64, d.bins)
	d.gl = make([]float32, d.bins)
	d.pow = make([]float64, d.bins)
	d.ps = make([]float64, d.bins)
	d.ns = make([]float64, d.bins)
	d.prevPs = make([]float64, d.bins)
	d.ola = dsp.NewBuffer(channels, n)
	d.out = dsp.NewBuffer(channels, d.hop)
	d.Reset()
	return d, nil
}

// Params returns the parameters.
func (d *Denoiser) Params() DenoiseParams { return d.p }

// FFTSize is the STFT frame length.
func (d *Denoiser) FFTSize() int { return d.n }

// Latency is the delay in frames: one STFT frame, the attack lookahead
// and one hop of output buffering.
func (d *Denoiser) Latency() int { return d.n + d.look*d.hop }

// Reset clears every buffer; the adaptive noise estimate starts again.
func (d *Denoiser) Reset() {
	d.fr.reset()
	dsp.Clear(d.ola)
	dsp.Clear(d.out)
	d.pos, d.head, d.frames = 0, 0, 0
	for k := range d.spec {
		for c := range d.spec[k] {
			clear(d.spec[k][c])
		}
		clear(d.target[k])
	}
	clear(d.gain)
	clear(d.gs)
	clear(d.prevPs)
	for b := range d.gl {
		d.gl[b] = 1
	}
	if d.ms != nil {
		d.ms.reset()
		clear(d.noise)
	}
}

// Process reduces the noise of src into dst (delayed by Latency frames).
// dst and src may alias.
func (d *Denoiser) Process(dst, src [][]float32) {
	dsp.CheckShape("cleanup: denoise", dst, src, d.channels)
	n := dsp.Frames(src)
	for i := 0; i < n; i++ {
		full := d.fr.push(src, i)
		for c := range dst {
			dst[c][i] = d.out[c][d.pos]
		}
		d.pos++
		if full {
			d.frame()
			d.fr.advance()
			d.pos = 0
		}
	}
}

// frame analyses the newest input frame and synthesises the hop of the
// frame that leaves the lookahead.
func (d *Denoiser) frame() {
	d.head = (d.head + 1) % len(d.spec)
	spec := d.spec[d.head]
	clear(d.pow)
	for c := range spec {
		for i, w := range d.win {
			d.tmp[i] = d.fr.buf[c][i] * w
		}
		d.tr.Forward(spec[c], d.tmp)
		for b, v := range spec[c] {
			re, im := float64(real(v)), float64(imag(v))
			d.pow[b] += re*re + im*im
		}
	}
	inv := 1 / float64(d.channels)
	for b := range d.pow {
		d.pow[b] *= inv
	}
	if !d.fixed {
		d.ms.update(d.pow, d.noise)
	}
	d.decide(d.target[d.head])
	d.frames++
	// The frame leaving the lookahead.
	out := (d.head + 1) % len(d.spec)
	if d.frames <= d.look {
		// Nothing has left the lookahead yet: the output is the initial
		// silence of the overlap-add buffer.
		d.emit(nil)
		return
	}
	d.smooth(out)
	d.emit(d.spec[out])
}

// expansion is the slope of the gain below the threshold: each dB of
// power under it takes this many dB of gain (a steep downward expander,
// close to a gate but without its chatter at the threshold).
const expansion = 8

// decide writes the target gain (dB) of the newest frame: the power and
// the noise are averaged over ±SmoothingBands bins (and the power over
// this frame and the last); a bin whose ratio q to the noise times the
// sensitivity threshold is at least 1 keeps its level; below, its gain is
// q^expansion (10·expansion·log10(q) dB), never below −ReductionDB.
func (d *Denoiser) decide(t []float64) {
	sb := d.p.SmoothingBands
	boxMean(d.ps, d.pow, sb)
	boxMean(d.ns, d.noise, sb)
	// Average with the previous frame's (halves the variance of the
	// decision on noise; the attack lookahead covers the delay).
	for b, v := range d.ps {
		d.ps[b], d.prevPs[b] = 0.5*(v+d.prevPs[b]), v
	}
	for b := range t {
		nb := d.ns[b] * d.thr
		switch {
		case d.ps[b] >= nb:
			t[b] = 0
		case d.ps[b] <= 0:
			t[b] = d.floorDB
		default:
			t[b] = math.Max(d.floorDB, 10*expansion*math.Log10(d.ps[b]/nb))
		}
	}
}

// smooth computes the gain of frame k: the release lets a gain fall by
// at most rel dB per frame after the last frame; the attack raises it
// ahead of a louder frame within the lookahead (by at most attack dB per
// frame); then the gains are averaged (in dB) over ±SmoothingBands bins.
func (d *Denoiser) smooth(k int) {
	t := d.target[k]
	for b := range d.gain {
		g := math.Max(t[b], d.gain[b]-d.rel)
		for i := 1; i <= d.look; i++ {
			ahead := d.target[(k+i)%len(d.target)]
			g = math.Max(g, ahead[b]-float64(i)*d.attack)
		}
		d.gain[b] = math.Min(g, 0)
	}
	boxMean(d.gs, d.gain, d.p.SmoothingBands)
	for b, g := range d.gs {
		d.gl[b] = float32(math.Pow(10, g/20))
	}
}

// emit applies the gains to spec (nil: silence), overlap-adds the frame
// and moves the next hop to the output buffer.
func (d *Denoiser) emit(spec [][]complex64) {
	for c := range d.ola {
		if spec != nil {
			s := spec[c]
			for b, g := range d.gl {
				s[b] *= complex(g, 0)
			}
			d.tr.Inverse(d.tmp, s)
			acc := d.ola[c]
			for i, w := range d.win {
				acc[i] += 0.5 * d.tmp[i] * w
			}
		}
		copy(d.out[c], d.ola[c][:d.hop])
		copy(d.ola[c], d.ola[c][d.hop:])
		clear(d.ola[c][d.n-d.hop:])
	}
}

// boxMean writes the mean of src over [b−w, b+w] (clipped to the ends)
// to dst. It sums directly (no running sum, which would lose the small
// bins next to a loud one).
func boxMean(dst, src []float64, w int) {
	n := len(src)
	for b := range dst {
		lo, hi := max(0, b-w), min(n-1, b+w)
		var s float64
		for _, v := range src[lo : hi+1] {
			s += v
		}
		dst[b] = s / float64(hi-lo+1)
	}
}

// GainMaskDB returns the gains (dB, one per bin) applied to the last
// frame out; for tests and displays.
func (d *Denoiser) GainMaskDB(dst []float64) []float64 { return append(dst[:0], d.gs...) }
