package cleanup

import (
	"errors"
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/fft"
)

// NoiseProfiler learns a NoiseProfile from a stream (the first pass of a
// two-pass noise reduction): the mean STFT power (the Denoiser's frames,
// channels averaged) of either a given stretch [From, To) or, by default,
// the quietest stretch of ProfileSeconds — the window of consecutive
// frames with the least total power, leaving out windows that contain a
// digitally silent frame (power under −150 dBFS: silence is not noise).
// Memory is bounded by the window (about 0.5 s of spectra).
type NoiseProfiler struct {
	rate, channels int
	n, hop, bins   int
	tr             *fft.FFT
	win, tmp       []float32
	spec           []complex64
	fr             framer
	pow            []float64
	ring           [][]float64 // spectra of the last frames
	energy         []float64   // their total powers
	silent         []bool
	sum            []float64 // running sum of the ring's spectra
	k              int       // frames analysed
	best           []float64
	bestEnergy     float64
	bestStart      int // frame index of the best window's first frame
	from, to       int64
	fixed          bool
	fixedFrames    int
	fixedFirst     int
}

// ProfileSeconds is the length of the quietest stretch a NoiseProfiler
// looks for.
const ProfileSeconds = 0.5

// NewNoiseProfiler returns a profiler for channels at rate that looks for
// the quietest stretch.
func NewNoiseProfiler(rate, channels int) (*NoiseProfiler, error) {
	if err := checkRate("noise profile", rate, channels); err != nil {
		return nil, err
	}
	n := FrameSize(rate)
	p := &NoiseProfiler{rate: rate, channels: channels, n: n, hop: n / 4, bins: n/2 + 1,
		tr: fft.New(n), win: sqrtHann(n), tmp: make([]float32, n), spec: make([]complex64, n/2+1),
		fr: newFramer(channels, n)}
	p.pow = make([]float64, p.bins)
	k := max(1, int(math.Round(ProfileSeconds*float64(rate)/float64(p.hop))))
	p.ring = make([][]float64, k)
	for i := range p.ring {
		p.ring[i] = make([]float64, p.bins)
	}
	p.energy = make([]float64, k)
	p.silent = make([]bool, k)
	p.sum = make([]float64, p.bins)
	p.best = make([]float64, p.bins)
	p.bestEnergy = math.Inf(1)
	return p, nil
}

// NewNoiseProfilerRange returns a profiler that averages the frames lying
// wholly within [from, to) seconds.
func NewNoiseProfilerRange(rate, channels int, from, to float64) (*NoiseProfiler, error) {
	p, err := NewNoiseProfiler(rate, channels)
	if err != nil {
		return nil, err
	}
	if !(from >= 0 && to > from) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("cleanup: noise profile: stretch %g to %g s: give a start >= 0 before the end", from, to)
	}
	p.fixed = true
	p.from, p.to = int64(math.Round(from*float64(rate))), int64(math.Round(to*float64(rate)))
	p.fixedFirst = -1
	return p, nil
}

// Process adds a block of audio.
func (p *NoiseProfiler) Process(src [][]float32) {
	dsp.CheckShape("cleanup: noise profile", src, src, p.channels)
	for i := 0; i < dsp.Frames(src); i++ {
		if p.fr.push(src, i) {
			p.frame()
			p.fr.advance()
		}
	}
}

// frame handles the frame ending at input sample (k+1)·hop.
func (p *NoiseProfiler) frame() {
	p.fr.power(p.pow, p.tr, p.win, p.tmp, p.spec)
	end := int64(p.k+1) * int64(p.hop)
	start := end - int64(p.n)
	p.k++
	if p.fixed {
		if start >= p.from && end <= p.to && start >= 0 {
			if p.fixedFirst < 0 {
				p.fixedFirst = p.k - 1
			}
			for b, v := range p.pow {
				p.sum[b] += v
			}
			p.fixedFrames++
		}
		return
	}
	if start < 0 {
		return // a frame reaching before the stream start is part silence
	}
	slot := (p.k - 1) % len(p.ring)
	for b, v := range p.ring[slot] {
		p.sum[b] -= v
	}
	var e float64
	for b, v := range p.pow {
		p.sum[b] += v
		e += v
	}
	copy(p.ring[slot], p.pow)
	p.energy[slot] = e
	// Digital silence: mean square under −150 dBFS in this frame.
	p.silent[slot] = e < 1e-15*float64(p.n)*float64(p.n)/4
	frames := p.k - (p.n/p.hop - 1) // frames that lie wholly in the stream
	if frames < len(p.ring) {
		return
	}
	var total float64
	for i, v := range p.energy {
		if p.silent[i] {
			return
		}
		total += v
	}
	if total < p.bestEnergy {
		p.bestEnergy = total
		// Recompute from the ring (the running sum drifts by rounding).
		clear(p.best)
		for _, r := range p.ring {
			for b, v := range r {
				p.best[b] += v
			}
		}
		p.bestStart = p.k - len(p.ring)
	}
}

// ErrNoNoise is returned by Profile when no stretch qualified: the stream
// was shorter than the stretch, wholly digital silence, or the given
// stretch held no whole frame.
var ErrNoNoise = errors.New("no noise to learn")

// Profile returns the profile learned so far.
func (p *NoiseProfiler) Profile() (*NoiseProfile, error) {
	prof := &NoiseProfile{FFTSize: p.n, SampleRate: p.rate, Power: make([]float64, p.bins)}
	var frames, first int
	if p.fixed {
		if p.fixedFrames == 0 {
			return nil, fmt.Errorf("cleanup: noise profile: the stretch %.3f to %.3f s holds no whole %d-sample frame; give a longer stretch inside the file: %w",
				float64(p.from)/float64(p.rate), float64(p.to)/float64(p.rate), p.n, ErrNoNoise)
		}
		copy(prof.Power, p.sum)
		frames, first = p.fixedFrames, p.fixedFirst
	} else {
		if math.IsInf(p.bestEnergy, 1) {
			return nil, fmt.Errorf("cleanup: noise profile: no %.1f s stretch without digital silence; give the noise stretch (--noise-from): %w", ProfileSeconds, ErrNoNoise)
		}
		copy(prof.Power, p.best)
		frames, first = len(p.ring), p.bestStart
	}
	var ms float64
	for b := range prof.Power {
		prof.Power[b] /= float64(frames)
		w := 2.0
		if b == 0 || b == p.bins-1 {
			w = 1
		}
		ms += w * prof.Power[b]
	}
	// Parseval with the window: Σ_b w_b·P_b = n·Σ x²·win² ≈ n·(n/2)·ms.
	prof.LevelDB = dsp.PowerToDB(ms / (float64(p.n) * float64(p.n) / 2))
	startFrame := int64(first+1)*int64(p.hop) - int64(p.n)
	prof.Start = float64(startFrame) / float64(p.rate)
	prof.End = float64(startFrame+int64(frames-1)*int64(p.hop)+int64(p.n)) / float64(p.rate)
	return prof, nil
}
