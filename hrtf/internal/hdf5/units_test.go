package hdf5

import (
	"errors"
	"testing"
)

// Test vectors published with lookup3.c (driver5).
func TestLookup3Vectors(t *testing.T) {
	cases := []struct {
		in      string
		initval uint32
		want    uint32
	}{
		{"", 0, 0xdeadbeef},
		{"", 0xdeadbeef, 0xbd5b7dde},
		{"Four score and seven years ago", 0, 0x17770551},
		{"Four score and seven years ago", 1, 0xcd628161},
	}
	for _, c := range cases {
		if got := lookup3([]byte(c.in), c.initval); got != c.want {
			t.Errorf("lookup3(%q, %#x) = %#x, want %#x", c.in, c.initval, got, c.want)
		}
	}
}

// Fletcher-32 over big-endian 16-bit words, computed by hand:
// words 0x0102, 0x0304: s1 = 0x0102+0x0304 = 0x0406, s2 = 0x0102+0x0406 = 0x0508.
func TestFletcher32(t *testing.T) {
	if got := fletcher32([]byte{1, 2, 3, 4}); got != 0x05080406 {
		t.Errorf("fletcher32 = %#x, want 0x05080406", got)
	}
	// An odd trailing byte is the high byte of a last word 0x0500:
	// s1 = 0x0406+0x0500 = 0x0906, s2 = 0x0508+0x0906 = 0x0e0e.
	if got := fletcher32([]byte{1, 2, 3, 4, 5}); got != 0x0e0e0906 {
		t.Errorf("fletcher32 odd = %#x, want 0x0e0e0906", got)
	}
}

func TestUnshuffle(t *testing.T) {
	cd := &chunkDecoder{}
	// Three 4-byte elements AAAA BBBB CCCC shuffled to ABCABCABCABC, plus
	// two trailing bytes that stay in place.
	in := []byte("ABCABCABCABCxy")
	if got := string(cd.unshuffle(in, 4)); got != "AAAABBBBCCCCxy" {
		t.Errorf("unshuffle = %q", got)
	}
}

func TestUnsupportedFilterIsNamed(t *testing.T) {
	cd := &chunkDecoder{d: &Dataset{}}
	_, err := cd.apply(filter{id: 32015}, []byte{1, 2, 3})
	if !errors.Is(err, ErrUnsupported) || err.Error() != "hdf5: filter 32015 (zstd) not supported; re-save the file with deflate" {
		t.Errorf("err = %v", err)
	}
	_, err = cd.apply(filter{id: 40000, name: "mine"}, []byte{1})
	if err == nil || err.Error() != "hdf5: filter 40000 (mine) not supported; re-save the file with deflate" {
		t.Errorf("err = %v", err)
	}
}

func TestEncSize(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		want int
	}{{1, 1}, {255, 1}, {256, 2}, {65535, 2}, {65536, 3}} {
		if got := encSize(c.v); got != c.want {
			t.Errorf("encSize(%d) = %d, want %d", c.v, got, c.want)
		}
	}
}
