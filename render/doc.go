// Package render is the streaming engine: it wires stems through the
// panner (objects) and the bed router (beds) to loudspeaker feeds, block by
// block, with memory that stays flat whatever the duration.
//
// The Engine is itself a source of planar blocks (Read, like io.Reader), so
// its output can go to a file writer, a meter or a binaural virtualizer
// alike. File-level work (opening stems, writing atomically, clip reports,
// peak normalisation, progress) is in RenderFile.
//
// Timing: object gains are computed on a fixed grid of GainInterval frames
// and interpolated linearly in between, so moving objects never zipper and
// the output does not depend on the block size used to read it. Objects
// are rendered in fixed groups whose sums are added in a fixed order, so the
// output is bit-identical whatever the number of workers.
package render
