package hrtf

import (
	"fmt"
	"math"
	"sync"

	"immerse/dsp"
	"immerse/dsp/fft"
	"immerse/geom"
)

// Binaural renders many mono sources with moving directions to two ears.
//
// Each source runs a uniformly partitioned overlap-save convolution (see
// Convolver) with the interpolated HRIR pair of its direction, block size B
// = partition size, FFT size 2B. Per block:
//
//   - every active source's input block is transformed once into its
//     frequency-domain delay line (P spectra);
//   - a source whose direction and gain did not change adds X·H over its
//     partitions into a "steady" spectrum per ear;
//   - a source whose direction or gain changed gets a new HRIR pair
//     (Interpolator.HRIR) and partition spectra, and adds X·H_old into an
//     "old" and X·H_new into a "new" spectrum per ear;
//   - the spectra are summed over all sources before the inverse FFTs, so a
//     block costs at most 6 inverse FFTs (steady, old, new × 2 ears)
//     whatever the number of sources (2 when nothing moved);
//   - out = steady + old + w·(new - old) with one linear ramp
//     w[i] = (i+1)/B shared by all changing sources: the filter reaches
//     the new one exactly at the block's last frame, and a source moving
//     every block follows a continuous, piecewise-linear path through the
//     filters (a raised-cosine ramp would halt it at every block
//     boundary). Gains are part of the filters, so a gain change is ramped
//     the same way.
//
// A crossfade mixes two responses rather than moving a delay: while a
// source moves, each ear's delay changes by a fraction of a sample per
// block (up to 0.4 samples at 48 kHz for a full turn in 2 s with 512-frame
// blocks), which dips the top octave briefly in mid-block (by
// |cos(π·f·Δt)|: 0.3 dB at 10 kHz, 0.8 dB at 16 kHz at that speed).
//
// A source whose input has been all zeros for P+1 blocks contributes
// nothing and costs nothing (no FFT, no multiply-accumulate, no HRIR
// update); direction changes while silent are applied without a fade when
// it resumes.
//
// Level: by default the HRIRs are scaled by -FrontalGainDB of the
// interpolated frontal response, so that a frontal source reaches each ear
// at the level it has at the input (pink noise, 100 Hz-10 kHz, averaged
// over the ears): a 0 dBFS frontal source gives 0 dBFS at the ears, as the
// same signal would from one loudspeaker in front (see
// Set.FrontalGainDB). RawGain keeps the set's own gain.
//
// Binaural has no latency beyond the HRIRs' own onset delay (about 1 ms in
// most sets). It is not safe for concurrent use, but with Workers(n) it
// renders its sources on n goroutines: the sources are split into fixed
// chunks of chunkSources whose spectra are summed in chunk order, so the
// output is the same for any number of workers.
type Binaural struct {
	block  int
	parts  int
	norm   float32
	plan   *fft.FFT // for the inverse transforms in mix
	src    []binauralSource
	chunks []binauralChunk

	acc  [3][2][]complex64 // steady, old, new × ear spectra, summed over chunks
	used [3]bool
	td   [3][2][]float32 // their inverse transforms (2B)
	ramp []float32       // crossfade weight of the new filter per frame

	workers []*binauralWorker
	tasks   chan int // chunk indices for the worker goroutines (nil: one worker)
	wg      sync.WaitGroup
	in      [][]float32 // the block being processed
}

// chunkSources is the number of sources whose spectra are summed together
// before the chunks are summed (fixed, so the order of additions does not
// depend on the number of workers).
const chunkSources = 8

// binauralChunk holds the accumulators of sources [first, end).
type binauralChunk struct {
	first, end int
	acc        [3][2][]complex64
	used       [3]bool
}

// binauralWorker holds one goroutine's scratch: interpolator, FFT plan,
// HRIR and frame buffers.
type binauralWorker struct {
	ip    *Interpolator
	plan  *fft.FFT
	hrir  [2][]float32 // P·B scratch
	frame []float32    // 2B scratch
}

const (
	accSteady = iota
	accOld
	accNew
)

type binauralSource struct {
	dir, nextDir   geom.Vec
	gain, nextGain float32
	bank           [2][2][][]complex64 // filter banks × ear × partition spectra
	cur            int                 // bank holding the current filter
	stale          bool                // current filter not computed for dir/gain
	fdl            [][]complex64       // input spectra, fdl[head] newest
	head           int
	prev           []float32 // previous input block
	silent         int       // consecutive all-zero input blocks, capped
}

