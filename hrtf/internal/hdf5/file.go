package hdf5

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
)

// MaxDecodedBytes caps the decoded size of any one dataset (1 GiB),
// counting at least 8 bytes per element (the float64 a caller converts
// to). A dataset is also refused when it decodes to more than 1032 bytes
// per byte of file (the most deflate can expand) plus 1 MiB, so a small
// hostile file cannot make the reader allocate much memory.
const MaxDecodedBytes = 1 << 30

// signature opens every HDF5 superblock.
const signature = "\x89HDF\r\n\x1a\n"

// File is an open HDF5 file. Its methods may be called from several
// goroutines at once provided the io.ReaderAt allows concurrent reads
// (an *os.File or *bytes.Reader does).
type File struct {
	r    io.ReaderAt
	size int64
	base uint64 // absolute position of the superblock; addresses are relative to it
	off  int    // size of addresses
	ln   int    // size of lengths

	superblock int    // superblock version
	rootAddr   uint64 // root group object header

	mu       sync.Mutex
	features map[string]bool
	gheaps   map[uint64]*globalHeap
}

// Open reads the superblock of the HDF5 file held by r (size bytes long)
// and checks the root group's object header.
func Open(r io.ReaderAt, size int64) (*File, error) {
	if size < 0 {
		return nil, newErr(ErrCorrupt, "", "negative file size %d", size)
	}
	f := &File{r: r, size: size, features: map[string]bool{}, gheaps: map[uint64]*globalHeap{}}
	pos, err := f.findSignature()
	if err != nil {
		return nil, err
	}
	f.base = uint64(pos)
	if err := f.readSuperblock(); err != nil {
		return nil, err
	}
	if _, err := f.objectHeader(f.rootAddr); err != nil {
		return nil, within("root group", err)
	}
	return f, nil
}

// findSignature looks for the superblock at 0, 512, 1024, 2048, …
func (f *File) findSignature() (int64, error) {
	var buf [8]byte
	for pos := int64(0); pos+8 <= f.size; {
		if _, err := f.r.ReadAt(buf[:], pos); err != nil && !errors.Is(err, io.EOF) {
			return 0, &Error{Msg: fmt.Sprintf("reading signature at %d", pos), Kind: ErrCorrupt, Err: err}
		}
		if string(buf[:]) == signature {
			return pos, nil
		}
		if pos == 0 {
			pos = 512
		} else {
			pos *= 2
		}
	}
	if f.size < 8 {
		return 0, newErr(ErrNotHDF5, "", "file of %d bytes is too short to hold an HDF5 signature", f.size)
	}
	return 0, newErr(ErrNotHDF5, "", "no HDF5 signature at offset 0, 512, 1024, … (not an HDF5 file)")
}

func (f *File) readSuperblock() error {
	const where = "superblock"
	// Longest superblock (v1, 8-byte offsets) is 8+16+4+4*8+40 = 104 bytes.
	n := int64(128)
	if rest := f.size - int64(f.base); rest < n {
		n = rest
	}
	b := make([]byte, n)
	if _, err := f.r.ReadAt(b, int64(f.base)); err != nil && !errors.Is(err, io.EOF) {
		return &Error{Where: where, Msg: "read failed", Kind: ErrCorrupt, Err: err}
	}
	c := &cursor{b: b, pos: 8}
	f.superblock = int(c.u8())
	f.feature(fmt.Sprintf("superblock v%d", f.superblock))
	var eof uint64
	switch f.superblock {
	case 0, 1:
		c.skip(3) // free-space, root symbol table entry and reserved versions
		c.skip(1) // shared header message format version
		f.off, f.ln = int(c.u8()), int(c.u8())
		if err := f.checkSizes(where); err != nil {
			return err
		}
		c.off, c.ln = f.off, f.ln
		c.skip(1 + 2 + 2 + 4) // reserved, group leaf K, group internal K, flags
		if f.superblock == 1 {
			c.skip(4) // indexed storage internal K, reserved
		}
		c.addr() // base address: libhdf5 uses the superblock position instead
		c.addr() // free-space info
		eof = c.addr()
		c.addr() // driver information block
		// Root group symbol table entry.
		c.addr() // link name offset
		f.rootAddr = c.addr()
		c.skip(4 + 4 + 16) // cache type, reserved, scratch pad
	case 2, 3:
		f.off, f.ln = int(c.u8()), int(c.u8())
		if err := f.checkSizes(where); err != nil {
			return err
		}
		c.off, c.ln = f.off, f.ln
		c.skip(1) // file consistency flags
		c.addr()  // base address
		if ext := c.addr(); ext != undef {
			f.feature("superblock extension")
		}
		eof = c.addr()
		f.rootAddr = c.addr()
		end := c.pos
		c.skip(4)
		if c.ok() && !checkSum(b, end) {
			return corrupt(where, "checksum mismatch")
		}
	default:
		return unsupported(where, "superblock version %d not supported (only 0, 1, 2 and 3 exist)", f.superblock)
	}
	if !c.ok() {
		return corrupt(where, "truncated: the file ends at byte %d", f.size)
	}
	if eof != undef && f.base+eof > uint64(f.size) {
		return corrupt(where, "file is truncated: it has %d bytes but its superblock says it ends at byte %d", f.size, f.base+eof)
	}
	return nil
}

