package dsp

import "io"

// BufferSource is a Source reading from planar samples held in memory.
type BufferSource struct {
	data [][]float32
	rate int
	pos  int
}

// NewBufferSource returns a Source over data (channels × frames) at rate.
func NewBufferSource(data [][]float32, rate int) *BufferSource {
	return &BufferSource{data: data, rate: rate}
}

// Read copies the next frames into dst; io.EOF at the end.
func (b *BufferSource) Read(dst [][]float32) (int, error) {
	total := Frames(b.data)
	if b.pos >= total {
		return 0, io.EOF
	}
	n := min(Frames(dst), total-b.pos)
	for c := range b.data {
		copy(dst[c][:n], b.data[c][b.pos:b.pos+n])
	}
	b.pos += n
	return n, nil
}

// Channels is the channel count of the data.
func (b *BufferSource) Channels() int { return len(b.data) }

// SampleRate is the rate given to NewBufferSource.
func (b *BufferSource) SampleRate() int { return b.rate }

// Length is the total number of frames.
func (b *BufferSource) Length() int64 { return int64(Frames(b.data)) }

// SeekFrame positions the source at a frame.
func (b *BufferSource) SeekFrame(frame int64) error {
	b.pos = int(min(max(frame, 0), b.Length()))
	return nil
}

// Close does nothing; it lets BufferSource stand in for a file.
func (b *BufferSource) Close() error { return nil }

// ReadFull reads from src until dst is full or the stream ends; it returns
// the frames read and an error only for a failure other than io.EOF (a
// short count means the stream ended).
func ReadFull(src Source, dst [][]float32) (int, error) {
	want := Frames(dst)
	n := 0
	var view [][]float32 // only short reads need a view (and allocate)
	for n < want {
		view = dst
		if n > 0 {
			view = Slice(view[:0:0], dst, n, want)
		}
		k, err := src.Read(view)
		n += k
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if k == 0 {
			return n, io.ErrNoProgress
		}
	}
	return n, nil
}
