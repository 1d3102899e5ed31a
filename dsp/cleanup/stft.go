package cleanup

import (
	"math"

	"immerse/dsp/fft"
)

// The short-time Fourier transform shared by the Denoiser and the
// NoiseProfiler: frames of FrameSize(rate) samples (about 43 ms, a power
// of two), a hop of a quarter frame, square-root periodic Hann windows for
// analysis and synthesis (their product, a Hann window, overlap-adds to 2
// at this hop, so the synthesis is scaled by 1/2).

// FrameSize is the STFT frame length at rate: the power of two nearest
// 0.0427·rate (2048 at 44.1 and 48 kHz, 4096 at 96 kHz).
func FrameSize(rate int) int {
	e := math.Round(math.Log2(0.0427 * float64(rate)))
	n := 1 << int(e)
	return min(max(n, fft.MinSize), fft.MaxSize)
}

// sqrtHann returns the square root of the periodic Hann window of n.
func sqrtHann(n int) []float32 {
	w := make([]float32, n)
	for i := range w {
		w[i] = float32(math.Sqrt(0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))))
	}
	return w
}

// framer collects a mono or multichannel stream into overlapping frames.
type framer struct {
	n, hop int
	buf    [][]float32 // per channel: the last n input samples
	fill   int         // samples gathered since the last frame
}

func newFramer(channels, n int) framer {
	f := framer{n: n, hop: n / 4, buf: make([][]float32, channels)}
	for c := range f.buf {
		f.buf[c] = make([]float32, n)
	}
	return f
}

func (f *framer) reset() {
	for c := range f.buf {
		clear(f.buf[c])
	}
	f.fill = 0
}

// push adds frame i of src (all channels) and reports whether a new frame
// is complete (the last n samples of every channel are in buf).
func (f *framer) push(src [][]float32, i int) bool {
	k := f.n - f.hop + f.fill
	for c := range f.buf {
		f.buf[c][k] = src[c][i]
	}
	f.fill++
	return f.fill == f.hop
}

// advance shifts the buffers by a hop after a frame was taken.
func (f *framer) advance() {
	for c := range f.buf {
		copy(f.buf[c], f.buf[c][f.hop:])
	}
	f.fill = 0
}

// power writes the mean over channels of |X[b]|² of the windowed frame to
// pow, using spec and tmp (n) as scratch.
func (f *framer) power(pow []float64, tr *fft.FFT, win, tmp []float32, spec []complex64) {
	clear(pow)
	for c := range f.buf {
		for i, w := range win {
			tmp[i] = f.buf[c][i] * w
		}
		tr.Forward(spec, tmp)
		for b, v := range spec {
			re, im := float64(real(v)), float64(imag(v))
			pow[b] += re*re + im*im
		}
	}
	inv := 1 / float64(len(f.buf))
	for b := range pow {
		pow[b] *= inv
	}
}