// BinauralOption configures NewBinaural.
type BinauralOption func(*binauralConfig)

type binauralConfig struct {
	raw     bool
	ip      *Interpolator
	workers int
}

// Workers renders the sources on n goroutines (default 1); the output does
// not depend on n. Call Close to stop them.
func Workers(n int) BinauralOption { return func(c *binauralConfig) { c.workers = n } }

// RawGain disables the frontal normalisation: the HRIRs keep the set's
// measured gain.
func RawGain() BinauralOption { return func(c *binauralConfig) { c.raw = true } }

// WithInterpolator uses ip (built by NewInterpolator from the same set)
// instead of building a new one; ip's tables are shared, not copied.
func WithInterpolator(ip *Interpolator) BinauralOption {
	return func(c *binauralConfig) { c.ip = ip }
}

// NewBinaural prepares the rendering of sources mono sources in blocks of
// blockSize frames (a power of two, 32..32768) with set, which must
// already be at the render's sample rate. Every source starts in front
// (0°, 0°) with gain 1.
func NewBinaural(set *Set, blockSize, sources int, opts ...BinauralOption) (*Binaural, error) {
	var cfg binauralConfig
	for _, o := range opts {
		o(&cfg)
	}
	if err := checkBlockSize(blockSize); err != nil {
		return nil, err
	}
	if sources < 0 {
		return nil, fmt.Errorf("hrtf: %d sources; want zero or more", sources)
	}
	ip := cfg.ip
	if ip == nil {
		if set == nil {
			return nil, fmt.Errorf("hrtf: NewBinaural needs an HRIR set (or WithInterpolator)")
		}
		var err error
		if ip, err = NewInterpolator(set); err != nil {
			return nil, err
		}
	} else {
		if set != nil && (ip.SampleRate() != set.SampleRate || ip.Taps() < set.Taps()) {
			return nil, fmt.Errorf("hrtf: the interpolator (%d Hz, %d taps) was not built from this set (%d Hz, %d taps)", ip.SampleRate(), ip.Taps(), set.SampleRate, set.Taps())
		}
		ip = ip.Clone()
	}
	b := &Binaural{
		block: blockSize,
		parts: partitions(ip.Taps(), blockSize),
		norm:  1,
		plan:  fft.New(2 * blockSize),
		src:   make([]binauralSource, sources),
		ramp:  make([]float32, blockSize),
	}
	nw := max(1, min(cfg.workers, (sources+chunkSources-1)/chunkSources))
	for w := 0; w < nw; w++ {
		wk := &binauralWorker{ip: ip, plan: fft.New(2 * blockSize), frame: make([]float32, 2*blockSize)}
		if w > 0 {
			wk.ip = ip.Clone()
		}
		for ear := range wk.hrir {
			wk.hrir[ear] = make([]float32, b.parts*blockSize)
		}
		b.workers = append(b.workers, wk)
	}
	for first := 0; first < sources; first += chunkSources {
		c := binauralChunk{first: first, end: min(first+chunkSources, sources)}
		for k := range c.acc {
			for ear := range c.acc[k] {
				c.acc[k][ear] = make([]complex64, blockSize+1)
			}
		}
		b.chunks = append(b.chunks, c)
	}
	if !cfg.raw {
		b.norm = float32(dsp.DBToGain(-ip.FrontalGainDB()))
	}
	for i := range b.ramp {
		b.ramp[i] = float32(i+1) / float32(blockSize)
	}
	for k := range b.acc {
		for ear := range b.acc[k] {
			b.acc[k][ear] = make([]complex64, blockSize+1)
			b.td[k][ear] = make([]float32, 2*blockSize)
		}
	}
	for i := range b.src {
		s := &b.src[i]
		for bank := range s.bank {
			for ear := range s.bank[bank] {
				s.bank[bank][ear] = newSpectra(b.parts, blockSize+1)
			}
		}
		s.fdl = newSpectra(b.parts, blockSize+1)
		s.prev = make([]float32, blockSize)
	}
	b.Reset()
	if nw > 1 {
		tasks := make(chan int)
		b.tasks = tasks
		for _, w := range b.workers {
			go func(w *binauralWorker) {
				for c := range tasks {
					b.runChunk(w, c)
					b.wg.Done()
				}
			}(w)
		}
	}
	return b, nil
}

