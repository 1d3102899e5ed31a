// Package stereometer measures how a stereo pair survives the fold-down to
// mono: the phase correlation of left and right, and the loss of loudness of
// the mono downmix, overall and per octave band. It is the 2.0 stage of
// immerse's fold-down check.
//
// A Meter consumes blocks of any size, allocates nothing in Process and
// keeps fixed memory whatever the programme's length.
//
// # Windows
//
// Both measures are evaluated on windows of 400 ms every 100 ms (75 %
// overlap, the momentary-loudness grid of BS.1770), complete windows only:
// the first ends at 0.4 s. A window is "silent" for the correlation when
// both channels' RMS is below −70 dBFS (WithSilence); silent windows are
// left out of every correlation statistic. When only one channel is silent
// (a hard-panned source) the correlation is 0. For the mono loss, windows
// whose stereo loudness is at or below −70 LUFS (the BS.1770 absolute gate)
// are left out.
//
// # Correlation
//
// Pearson's r of the left and right samples of a window, means removed,
// in [−1, 1]: +1 for identical channels, 0 for unrelated ones, −1 for
// polarity-inverted ones. Result gives the mean and minimum over windows,
// the fraction of windows below 0, the time spent below a threshold
// (WithThreshold, default −0.3; each window counts one 100 ms hop) and the
// worst windows, non-overlapping.
//
// # Mono loss
//
// The mono downmix is M = (L + R)/√2, the 2/0 → 1/0 downmix of ITU-R BS.775
// (equivalently (L + R)/2 played on both loudspeakers). The mono loss is
//
//	loss = loudness(L, R) − loudness(M)  [LU]
//	     = 10·log10(2·(E_L + E_R) / E_{L+R})
//
// with loudness and energies E per BS.1770 (K-weighted mean squares, channel
// weights 1). It is never negative and reads:
//
//   - 0 LU when L = R (nothing lost: a centred mono source);
//   - 3.01 LU when L and R are uncorrelated at equal level (also a source
//     hard-panned to one side), the familiar −3 dB of a wide stereo image;
//   - MaxLossLU (100 LU) when L = −R: the mono sum cancels. The loss is
//     capped there instead of reaching +Inf.
//
// The programme loss is the energy ratio over the whole programme (silence
// contributes nothing to either energy, so no gate is needed). Per octave
// band (31.5 Hz … 16 kHz, IEC 61260-1 base-10 centres; bands reaching above
// Nyquist are omitted) the same ratio is taken on the band-pass filtered
// mean squares, without K-weighting, so a band's loss is a plain acoustic
// power ratio. The band filters are 3rd-order Butterworth octave band-passes
// (three biquads) designed analytically for the sample rate (OctaveFilter).
package stereometer
