package hdf5

import "math/bits"

// v2 B-tree record types used here.
const (
	bt2LinkName     = 5
	bt2AttrName     = 8
	bt2ChunkPlain   = 10
	bt2ChunkFilterd = 11
)

// encSize is the number of bytes needed to store values up to limit
// (libhdf5's H5VM_limit_enc_size).
func encSize(limit uint64) int {
	return (log2(limit) / 8) + 1
}

// log2 is floor(log2(v)) for v > 0, 0 for v = 0.
func log2(v uint64) int {
	if v == 0 {
		return 0
	}
	return 63 - bits.LeadingZeros64(v)
}

type btree2 struct {
	f        *File
	addr     uint64
	typ      int
	nodeSize uint64
	recSize  int
	depth    int
	root     uint64
	rootRecs int
	total    uint64
	// Field sizes in internal nodes, per depth.
	nrecSize int   // bytes of a child's record count
	cumSize  []int // bytes of a child's total record count, by child depth
}

func (f *File) openBTree2(addr uint64, wantType int) (*btree2, error) {
	where := "v2 B-tree header at " + hexAddr(addr)
	size := uint64(4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + f.off + 2 + f.ln + 4)
	b, err := f.readAt(addr, size)
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "BTHD" {
		return nil, corrupt(where, "bad signature, want \"BTHD\"")
	}
	if v := c.u8(); v != 0 {
		return nil, unsupported(where, "v2 B-tree version %d not supported", v)
	}
	t := &btree2{f: f, addr: addr, typ: int(c.u8())}
	t.nodeSize = uint64(c.u32())
	t.recSize = int(c.u16())
	t.depth = int(c.u16())
	c.skip(2) // split and merge percents
	t.root = c.addr()
	t.rootRecs = int(c.u16())
	t.total = c.length()
	if !checkSum(b, int(size)-4) {
		return nil, corrupt(where, "checksum mismatch")
	}
	if t.typ != wantType {
		return nil, corrupt(where, "record type %d, want %d", t.typ, wantType)
	}
	if t.recSize == 0 || t.nodeSize < 10+uint64(t.recSize) || t.nodeSize > uint64(f.size) || t.depth > maxTreeDepth {
		return nil, corrupt(where, "node size %d, record size %d or depth %d out of range", t.nodeSize, t.recSize, t.depth)
	}
	f.feature("v2 B-tree")
	// Node capacities (libhdf5 H5B2__hdr_init): leaves hold
	// (nodeSize-10)/recSize records; an internal node at depth d holds
	// records plus child pointers of address, record count and, below
	// depth 1, total record count.
	leafMax := (t.nodeSize - 10) / uint64(t.recSize)
	t.nrecSize = encSize(leafMax)
	t.cumSize = make([]int, t.depth+1)
	cumMax := leafMax
	for d := 1; d <= t.depth; d++ {
		ptr := uint64(f.off + t.nrecSize + t.cumSize[d-1])
		if t.nodeSize < 10+ptr {
			return nil, corrupt(where, "node size %d too small for depth %d", t.nodeSize, t.depth)
		}
		max := (t.nodeSize - 10 - ptr) / (uint64(t.recSize) + ptr)
		next := (max+1)*cumMax + max
		if next < cumMax { // overflow: the tree cannot be that big anyway
			next = ^uint64(0)
		}
		cumMax = next
		t.cumSize[d] = encSize(cumMax)
	}
	return t, nil
}

// records visits every record of the tree in key order.
func (t *btree2) records(visit func(rec []byte) error) error {
	if t.root == undef || t.total == 0 {
		return nil
	}
	budget := t.total
	seen := map[uint64]bool{}
	return t.node(t.root, t.rootRecs, t.depth, &budget, seen, visit)
}

func (t *btree2) node(addr uint64, nrec int, depth int, budget *uint64, seen map[uint64]bool, visit func([]byte) error) error {
	f := t.f
	where := "v2 B-tree node at " + hexAddr(addr)
	if seen[addr] {
		return corrupt(where, "reached twice")
	}
	seen[addr] = true
	sig := "BTLF"
	ptrSize := 0
	if depth > 0 {
		sig = "BTIN"
		ptrSize = f.off + t.nrecSize + t.cumSize[depth-1]
	}
	size := uint64(6) + uint64(nrec)*uint64(t.recSize) + uint64(nrec+1)*uint64(ptrSize)*boolU(depth > 0) + 4
	if size > t.nodeSize {
		return corrupt(where, "%d records do not fit a %d-byte node", nrec, t.nodeSize)
	}
	b, err := f.readAt(addr, size)
	if err != nil {
		return within(where, err)
	}
	if string(b[:4]) != sig {
		return corrupt(where, "bad signature, want %q", sig)
	}
	if b[4] != 0 || int(b[5]) != t.typ {
		return corrupt(where, "version %d type %d, want version 0 type %d", b[4], b[5], t.typ)
	}
	if !checkSum(b, int(size)-4) {
		return corrupt(where, "checksum mismatch")
	}
	recs := b[6 : 6+nrec*t.recSize]
	if depth == 0 {
		if uint64(nrec) > *budget {
			return corrupt(where, "more records than the header's total")
		}
		*budget -= uint64(nrec)
		for i := 0; i < nrec; i++ {
			if err := visit(recs[i*t.recSize : (i+1)*t.recSize]); err != nil {
				return err
			}
		}
		return nil
	}
	f.feature("v2 B-tree internal node")
	c := newCursor(b[6+nrec*t.recSize:], f)
	for i := 0; i <= nrec; i++ {
		child := c.addr()
		childRecs := c.uvar(t.nrecSize)
		c.uvar(t.cumSize[depth-1])
		if !c.ok() {
			return corrupt(where, "child pointers truncated")
		}
		if childRecs > uint64(t.nodeSize) {
			return corrupt(where, "child %d claims %d records", i, childRecs)
		}
		if err := t.node(child, int(childRecs), depth-1, budget, seen, visit); err != nil {
			return err
		}
		if i < nrec {
			if *budget == 0 {
				return corrupt(where, "more records than the header's total")
			}
			*budget--
			if err := visit(recs[i*t.recSize : (i+1)*t.recSize]); err != nil {
				return err
			}
		}
	}
	return nil
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
