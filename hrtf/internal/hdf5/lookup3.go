package hdf5

import "math/bits"

// lookup3 is Bob Jenkins' lookup3 "hashlittle" hash, which HDF5 uses as the
// checksum of version-2 metadata (superblock v2/v3, object header chunks,
// v2 B-tree nodes, fractal heap blocks). Written from the published
// algorithm description.
func lookup3(data []byte, initval uint32) uint32 {
	a := 0xdeadbeef + uint32(len(data)) + initval
	b, c := a, a
	for len(data) > 12 {
		a += uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
		b += uint32(data[4]) | uint32(data[5])<<8 | uint32(data[6])<<16 | uint32(data[7])<<24
		c += uint32(data[8]) | uint32(data[9])<<8 | uint32(data[10])<<16 | uint32(data[11])<<24
		// mix
		a -= c
		a ^= bits.RotateLeft32(c, 4)
		c += b
		b -= a
		b ^= bits.RotateLeft32(a, 6)
		a += c
		c -= b
		c ^= bits.RotateLeft32(b, 8)
		b += a
		a -= c
		a ^= bits.RotateLeft32(c, 16)
		c += b
		b -= a
		b ^= bits.RotateLeft32(a, 19)
		a += c
		c -= b
		c ^= bits.RotateLeft32(b, 4)
		b += a
		data = data[12:]
	}
	if len(data) == 0 {
		return c
	}
	var tail [12]byte
	copy(tail[:], data)
	a += uint32(tail[0]) | uint32(tail[1])<<8 | uint32(tail[2])<<16 | uint32(tail[3])<<24
	b += uint32(tail[4]) | uint32(tail[5])<<8 | uint32(tail[6])<<16 | uint32(tail[7])<<24
	c += uint32(tail[8]) | uint32(tail[9])<<8 | uint32(tail[10])<<16 | uint32(tail[11])<<24
	// final
	c ^= b
	c -= bits.RotateLeft32(b, 14)
	a ^= c
	a -= bits.RotateLeft32(c, 11)
	b ^= a
	b -= bits.RotateLeft32(a, 25)
	c ^= b
	c -= bits.RotateLeft32(b, 16)
	a ^= c
	a -= bits.RotateLeft32(c, 4)
	b ^= a
	b -= bits.RotateLeft32(a, 14)
	c ^= b
	c -= bits.RotateLeft32(b, 24)
	return c
}

// Checksum is the checksum HDF5 stores after version-2 metadata
// structures (lookup3 with an initial value of 0). Exported for test
// tools that build HDF5 files.
func Checksum(b []byte) uint32 { return lookup3(b, 0) }

// checkSum verifies that the 4 bytes after b[:n] hold lookup3(b[:n]).
func checkSum(b []byte, n int) bool {
	if n < 0 || n+4 > len(b) {
		return false
	}
	return lookup3(b[:n], 0) == uint32(le(b[n:n+4]))
}
