package encoders

import (
	"encoding/binary"
	"math"
)

// sampleKind is the stored representation of one sample.
type sampleKind int

const (
	kindU8  sampleKind = iota + 1 // unsigned 8-bit, offset 128
	kindS16                       // signed 16-bit little-endian
	kindS24                       // signed 24-bit little-endian
	kindS32                       // signed 32-bit little-endian
	kindF32                       // IEEE float 32 little-endian
	kindF64                       // IEEE float 64 little-endian (read only)
)

// kindOf returns the sample kind of a format, or 0 when unsupported.
func kindOf(f Format) sampleKind {
	if f.Float {
		switch f.BitDepth {
		case 32:
			return kindF32
		case 64:
			return kindF64
		}
		return 0
	}
	switch f.BitDepth {
	case 8:
		return kindU8
	case 16:
		return kindS16
	case 24:
		return kindS24
	case 32:
		return kindS32
	}
	return 0
}

// Integer full scale: a b-bit code k stands for k / 2^(b-1).
const (
	scale8  = 1.0 / (1 << 7)
	scale16 = 1.0 / (1 << 15)
	scale24 = 1.0 / (1 << 23)
	scale32 = 1.0 / (1 << 31)
)

// decodeFrames converts n interleaved frames from raw into dst[c][off:off+n].
// Integer codes are divided by 2^(b-1), so full scale is [-1, 1).
func decodeFrames(dst [][]float32, off, n int, raw []byte, kind sampleKind) {
	ch := len(dst)
	switch kind {
	case kindU8:
		for i := 0; i < n; i++ {
			p := raw[i*ch : (i+1)*ch]
			for c, d := range dst {
				d[off+i] = float32(int32(p[c])-128) * scale8
			}
		}
	case kindS16:
		for i := 0; i < n; i++ {
			p := raw[i*ch*2 : (i+1)*ch*2]
			for c, d := range dst {
				d[off+i] = float32(int16(binary.LittleEndian.Uint16(p[2*c:]))) * scale16
			}
		}
	case kindS24:
		for i := 0; i < n; i++ {
			p := raw[i*ch*3 : (i+1)*ch*3]
			for c, d := range dst {
				q := p[3*c : 3*c+3]
				v := int32(uint32(q[0])<<8|uint32(q[1])<<16|uint32(q[2])<<24) >> 8
				d[off+i] = float32(v) * scale24
			}
		}
	case kindS32:
		for i := 0; i < n; i++ {
			p := raw[i*ch*4 : (i+1)*ch*4]
			for c, d := range dst {
				d[off+i] = float32(int32(binary.LittleEndian.Uint32(p[4*c:]))) * scale32
			}
		}
	case kindF32:
		for i := 0; i < n; i++ {
			p := raw[i*ch*4 : (i+1)*ch*4]
			for c, d := range dst {
				d[off+i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*c:]))
			}
		}
	case kindF64:
		for i := 0; i < n; i++ {
			p := raw[i*ch*8 : (i+1)*ch*8]
			for c, d := range dst {
				d[off+i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(p[8*c:])))
			}
		}
	}
}

// quantize converts a float sample to a bits-bit integer code: scale by
// 2^(bits-1), round to nearest (halves away from zero), clip to
// [-2^(bits-1), 2^(bits-1)-1]. NaN becomes 0.
func quantize(x float32, bits uint) int32 {
	full := float64(int64(1) << (bits - 1))
	v := math.Round(float64(x) * full)
	switch {
	case v >= full:
		return int32(full - 1)
	case v < -full:
		return int32(-full)
	case v != v: // NaN
		return 0
	}
	return int32(v)
}

// encodeFrames converts src[c][off:off+n] to interleaved little-endian
// samples of the given kind in raw (which must hold n frames).
func encodeFrames(raw []byte, src [][]float32, off, n int, kind sampleKind) {
	ch := len(src)
	switch kind {
	case kindS16:
		for i := 0; i < n; i++ {
			p := raw[i*ch*2 : (i+1)*ch*2]
			for c, s := range src {
				binary.LittleEndian.PutUint16(p[2*c:], uint16(quantize(s[off+i], 16)))
			}
		}
	case kindS24:
		for i := 0; i < n; i++ {
			p := raw[i*ch*3 : (i+1)*ch*3]
			for c, s := range src {
				v := uint32(quantize(s[off+i], 24))
				q := p[3*c : 3*c+3]
				q[0], q[1], q[2] = byte(v), byte(v>>8), byte(v>>16)
			}
		}
	case kindS32:
		for i := 0; i < n; i++ {
			p := raw[i*ch*4 : (i+1)*ch*4]
			for c, s := range src {
				binary.LittleEndian.PutUint32(p[4*c:], uint32(quantize(s[off+i], 32)))
			}
		}
	case kindF32:
		for i := 0; i < n; i++ {
			p := raw[i*ch*4 : (i+1)*ch*4]
			for c, s := range src {
				binary.LittleEndian.PutUint32(p[4*c:], math.Float32bits(s[off+i]))
			}
		}
	default:
		panic("encoders: encodeFrames: unsupported sample kind")
	}
}
