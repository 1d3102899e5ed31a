package hdf5

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
)

// chunkDecoder undoes a dataset's filter pipeline on stored chunks,
// reusing its buffers from chunk to chunk.
type chunkDecoder struct {
	d          *Dataset
	chunkBytes uint64
	src        bytes.Reader
	zr         io.ReadCloser
	a, b       []byte // scratch buffers, swapped between stages
}

func newChunkDecoder(d *Dataset, chunkBytes uint64) *chunkDecoder {
	return &chunkDecoder{d: d, chunkBytes: chunkBytes}
}

// decode reads the chunk stored at addr (size bytes) and returns its
// chunkBytes decoded bytes. mask has bit i set when filter i was skipped
// for this chunk. The result is valid until the next call.
func (cd *chunkDecoder) decode(addr, size uint64, mask uint32, filtered bool) ([]byte, error) {
	f := cd.d.f
	where := "chunk at " + hexAddr(addr)
	if size > uint64(f.size) {
		return nil, corrupt(where, "stored size %d exceeds the file size", size)
	}
	data, err := f.readAt(addr, size)
	if err != nil {
		return nil, within(where, err)
	}
	if filtered {
		filters := cd.d.filters
		// Undo the filters in reverse order of application.
		for i := len(filters) - 1; i >= 0; i-- {
			if i < 32 && mask&(1<<uint(i)) != 0 {
				continue
			}
			if data, err = cd.apply(filters[i], data); err != nil {
				return nil, within(where, err)
			}
		}
	}
	if uint64(len(data)) != cd.chunkBytes {
		return nil, corrupt(where, "decodes to %d bytes, want %d", len(data), cd.chunkBytes)
	}
	return data, nil
}

// out returns a scratch buffer of n bytes that does not alias in.
func (cd *chunkDecoder) out(in []byte, n int) []byte {
	buf := &cd.a
	if len(in) > 0 && len(cd.a) > 0 && &in[0] == &cd.a[0] {
		buf = &cd.b
	}
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

func (cd *chunkDecoder) apply(fl filter, in []byte) ([]byte, error) {
	switch fl.id {
	case filterDeflate:
		return cd.inflate(in)
	case filterShuffle:
		size := cd.d.Type.Size
		if len(fl.params) > 0 {
			size = int(fl.params[0])
		}
		return cd.unshuffle(in, size), nil
	case filterFletcher32:
		if len(in) < 4 {
			return nil, corrupt("", "fletcher32: chunk of %d bytes has no checksum", len(in))
		}
		body := in[:len(in)-4]
		stored := uint32(le(in[len(in)-4:]))
		sum := fletcher32(body)
		// libhdf5 before 1.6.3 stored the sum byte-swapped; accept both.
		if stored != sum && stored != swap32(sum) {
			return nil, corrupt("", "fletcher32 checksum mismatch")
		}
		cd.d.f.feature("fletcher32 verified")
		return body, nil
	}
	if fl.optional {
		return nil, unsupported("", "optional %s was applied to this chunk and is not supported", fl)
	}
	return nil, unsupported("", "%s not supported; re-save the file with deflate", fl)
}

// inflate undoes deflate (a zlib stream), refusing output larger than the
// chunk plus what later filters (fletcher32) may add.
func (cd *chunkDecoder) inflate(in []byte) ([]byte, error) {
	limit := cd.chunkBytes + 64
	cd.src.Reset(in)
	var err error
	if cd.zr == nil {
		cd.zr, err = zlib.NewReader(&cd.src)
	} else {
		err = cd.zr.(zlib.Resetter).Reset(&cd.src, nil)
	}
	if err != nil {
		return nil, &Error{Msg: "deflate: bad zlib header", Kind: ErrCorrupt, Err: err}
	}
	out := cd.out(in, int(limit)+1)
	n, err := io.ReadFull(cd.zr, out)
	switch {
	case err == nil:
		return nil, corrupt("", "deflate: chunk inflates to more than %d bytes", limit)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// The stream ended (and its Adler-32 matched) before the buffer filled.
	default:
		return nil, &Error{Msg: "deflate", Kind: ErrCorrupt, Err: err}
	}
	return out[:n], nil
}

// unshuffle undoes the shuffle filter: byte j of element i was stored at
// j*count + i; trailing bytes that do not fill an element stay in place.
func (cd *chunkDecoder) unshuffle(in []byte, size int) []byte {
	if size <= 1 || len(in) < size {
		return in
	}
	out := cd.out(in, len(in))
	count := len(in) / size
	for j := 0; j < size; j++ {
		plane := in[j*count : (j+1)*count]
		for i, v := range plane {
			out[i*size+j] = v
		}
	}
	copy(out[count*size:], in[count*size:])
	return out
}

// fletcher32 is HDF5's Fletcher-32 over big-endian 16-bit words (an odd
// last byte is the high byte of a final word).
func fletcher32(b []byte) uint32 {
	var s1, s2 uint32
	for len(b) >= 2 {
		n := len(b) / 2
		if n > 360 {
			n = 360
		}
		for i := 0; i < n; i++ {
			s1 += uint32(b[0])<<8 | uint32(b[1])
			s2 += s1
			b = b[2:]
		}
		s1 = (s1 & 0xffff) + (s1 >> 16)
		s2 = (s2 & 0xffff) + (s2 >> 16)
	}
	if len(b) == 1 {
		s1 += uint32(b[0]) << 8
		s2 += s1
		s1 = (s1 & 0xffff) + (s1 >> 16)
		s2 = (s2 & 0xffff) + (s2 >> 16)
	}
	s1 = (s1 & 0xffff) + (s1 >> 16)
	s2 = (s2 & 0xffff) + (s2 >> 16)
	return s2<<16 | s1
}

func swap32(v uint32) uint32 {
	return v>>24 | (v>>8)&0xff00 | (v<<8)&0xff0000 | v<<24
}
