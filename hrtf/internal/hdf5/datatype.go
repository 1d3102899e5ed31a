package hdf5

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Class is an HDF5 datatype class.
type Class int

// Datatype classes of the HDF5 format.
const (
	ClassFixed     Class = 0
	ClassFloat     Class = 1
	ClassTime      Class = 2
	ClassString    Class = 3
	ClassBitfield  Class = 4
	ClassOpaque    Class = 5
	ClassCompound  Class = 6
	ClassReference Class = 7
	ClassEnum      Class = 8
	ClassVarLen    Class = 9
	ClassArray     Class = 10
)

var classNames = [...]string{"fixed-point", "floating-point", "time", "string", "bitfield", "opaque", "compound", "reference", "enumerated", "variable-length", "array"}

func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return fmt.Sprintf("class %d", int(c))
}

// String padding of fixed-length strings.
const (
	padNullTerm = 0
	padNull     = 1
	padSpace    = 2
)

// Datatype describes the type of a dataset's or attribute's elements.
type Datatype struct {
	Class     Class
	Size      int  // bytes per element as stored
	BigEndian bool // byte order of numbers
	Signed    bool // fixed-point only
	VarString bool // variable-length string (stored in the global heap)
	// Pad is the padding of fixed-length strings: 0 null-terminated,
	// 1 null-padded, 2 space-padded.
	Pad int
	// why is non-empty when values of this type cannot be decoded; it
	// names the feature ("compound", "variable-length sequence", …).
	why string
}

// String describes the type like "float64 little-endian" or "string(30)".
func (t Datatype) String() string {
	order := "little-endian"
	if t.BigEndian {
		order = "big-endian"
	}
	switch {
	case t.why != "":
		return t.why
	case t.Class == ClassFloat:
		return fmt.Sprintf("float%d %s", 8*t.Size, order)
	case t.Class == ClassFixed && t.Signed:
		return fmt.Sprintf("int%d %s", 8*t.Size, order)
	case t.Class == ClassFixed:
		return fmt.Sprintf("uint%d %s", 8*t.Size, order)
	case t.VarString:
		return "variable-length string"
	case t.Class == ClassString:
		return fmt.Sprintf("string(%d)", t.Size)
	}
	return t.Class.String()
}

// kind names the type without its size for strings ("fixed-length
// string"), for the Features diagnostics.
func (t Datatype) kind() string {
	if t.Class == ClassString && t.why == "" {
		return "fixed-length string"
	}
	return t.String()
}

// Numeric reports whether values convert to numbers.
func (t Datatype) Numeric() bool {
	return t.why == "" && (t.Class == ClassFixed || t.Class == ClassFloat)
}

// Text reports whether values are strings.
func (t Datatype) Text() bool {
	return t.why == "" && (t.Class == ClassString || t.VarString)
}

// parseDatatype decodes a datatype message. Types this reader cannot
// decode are returned with why set rather than as an error, so that an
// attribute of such a type (DIMENSION_LIST, REFERENCE_LIST) does not stop
// the others from being read.
func parseDatatype(b []byte) (Datatype, error) {
	c := &cursor{b: b}
	cv := c.u8()
	bits := c.uvar(3)
	size := c.u32()
	if !c.ok() {
		return Datatype{}, corrupt("datatype", "message truncated")
	}
	t := Datatype{Class: Class(cv & 0x0f), Size: int(size)}
	if version := cv >> 4; version < 1 || version > 5 {
		return t, corrupt("datatype", "version %d is not 1 to 5", version)
	}
	if size == 0 || size > 1<<20 {
		return t, corrupt("datatype", "element size %d is out of range", size)
	}
	switch t.Class {
	case ClassFixed:
		t.BigEndian = bits&1 != 0
		t.Signed = bits&8 != 0
		offset, precision := c.u16(), c.u16()
		if !c.ok() {
			return t, corrupt("datatype", "fixed-point properties truncated")
		}
		switch {
		case size != 1 && size != 2 && size != 4 && size != 8:
			t.why = fmt.Sprintf("%d-byte fixed-point", size)
		case offset != 0 || int(precision) != 8*int(size):
			t.why = fmt.Sprintf("fixed-point with bit offset %d and precision %d", offset, precision)
		}
	case ClassFloat:
		t.BigEndian = bits&1 != 0
		if bits&0x40 != 0 {
			t.why = "VAX byte order floating-point"
			break
		}
		c.skip(4) // bit offset, precision
		expLoc, expSize, manLoc, manSize := c.u8(), c.u8(), c.u8(), c.u8()
		bias := c.u32()
		if !c.ok() {
			return t, corrupt("datatype", "floating-point properties truncated")
		}
		ieee := (size == 4 && expLoc == 23 && expSize == 8 && manLoc == 0 && manSize == 23 && bias == 127) ||
			(size == 8 && expLoc == 52 && expSize == 11 && manLoc == 0 && manSize == 52 && bias == 1023)
		if !ieee {
			t.why = fmt.Sprintf("%d-byte floating-point that is not IEEE 754 binary32/binary64", size)
		}
	case ClassString:
		t.Pad = int(bits & 0x0f)
	case ClassVarLen:
		if bits&0x0f != 1 {
			t.why = "variable-length sequence"
			break
		}
		t.VarString = true
		t.Pad = int(bits>>4) & 0x0f
	default:
		t.why = t.Class.String()
	}
	return t, nil
}

// decodeFloats converts len(dst) elements of raw data of type t.
func decodeFloats[T float32 | float64](dst []T, raw []byte, t Datatype) error {
	if !t.Numeric() {
		return unsupported("", "cannot read %s values as numbers", t)
	}
	if len(raw) < len(dst)*t.Size {
		return corrupt("", "%d bytes of data for %d values of %d bytes", len(raw), len(dst), t.Size)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if t.BigEndian {
		order = binary.BigEndian
	}
	switch {
	case t.Class == ClassFloat && t.Size == 8:
		for i := range dst {
			dst[i] = T(math.Float64frombits(order.Uint64(raw[8*i:])))
		}
	case t.Class == ClassFloat && t.Size == 4:
		for i := range dst {
			dst[i] = T(float64(math.Float32frombits(order.Uint32(raw[4*i:]))))
		}
	case t.Size == 1:
		for i := range dst {
			if t.Signed {
				dst[i] = T(float64(int8(raw[i])))
			} else {
				dst[i] = T(float64(raw[i]))
			}
		}
	case t.Size == 2:
		for i := range dst {
			v := order.Uint16(raw[2*i:])
			if t.Signed {
				dst[i] = T(float64(int16(v)))
			} else {
				dst[i] = T(float64(v))
			}
		}
	case t.Size == 4:
		for i := range dst {
			v := order.Uint32(raw[4*i:])
			if t.Signed {
				dst[i] = T(float64(int32(v)))
			} else {
				dst[i] = T(float64(v))
			}
		}
	case t.Size == 8:
		for i := range dst {
			v := order.Uint64(raw[8*i:])
			if t.Signed {
				dst[i] = T(float64(int64(v)))
			} else {
				dst[i] = T(float64(v))
			}
		}
	default:
		return unsupported("", "cannot read %s values as numbers", t)
	}
	return nil
}

// fixedString trims a fixed-length string element according to its padding.
func fixedString(b []byte, pad int) string {
	switch pad {
	case padNullTerm:
		for i, ch := range b {
			if ch == 0 {
				return string(b[:i])
			}
		}
	case padNull:
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
	case padSpace:
		for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == 0) {
			b = b[:len(b)-1]
		}
	}
	return string(b)
}
