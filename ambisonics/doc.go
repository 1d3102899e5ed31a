// Package ambisonics is higher-order ambisonics for immerse, orders 1 to
// 7: encoding objects and beds into a sound field (AmbiX by default),
// rotating it, and decoding it to any loudspeaker layout (AllRAD) or to
// headphones (MagLS or virtual loudspeakers), with the file-level
// functions behind `immerse render --ambisonics`, `immerse render
// --binaural --via-ambisonics` and `immerse decode`.
//
// # Spherical harmonics
//
// Directions are those of package geom (ADM: azimuth anticlockwise from
// the front, positive to the left; elevation positive up). With the unit
// vector written in the frame x front, y left, z up — x = cos(el)·cos(az),
// y = cos(el)·sin(az), z = sin(el), i.e. (x, y, z) = (Y, -X, Z) of geom —
// the real spherical harmonic of degree l and index m (-l <= m <= l) is
//
//	Y_l^m(az, el) = N_l^|m| · P_l^|m|(sin el) · cos(m·az)     m >= 0
//	Y_l^m(az, el) = N_l^|m| · P_l^|m|(sin el) · sin(|m|·az)   m < 0
//
// with P_l^m the associated Legendre function without the Condon-Shortley
// phase and, for SN3D (Schmidt semi-normalisation, the AmbiX default),
// N_l^m = sqrt((2-δ_m0)·(l-m)!/(l+m)!). N3D multiplies degree l by
// sqrt(2l+1), which makes ∫Y_i·Y_j = 4π·δ_ij. Channels are in ACN order,
// ACN = l² + l + m: W, Y, Z, X, V, T, R, S, U, … First order, SN3D:
//
//	ACN0 W = 1
//	ACN1 Y = sin(az)·cos(el)   (+1 for a source at +90°, on the left)
//	ACN2 Z = sin(el)
//	ACN3 X = cos(az)·cos(el)   (+1 in front)
//
// FuMa (Furse-Malham B-format) is supported at first order only: channel
// order W X Y Z, and W is SN3D W times 1/sqrt(2) (-3 dB); X, Y, Z equal the
// SN3D channels. SH evaluates the harmonics by a recursion on polynomials
// of x, y, z (no trigonometry); the tests check it against the closed
// forms of orders 0-3 and its N3D orthonormality on a quadrature exact to
// degree 14.
//
// # Rotation
//
// A Rotation is yaw, pitch and roll in degrees, applied to source
// directions in the order roll, pitch, yaw about the listener's fixed axes
// (R = Rz(yaw)·Rx(pitch)·Ry(roll), right-handed turns in the ADM frame):
// yaw about the vertical, positive to the left (yaw 90 takes front to
// left); pitch about the lateral axis, positive up (front to top); roll
// about the front axis, positive with the top going right (top to right,
// left to top). In the harmonic domain it is one (2l+1)-square orthogonal
// block per degree (NewSHRotation: Ivanic & Ruedenberg's recursion); the
// tests check that rotating an encoded plane wave equals encoding the
// rotated direction, to 1e-14, orders 1 to 7. A rotation turns the scene;
// to compensate a listener's head turned by (y, p, r), turn the field by
// the inverse rotation.
//
// # Encoding
//
// Encoder implements render.Encoder and render.Labeler: the render engine
// encodes moving objects with it on its gain grid (every
// render.GainInterval frames, ramped linearly in between) and beds at their
// channels' nominal directions (LFE dropped with a warning). RenderFile
// writes the field (WAVE_FORMAT_EXTENSIBLE with channel mask 0 for more
// than two channels), the head-locked objects to a stereo file beside it
// (vr.wav -> vr_headlocked.wav), and a JSON Sidecar (vr.json) with the
// order, channel ordering and normalisation.
//
// # Decoding to loudspeakers
//
// NewDecoder builds an AllRAD decoder (Zotter & Frank 2012): a sampling
// decoder to 2048 virtual loudspeakers on a Gauss-Legendre product
// quadrature exact to degree 63 (GaussGrid; 32 rings × 64 azimuths, at
// most 5.6° apart — the paper uses a t-design, an equal-weight
// quadrature; a product grid with weights is exact as well and simple to
// compute; the matrix differs from that of a 32768-point grid by at most
// 4e-4), each panned to the layout with the BS.2127 point-source panner
// (package panner: its virtual loudspeakers, e.g. below the horizon of 5.1
// or 7.1.4, are folded into the real ones), LFE channels left silent.
// Defaults: max-rE weighting (a_l = P_l(r_E), r_E the largest root of
// P_{N+1}; MaxREWeights) and energy preservation (the mean over all
// directions of the sum of squared gains of a unit plane wave is 1, as for
// the panner). Measured on 7.1.4 for plane waves every 15° at elevations
// 0-30°, the energy vector's mean direction error is 8.2° (order 1), 4.7°,
// 4.4° (order 3), 4.6°, 4.8°, 5.1°, 5.4° (order 7) against 6.0° for direct
// panning (VBAP's own energy vector is off by up to 12.5° in the 60-90°
// gaps of 7.1.4; higher orders converge to it), |r_E| grows from 0.61 to
// 0.90; on 22.2, order 3 and up, the mean error is 1.7-2.4°. A W-only
// (omnidirectional) signal gives each loudspeaker the share of the sphere
// the panner gives it, not equal energies: on 7.1.4 within 4.2 dB (M+000
// the least, M±135 the most).
//
// # Decoding to headphones
//
// DesignBinaural computes one filter per ear per channel from an HRIR set
// at the stream's rate; BinauralDecoder convolves (uniformly partitioned
// overlap-save, 2·(N+1)² convolutions sharing (N+1)² input transforms).
// MagLS (the default; Schörkhuber, Zaunschirm & Höldrich 2018): per
// frequency bin a regularised, weighted least-squares fit of the HRTFs on
// the set's own directions (Voronoi-area quadrature weights; the
// unmeasured cap of sets like KEMAR left out) below 2 kHz, and above it a
// fit of the magnitudes with the phase continued from the previous bin; the
// diffuse-field covariance constraint (Zaunschirm, Schörkhuber & Höldrich
// 2018) on request. The MagLS filters are 1024 taps at 48 kHz with a
// latency of 256 samples, which the file functions compensate. Virtual
// decodes to virtual loudspeakers on the Gauss grid exact to degree 2N+1
// and folds their HRIRs (hrtf.Interpolator) into the filters. For a source
// at +90° on KEMAR, MagLS at orders 3-5 keeps the broadband ILD within
// 0.9 dB and the ITD within 10 µs of the direct HRTF render; the virtual
// loudspeakers within 2.7 dB and 20 µs (see the tests). The filters are
// scaled like hrtf.Binaural: a frontal source reaches the ears at about
// its input level.
package ambisonics
