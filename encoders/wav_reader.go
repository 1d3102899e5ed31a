package encoders

import (
	"errors"
	"io"
	"slices"
)

// readBufBytes is the size of the byte buffer a WAV reader refills from the
// file; Read decodes out of it, so small blocks cost no system calls.
const readBufBytes = 64 << 10

// errClosed is the sticky error of a closed Reader.
var errClosed = errors.New("reader is closed")

// wavReader streams the data chunk of a WAV/RF64/BW64 file.
type wavReader struct {
	name     string
	r        io.ReadSeeker
	closer   io.Closer // the file opened by Open, or nil
	h        *wavHeader
	fileSize int64

	raw       []byte // reused buffer of whole frames
	head      int    // next frame to decode within raw
	have      int    // frames valid in raw
	fileFrame int64  // frame index just after the buffered frames
	needSeek  bool   // r is not positioned at fileFrame
	err       error  // sticky I/O error
}

func newWAVReader(r io.ReadSeeker, closer io.Closer, name string, h *wavHeader, fileSize int64) *wavReader {
	frames := max(1, readBufBytes/h.blockAlign)
	return &wavReader{
		name: name, r: r, closer: closer, h: h, fileSize: fileSize,
		raw:      make([]byte, frames*h.blockAlign),
		needSeek: true,
	}
}

// Read decodes up to len(dst[0]) frames into dst (planar, full scale
// [-1, 1)). It returns io.EOF at the end of the data, or an error wrapping
// ErrTruncated when the data chunk was cut short.
func (w *wavReader) Read(dst [][]float32) (int, error) {
	if err := checkDst(dst, w.h.format.Channels, w.name); err != nil {
		return 0, err
	}
	if w.err != nil {
		return 0, w.err
	}
	want := len(dst[0])
	n := 0
	for n < want {
		if w.head == w.have {
			if w.fileFrame >= w.h.frames {
				break
			}
			if err := w.fill(); err != nil {
				w.err = err
				return n, err
			}
		}
		k := min(want-n, w.have-w.head)
		decodeFrames(dst, n, k, w.raw[w.head*w.h.blockAlign:], w.h.kind)
		w.head += k
		n += k
	}
	if n == 0 && want > 0 {
		return 0, w.endErr()
	}
	return n, nil
}

// endErr is io.EOF, or a truncation error when the file was cut short.
func (w *wavReader) endErr() error {
	if w.h.truncated {
		return errorf(ErrTruncated, w.name, "the data chunk ends after %d of its declared frames; the file is truncated (the frames present were read)", w.h.frames)
	}
	return io.EOF
}

// fill reads the next buffer of whole frames from the file.
func (w *wavReader) fill() error {
	ba := int64(w.h.blockAlign)
	if w.needSeek {
		if _, err := w.r.Seek(w.h.dataOff+w.fileFrame*ba, io.SeekStart); err != nil {
			return wrapf(nil, err, w.name, "seeking to frame %d", w.fileFrame)
		}
		w.needSeek = false
	}
	k := min(int64(len(w.raw))/ba, w.h.frames-w.fileFrame)
	if _, err := io.ReadFull(w.r, w.raw[:k*ba]); err != nil {
		w.needSeek = true
		return wrapf(ErrTruncated, err, w.name, "reading frames %d to %d (the file shrank while open?)", w.fileFrame, w.fileFrame+k)
	}
	w.head, w.have = 0, int(k)
	w.fileFrame += k
	return nil
}

// Seek positions the stream so the next Read starts at frame.
func (w *wavReader) SeekFrame(frame int64) error {
	if w.err != nil {
		return w.err
	}
	if frame < 0 || frame > w.h.frames {
		return errorf(nil, w.name, "cannot seek to frame %d: the file has %d frames", frame, w.h.frames)
	}
	if start := w.fileFrame - int64(w.have); frame >= start && frame <= w.fileFrame {
		w.head = int(frame - start) // inside the buffer: no I/O
	} else {
		w.head, w.have = 0, 0
		w.fileFrame, w.needSeek = frame, true
	}
	return nil
}

// ReadChunk returns the payload of the first chunk with the given ID; IDs
// shorter than four characters are padded with spaces ("fmt" = "fmt ").
func (w *wavReader) ReadChunk(id string) ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return readChunk(w.r, w.h.chunks, w.fileSize, id, w.name, &w.needSeek)
}

// readChunk reads a chunk's payload from r, capped at maxChunkRead bytes,
// and sets *moved because r's position changed.
func readChunk(r io.ReadSeeker, chunks []ChunkInfo, fileSize int64, id, name string, moved *bool) ([]byte, error) {
	for len(id) < 4 {
		id += " "
	}
	i := slices.IndexFunc(chunks, func(c ChunkInfo) bool { return c.ID == id })
	if i < 0 {
		return nil, errorf(ErrNoChunk, name, "no %q chunk; the file has [%s]", id, chunkSummary(chunks))
	}
	c := chunks[i]
	if c.Size > maxChunkRead {
		return nil, errorf(ErrUnsupported, name, "chunk %q is %d bytes, more than the %d MiB ReadChunk reads; read it with a streaming tool instead", id, c.Size, maxChunkRead>>20)
	}
	if c.Offset+c.Size > fileSize {
		return nil, errorf(ErrTruncated, name, "chunk %q declares %d bytes but the file ends after %d; it is truncated", id, c.Size, fileSize-c.Offset)
	}
	buf := make([]byte, c.Size)
	*moved = true
	if err := readAt(r, c.Offset, buf); err != nil {
		return nil, wrapf(nil, err, name, "reading chunk %q", id)
	}
	return buf, nil
}

// Close releases the file (when the reader was made by Open). Later calls
// to Read fail.
func (w *wavReader) Close() error {
	if w.err == errClosed {
		return nil
	}
	w.err = errClosed
	if w.closer != nil {
		return w.closer.Close()
	}
	return nil
}

func (w *wavReader) Channels() int        { return w.h.format.Channels }
func (w *wavReader) SampleRate() int      { return w.h.format.SampleRate }
func (w *wavReader) Format() Format       { return w.h.format }
func (w *wavReader) Container() Container { return w.h.container }
func (w *wavReader) Length() int64        { return w.h.frames }
func (w *wavReader) Chunks() []ChunkInfo  { return slices.Clone(w.h.chunks) }

// headerInfo summarises a parsed WAV header for Stat.
func headerInfo(h *wavHeader) Info {
	return Info{
		Format: h.format, Container: h.container, Length: h.frames,
		Duration: float64(h.frames) / float64(h.format.SampleRate),
		Chunks:   slices.Clone(h.chunks), Truncated: h.truncated,
	}
}

// checkDst validates the shape of a Read buffer.
func checkDst(dst [][]float32, channels int, name string) error {
	if len(dst) != channels {
		return errorf(nil, name, "Read got %d channel buffers, the file has %d channels", len(dst), channels)
	}
	for c := range dst {
		if len(dst[c]) < len(dst[0]) {
			return errorf(nil, name, "Read got channel %d with %d frames, shorter than channel 0 (%d)", c, len(dst[c]), len(dst[0]))
		}
	}
	return nil
}
