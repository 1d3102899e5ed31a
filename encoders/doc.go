// Package encoders is immerse's audio file I/O: it reads and writes
// WAV, RF64 (EBU Tech 3306), BW64 (ITU-R BS.2088) and FLAC, streaming block
// by block in planar float32. It is the only package that touches file
// formats.
//
// # Reading
//
// Open (or OpenReader) detects the format from the magic bytes, never from
// the extension, and returns a Reader with the method set of dsp.Source.
// WAV-family files may have their chunks in any order; unknown chunks are
// skipped (pad bytes respected) and listed by Chunks, and ReadChunk returns
// one (e.g. "axml", "chna", "bext"). Supported samples: PCM 8 (unsigned),
// 16, 24, 32 bits and IEEE float 32/64, in plain WAVEFORMATEX or
// WAVE_FORMAT_EXTENSIBLE (PCM/float subformat GUIDs). RF64/BW64 sizes come
// from the ds64 chunk, including its table for chunks other than data.
// Samples are read through one reused 64 KiB buffer; the data chunk is
// never loaded whole. Stat reads headers only.
//
// Integer samples are divided by 2^(b-1): full scale is [-1, 1), and the
// most negative code reads as exactly -1.
//
// Truncated files: a data chunk whose declared size runs past the end of
// the file is read up to the last whole frame present (Length counts those
// frames, Stat reports Info.Truncated), and then Read returns an error
// wrapping ErrTruncated instead of io.EOF, so a render never ends silently
// short. Callers that accept truncated files treat ErrTruncated like
// io.EOF. A data size of 0xFFFFFFFF in a plain RIFF file (a streaming
// writer that could not seek back, e.g. ffmpeg writing to a pipe) means
// "to the end of the file" and is not an error.
//
// # Writing
//
// Create writes to a temporary file ".<name>.tmp-XXXX" in the destination
// directory; Close finalises the headers, fsyncs and renames it onto the
// destination. Abort, or any error, removes the temporary file and leaves
// the destination untouched. An existing destination is refused unless
// WriteOptions.Overwrite is set.
//
// Float to integer conversion: x is multiplied by 2^(b-1), rounded to the
// nearest integer (halves away from zero) and clipped to
// [-2^(b-1), 2^(b-1)-1]; NaN becomes 0. So +1.0 is stored as the largest
// positive code, one LSB below full scale. Writer.Clipped counts samples
// with |x| > 1 for every format (integer formats clipped them, float files
// keep them); Writer.Peak reports max |x| before clipping. Float files store
// the float32 values bit for bit.
//
// WAV files get a WAVE_FORMAT_EXTENSIBLE fmt chunk (with the channel mask
// and a PCM or float subformat) whenever there are more than two channels,
// more than 16 bits or a mask; 16-bit mono/stereo without mask is plain
// PCM. Float files also get a fact chunk. A 28-byte JUNK chunk right after
// "WAVE" reserves room for a ds64 chunk: if the RIFF size exceeds
// 0xFFFFFFFF on Close, the header is rewritten in place as RF64 (or BW64,
// with WriteOptions.BW64) with the 64-bit sizes in ds64 and 0xFFFFFFFF in
// the 32-bit fields (EBU Tech 3306, ITU-R BS.2088). Containers RF64 and
// BW64, or ForceDS64, always write that form. Extra chunks
// (WriteOptions.Chunks): "chna" and "bext" before data, all others after
// it.
//
// FLAC is encoded with github.com/mewkiz/flac: 16 or 24 bits, 1 to 8
// channels, 4096-frame blocks. The package chooses every subframe itself:
// constant, verbatim or the fixed predictor of order 0..4 with the fewest
// estimated Rice bits, a Rice partition order up to 8 with one parameter
// per partition, wasted-bits detection, and for stereo the cheapest of
// left/right, left/side, side/right and mid/side. A channel mask of more
// than two channels is stored as the Vorbis comment
// WAVEFORMATEXTENSIBLE_CHANNEL_MASK (as ffmpeg and the flac tool do) and
// read back into Format.ChannelMask; a FLAC file without that tag reports
// mask 0 (FLAC's implied channel order is left to the caller). The reader
// accepts 8 to 24 bits and up to 8 channels. FLAC seeking uses
// mewkiz/flac's seek table (built by one decoding pass on the first seek
// when the file has none) and falls back to decoding from the start. The
// decoder checks each frame's CRC but not the stream MD5.
//
// # Errors
//
// Every error is an *Error: "encoders: <file>: <what is wrong; how to
// fix>", wrapping one of ErrUnknownFormat, ErrUnsupported, ErrMalformed,
// ErrTruncated or ErrNoChunk (for errors.Is) and the underlying cause.
// Hostile files never panic and never make the package allocate more than
// the file could back (sizes are checked against the file size, chunk
// counts and ReadChunk sizes are capped).
package encoders
