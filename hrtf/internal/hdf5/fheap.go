package hdf5

import "fmt"

// fractalHeap is a parsed "FRHP" header: the heap that holds dense links
// and dense attributes. Only managed objects (in direct blocks reached
// through a doubling table of indirect blocks) and tiny objects (stored in
// the heap ID) are read; huge objects and filtered heaps are refused.
type fractalHeap struct {
	f         *File
	addr      uint64
	idLen     int
	filterLen int
	flags     uint8
	maxMan    uint64 // largest managed object
	width     uint64 // table width (blocks per row)
	start     uint64 // starting block size
	maxDirect uint64 // largest direct block
	maxBits   int    // log2 of the heap's maximum size
	root      uint64 // root block (direct if rootRows == 0)
	rootRows  int

	offSize   int // bytes of a heap offset in IDs and block headers
	lenSize   int // bytes of an object length in IDs
	directMax int // rows of direct blocks an indirect block has
}

func (f *File) openFractalHeap(addr uint64) (*fractalHeap, error) {
	where := "fractal heap at " + hexAddr(addr)
	b, err := f.readUpTo(addr, uint64(64+12*f.ln+4*f.off))
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "FRHP" {
		return nil, corrupt(where, "bad signature, want \"FRHP\"")
	}
	if v := c.u8(); v != 0 {
		return nil, unsupported(where, "fractal heap version %d not supported", v)
	}
	h := &fractalHeap{f: f, addr: addr}
	h.idLen = int(c.u16())
	h.filterLen = int(c.u16())
	h.flags = c.u8()
	h.maxMan = uint64(c.u32())
	c.length() // next huge object ID
	c.addr()   // huge object v2 B-tree
	c.length() // free space in managed blocks
	c.addr()   // free-space manager
	c.length() // managed space
	c.length() // allocated managed space
	c.length() // direct block allocation iterator offset
	c.length() // managed objects
	c.length() // huge objects size
	c.length() // huge objects count
	c.length() // tiny objects size
	c.length() // tiny objects count
	h.width = uint64(c.u16())
	h.start = c.length()
	h.maxDirect = c.length()
	h.maxBits = int(c.u16())
	c.u16() // starting rows of the root indirect block
	h.root = c.addr()
	h.rootRows = int(c.u16())
	if h.filterLen > 0 {
		return nil, unsupported(where, "filtered fractal heap (I/O filters on heap blocks) not supported")
	}
	end := c.pos
	c.skip(4)
	if !c.ok() {
		return nil, corrupt(where, "header truncated")
	}
	if !checkSum(b, end) {
		return nil, corrupt(where, "checksum mismatch")
	}
	pow2 := func(v uint64) bool { return v != 0 && v&(v-1) == 0 }
	if !pow2(h.width) || !pow2(h.start) || !pow2(h.maxDirect) || h.maxDirect < h.start ||
		h.maxBits < 1 || h.maxBits > 64 || h.idLen < 2 || h.rootRows > 64 {
		return nil, corrupt(where, "doubling table parameters out of range (width %d, start block %d, max direct block %d, max heap bits %d)",
			h.width, h.start, h.maxDirect, h.maxBits)
	}
	h.offSize = (h.maxBits + 7) / 8
	dirOffSize := (log2(h.maxDirect) + 7) / 8
	h.lenSize = min(dirOffSize, encSize(h.maxMan))
	h.directMax = log2(h.maxDirect) - log2(h.start) + 2
	f.feature("fractal heap")
	return h, nil
}

// rowSize is the block size of row r of the doubling table.
func (h *fractalHeap) rowSize(r int) uint64 {
	if r == 0 {
		return h.start
	}
	return h.start << uint(r-1)
}

// object returns the bytes of the heap object with the given ID.
func (h *fractalHeap) object(id []byte) ([]byte, error) {
	where := "fractal heap at " + hexAddr(h.addr)
	if len(id) < 1 {
		return nil, corrupt(where, "empty heap ID")
	}
	if id[0]>>6 != 0 {
		return nil, unsupported(where, "heap ID version %d not supported", id[0]>>6)
	}
	switch (id[0] >> 4) & 3 {
	case 0: // managed
	case 1:
		return nil, unsupported(where, "huge fractal heap objects not supported")
	case 2: // tiny: stored in the ID itself
		n, data := int(id[0]&0x0f)+1, id[1:]
		if h.idLen > 18 {
			if len(id) < 2 {
				return nil, corrupt(where, "tiny heap ID truncated")
			}
			n, data = (int(id[0]&0x0f)<<8|int(id[1]))+1, id[2:]
		}
		if n > len(data) {
			return nil, corrupt(where, "tiny object of %d bytes in a %d-byte ID", n, len(id))
		}
		h.f.feature("fractal heap tiny object")
		return data[:n], nil
	default:
		return nil, corrupt(where, "unknown heap ID type %d", (id[0]>>4)&3)
	}
	if len(id) < 1+h.offSize+h.lenSize {
		return nil, corrupt(where, "heap ID of %d bytes is too short", len(id))
	}
	off := le(id[1 : 1+h.offSize])
	n := le(id[1+h.offSize : 1+h.offSize+h.lenSize])
	if n == 0 || n > h.maxDirect {
		return nil, corrupt(where, "managed object of %d bytes", n)
	}
	blockAddr, blockOff, blockSize, err := h.locate(off)
	if err != nil {
		return nil, within(where, err)
	}
	if off-blockOff+n > blockSize {
		return nil, corrupt(where, "object at heap offset %d (%d bytes) crosses its direct block", off, n)
	}
	return h.direct(blockAddr, blockOff, blockSize, off-blockOff, n)
}

