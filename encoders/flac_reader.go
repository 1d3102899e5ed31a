package encoders

import (
	"errors"
	"fmt"
	"io"

	"github.com/mewkiz/flac"
	"github.com/mewkiz/flac/frame"
)

// flacReader streams a FLAC file frame by frame through mewkiz/flac.
type flacReader struct {
	name   string
	r      io.ReadSeeker
	closer io.Closer
	stream *flac.Stream
	h      *flacHeader
	scale  float32 // 1 / 2^(bits-1)

	cur      *frame.Frame // decoded frame, or nil
	curStart int64        // frame index of cur's first sample
	head     int          // next sample within cur
	pos      int64        // next frame Read delivers
	err      error        // sticky
}

func openFLAC(r io.ReadSeeker, closer io.Closer, name string, fileSize int64) (*flacReader, error) {
	h, err := readFLACMeta(r, fileSize, name)
	if err != nil {
		return nil, err
	}
	f := &flacReader{name: name, r: r, closer: closer, h: h,
		scale: 1 / float32(int64(1)<<(h.format.BitDepth-1))}
	if err := f.restart(); err != nil {
		return nil, err
	}
	return f, nil
}

// restart positions the decoder at the first audio frame.
func (f *flacReader) restart() error {
	if _, err := f.r.Seek(0, io.SeekStart); err != nil {
		return wrapf(nil, err, f.name, "seeking to the start")
	}
	var s *flac.Stream
	err := guard(func() (err error) { s, err = flac.NewSeek(f.r); return err })
	if err != nil {
		return wrapf(ErrMalformed, err, f.name, "FLAC header")
	}
	f.stream, f.cur, f.pos, f.head = s, nil, 0, 0
	return nil
}

// guard runs a call into the FLAC decoder, turning a panic on hostile input
// into an error.
func guard(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return fn()
}

// nextFrame decodes the next FLAC frame into f.cur. It returns io.EOF after
// the last frame.
func (f *flacReader) nextFrame() error {
	var fr *frame.Frame
	err := guard(func() (err error) { fr, err = f.stream.ParseNext(); return err })
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		kind := ErrMalformed
		if errors.Is(err, io.ErrUnexpectedEOF) {
			kind = ErrTruncated
		}
		return wrapf(kind, err, f.name, "decoding the FLAC frame at sample %d", f.pos)
	}
	ch, bits := f.h.format.Channels, f.h.format.BitDepth
	if len(fr.Subframes) != ch || int(fr.BitsPerSample) != bits {
		return errorf(ErrMalformed, f.name, "FLAC frame at sample %d has %d channels of %d bits, STREAMINFO says %d of %d; the file is corrupt", f.pos, len(fr.Subframes), fr.BitsPerSample, ch, bits)
	}
	for c, sf := range fr.Subframes {
		if len(sf.Samples) != int(fr.BlockSize) {
			return errorf(ErrMalformed, f.name, "FLAC frame at sample %d: channel %d has %d samples, want %d", f.pos, c, len(sf.Samples), fr.BlockSize)
		}
	}
	f.cur, f.curStart, f.head = fr, f.pos, 0
	return nil
}

