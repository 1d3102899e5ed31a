package hdf5

import (
	"strings"
)

// LinkKind tells what a link points to.
type LinkKind int

// Kinds of link.
const (
	HardLink     LinkKind = 0
	SoftLink     LinkKind = 1
	ExternalLink LinkKind = 64
)

// Link is a named member of a group.
type Link struct {
	Name string
	Kind LinkKind
	// Target is the path of a soft link.
	Target string
	addr   uint64
}

// Group is an HDF5 group.
type Group struct {
	f    *File
	path string
	oh   *objectHeader
}

// Root returns the root group "/".
func (f *File) Root() (*Group, error) {
	oh, err := f.objectHeader(f.rootAddr)
	if err != nil {
		return nil, within("root group", err)
	}
	return &Group{f: f, path: "/", oh: oh}, nil
}

// Path is the group's absolute path.
func (g *Group) Path() string { return g.path }

func (g *Group) where() string { return "group \"" + g.path + "\"" }

func joinPath(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// Links lists the group's members in storage order (name order for
// indexed groups).
func (g *Group) Links() ([]Link, error) {
	links, err := g.links()
	return links, within(g.where(), err)
}

func (g *Group) links() ([]Link, error) {
	f := g.f
	if m := g.oh.find(msgSymbolTable); m != nil {
		return f.symbolTableLinks(m)
	}
	var links []Link
	for i := range g.oh.msgs {
		m := &g.oh.msgs[i]
		if m.typ != msgLink {
			continue
		}
		f.feature("link messages (compact group)")
		l, err := parseLink(m.data, f)
		if err != nil {
			return nil, err
		}
		links = append(links, l)
	}
	if m := g.oh.find(msgLinkInfo); m != nil {
		c := newCursor(m.data, f)
		if v := c.u8(); v != 0 {
			return nil, unsupported("link info", "link info message version %d not supported", v)
		}
		flags := c.u8()
		if flags&1 != 0 {
			c.skip(8) // maximum creation index
		}
		heapAddr, nameIndex := c.addr(), c.addr()
		if !c.ok() {
			return nil, corrupt("link info", "message truncated")
		}
		if heapAddr != undef {
			f.feature("dense link storage")
			dense, err := f.denseLinks(heapAddr, nameIndex)
			if err != nil {
				return nil, within("dense link storage", err)
			}
			links = append(links, dense...)
		}
	}
	return links, nil
}

func (f *File) denseLinks(heapAddr, nameIndex uint64) ([]Link, error) {
	heap, err := f.openFractalHeap(heapAddr)
	if err != nil {
		return nil, err
	}
	tree, err := f.openBTree2(nameIndex, bt2LinkName)
	if err != nil {
		return nil, err
	}
	var links []Link
	err = tree.records(func(rec []byte) error {
		if len(rec) < 5 {
			return corrupt("link name index", "record of %d bytes", len(rec))
		}
		obj, err := heap.object(rec[4:])
		if err != nil {
			return err
		}
		l, err := parseLink(obj, f)
		if err != nil {
			return err
		}
		links = append(links, l)
		return nil
	})
	return links, err
}

// parseLink decodes a link message (also the body of dense link objects).
func parseLink(b []byte, f *File) (Link, error) {
	c := newCursor(b, f)
	var l Link
	if v := c.u8(); v != 1 {
		return l, unsupported("link message", "version %d not supported", v)
	}
	flags := c.u8()
	if flags&0x08 != 0 {
		l.Kind = LinkKind(c.u8())
	}
	if flags&0x04 != 0 {
		c.skip(8) // creation order
	}
	if flags&0x10 != 0 {
		c.skip(1) // name character set
	}
	n := c.uvar(1 << (flags & 3))
	if n > uint64(c.remaining()) {
		return l, corrupt("link message", "name of %d bytes in a %d-byte message", n, len(b))
	}
	l.Name = string(c.bytes(int(n)))
	switch l.Kind {
	case HardLink:
		l.addr = c.addr()
	case SoftLink:
		m := int(c.u16())
		l.Target = string(c.bytes(m))
	case ExternalLink:
		c.skip(c.remaining())
	default:
		c.skip(c.remaining())
	}
	if !c.ok() {
		return l, corrupt("link message", "truncated")
	}
	return l, nil
}

// maxPathDepth bounds path lookups (soft links may chain).
const maxPathDepth = 32

// lookup resolves a relative or absolute path to an object header.
func (g *Group) lookup(path string, depth int) (*objectHeader, string, error) {
	if depth > maxPathDepth {
		return nil, "", corrupt(g.where(), "path %q: more than %d levels or soft links", path, maxPathDepth)
	}
	cur := g
	if strings.HasPrefix(path, "/") {
		root, err := g.f.Root()
		if err != nil {
			return nil, "", err
		}
		cur = root
	}
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	if len(parts) == 0 {
		return cur.oh, cur.path, nil
	}
	for i, name := range parts {
		links, err := cur.links()
		if err != nil {
			return nil, "", within(cur.where(), err)
		}
		var found *Link
		for j := range links {
			if links[j].Name == name {
				found = &links[j]
				break
			}
		}
		if found == nil {
			return nil, "", newErr(ErrNotFound, cur.where(), "no member %q", name)
		}
		full := joinPath(cur.path, name)
		var oh *objectHeader
		switch found.Kind {
		case HardLink:
			oh, err = g.f.objectHeader(found.addr)
			if err != nil {
				return nil, "", within("object \""+full+"\"", err)
			}
		case SoftLink:
			g.f.feature("soft link")
			oh, _, err = cur.lookup(found.Target, depth+1)
			if err != nil {
				return nil, "", within("soft link \""+full+"\"", err)
			}
		default:
			return nil, "", unsupported("link \""+full+"\"", "external links not supported")
		}
		if i == len(parts)-1 {
			return oh, full, nil
		}
		if oh.find(msgSymbolTable) == nil && oh.find(msgLinkInfo) == nil && oh.find(msgLink) == nil {
			return nil, "", newErr(ErrNotFound, "object \""+full+"\"", "is not a group")
		}
		cur = &Group{f: g.f, path: full, oh: oh}
	}
	return nil, "", nil // unreachable
}

// Group opens the group at path (relative to g, or absolute).
func (g *Group) Group(path string) (*Group, error) {
	oh, full, err := g.lookup(path, 0)
	if err != nil {
		return nil, err
	}
	if oh.find(msgLayout) != nil {
		return nil, newErr(ErrNotFound, "object \""+full+"\"", "is a dataset, not a group")
	}
	return &Group{f: g.f, path: full, oh: oh}, nil
}

// Dataset opens the dataset at path (relative to g, or absolute).
func (g *Group) Dataset(path string) (*Dataset, error) {
	oh, full, err := g.lookup(path, 0)
	if err != nil {
		return nil, err
	}
	return g.f.openDataset(oh, full)
}

// Attrs returns the group's attributes.
func (g *Group) Attrs() ([]*Attribute, error) {
	a, err := g.f.attributes(g.oh)
	return a, within(g.where(), err)
}

// Attr returns the attribute called name.
func (g *Group) Attr(name string) (*Attribute, error) {
	a, err := g.f.attribute(g.oh, name)
	return a, within(g.where(), err)
}
