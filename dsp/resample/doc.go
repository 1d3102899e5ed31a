// Package resample converts audio between sample rates with a
// band-limited, windowed-sinc polyphase filter, for any ratio of integer
// rates (44100 -> 48000 is 160/147, 48000 -> 44100 is 147/160, 96000 ->
// 48000 is 1/2).
//
// The filter is a sinc under a Kaiser window (beta 11.2, designed for
// 110 dB), with its transition band from 0.9 to 1.0 times the Nyquist
// frequency of the lower rate:
//
//   - passband: flat within ±0.001 dB up to PassbandEdge (0.9) times the
//     lower Nyquist frequency (measured: ±0.00003 dB);
//   - stopband: at least StopbandDB (100 dB) down from StopbandEdge (1.0)
//     times the lower Nyquist frequency (measured: 109 dB), so nothing
//     aliases and no images remain.
//
// The kernel spans about 144 input samples when upsampling and
// 144 * from/to when downsampling. Ratios whose reduced upsampling factor
// exceeds 2048 (44100 -> 44101) interpolate linearly between 4096
// tabulated filter phases, which keeps the error below -110 dB.
//
// Two forms:
//
//   - Resample converts a whole short signal (an impulse response) with no
//     delay: output sample n is the input's band-limited value at time
//     n*from/to, and the output has Len(len(src), from, to) samples, so an
//     impulse stays where it was in time.
//   - Resampler converts an unbounded stream block by block without
//     allocating; its output is Resample's, delayed by Latency() output
//     frames, whatever the block sizes. Flush emits the tail.
package resample