// Read decodes up to len(dst[0]) frames into dst.
func (f *flacReader) Read(dst [][]float32) (int, error) {
	if err := checkDst(dst, f.h.format.Channels, f.name); err != nil {
		return 0, err
	}
	if f.err != nil {
		return 0, f.err
	}
	want, n := len(dst[0]), 0
	for n < want {
		if f.h.length >= 0 && f.pos >= f.h.length {
			break
		}
		if f.cur == nil || f.head >= int(f.cur.BlockSize) {
			err := f.nextFrame()
			if err == io.EOF {
				if f.h.length >= 0 {
					f.err = errorf(ErrTruncated, f.name, "the FLAC stream ends after %d of its declared %d frames; the file is truncated (the frames present were read)", f.pos, f.h.length)
					return n, f.err
				}
				break
			}
			if err != nil {
				f.err = err
				return n, err
			}
		}
		k := min(want-n, int(f.cur.BlockSize)-f.head)
		if f.h.length >= 0 {
			k = int(min(int64(k), f.h.length-f.pos))
		}
		for c, sf := range f.cur.Subframes {
			d, s := dst[c][n:n+k], sf.Samples[f.head:f.head+k]
			for i, v := range s {
				d[i] = float32(v) * f.scale
			}
		}
		f.head += k
		f.pos += int64(k)
		n += k
	}
	if n == 0 && want > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Seek positions the stream at frame, using mewkiz/flac's seek (which
// builds a seek table by one decoding pass on the first seek when the file
// has none, and keeps it) and falling back to decoding from the start.
func (f *flacReader) SeekFrame(frame int64) error {
	if f.err == errClosed {
		return f.err
	}
	if frame < 0 || (f.h.length >= 0 && frame > f.h.length) {
		return errorf(nil, f.name, "cannot seek to frame %d: the file has %d frames", frame, f.h.length)
	}
	f.err = nil // a truncation or decode error is retried from the new position
	if f.cur != nil && frame >= f.curStart && frame < f.curStart+int64(f.cur.BlockSize) {
		f.head, f.pos = int(frame-f.curStart), frame
		return nil
	}
	if frame == f.h.length {
		f.cur, f.pos = nil, frame
		return nil
	}
	if frame == 0 && f.pos == 0 && f.cur == nil {
		return nil // still at the start
	}
	if f.seekTable(frame) == nil {
		return nil
	}
	if err := f.restart(); err != nil {
		f.err = err
		return err
	}
	return f.skipTo(frame)
}

// seekTable positions the stream at frame with mewkiz/flac's Seek.
func (f *flacReader) seekTable(frame int64) error {
	err := guard(func() error { _, err := f.stream.Seek(uint64(frame)); return err })
	if err != nil {
		return err
	}
	// mewkiz/flac's returned start sample is wrong for a short last frame,
	// so the start is taken from the frame header instead.
	f.cur, f.head = nil, 0
	if err := f.nextFrame(); err != nil {
		return err
	}
	f.curStart = f.frameStart()
	f.pos = f.curStart
	if f.curStart > frame {
		return errorf(ErrMalformed, f.name, "seek to frame %d landed on frame %d", frame, f.curStart)
	}
	return f.skipTo(frame)
}

// frameStart is the first sample of f.cur according to its header: the
// frame number times the nominal block size for fixed-block-size streams,
// the sample number otherwise.
func (f *flacReader) frameStart() int64 {
	if f.cur.HasFixedBlockSize {
		return int64(f.cur.Num) * int64(f.h.blockSize)
	}
	return int64(f.cur.Num)
}

// skipTo decodes forward from f.cur (or, when nil, the next frame, which
// starts at f.pos) until the frame containing frame, and positions there.
func (f *flacReader) skipTo(frame int64) error {
	for {
		if f.cur == nil {
			if err := f.nextFrame(); err != nil {
				if err == io.EOF {
					err = errorf(ErrTruncated, f.name, "cannot seek to frame %d: the FLAC stream ends at %d", frame, f.pos)
				}
				return err
			}
		}
		end := f.curStart + int64(f.cur.BlockSize)
		if frame < end {
			f.head, f.pos = int(frame-f.curStart), frame
			return nil
		}
		f.cur, f.pos = nil, end
	}
}

// ReadChunk always fails: FLAC files have no RIFF chunks.
func (f *flacReader) ReadChunk(id string) ([]byte, error) {
	return nil, errorf(ErrNoChunk, f.name, "no %q chunk: FLAC files have no RIFF chunks", id)
}

// Close releases the file (when the reader was made by Open).
func (f *flacReader) Close() error {
	if f.err == errClosed {
		return nil
	}
	f.err = errClosed
	if f.closer != nil {
		return f.closer.Close()
	}
	return nil
}

func (f *flacReader) Channels() int        { return f.h.format.Channels }
func (f *flacReader) SampleRate() int      { return f.h.format.SampleRate }
func (f *flacReader) Format() Format       { return f.h.format }
func (f *flacReader) Container() Container { return FLAC }
func (f *flacReader) Length() int64        { return f.h.length }
func (f *flacReader) Chunks() []ChunkInfo  { return nil }
