package hdf5

import "math"

// chunkRef locates one stored chunk.
type chunkRef struct {
	offset []uint64 // element coordinates of the chunk's first element
	addr   uint64
	size   uint64 // stored bytes
	mask   uint32 // filters skipped for this chunk
}

// chunkGrid holds the geometry shared by chunk index readers.
type chunkGrid struct {
	dims, chunk []uint64
	grid        []uint64 // chunks per dimension
	count       uint64   // chunks in the grid
	esize       uint64
	chunkBytes  uint64
}

// offsetOf returns the element coordinates of chunk number i (row-major
// over the grid).
func (g *chunkGrid) offsetOf(i uint64) []uint64 {
	off := make([]uint64, len(g.grid))
	for k := len(g.grid) - 1; k >= 0; k-- {
		off[k] = (i % g.grid[k]) * g.chunk[k]
		i /= g.grid[k]
	}
	return off
}

// indexOf returns the chunk number of a chunk at element coordinates off,
// or ok=false when off is not a chunk corner inside the dataset.
func (g *chunkGrid) indexOf(off []uint64) (uint64, bool) {
	if len(off) < len(g.grid) {
		return 0, false
	}
	var i uint64
	for k := range g.grid {
		if off[k]%g.chunk[k] != 0 || off[k] >= g.dims[k] {
			return 0, false
		}
		i = i*g.grid[k] + off[k]/g.chunk[k]
	}
	return i, true
}

// edge reports whether the chunk at off extends past the dataset.
func (g *chunkGrid) edge(off []uint64) bool {
	for k := range g.dims {
		if off[k]+g.chunk[k] > g.dims[k] {
			return true
		}
	}
	return false
}

func (d *Dataset) readChunked(total uint64) ([]byte, error) {
	f, l := d.f, d.layout
	rank := len(d.Shape)
	if rank == 0 || len(l.chunk) != rank {
		return nil, corrupt("", "chunks of rank %d for a dataset of rank %d", len(l.chunk), rank)
	}
	g := &chunkGrid{dims: d.Shape, chunk: l.chunk, esize: uint64(d.Type.Size), count: 1}
	if l.chunkElem != g.esize {
		return nil, corrupt("", "chunk element size %d, but the datatype has %d bytes", l.chunkElem, g.esize)
	}
	g.chunkBytes = g.esize
	g.grid = make([]uint64, rank)
	for k, c := range l.chunk {
		if g.chunkBytes > math.MaxInt64/c {
			return nil, corrupt("", "chunk dimensions %v overflow", l.chunk)
		}
		g.chunkBytes *= c
		g.grid[k] = (d.Shape[k] + c - 1) / c
		if g.grid[k] != 0 && g.count > math.MaxInt64/g.grid[k] {
			return nil, corrupt("", "chunk grid overflows")
		}
		g.count *= g.grid[k]
	}
	if g.chunkBytes > f.decodeLimit() {
		return nil, newErr(ErrTooLarge, "", "chunks of %d bytes exceed the limit of %d bytes for this file", g.chunkBytes, f.decodeLimit())
	}
	if total == 0 || l.addr == undef {
		return d.filled(total), nil
	}
	out := make([]byte, total)
	filtered := len(d.filters) > 0
	dec := newChunkDecoder(d, g.chunkBytes)
	done := make([]bool, g.count)
	visit := func(ref chunkRef) error {
		i, ok := g.indexOf(ref.offset)
		if !ok {
			return nil // a chunk outside the current extent: not part of the data
		}
		if ref.addr == undef {
			return nil // not written: keeps the fill value
		}
		if done[i] {
			return corrupt("chunk index", "chunk at %v is listed twice", ref.offset)
		}
		done[i] = true
		useFilters := filtered && !(l.noEdgeFilt && g.edge(ref.offset))
		data, err := dec.decode(ref.addr, ref.size, ref.mask, useFilters)
		if err != nil {
			return err
		}
		copyChunk(out, g, data, ref.offset)
		return nil
	}
	f.feature("chunk index " + indexNames[l.index])
	var err error
	switch l.index {
	case indexBTree1:
		err = d.chunksBTree1(g, visit)
	case indexSingle:
		size := g.chunkBytes
		if l.flags&2 != 0 {
			size = l.singleSize
		}
		err = visit(chunkRef{offset: make([]uint64, rank), addr: l.addr, size: size, mask: l.singleMask})
	case indexImplicit:
		if filtered {
			return nil, corrupt("", "implicit chunk index with filters")
		}
		if g.count > uint64(f.size)/g.chunkBytes+1 || !f.fits(l.addr, g.count*g.chunkBytes) {
			return nil, corrupt("", "%d implicit chunks of %d bytes run past the end of the file", g.count, g.chunkBytes)
		}
		for i := uint64(0); i < g.count && err == nil; i++ {
			err = visit(chunkRef{offset: g.offsetOf(i), addr: l.addr + i*g.chunkBytes, size: g.chunkBytes})
		}
	case indexFixedArray:
		err = d.chunksFixedArray(g, filtered, visit)
	case indexBTree2:
		err = d.chunksBTree2(g, filtered, visit)
	default:
		return nil, unsupported("", "chunk index type %d (%s) not supported", l.index, indexNames[l.index])
	}
	if err != nil {
		return nil, err
	}
	// Chunks never written read as the fill value.
	if d.fill != nil {
		var fill []byte
		for i, ok := range done {
			if ok {
				continue
			}
			if fill == nil {
				fill = d.filled(g.chunkBytes)
			}
			copyChunk(out, g, fill, g.offsetOf(uint64(i)))
		}
	}
	for k := range g.dims {
		if g.dims[k]%g.chunk[k] != 0 {
			f.feature("partial edge chunks")
			break
		}
	}
	return out, nil
}

