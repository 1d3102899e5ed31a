package hdf5

import "fmt"

// Storage layout classes.
const (
	layoutCompact    = 0
	layoutContiguous = 1
	layoutChunked    = 2
	layoutVirtual    = 3
)

// Chunk index types (data layout message version 4).
const (
	indexBTree1     = 0 // version-3 layouts: v1 B-tree
	indexSingle     = 1
	indexImplicit   = 2
	indexFixedArray = 3
	indexExtArray   = 4
	indexBTree2     = 5
)

var indexNames = [...]string{"v1 B-tree", "single chunk", "implicit", "fixed array", "extensible array", "v2 B-tree"}

type layout struct {
	version int
	class   int
	compact []byte // compact data
	addr    uint64 // contiguous data, chunk index or single chunk
	size    uint64 // contiguous size

	chunk     []uint64 // chunk dimensions in elements (dataset rank)
	chunkElem uint64   // element size recorded with the chunk dimensions
	index     int      // chunk index type
	flags     uint8    // version-4 chunked flags
	// Single filtered chunk: stored size and filter mask.
	singleSize uint64
	singleMask uint32
	pageBits   uint8 // fixed array page bits
	noEdgeFilt bool  // partial edge chunks are stored unfiltered
}

func parseLayout(b []byte, f *File) (*layout, error) {
	const where = "data layout"
	c := newCursor(b, f)
	l := &layout{version: int(c.u8())}
	if l.version < 3 || l.version > 4 {
		return nil, unsupported(where, "data layout message version %d not supported (only 3 and 4)", l.version)
	}
	l.class = int(c.u8())
	switch l.class {
	case layoutCompact:
		n := int(c.u16())
		l.compact = c.bytes(n)
	case layoutContiguous:
		l.addr = c.addr()
		l.size = c.length()
	case layoutChunked:
		if l.version == 3 {
			rank := int(c.u8())
			l.addr = c.addr()
			if rank < 2 || rank > maxRank+1 {
				return nil, corrupt(where, "chunk dimensionality %d out of range", rank)
			}
			dims := make([]uint64, rank)
			for i := range dims {
				dims[i] = uint64(c.u32())
			}
			l.chunk, l.chunkElem = dims[:rank-1], dims[rank-1]
			l.index = indexBTree1
			break
		}
		l.flags = c.u8()
		rank := int(c.u8())
		enc := int(c.u8())
		if rank < 2 || rank > maxRank+1 || enc < 1 || enc > 8 {
			return nil, corrupt(where, "chunk dimensionality %d or size encoding %d out of range", rank, enc)
		}
		dims := make([]uint64, rank)
		for i := range dims {
			dims[i] = c.uvar(enc)
		}
		l.chunk, l.chunkElem = dims[:rank-1], dims[rank-1]
		l.noEdgeFilt = l.flags&1 != 0
		l.index = int(c.u8())
		switch l.index {
		case indexSingle:
			if l.flags&2 != 0 {
				l.singleSize = c.length()
				l.singleMask = c.u32()
			}
		case indexImplicit:
		case indexFixedArray:
			l.pageBits = c.u8()
		case indexExtArray:
			c.skip(5)
		case indexBTree2:
			c.skip(6)
		default:
			return nil, corrupt(where, "unknown chunk index type %d", l.index)
		}
		l.addr = c.addr()
	case layoutVirtual:
		return nil, unsupported("", "data layout class 3 (virtual) not supported")
	default:
		return nil, corrupt(where, "unknown data layout class %d", l.class)
	}
	if !c.ok() {
		return nil, corrupt(where, "message truncated")
	}
	for _, d := range l.chunk {
		if d == 0 {
			return nil, corrupt(where, "chunk dimension of 0")
		}
	}
	return l, nil
}

func (l *layout) describe() string {
	switch l.class {
	case layoutCompact:
		return "compact"
	case layoutContiguous:
		return "contiguous"
	}
	name := fmt.Sprintf("index %d", l.index)
	if l.index >= 0 && l.index < len(indexNames) {
		name = indexNames[l.index]
	}
	return "chunked (" + name + ")"
}

// Filter identifiers.
const (
	filterDeflate    = 1
	filterShuffle    = 2
	filterFletcher32 = 3
)

var filterNames = map[uint16]string{
	1: "deflate", 2: "shuffle", 3: "fletcher32", 4: "szip", 5: "nbit", 6: "scaleoffset",
	307: "bzip2", 32000: "lzf", 32001: "blosc", 32004: "lz4", 32008: "bitshuffle", 32013: "zfp", 32015: "zstd",
}

type filter struct {
	id       uint16
	name     string
	optional bool
	params   []uint32
}

func (fl filter) String() string {
	name := fl.name
	if n, ok := filterNames[fl.id]; ok {
		name = n
	}
	if name == "" {
		return fmt.Sprintf("filter %d", fl.id)
	}
	return fmt.Sprintf("filter %d (%s)", fl.id, name)
}

func parseFilters(b []byte) ([]filter, error) {
	const where = "filter pipeline"
	c := &cursor{b: b}
	version := c.u8()
	n := int(c.u8())
	if version == 1 {
		c.skip(6)
	} else if version != 2 {
		return nil, unsupported(where, "filter pipeline message version %d not supported", version)
	}
	if n > 32 {
		return nil, corrupt(where, "%d filters (at most 32 exist)", n)
	}
	out := make([]filter, n)
	for i := range out {
		fl := &out[i]
		fl.id = c.u16()
		nameLen := 0
		if version == 1 || fl.id >= 256 {
			nameLen = int(c.u16())
		}
		flags := c.u16()
		fl.optional = flags&1 != 0
		nParams := int(c.u16())
		if nameLen > 0 {
			if version == 1 {
				nameLen = (nameLen + 7) &^ 7
			}
			fl.name = fixedString(c.bytes(nameLen), padNullTerm)
		}
		if nParams > c.remaining()/4 {
			return nil, corrupt(where, "filter %d declares %d parameters", fl.id, nParams)
		}
		fl.params = make([]uint32, nParams)
		for j := range fl.params {
			fl.params[j] = c.u32()
		}
		if version == 1 && nParams%2 == 1 {
			c.skip(4)
		}
	}
	if !c.ok() {
		return nil, corrupt(where, "message truncated")
	}
	return out, nil
}

// parseFill decodes a fill value message (new, type 5, or old, type 4)
// and returns the fill value bytes, nil when undefined (zero fill).
func parseFill(m *message, old bool) ([]byte, error) {
	c := &cursor{b: m.data}
	if old {
		n := int(c.u32())
		v := c.bytes(n)
		if !c.ok() {
			return nil, corrupt("fill value", "message truncated")
		}
		return v, nil
	}
	version := c.u8()
	defined := false
	switch version {
	case 1, 2:
		c.skip(2) // allocation and write times
		defined = c.u8() != 0
		if version == 1 {
			defined = true // size and value always present (size may be 0)
		}
	case 3:
		defined = c.u8()&0x20 != 0
	default:
		return nil, unsupported("fill value", "fill value message version %d not supported", version)
	}
	if !defined {
		return nil, nil
	}
	n := int(c.u32())
	v := c.bytes(n)
	if !c.ok() {
		return nil, corrupt("fill value", "message truncated")
	}
	return v, nil
}
