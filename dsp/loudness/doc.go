// Package loudness measures programme loudness, loudness range and peaks per
// ITU-R BS.1770-5 and EBU R 128 (EBU Tech 3341 "EBU Mode", Tech 3342).
//
// A Meter consumes planar float32 blocks of any size and never allocates in
// Process; memory is fixed at construction (about 265 kB of histograms plus
// the plot series, 576 kB for its default hour, see WithSeries), whatever
// the programme's length. It reports:
//
//   - momentary loudness (400 ms window) and short-term loudness (3 s
//     window), both ungated, evaluated every 10 ms for their maxima and
//     stored every 100 ms in a series for plots;
//   - integrated loudness: 400 ms gating blocks every 100 ms (75 % overlap),
//     absolute gate −70 LUFS, relative gate −10 LU (BS.1770-5 eqs. 3–7);
//   - loudness range (Tech 3342): short-term values every 100 ms, absolute
//     gate −70 LUFS, relative gate −20 LU, 95th minus 10th percentile;
//   - sample peak and true peak per channel (BS.1770-5 Annex 2; see
//     TruePeak for the over-sampling).
//
// # Conventions
//
// K-weighting is the BS.1770 two-stage filter; KWeighting derives it for any
// rate from analog prototypes that reproduce the 48 kHz tables. Loudness is
// −0.691 + 10·log10(Σ Gi·zi) with channel weights Gi given to New (see
// ChannelWeight for BS.1770-5's position-dependent weights; 0 excludes a
// channel such as LFE). A window is complete only when the full 400 ms or
// 3 s of signal has been seen: momentary and short-term read dsp.MinDB
// before that, and an incomplete gating block at the end is discarded, as
// BS.1770 requires. Times are counted in 10 ms ticks of round(rate/100)
// frames, exact for every rate that is a multiple of 100 Hz.
//
// # Precision
//
// Filtering and all sums are float64. Integrated loudness and LRA are kept
// in histograms of 0.01 LU bins (bounded memory, like libebur128 and ffmpeg)
// that also hold the exact energy sum of each bin: the integrated loudness
// is exact except for blocks lying within 0.01 LU of the relative gate
// (counted pro rata), and an LRA percentile is the mean of its bin, exact
// for constant segments and otherwise within 0.01 LU. Tests compare both
// with a direct implementation that stores every block and sorts: the
// integrated loudness agrees to 1e-6 LU, LRA to 0.004 LU. Maxima are evaluated every 10 ms rather than every 100 ms
// so that a 400 ms burst is never missed by more than 5 ms (EBU Tech 3341
// case 13 needs better than 9 ms).
//
// # Agreement with ffmpeg
//
// ffmpeg's ebur128 filter uses the same K-weighting parameters (at 48 kHz,
// identical coefficients), computes M, S and gating blocks every 100 ms on
// complete windows only, and keeps 0.01 LU histograms whose bins hold a
// nominal rather than the exact energy (up to −0.01 LU). Its true peak
// comes from libswresample's 192 kHz resampler (this package uses its own
// 4× interpolator, see TruePeak), and it weighs channels by name (see
// ChannelWeight). The tests
// cross-check integrated loudness, LRA and true peak with ffmpeg on noise,
// music-like, mono, stereo and 5.1 signals whose weights agree.
package loudness
