// Package admrender renders ADM BW64 masters to loudspeaker feeds as ITU-R
// BS.2127 (the ITU ADM renderer) specifies; its reference implementation
// is the EBU ADM Renderer (EAR), which this package matches sample for
// sample (within one 24-bit LSB) for Objects and DirectSpeakers content.
//
// A Renderer is a dsp.Source of a layout's channels: New takes the file's
// audio (any Input, such as an encoders.Reader) and its ADM document (see
// package adm), selects the programme and complementary objects, and
// streams, reading the input one internal block (BlockSize frames) at a
// time; memory stays flat whatever the duration and Read allocates
// nothing. RenderFile is the file job: an ADM file in, a WAV or FLAC file
// of feeds out, aligned with the input and written atomically;
// RenderBinauralFile renders to loudspeakers and hands the feeds to the
// binaural virtualizer of package render.
//
// What is rendered, by typeDefinition:
//
//   - Objects (§7): the gains of each audioBlockFormat come from the gain
//     calculation of package gaincalc. They ramp linearly from the previous
//     block's gains over the block's interpolationLength when jumpPosition
//     is set (0, a jump, when it gives none) and over the whole block
//     otherwise; the first block, and a block after a gap, jump. Times are
//     exact fractions: a block acts on the samples from the ceiling of its
//     fractional start. The diffuse part goes through one decorrelation
//     filter per loudspeaker (512-tap random-phase all-pass FIRs seeded by
//     the channel's place among the sorted labels, the reference
//     renderer's filters exactly); everything else is delayed by the
//     filters' nominal delay of 255 frames, which Read compensates (or,
//     with Options.KeepLatency, reports as Latency).
//   - DirectSpeakers (§8): channels of BS.2094 packs follow the standard's
//     mapping rules (a pack on its own layout is channel for channel);
//     otherwise a loudspeaker with the speaker label, else the one closest
//     to the position within its bounds (after the screen edge lock), else
//     the point-source panner; LFE channels go to LFE1 or are dropped. The
//     gains hold for the whole block.
//   - HOA (§9): an AllRAD decoder (Zotter and Frank 2012): virtual
//     loudspeakers spread evenly over the sphere, panned by the
//     point-source panner, normalised to a mean power of 1, for SN3D, N3D
//     and FuMa input. The reference renderer samples the sphere with a
//     5200-point spherical design read from a data file; we use a
//     20000-point spherical Fibonacci lattice computed in code, so the
//     decoders differ by up to 1e-4 (the quadrature error of the design).
//     Max-rE weighting is optional (off, as in the reference renderer).
//
// Gains of nested audioObjects multiply (the reference renderer applies
// only the innermost object's gain), and a muted object anywhere on the
// path silences its channels.
package admrender
