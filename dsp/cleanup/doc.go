// Package cleanup holds the track clean-up processors: de-hum, de-click,
// noise reduction and strip silence, each a dsp.Processor (also usable
// as a mixer insert), plus the analysers of their first pass (hum
// detection, noise profile). Package prep runs them on files, always in
// the order de-hum, de-click, denoise, strip silence: hum is removed
// before the click detector models the signal, clicks before the noise
// profile sees them as noise, and silence is stripped last so that its
// threshold sees the cleaned level.
//
// # De-hum (Dehummer, HumAnalyzer)
//
// HumAnalyzer decides between 50 and 60 Hz: in chunks of about a second
// it finds, near every harmonic of each candidate, the strongest spectral
// peak standing PresentDB (10 dB) above its local floor; the peaks
// propose fundamentals (frequency/h) and the one most of them agree on
// (within 0.05 Hz) wins; only peaks on it count. A harmonic present in at
// least half of the chunks is hum; the candidate with more presence
// wins. The per-chunk fundamentals give the frequency and its drift.
// Dehummer then notches the fundamental and its harmonics with
// demodulating notches that follow the hum's phase, and a
// frequency-locked loop follows its drift (see Dehummer). Measured: hum at
// 50 or 60 Hz with four harmonics drifting by ±0.2 Hz falls by 43 dB; a
// 1 kHz tone changes by 0.003 dB.
//
// # De-click (Declicker)
//
// The signal is analysed in segments of 21 ms with an autoregressive
// model of order Order (32) estimated over 43 ms around the segment
// (autocorrelation method, Levinson–Durbin). Clicks are what the model
// cannot predict from either side:
//
//   - the forward residual e_f (prediction from the past) and the backward
//     residual e_b (prediction from the future) are computed; a spike makes
//     both large at the same sample, a step in value makes e_f large at its
//     first sample and e_b at the one before. The statistics are the
//     geometric means √|e_f[n]·e_b[n]| and √|e_f[n]·e_b[n−1]|, each factor
//     capped at twice the limit, against Threshold (8) times the robust
//     deviation 1.4826·median|e_f| of the segment (at least 1e-5, −100
//     dBFS: nothing in near-silence under about −82 dBFS is a click);
//   - exceedances closer than half MaxClickMs are grouped; a group is a
//     candidate if it holds a spike, or two separate steps (the two edges
//     of a pop). A single step is an onset or an ending, never a click;
//   - its extent grows while e_f is large before it and e_b after it, plus
//     a margin of 2 + length/8 samples; longer than MaxClickMs + 4 samples
//     is not a click;
//   - isolation: its strongest residual must be three times the strongest
//     within 15 ms on each side (beyond Order samples): noise, snare
//     rattles and glottal pulse trains have neighbours as strong, a click
//     does not;
//   - level step: a signal RMS differing by more than a factor 3 between
//     the 10 ms before and after marks a musical onset (a drum hit, a
//     plosive, a pluck) and is left alone.
//
// A click is repaired by least-squares autoregressive interpolation
// (Janssen, Veldhuis & Vries 1986): the damaged samples are those that
// minimise the prediction error over every error they touch (a banded
// Toeplitz system, solved by Cholesky), first with the detection model,
// then three times with a model of order 3·m (m damaged samples, at most
// 192) estimated on a 43 ms window centred on the click after the
// previous repair (Janssen's iteration). Where that model still sees
// damage just outside the span, the span grows by two samples and the
// iteration repeats (up to three times).
//
// Measured on music-like signals (three voices of harmonic notes at −20
// dBFS RMS with noise at −60 dBFS): 196 of 197 planted clicks (1 to 40
// samples; spikes, noise bursts and two-edged pulses; 0.05 to 0.9 of full
// scale) found within 1 ms, no false detection; every click of 0.5 and
// above repaired by at least 27.8 dB; 89% of all by at least 20 dB, the rest
// within 5 dB of the best any AR interpolation of their span can do (the
// one with the clean signal's own model — long, quiet clicks over dense
// music are limited by how predictable the music is). Drum loops, speech
// and plucked strings: no detection, bit-identical output. Limits: a
// click within 15 ms of another click or of a strong transient is not
// isolated and is left alone (dense crackle); a pop whose tail is smooth
// (a low-frequency thump) is detected by its sharp onset only and its
// tail stays.
//
// # Noise reduction (Denoiser, NoiseProfiler)
//
// An STFT of FrameSize(rate) samples (2048 at 48 kHz), hop a quarter frame,
// square-root Hann windows. The noise profile is the mean power per bin
// of the quietest stretch of ProfileSeconds (0.5 s; windows containing
// digital silence are skipped) or of a given stretch; a Denoiser without
// a profile (the mixer insert) estimates it by minimum statistics. Per
// frame, the power (mean over channels) and the profile are averaged over
// ±SmoothingBands bins and the power also over the last two frames; a bin
// at least SensitivityDB above the profile keeps its level, below it the
// gain falls by 8 dB per dB (a steep expander, no hard gate), never below
// −ReductionDB. The gain rises at most ReductionDB per AttackMs —
// starting that early, thanks to the lookahead — and falls at most
// ReductionDB per ReleaseMs; finally it is averaged in dB over
// ±SmoothingBands bins. Defaults as in Audacity's Noise Reduction: 12 dB,
// sensitivity 6 dB, 3 bands, 20 ms attack, 100 ms release. Measured: noise
// at −50 dBFS between tone phrases falls by 11.96 dB (for 12 requested),
// tones change by under 0.01 dB; noise alone keeps the spectrogram spread
// of noise (5.56 dB in and out: no musical noise).
//
// # Strip silence (Stripper)
//
// See Stripper: quiet runs of at least MinSilenceMs become exact zeros
// between their post-roll and pre-roll, with raised-cosine fades inside
// the run; everything else passes bit for bit, and the stream keeps its
// length.
//
// # Streaming
//
// Every processor allocates its buffers in its constructor and nothing in
// Process; their outputs do not depend on the block size. Latencies at
// 48 kHz: de-hum 0, de-click 2116 frames (44 ms), denoise 3072 frames
// (64 ms), strip silence MinSilenceMs + PreRollMs + 2·FadeMs. Events
// (clicks, silenced regions) are kept in fixed logs of EventCapacity and
// taken with TakeClicks / TakeRegions.
package cleanup
