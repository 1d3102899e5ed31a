// Package oversample converts audio to 2, 4 or 8 times its sample rate and
// back, for nonlinear processing (saturation) and true-peak detection
// (the limiter).
//
// Each octave is one polyphase half-band FIR stage: a linear-phase
// windowed-sinc low-pass (Kaiser window) cut at a quarter of the stage's
// high rate, of length 4m+3 so that every second tap is zero and one
// polyphase branch is a pure delay. Upsampling by 2 costs m+1 multiplies
// per input sample (the symmetric taps are folded); downsampling the same.
// Cascading octaves lets the later stages be short: their transition band
// is wide, because the signal they carry is already band-limited to the
// base passband.
//
// Design (Config defaults): passband 0 .. 0.45·fs (21.6 kHz at 48 kHz),
// transition 0.45·fs .. 0.55·fs, stopband attenuation designed for 100 dB
// (measured ≥ 90 dB by the tests, on both the image rejection of the up
// path and the alias rejection of the down path), passband ripple below
// 0.001 dB. Kaiser's length estimate is refined until the designed
// stopband is met. Stage lengths at the defaults: 135 taps for the first
// octave, 27 for the second, 23 for the third.
//
// Latency: each stage delays by (L-1)/2 samples of its high rate; a short
// delay pad at the final rate rounds each path to whole base frames.
// At the defaults the up path and the down path each delay by 34 (2×),
// 37 (4×) and 39 (8×) base frames; Down after Up by twice that. The
// Latency methods report the exact figures.
//
// Samples are float32 (the house sample type); the filter arithmetic is
// float64.
package oversample
