package hdf5

// globalHeap is one parsed "GCOL" collection: object index -> bytes.
type globalHeap struct {
	objects map[uint16][]byte
}

// maxHeapCollections bounds how many distinct collections one file may
// make the reader parse (each is at most the file size).
const maxHeapCollections = 1024

func (f *File) globalHeap(addr uint64) (*globalHeap, error) {
	f.mu.Lock()
	h, ok := f.gheaps[addr]
	n := len(f.gheaps)
	f.mu.Unlock()
	if ok {
		return h, nil
	}
	if n >= maxHeapCollections {
		return nil, corrupt("global heap", "more than %d collections", maxHeapCollections)
	}
	where := "global heap collection at " + hexAddr(addr)
	head, err := f.readAt(addr, uint64(8+f.ln))
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(head, f)
	if string(c.bytes(4)) != "GCOL" {
		return nil, corrupt(where, "bad signature, want \"GCOL\"")
	}
	if v := c.u8(); v != 1 {
		return nil, unsupported(where, "global heap version %d not supported", v)
	}
	c.skip(3)
	size := c.length()
	if !c.ok() || size < uint64(8+f.ln) {
		return nil, corrupt(where, "collection size %d too small", size)
	}
	b, err := f.readAt(addr, size)
	if err != nil {
		return nil, within(where, err)
	}
	f.feature("global heap")
	h = &globalHeap{objects: map[uint16][]byte{}}
	c = newCursor(b[8+f.ln:], f)
	for c.remaining() >= 8+f.ln {
		index := c.u16()
		c.skip(2 + 4) // reference count, reserved
		n := c.length()
		if index == 0 { // free space: the rest of the collection
			break
		}
		if n > uint64(c.remaining()) {
			return nil, corrupt(where, "object %d of %d bytes overruns the collection", index, n)
		}
		h.objects[index] = c.bytes(int(n))
		c.skip(int((8 - n%8) % 8))
	}
	f.mu.Lock()
	f.gheaps[addr] = h
	f.mu.Unlock()
	return h, nil
}

// varString resolves one variable-length string element: a 4-byte
// length, a collection address and a 4-byte object index.
func (f *File) varString(elem []byte) (string, error) {
	c := newCursor(elem, f)
	n := c.u32()
	addr := c.addr()
	index := c.u32()
	if !c.ok() {
		return "", corrupt("variable-length string", "element truncated")
	}
	if n == 0 && (addr == 0 || addr == undef) {
		return "", nil
	}
	h, err := f.globalHeap(addr)
	if err != nil {
		return "", err
	}
	obj, ok := h.objects[uint16(index)]
	if !ok || index > 0xffff {
		return "", corrupt("global heap collection at "+hexAddr(addr), "no object %d", index)
	}
	if uint64(n) > uint64(len(obj)) {
		return "", corrupt("global heap collection at "+hexAddr(addr), "string of %d bytes in a %d-byte object", n, len(obj))
	}
	return fixedString(obj[:n], padNullTerm), nil
}
