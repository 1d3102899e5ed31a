package hdf5

// undef is HDF5's undefined address (all bits set), normalised to 64 bits.
const undef = ^uint64(0)

// cursor decodes little-endian fields from a byte slice. Errors are sticky:
// after the first short read every field reads as zero and ok() is false,
// so a decoder checks once at the end.
type cursor struct {
	b   []byte
	pos int
	off int // size of file addresses ("offsets") in bytes
	ln  int // size of lengths in bytes
	bad bool
}

func newCursor(b []byte, f *File) *cursor {
	return &cursor{b: b, off: f.off, ln: f.ln}
}

func (c *cursor) ok() bool { return !c.bad }

func (c *cursor) remaining() int { return len(c.b) - c.pos }

func (c *cursor) need(n int) bool {
	if c.bad {
		return false
	}
	if n < 0 || n > len(c.b)-c.pos {
		c.bad = true
		c.pos = len(c.b)
		return false
	}
	return true
}

func (c *cursor) skip(n int) {
	if c.need(n) {
		c.pos += n
	}
}

func (c *cursor) bytes(n int) []byte {
	if !c.need(n) {
		return nil
	}
	b := c.b[c.pos : c.pos+n : c.pos+n]
	c.pos += n
	return b
}

func (c *cursor) u8() uint8 {
	if !c.need(1) {
		return 0
	}
	v := c.b[c.pos]
	c.pos++
	return v
}

func (c *cursor) u16() uint16 { return uint16(c.uvar(2)) }
func (c *cursor) u32() uint32 { return uint32(c.uvar(4)) }
func (c *cursor) u64() uint64 { return c.uvar(8) }

// uvar reads an n-byte little-endian unsigned integer, 0 <= n <= 8.
func (c *cursor) uvar(n int) uint64 {
	if n > 8 {
		c.bad = true
		return 0
	}
	if !c.need(n) {
		return 0
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(c.b[c.pos+i])
	}
	c.pos += n
	return v
}

// addr reads a file address; the all-ones pattern becomes undef.
func (c *cursor) addr() uint64 {
	v := c.uvar(c.off)
	if c.off < 8 && v == 1<<(8*uint(c.off))-1 {
		return undef
	}
	return v
}

// length reads a length field.
func (c *cursor) length() uint64 { return c.uvar(c.ln) }

// le decodes an n-byte little-endian unsigned integer from b (n <= len(b), n <= 8).
func le(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}
