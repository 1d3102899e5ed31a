package hrtf

import (
	"fmt"

	"immerse/dsp/fft"
)

// Block sizes of the partitioned convolution (FFT sizes 64..65536).
const (
	MinBlockSize = 32
	MaxBlockSize = 1 << 15
)

// Filter is an FIR filter prepared for uniformly partitioned overlap-save
// convolution with block size B: its taps are cut into P = ⌈taps/B⌉
// partitions of B taps, and each partition is stored as the spectrum of a
// 2B-point FFT of itself zero-padded (B+1 bins).
type Filter struct {
	block int
	taps  int
	parts [][]complex64
}

// checkBlockSize returns an error unless b is a power of two in
// [MinBlockSize, MaxBlockSize].
func checkBlockSize(b int) error {
	if b < MinBlockSize || b > MaxBlockSize || b&(b-1) != 0 {
		return fmt.Errorf("hrtf: block size %d is not a power of two in [%d, %d]; choose e.g. 256, 512 or 1024", b, MinBlockSize, MaxBlockSize)
	}
	return nil
}

// partitions is the number of B-tap partitions of a taps-long filter.
func partitions(taps, block int) int { return max(1, (taps+block-1)/block) }

// NewFilter prepares ir for convolution in blocks of blockSize frames.
func NewFilter(ir []float32, blockSize int) (*Filter, error) {
	if err := checkBlockSize(blockSize); err != nil {
		return nil, err
	}
	if len(ir) == 0 {
		return nil, fmt.Errorf("hrtf: empty filter")
	}
	p := partitions(len(ir), blockSize)
	f := &Filter{block: blockSize, taps: len(ir), parts: make([][]complex64, p)}
	for k := range f.parts {
		f.parts[k] = make([]complex64, blockSize+1)
	}
	partitionSpectra(f.parts, ir, 1, fft.New(2*blockSize), make([]float32, 2*blockSize))
	return f, nil
}

// BlockSize is the block (and partition) size B.
func (f *Filter) BlockSize() int { return f.block }

// Taps is the filter length.
func (f *Filter) Taps() int { return f.taps }

// Partitions is the number of partitions P.
func (f *Filter) Partitions() int { return len(f.parts) }

// partitionSpectra writes the partition spectra of gain·ir to dst
// (len(dst) partitions of B+1 bins); taps beyond len(dst)·B are ignored.
// frame is 2B of scratch.
func partitionSpectra(dst [][]complex64, ir []float32, gain float32, plan *fft.FFT, frame []float32) {
	b := len(frame) / 2
	for k, spec := range dst {
		clear(frame)
		lo := k * b
		if lo < len(ir) {
			seg := ir[lo:min(len(ir), lo+b)]
			for i, v := range seg {
				frame[i] = gain * v
			}
		}
		plan.Forward(spec, frame)
	}
}

// Convolver runs one Filter on a mono stream: uniformly partitioned
// overlap-save with a frequency-domain delay line. Each block of B input
// frames is transformed once (together with the previous block, 2B
// points); the spectra of the last P blocks are kept, multiplied with the
// P partitions, summed, and one inverse FFT gives B output frames. It has
// no latency. Cost per block: two FFTs of 2B points and P spectral
// multiply-accumulates of B+1 bins.
type Convolver struct {
	f     *Filter
	plan  *fft.FFT
	fdl   [][]complex64 // input spectra; fdl[head] is the newest
	head  int
	frame []float32 // previous block, current block
	acc   []complex64
	out   []float32
}

// NewConvolver returns a convolver for f.
func NewConvolver(f *Filter) *Convolver {
	b, p := f.block, len(f.parts)
	c := &Convolver{
		f:     f,
		plan:  fft.New(2 * b),
		fdl:   make([][]complex64, p),
		frame: make([]float32, 2*b),
		acc:   make([]complex64, b+1),
		out:   make([]float32, 2*b),
	}
	for k := range c.fdl {
		c.fdl[k] = make([]complex64, b+1)
	}
	return c
}

// Latency is zero: output frame t depends on input frames up to t.
func (c *Convolver) Latency() int { return 0 }

// Reset clears the input history.
func (c *Convolver) Reset() {
	for _, s := range c.fdl {
		clear(s)
	}
	clear(c.frame)
	c.head = 0
}

// Process convolves src with the filter into dst. len(src) must equal
// len(dst) and be a multiple of the block size; dst may be src. The output
// does not depend on how the stream is cut into calls. It allocates
// nothing.
func (c *Convolver) Process(dst, src []float32) {
	b := c.f.block
	if len(dst) != len(src) || len(src)%b != 0 {
		panic(fmt.Sprintf("hrtf: Convolver.Process got %d input and %d output frames; want equal multiples of the block size %d", len(src), len(dst), b))
	}
	for off := 0; off < len(src); off += b {
		c.block(dst[off:off+b], src[off:off+b])
	}
}

func (c *Convolver) block(dst, src []float32) {
	b := c.f.block
	copy(c.frame[:b], c.frame[b:])
	copy(c.frame[b:], src)
	c.head--
	if c.head < 0 {
		c.head = len(c.fdl) - 1
	}
	c.plan.Forward(c.fdl[c.head], c.frame)
	clear(c.acc)
	for k, h := range c.f.parts {
		fft.MulAdd(c.acc, c.fdl[(c.head+k)%len(c.fdl)], h)
	}
	c.plan.Inverse(c.out, c.acc)
	copy(dst, c.out[b:])
}
