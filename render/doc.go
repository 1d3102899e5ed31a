// Package render is the streaming engine: it wires stems through the
// panner (objects) and the bed router (beds) to loudspeaker feeds, block by
// block, with memory that stays flat whatever the duration.
//
// The Engine is itself a source of planar blocks (Read, like io.Reader), so
// its output can go to a file writer, a meter or a binaural virtualizer
// alike. File-level work (opening stems, writing atomically, clip reports,
// peak normalisation, progress) is in RenderFile.
//
// Objects: a plain object (position and gain only) is panned by the
// point-source panner, or the Encoder, at its direction. On a loudspeaker
// layout, an object whose keyframes give BS.2076 metadata (width, height,
// depth, diffuse, divergence, channelLock, zoneExclusion; see package
// objects) is panned by the BS.2127 object gain calculation of package
// gaincalc instead, with its distance (BS.2127 widens objects nearer than
// the loudspeakers); with no metadata in effect the two give the same
// gains. The diffuse share of such objects goes to a diffuse bus, one
// channel per loudspeaker, through that loudspeaker's BS.2127
// decorrelation filter (overlap-save on a fixed 512-frame grid); the
// direct path is delayed to match and the engine renders the scene 767
// frames ahead of its output, so the output stays aligned with the scene
// and as long (Latency reports the filters' 255-frame BS.2127 delay that
// this compensates). Renders through an Encoder (ambisonics) and the
// direct binaural bus cannot use loudspeaker gains: they render such an
// object as a point at its direction, at full gain, with one warning per
// object; binaural renders through virtual loudspeakers (Binaural.Virtual)
// render the metadata on those loudspeakers.
//
// Timing: object gains are computed on a fixed grid of GainInterval frames
// and interpolated linearly in between, so moving objects never zipper and
// the output does not depend on the block size used to read it. Objects
// are rendered in fixed groups whose sums are added in a fixed order, so the
// output is bit-identical whatever the number of workers (and, the
// decorrelators' partitions lying on a fixed grid, whatever the block
// sizes).
package render
