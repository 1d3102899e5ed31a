package hdf5

// maxTreeDepth bounds the depth of any B-tree or heap block tree.
const maxTreeDepth = 64

// v1 B-tree node types.
const (
	btreeGroup = 0
	btreeChunk = 1
)

// btree1Node is one decoded "TREE" node: entries children and entries+1
// keys (raw bytes, keySize each).
type btree1Node struct {
	level    int
	keys     [][]byte
	children []uint64
}

func (f *File) btree1Node(addr uint64, typ int, keySize int) (*btree1Node, error) {
	where := "v1 B-tree node at " + hexAddr(addr)
	head, err := f.readUpTo(addr, uint64(8+2*f.off))
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(head, f)
	if string(c.bytes(4)) != "TREE" {
		return nil, corrupt(where, "bad signature, want \"TREE\"")
	}
	if t := int(c.u8()); t != typ {
		return nil, corrupt(where, "node type %d, want %d", t, typ)
	}
	n := &btree1Node{level: int(c.u8())}
	entries := int(c.u16())
	if !c.ok() {
		return nil, corrupt(where, "header truncated")
	}
	hdr := uint64(8 + 2*f.off)
	size := hdr + uint64(entries)*uint64(keySize+f.off) + uint64(keySize)
	if !f.fits(addr, size) {
		return nil, corrupt(where, "%d entries run past the end of the file", entries)
	}
	b, err := f.readAt(addr+hdr, size-hdr)
	if err != nil {
		return nil, within(where, err)
	}
	c = newCursor(b, f)
	n.keys = make([][]byte, entries+1)
	n.children = make([]uint64, entries)
	for i := 0; i < entries; i++ {
		n.keys[i] = c.bytes(keySize)
		n.children[i] = c.addr()
	}
	n.keys[entries] = c.bytes(keySize)
	if !c.ok() {
		return nil, corrupt(where, "truncated")
	}
	return n, nil
}

// walkBTree1 visits the leaf entries of a v1 B-tree in order: for each,
// visit gets the key before the child and the child address. Levels must
// decrease by one at each step down, which also rules out cycles.
func (f *File) walkBTree1(addr uint64, typ, keySize int, visit func(key []byte, child uint64) error) error {
	// Each node is visited once: a node reached twice would make a
	// hostile tree exponentially expensive to walk.
	seen := map[uint64]bool{}
	var walk func(addr uint64, wantLevel int, depth int) error
	walk = func(addr uint64, wantLevel int, depth int) error {
		if depth > maxTreeDepth {
			return corrupt("v1 B-tree", "deeper than %d levels", maxTreeDepth)
		}
		if seen[addr] {
			return corrupt("v1 B-tree node at "+hexAddr(addr), "reached twice")
		}
		seen[addr] = true
		n, err := f.btree1Node(addr, typ, keySize)
		if err != nil {
			return err
		}
		if wantLevel >= 0 && n.level != wantLevel {
			return corrupt("v1 B-tree node at "+hexAddr(addr), "level %d, want %d", n.level, wantLevel)
		}
		if n.level > 0 {
			f.feature("v1 B-tree with more than one level")
		}
		for i, child := range n.children {
			if n.level == 0 {
				if err := visit(n.keys[i], child); err != nil {
					return err
				}
				continue
			}
			if err := walk(child, n.level-1, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(addr, -1, 0)
}

// localHeap is a group's local heap: the link names of a symbol table.
type localHeap struct {
	data []byte
}

func (f *File) localHeap(addr uint64) (*localHeap, error) {
	where := "local heap at " + hexAddr(addr)
	b, err := f.readUpTo(addr, uint64(8+2*f.ln+f.off))
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	if string(c.bytes(4)) != "HEAP" {
		return nil, corrupt(where, "bad signature, want \"HEAP\"")
	}
	if v := c.u8(); v != 0 {
		return nil, unsupported(where, "local heap version %d not supported", v)
	}
	c.skip(3)
	size := c.length()
	c.length() // free list head
	dataAddr := c.addr()
	if !c.ok() {
		return nil, corrupt(where, "header truncated")
	}
	data, err := f.readAt(dataAddr, size)
	if err != nil {
		return nil, within(where+": data segment", err)
	}
	return &localHeap{data: data}, nil
}

// name returns the null-terminated string at offset off.
func (h *localHeap) name(off uint64) (string, error) {
	if off >= uint64(len(h.data)) {
		return "", corrupt("local heap", "name offset %d outside its %d-byte data segment", off, len(h.data))
	}
	b := h.data[off:]
	for i, ch := range b {
		if ch == 0 {
			return string(b[:i]), nil
		}
	}
	return "", corrupt("local heap", "name at offset %d is not terminated", off)
}

// symbolTableLinks lists the links of an old-style group (symbol table
// message: v1 B-tree of "SNOD" nodes plus a local heap of names).
func (f *File) symbolTableLinks(m *message) ([]Link, error) {
	c := newCursor(m.data, f)
	btree, heapAddr := c.addr(), c.addr()
	if !c.ok() {
		return nil, corrupt("symbol table message", "truncated")
	}
	f.feature("symbol table group (v1 B-tree + local heap)")
	heap, err := f.localHeap(heapAddr)
	if err != nil {
		return nil, err
	}
	var links []Link
	seen := map[uint64]bool{}
	err = f.walkBTree1(btree, btreeGroup, f.ln, func(_ []byte, snod uint64) error {
		if seen[snod] {
			return corrupt("symbol table", "node at %#x listed twice", snod)
		}
		seen[snod] = true
		more, err := f.symbolNode(snod, heap)
		links = append(links, more...)
		return err
	})
	return links, err
}

func (f *File) symbolNode(addr uint64, heap *localHeap) ([]Link, error) {
	where := "symbol table node at " + hexAddr(addr)
	head, err := f.readUpTo(addr, 8)
	if err != nil {
		return nil, within(where, err)
	}
	if len(head) < 8 || string(head[:4]) != "SNOD" {
		return nil, corrupt(where, "bad signature, want \"SNOD\"")
	}
	if head[4] != 1 {
		return nil, unsupported(where, "symbol table node version %d not supported", head[4])
	}
	n := uint64(le(head[6:8]))
	entry := uint64(2*f.off + 24)
	b, err := f.readAt(addr+8, n*entry)
	if err != nil {
		return nil, within(where, err)
	}
	c := newCursor(b, f)
	links := make([]Link, 0, n)
	for i := uint64(0); i < n; i++ {
		nameOff := c.addr()
		obj := c.addr()
		c.skip(24) // cache type, reserved, scratch pad
		name, err := heap.name(nameOff)
		if err != nil {
			return nil, within(where, err)
		}
		links = append(links, Link{Name: name, Kind: HardLink, addr: obj})
	}
	if !c.ok() {
		return nil, corrupt(where, "truncated")
	}
	return links, nil
}

// chunkKeySize is the size of a v1 B-tree chunk key for a layout of the
// given dimensionality (dataset rank + 1).
func chunkKeySize(ndims int) int { return 8 + 8*ndims }