func (f *File) checkSizes(where string) error {
	ok := func(n int) bool { return n == 2 || n == 4 || n == 8 }
	if !ok(f.off) || !ok(f.ln) {
		return corrupt(where, "size of offsets %d / lengths %d is not 2, 4 or 8", f.off, f.ln)
	}
	return nil
}

// readAt reads n bytes at file address addr (relative to the base),
// refusing anything outside the file.
func (f *File) readAt(addr uint64, n uint64) ([]byte, error) {
	if addr == undef {
		return nil, corrupt("", "read at an undefined address")
	}
	abs := f.base + addr
	if abs < f.base || abs > uint64(f.size) || n > uint64(f.size)-abs {
		return nil, corrupt("", "%d bytes at address %#x run past the end of the file (%d bytes)", n, addr, f.size)
	}
	b := make([]byte, n)
	if _, err := f.r.ReadAt(b, int64(abs)); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		if errors.Is(err, io.EOF) {
			return nil, corrupt("", "%d bytes at address %#x run past the end of the file", n, addr)
		}
		return nil, &Error{Msg: fmt.Sprintf("reading %d bytes at %#x", n, addr), Kind: ErrCorrupt, Err: err}
	}
	return b, nil
}

// readUpTo reads at most n bytes at addr, fewer if the file ends first.
func (f *File) readUpTo(addr uint64, n uint64) ([]byte, error) {
	if addr == undef {
		return nil, corrupt("", "read at an undefined address")
	}
	abs := f.base + addr
	if abs < f.base || abs >= uint64(f.size) {
		return nil, corrupt("", "address %#x is outside the file (%d bytes)", addr, f.size)
	}
	if rest := uint64(f.size) - abs; n > rest {
		n = rest
	}
	return f.readAt(addr, n)
}

// fits reports whether n bytes at addr lie inside the file.
func (f *File) fits(addr, n uint64) bool {
	abs := f.base + addr
	return addr != undef && abs >= f.base && abs <= uint64(f.size) && n <= uint64(f.size)-abs
}

// decodeLimit is the most bytes one dataset or attribute may decode to.
func (f *File) decodeLimit() uint64 {
	l := uint64(f.size)*1032 + 1<<20
	if l > MaxDecodedBytes || l < uint64(f.size) {
		return MaxDecodedBytes
	}
	return l
}

func (f *File) feature(name string) {
	f.mu.Lock()
	f.features[name] = true
	f.mu.Unlock()
}

// Features lists, sorted, the HDF5 format features met so far while reading
// this file ("superblock v2", "object header v2", "fractal heap indirect
// block", "filter deflate", …). It is a diagnostic for tests and reports.
func (f *File) Features() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.features))
	for k := range f.features {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SuperblockVersion is the version of the file's superblock (0 to 3).
func (f *File) SuperblockVersion() int { return f.superblock }
