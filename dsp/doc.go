// Package dsp holds the block contract every immerse processor follows and
// the one place for level conversions; its subpackages are the building
// blocks (filters, dynamics, delay, reverb, meters, clean-up).
//
// Audio moves in planar blocks: [][]float32, one slice per channel, all of
// the same length. Coefficients and meter accumulators are float64.
//
// The block contract (habit 1 of the house style):
//
//   - a Processor has Process(dst, src [][]float32); dst and src may be the
//     same slices (in-place processing);
//   - it never allocates in Process and never returns an error; wrong shapes
//     are programming errors and panic with a clear message;
//   - it reports its Latency in frames and has Reset to return to the
//     state of a newly constructed processor.
//
// Sources follow io.Reader: Read(dst) fills up to len(dst[0]) frames, returns
// the count and io.EOF at the end; errors are sticky.
package dsp