// Close stops the worker goroutines (see Workers); the Binaural must not be
// used afterwards.
func (b *Binaural) Close() {
	if b.tasks != nil {
		close(b.tasks)
		b.tasks = nil
	}
}

func newSpectra(n, bins int) [][]complex64 {
	back := make([]complex64, n*bins)
	s := make([][]complex64, n)
	for i := range s {
		s[i] = back[i*bins : (i+1)*bins : (i+1)*bins]
	}
	return s
}

// Sources is the number of sources.
func (b *Binaural) Sources() int { return len(b.src) }

// BlockSize is the number of frames Process takes and writes.
func (b *Binaural) BlockSize() int { return b.block }

// Latency is zero: the output of a block depends on input up to its end.
func (b *Binaural) Latency() int { return 0 }

// Reset returns every source to its initial state (front, gain 1, no
// history), as after NewBinaural.
func (b *Binaural) Reset() {
	for i := range b.src {
		s := &b.src[i]
		s.dir, s.nextDir = geom.Vec{0, 1, 0}, geom.Vec{0, 1, 0}
		s.gain, s.nextGain = 1, 1
		s.stale = true
		s.silent = b.parts + 1
		for _, x := range s.fdl {
			clear(x)
		}
		clear(s.prev)
		s.head = 0
	}
}

// SetDirection sets the direction of source (a vector in the ADM frame;
// its length does not matter, the zero vector means front). It takes
// effect at the next Process, crossfaded over that block.
func (b *Binaural) SetDirection(source int, dir geom.Vec) {
	d := dir.Unit()
	if d.Norm() == 0 || math.IsNaN(d[0]+d[1]+d[2]) {
		d = geom.Vec{0, 1, 0}
	}
	b.src[source].nextDir = d
}

// SetGain sets the linear gain of source; it takes effect at the next
// Process, ramped over that block together with any direction change.
func (b *Binaural) SetGain(source int, gain float32) {
	b.src[source].nextGain = gain
}

// Process renders one block: src holds one slice of BlockSize frames per
// source; left and right (BlockSize frames each) are overwritten with the
// ears' signals (not added to). It allocates nothing and panics when the
// shapes are wrong.
func (b *Binaural) Process(left, right []float32, src [][]float32) {
	n := b.block
	if len(left) != n || len(right) != n || len(src) != len(b.src) {
		panic(fmt.Sprintf("hrtf: Binaural.Process got %d and %d output frames and %d sources; built for %d frames and %d sources", len(left), len(right), len(src), n, len(b.src)))
	}
	for i := range b.src {
		if len(src[i]) != n {
			panic(fmt.Sprintf("hrtf: Binaural.Process: source %d has %d frames, want %d", i, len(src[i]), n))
		}
	}
	b.in = src
	if b.tasks == nil {
		for c := range b.chunks {
			b.runChunk(b.workers[0], c)
		}
	} else {
		b.wg.Add(len(b.chunks))
		for c := range b.chunks {
			b.tasks <- c
		}
		b.wg.Wait()
	}
	// Sum the chunks' spectra in chunk order.
	b.used = [3]bool{}
	for k := range b.acc {
		for ci := range b.chunks {
			c := &b.chunks[ci]
			if !c.used[k] {
				continue
			}
			for ear := range b.acc[k] {
				if !b.used[k] {
					copy(b.acc[k][ear], c.acc[k][ear])
					continue
				}
				acc := b.acc[k][ear]
				for i, v := range c.acc[k][ear][:len(acc)] {
					acc[i] += v
				}
			}
			b.used[k] = true
		}
	}
	b.mix(left, right)
}

// runChunk renders the sources of chunk ci into its accumulators.
func (b *Binaural) runChunk(w *binauralWorker, ci int) {
	c := &b.chunks[ci]
	c.used = [3]bool{}
	for i := c.first; i < c.end; i++ {
		b.source(w, c, &b.src[i], b.in[i])
	}
}

