// Package saturate holds the saturation effects of immerse's mixer: a
// Saturator (tanh, cubic soft clip, hard clip and an asymmetric tube-like
// curve, with drive, output trim and a latency-compensated dry/wet mix)
// and an Exciter (saturation of a high-passed band, blended back).
//
// Both run their curve at an oversampled rate (4× by default, 1×, 2×, 8×
// available) through package oversample, so the harmonics a curve creates
// above the base Nyquist frequency are filtered out instead of folding
// back as inharmonic aliases. Measured on a −6 dBFS 9 kHz sine into tanh
// at 48 kHz, the aliases sit below the harmonics by (1× / 4× / 8×):
// 12 dB drive ≈ 15 / 129 / 118 dB; 18 dB drive ≈ 11 / 65 / 114 dB;
// 24 dB drive ≈ 10 / 39 / 76 dB — at extreme drive the high harmonics fold
// within the 4× rate itself, so use 8× there (see TestAliasing).
package saturate
