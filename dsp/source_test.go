package dsp

import (
	"io"
	"testing"
)

// shortSource returns at most 3 frames per Read.
type shortSource struct{ *BufferSource }

func (s shortSource) Read(dst [][]float32) (int, error) {
	return s.BufferSource.Read(Slice(nil, dst, 0, min(3, Frames(dst))))
}

func TestReadFull(t *testing.T) {
	data := NewBuffer(2, 10)
	for i := range data[0] {
		data[0][i], data[1][i] = float32(i), float32(-i)
	}
	src := shortSource{NewBufferSource(data, 48000)}
	dst := NewBuffer(2, 8)
	n, err := ReadFull(src, dst)
	if n != 8 || err != nil || dst[0][7] != 7 || dst[1][5] != -5 {
		t.Errorf("ReadFull = %d, %v, %v", n, err, dst)
	}
	n, err = ReadFull(src, dst)
	if n != 2 || err != nil || dst[0][1] != 9 {
		t.Errorf("ReadFull at the end = %d, %v", n, err)
	}
	if n, err := src.Read(dst); n != 0 || err != io.EOF {
		t.Errorf("Read after the end = %d, %v", n, err)
	}
}