// source adds one source's block to its chunk's accumulators.
func (b *Binaural) source(w *binauralWorker, c *binauralChunk, s *binauralSource, x []float32) {
	p := b.parts
	if isZero(x) {
		if s.silent <= p {
			s.silent++
		}
	} else {
		s.silent = 0
	}
	if s.silent > p {
		// The last P+1 blocks are silent: the delay line holds only zeros
		// (its oldest slot is cleared here, all others already are), the
		// source contributes nothing. Parameter changes apply without a fade
		// when it resumes.
		if s.silent == p+1 {
			for _, f := range s.fdl {
				clear(f)
			}
			clear(s.prev)
			s.silent++
		}
		if s.nextDir != s.dir || s.nextGain != s.gain {
			s.dir, s.gain, s.stale = s.nextDir, s.nextGain, true
		}
		return
	}

	// Input spectrum of [previous block, this block] into the delay line.
	s.head--
	if s.head < 0 {
		s.head = p - 1
	}
	copy(w.frame[:b.block], s.prev)
	copy(w.frame[b.block:], x)
	copy(s.prev, x)
	w.plan.Forward(s.fdl[s.head], w.frame)

	changed := s.nextDir != s.dir || s.nextGain != s.gain
	switch {
	case s.stale:
		s.dir, s.gain = s.nextDir, s.nextGain
		b.computeFilter(w, s.bank[s.cur], s.dir, s.gain)
		s.stale = false
		b.accumulate(c, accSteady, s, s.cur, s.gain)
	case changed:
		next := 1 - s.cur
		if s.nextDir == s.dir && s.gain != 0 {
			// Gain only: rescale the current spectra.
			r := s.nextGain / s.gain
			for ear := range s.bank[next] {
				for k, part := range s.bank[next][ear] {
					copy(part, s.bank[s.cur][ear][k])
					fft.Scale(part, r)
				}
			}
		} else {
			b.computeFilter(w, s.bank[next], s.nextDir, s.nextGain)
		}
		b.accumulate(c, accOld, s, s.cur, s.gain)
		b.accumulate(c, accNew, s, next, s.nextGain)
		s.cur, s.dir, s.gain = next, s.nextDir, s.nextGain
	default:
		b.accumulate(c, accSteady, s, s.cur, s.gain)
	}
}

// computeFilter writes the partition spectra of the HRIR pair of dir,
// scaled by gain and the normalisation, to bank.
func (b *Binaural) computeFilter(w *binauralWorker, bank [2][][]complex64, dir geom.Vec, gain float32) {
	w.ip.HRIR(w.hrir[0], w.hrir[1], dir)
	for ear := range bank {
		partitionSpectra(bank[ear], w.hrir[ear], gain*b.norm, w.plan, w.frame)
	}
}

// accumulate adds Σ_k X_{t-k}·H_k of bank into accumulator kind, both ears;
// a zero gain adds nothing.
func (b *Binaural) accumulate(c *binauralChunk, kind int, s *binauralSource, bank int, gain float32) {
	if !c.used[kind] {
		c.used[kind] = true
		clear(c.acc[kind][0])
		clear(c.acc[kind][1])
	}
	if gain == 0 {
		return
	}
	p := b.parts
	for ear := range s.bank[bank] {
		acc := c.acc[kind][ear]
		for k, h := range s.bank[bank][ear] {
			fft.MulAdd(acc, s.fdl[(s.head+k)%p], h)
		}
	}
}

// mix inverse-transforms the used accumulators and crossfades.
func (b *Binaural) mix(left, right []float32) {
	n := b.block
	for k := range b.acc {
		if b.used[k] {
			for ear := range b.acc[k] {
				b.plan.Inverse(b.td[k][ear], b.acc[k][ear])
			}
		}
	}
	for ear, out := range [2][]float32{left, right} {
		out = out[:n]
		if b.used[accSteady] {
			copy(out, b.td[accSteady][ear][n:])
		} else {
			clear(out)
		}
		if b.used[accOld] || b.used[accNew] {
			// Both are always used together.
			old := b.td[accOld][ear][n : 2*n]
			nw := b.td[accNew][ear][n : 2*n]
			w := b.ramp[:n]
			old, nw = old[:len(out)], nw[:len(out)]
			w = w[:len(out)]
			for i := range out {
				out[i] += old[i] + w[i]*(nw[i]-old[i])
			}
		}
	}
}

// isZero reports whether every sample of x is zero (+0 or -0): the bits
// of eight samples at a time are ORed, the sign bit ignored.
func isZero(x []float32) bool {
	for len(x) >= 8 {
		v := x[:8:8]
		acc := math.Float32bits(v[0]) | math.Float32bits(v[1]) | math.Float32bits(v[2]) | math.Float32bits(v[3]) |
			math.Float32bits(v[4]) | math.Float32bits(v[5]) | math.Float32bits(v[6]) | math.Float32bits(v[7])
		if acc<<1 != 0 {
			return false
		}
		x = x[8:]
	}
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}
