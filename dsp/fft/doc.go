// Package fft is the fast Fourier transform of immerse's convolution engines:
// a real-to-complex transform in float32 for power-of-two sizes, plus the
// complex multiply-accumulate loops that run over spectra in partitioned
// convolution.
//
// Conventions:
//
//   - Forward computes X[k] = Σ x[j]·exp(-2πi·j·k/n) for k = 0..n/2, the
//     non-redundant half of the spectrum of a real sequence; it is
//     unnormalised (as gonum's dsp/fourier Coefficients).
//   - Inverse computes x[j] = (1/n)·Σ X[k]·exp(+2πi·j·k/n) over the full
//     Hermitian spectrum, so Inverse(Forward(x)) = x. Unlike gonum's
//     Sequence, the 1/n scale is part of Inverse: spectra multiplied
//     together need no extra scaling.
//   - The imaginary parts of bins 0 and n/2 are ignored by Inverse.
//
// The transform of size n runs a complex FFT of size n/2 on the even and
// odd samples packed as real and imaginary parts (radix-4 Stockham
// autosort stages with precomputed twiddles, a final radix-2 stage when
// log2(n/2) is odd) and separates the two halves in a post-processing pass.
// An FFT is set up once by New and then allocates nothing per call; it is
// not safe for concurrent use (it owns scratch buffers), so each goroutine
// needs its own.
package fft
