// Package dynamics holds the dynamics processors of immerse's mixer: a
// compressor, a gate / downward expander and a true-peak lookahead limiter.
//
// The compressor follows D. Giannoulis, M. Massberg and J. D. Reiss,
// "Digital Dynamic Range Compressor Design — A Tutorial and Analysis",
// J. Audio Eng. Soc. 60(6), 2012: a feed-forward design whose gain
// computer (the static curve, with the paper's quadratic soft knee) and
// smooth branching peak detector both work in the log domain.
//
// Conventions shared by all three:
//
//   - Levels are dBFS of the detector: 20·log10|x| for the peak detector,
//     10·log10 of the windowed mean square for the RMS detector (a full-scale
//     sine reads 0 dB peak and −3.01 dB RMS).
//   - A time constant τ (attack, release) is the time a step response takes
//     to cover 1−1/e ≈ 63.2% of its way: one-pole coefficient
//     α = exp(−1/(τ·fs)).
//   - Gain reduction is reported in positive dB (6 means −6 dB).
//   - Channels are linked: one gain for every channel, computed from the
//     key's channels combined per sample (LinkMax: the largest; LinkMean:
//     the mean — of |x| for peak detection, of x² for RMS).
//   - An external sidechain key (ProcessSidechain) may have any channel
//     count up to MaxKeyChannels; Process keys on the input itself.
//   - Lookahead delays the audio, not the key, and is the Latency.
//   - Parameters that change the structure (detector, RMS window, link,
//     lookahead) are fixed at construction; the others have setters for
//     per-block automation. Gains that jump (makeup, input gain) ramp
//     per sample.
package dynamics
