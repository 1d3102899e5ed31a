package ambisonics

import (
	"fmt"

	"immerse/dsp/fft"
)

// Block sizes of the binaural decoder's partitioned convolution.
const (
	MinBlockSize     = 32
	MaxBlockSize     = 1 << 15
	DefaultBlockSize = 1024
)

// BinauralDecoder renders an ambisonic stream to two ears with a set of
// BinauralFilters: out_ear = Σ_j IR[ear][j] * x_j. It is a uniformly
// partitioned overlap-save convolution with B-frame blocks (FFT size 2B),
// one frequency-domain delay line per input channel, shared by both ears:
// per block every input channel is transformed once, multiplied with its P
// filter partitions per ear and accumulated, and each ear is transformed
// back once — (order+1)² forward and 2 inverse FFTs plus 2·(order+1)²·P
// spectral multiply-accumulates per block, whatever the number of HRIRs or
// virtual loudspeakers behind the filters.
//
// It adds no latency of its own: Latency is the filters' (see
// BinauralFilters.Latency). It is not safe for concurrent use.
type BinauralDecoder struct {
	block, parts int
	latency      int
	plan         *fft.FFT
	filt         [2][][][]complex64 // ear × channel × partition × bins
	fdl          [][][]complex64    // channel × partition × bins; [c][head] newest
	head         int
	prev         [][]float32 // previous input block per channel
	frame        []float32   // 2B
	acc          [2][]complex64
	out          []float32 // 2B
}

// NewBinauralDecoder prepares the convolution of f in blocks of blockSize
// frames (a power of two from MinBlockSize to MaxBlockSize; 0 means
// DefaultBlockSize).
func NewBinauralDecoder(f *BinauralFilters, blockSize int) (*BinauralDecoder, error) {
	if blockSize == 0 {
		blockSize = DefaultBlockSize
	}
	if blockSize < MinBlockSize || blockSize > MaxBlockSize || blockSize&(blockSize-1) != 0 {
		return nil, fmt.Errorf("ambisonics: block size %d is not a power of two from %d to %d; choose e.g. 512", blockSize, MinBlockSize, MaxBlockSize)
	}
	nch := len(f.IR[0])
	if nch == 0 || len(f.IR[1]) != nch || f.Taps() == 0 {
		return nil, fmt.Errorf("ambisonics: binaural filters have %d and %d channels of %d taps; want the same non-zero count per ear", len(f.IR[0]), len(f.IR[1]), f.Taps())
	}
	b := blockSize
	p := (f.Taps() + b - 1) / b
	d := &BinauralDecoder{
		block: b, parts: p, latency: f.Latency,
		plan:  fft.New(2 * b),
		fdl:   make([][][]complex64, nch),
		prev:  make([][]float32, nch),
		frame: make([]float32, 2*b),
		out:   make([]float32, 2*b),
	}
	for ear := range d.filt {
		d.acc[ear] = make([]complex64, b+1)
		d.filt[ear] = make([][][]complex64, nch)
		for c, ir := range f.IR[ear] {
			if len(ir) != f.Taps() {
				return nil, fmt.Errorf("ambisonics: binaural filter ear %d channel %d has %d taps, channel 0 has %d", ear, c, len(ir), f.Taps())
			}
			parts := spectra64(p, b+1)
			for k := range parts {
				clear(d.frame)
				copy(d.frame[:b], ir[min(len(ir), k*b):min(len(ir), (k+1)*b)])
				d.plan.Forward(parts[k], d.frame)
			}
			d.filt[ear][c] = parts
		}
	}
	for c := range d.fdl {
		d.fdl[c] = spectra64(p, b+1)
		d.prev[c] = make([]float32, b)
	}
	clear(d.frame)
	return d, nil
}

// spectra64 allocates n spectra of bins bins in one block.
func spectra64(n, bins int) [][]complex64 {
	back := make([]complex64, n*bins)
	s := make([][]complex64, n)
	for i := range s {
		s[i] = back[i*bins : (i+1)*bins : (i+1)*bins]
	}
	return s
}

// BlockSize is the block size B; Process takes multiples of it.
func (d *BinauralDecoder) BlockSize() int { return d.block }

// Inputs is the number of ambisonic channels.
func (d *BinauralDecoder) Inputs() int { return len(d.fdl) }

// Latency is the filters' delay beyond the HRIRs' own onsets, in frames.
func (d *BinauralDecoder) Latency() int { return d.latency }

// Reset clears the input history.
func (d *BinauralDecoder) Reset() {
	for c := range d.fdl {
		for _, s := range d.fdl[c] {
			clear(s)
		}
		clear(d.prev[c])
	}
	d.head = 0
}

// Process renders src (Inputs() channels) into dst (2 channels: left,
// right; overwritten). All channels have the same length, a multiple of
// BlockSize; the output does not depend on how the stream is cut into
// calls. It allocates nothing and panics when the shapes are wrong.
func (d *BinauralDecoder) Process(dst, src [][]float32) {
	b := d.block
	if len(src) != len(d.fdl) || len(dst) != 2 {
		panic(fmt.Sprintf("ambisonics: BinauralDecoder.Process got %d input and %d output channels; built for %d and 2", len(src), len(dst), len(d.fdl)))
	}
	n := len(src[0])
	if n%b != 0 || len(dst[0]) != n || len(dst[1]) != n {
		panic(fmt.Sprintf("ambisonics: BinauralDecoder.Process got %d input and %d, %d output frames; want equal multiples of the block size %d", n, len(dst[0]), len(dst[1]), b))
	}
	for c := range src {
		if len(src[c]) != n {
			panic(fmt.Sprintf("ambisonics: BinauralDecoder.Process input channel %d has %d frames, channel 0 has %d", c, len(src[c]), n))
		}
	}
	for off := 0; off < n; off += b {
		d.step(dst[0][off:off+b], dst[1][off:off+b], src, off)
	}
}

// step processes one block starting at frame off of src.
func (d *BinauralDecoder) step(left, right []float32, src [][]float32, off int) {
	b, p := d.block, d.parts
	d.head--
	if d.head < 0 {
		d.head = p - 1
	}
	for c, x := range src {
		copy(d.frame[:b], d.prev[c])
		copy(d.frame[b:], x[off:off+b])
		copy(d.prev[c], x[off:off+b])
		d.plan.Forward(d.fdl[c][d.head], d.frame)
	}
	for ear, out := range [2][]float32{left, right} {
		acc := d.acc[ear]
		clear(acc)
		for c, parts := range d.filt[ear] {
			line := d.fdl[c]
			for k, h := range parts {
				fft.MulAdd(acc, line[(d.head+k)%p], h)
			}
		}
		d.plan.Inverse(d.out, acc)
		copy(out, d.out[b:])
	}
}