// copyChunk copies the part of a decoded chunk that lies inside the
// dataset to its place in out.
func copyChunk(out []byte, g *chunkGrid, data []byte, off []uint64) {
	rank := len(g.dims)
	ext := make([]uint64, rank)
	for k := range ext {
		ext[k] = min(g.chunk[k], g.dims[k]-off[k])
	}
	row := ext[rank-1] * g.esize
	idx := make([]uint64, rank)
	for {
		var src, dst uint64
		for k := 0; k < rank; k++ {
			src = src*g.chunk[k] + idx[k]
			dst = dst*g.dims[k] + off[k] + idx[k]
		}
		src *= g.esize
		dst *= g.esize
		copy(out[dst:dst+row], data[src:src+row])
		k := rank - 2
		for ; k >= 0; k-- {
			idx[k]++
			if idx[k] < ext[k] {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return
		}
	}
}

func (d *Dataset) chunksBTree1(g *chunkGrid, visit func(chunkRef) error) error {
	f := d.f
	rank := len(g.dims)
	return f.walkBTree1(d.layout.addr, btreeChunk, chunkKeySize(rank+1), func(key []byte, child uint64) error {
		c := newCursor(key, f)
		ref := chunkRef{addr: child}
		ref.size = uint64(c.u32())
		ref.mask = c.u32()
		ref.offset = make([]uint64, rank+1)
		for k := range ref.offset {
			ref.offset[k] = c.u64()
		}
		ref.offset = ref.offset[:rank]
		return visit(ref)
	})
}

func (d *Dataset) chunksBTree2(g *chunkGrid, filtered bool, visit func(chunkRef) error) error {
	f := d.f
	rank := len(g.dims)
	typ := bt2ChunkPlain
	if filtered {
		typ = bt2ChunkFilterd
	}
	tree, err := f.openBTree2(d.layout.addr, typ)
	if err != nil {
		return err
	}
	sizeLen := 0
	if filtered {
		sizeLen = tree.recSize - f.off - 4 - 8*rank
		if sizeLen < 1 || sizeLen > 8 {
			return corrupt("v2 B-tree chunk index", "record size %d does not fit rank %d", tree.recSize, rank)
		}
	} else if tree.recSize != f.off+8*rank {
		return corrupt("v2 B-tree chunk index", "record size %d does not fit rank %d", tree.recSize, rank)
	}
	return tree.records(func(rec []byte) error {
		c := newCursor(rec, f)
		ref := chunkRef{addr: c.addr(), size: g.chunkBytes}
		if filtered {
			ref.size = c.uvar(sizeLen)
			ref.mask = c.u32()
		}
		ref.offset = make([]uint64, rank)
		for k := range ref.offset {
			s := c.u64()
			if s > math.MaxUint64/g.chunk[k] {
				return corrupt("v2 B-tree chunk index", "scaled offset %d overflows", s)
			}
			ref.offset[k] = s * g.chunk[k]
		}
		if !c.ok() {
			return corrupt("v2 B-tree chunk index", "record truncated")
		}
		return visit(ref)
	})
}