// locate finds the direct block holding heap offset off: its address,
// heap offset and size.
func (h *fractalHeap) locate(off uint64) (addr, blockOff, size uint64, err error) {
	if h.root == undef {
		return 0, 0, 0, corrupt("", "heap is empty but an object is referenced")
	}
	if h.rootRows == 0 {
		if off >= h.start {
			return 0, 0, 0, corrupt("", "heap offset %d outside the root direct block", off)
		}
		return h.root, 0, h.start, nil
	}
	iaddr, ioff, rows := h.root, uint64(0), h.rootRows
	for depth := 0; depth < maxTreeDepth; depth++ {
		entries, err := h.indirect(iaddr, ioff, rows)
		if err != nil {
			return 0, 0, 0, err
		}
		rel := off - ioff
		pos := uint64(0) // heap offset of the row start, relative to the block
		for r := 0; r < rows; r++ {
			span := h.width * h.rowSize(r)
			if rel >= pos+span {
				pos += span
				continue
			}
			col := (rel - pos) / h.rowSize(r)
			child := entries[uint64(r)*h.width+col]
			childOff := ioff + pos + col*h.rowSize(r)
			if child == undef {
				return 0, 0, 0, corrupt("", "heap offset %d falls in an unallocated block", off)
			}
			if r < h.directMax {
				return child, childOff, h.rowSize(r), nil
			}
			h.f.feature("fractal heap nested indirect block")
			// A child indirect block in row r spans rowSize(r) bytes of
			// heap space with enough rows to cover it.
			iaddr, ioff = child, childOff
			rows = log2(h.rowSize(r)) - log2(h.start*h.width) + 1
			goto next
		}
		return 0, 0, 0, corrupt("", "heap offset %d beyond the indirect block at %#x", off, iaddr)
	next:
	}
	return 0, 0, 0, corrupt("", "indirect blocks nested deeper than %d", maxTreeDepth)
}

// indirect reads an "FHIB" block with rows rows and returns its child
// block addresses, row by row.
func (h *fractalHeap) indirect(addr, blockOff uint64, rows int) ([]uint64, error) {
	f := h.f
	where := "fractal heap indirect block at " + hexAddr(addr)
	if rows < 1 || rows > 64 {
		return nil, corrupt(where, "%d rows", rows)
	}
	f.feature("fractal heap indirect block")
	n := uint64(rows) * h.width
	size := uint64(5+f.off+h.offSize) + n*uint64(f.off) + 4
	if !f.fits(addr, size) {
		return nil, corrupt(where, "%d entries run past the end of the file", n)
	}
	b, err := f.readAt(addr, size)
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "FHIB" || c.u8() != 0 {
		return nil, corrupt(where, "bad signature or version, want \"FHIB\" version 0")
	}
	if hdr := c.addr(); hdr != h.addr {
		return nil, corrupt(where, "belongs to heap %#x, not %#x", hdr, h.addr)
	}
	if got := c.uvar(h.offSize); got != blockOff {
		return nil, corrupt(where, "block offset %d, want %d", got, blockOff)
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = c.addr()
	}
	if !c.ok() || !checkSum(b, len(b)-4) {
		return nil, corrupt(where, "checksum mismatch")
	}
	return out, nil
}

// direct reads n bytes at offset pos of the direct block at addr.
func (h *fractalHeap) direct(addr, blockOff, blockSize, pos, n uint64) ([]byte, error) {
	f := h.f
	where := fmt.Sprintf("fractal heap direct block at %#x", addr)
	hdr := uint64(5 + f.off + h.offSize)
	if h.flags&2 != 0 {
		hdr += 4
	}
	if pos < hdr {
		return nil, corrupt(where, "object offset %d inside the block header", pos)
	}
	b, err := f.readAt(addr, hdr)
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "FHDB" || c.u8() != 0 {
		return nil, corrupt(where, "bad signature or version, want \"FHDB\" version 0")
	}
	if a := c.addr(); a != h.addr {
		return nil, corrupt(where, "belongs to heap %#x, not %#x", a, h.addr)
	}
	if got := c.uvar(h.offSize); got != blockOff {
		return nil, corrupt(where, "block offset %d, want %d", got, blockOff)
	}
	if !f.fits(addr, blockSize) {
		return nil, corrupt(where, "block of %d bytes runs past the end of the file", blockSize)
	}
	return f.readAt(addr+pos, n)
}
