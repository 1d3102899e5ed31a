package hdf5

// chunksFixedArray reads a fixed-array chunk index ("FAHD" header, "FADB"
// data block, optionally split into pages): one entry per chunk of the
// grid in row-major order.
func (d *Dataset) chunksFixedArray(g *chunkGrid, filtered bool, visit func(chunkRef) error) error {
	f := d.f
	addr := d.layout.addr
	where := "fixed array header at " + hexAddr(addr)
	hsize := uint64(4 + 1 + 1 + 1 + 1 + f.ln + f.off + 4)
	b, err := f.readAt(addr, hsize)
	if err != nil {
		return within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "FAHD" || c.u8() != 0 {
		return corrupt(where, "bad signature or version, want \"FAHD\" version 0")
	}
	client := c.u8()
	entrySize := int(c.u8())
	pageBits := int(c.u8())
	entries := c.length()
	dblock := c.addr()
	if !checkSum(b, int(hsize)-4) {
		return corrupt(where, "checksum mismatch")
	}
	sizeLen := 0
	switch {
	case client == 0 && !filtered && entrySize == f.off:
	case client == 1 && filtered && entrySize > f.off+4 && entrySize <= f.off+4+8:
		sizeLen = entrySize - f.off - 4
	default:
		return corrupt(where, "client %d with %d-byte entries does not match the dataset (filtered: %v)", client, entrySize, filtered)
	}
	if entries < g.count || pageBits > 32 || entries > uint64(f.size)/uint64(entrySize)+1 {
		return corrupt(where, "%d entries for %d chunks (page bits %d)", entries, g.count, pageBits)
	}
	if dblock == undef {
		return nil // no chunk written yet
	}
	where = "fixed array data block at " + hexAddr(dblock)
	pageSize := uint64(1) << uint(pageBits)
	paged := entries > pageSize
	pages := (entries + pageSize - 1) / pageSize
	prefix := uint64(4 + 1 + 1 + f.off)
	bitmap := uint64(0)
	if paged {
		bitmap = (pages + 7) / 8
	}
	body := bitmap
	if !paged {
		body = entries * uint64(entrySize)
	}
	b, err = f.readAt(dblock, prefix+body+4)
	if err != nil {
		return within(where, err)
	}
	c = newCursor(b, f)
	if string(c.bytes(4)) != "FADB" || c.u8() != 0 || c.u8() != client {
		return corrupt(where, "bad signature, version or client, want \"FADB\" version 0")
	}
	if h := c.addr(); h != addr {
		return corrupt(where, "belongs to header %#x, not %#x", h, addr)
	}
	if !checkSum(b, len(b)-4) {
		return corrupt(where, "checksum mismatch")
	}
	entry := func(e []byte, i uint64) error {
		ec := newCursor(e, f)
		ref := chunkRef{offset: g.offsetOf(i), addr: ec.addr(), size: g.chunkBytes}
		if filtered {
			ref.size = ec.uvar(sizeLen)
			ref.mask = ec.u32()
		}
		return visit(ref)
	}
	if !paged {
		elems := b[prefix : prefix+body]
		for i := uint64(0); i < g.count; i++ {
			if err := entry(elems[i*uint64(entrySize):], i); err != nil {
				return err
			}
		}
		return nil
	}
	f.feature("fixed array pages")
	init := b[prefix : prefix+bitmap]
	pageAddr := dblock + prefix + bitmap + 4
	for p := uint64(0); p < pages && p*pageSize < g.count; p++ {
		n := min(pageSize, entries-p*pageSize)
		psize := n*uint64(entrySize) + 4
		if init[p/8]&(0x80>>(p%8)) != 0 {
			pb, err := f.readAt(pageAddr, psize)
			if err != nil {
				return within(where, err)
			}
			if !checkSum(pb, len(pb)-4) {
				return corrupt(where, "page %d: checksum mismatch", p)
			}
			for j := uint64(0); j < n && p*pageSize+j < g.count; j++ {
				if err := entry(pb[j*uint64(entrySize):], p*pageSize+j); err != nil {
					return err
				}
			}
		}
		pageAddr += psize
	}
	return nil
}
