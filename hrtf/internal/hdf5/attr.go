package hdf5

import "strings"

// Attribute is a small named value attached to a group or dataset.
type Attribute struct {
	Name string
	Type Datatype
	// Shape holds the dimensions; nil for a scalar or null dataspace.
	Shape []uint64
	// Null is true for an attribute with a null dataspace (no value).
	Null bool

	f   *File
	n   uint64 // element count
	raw []byte
	why string // non-empty: the value cannot be decoded, and why
}

func (a *Attribute) where() string { return "attribute \"" + a.Name + "\"" }

// Len is the number of elements (1 for a scalar, 0 for a null dataspace).
func (a *Attribute) Len() int { return int(a.n) }

// Float64s converts the value to float64s (fixed-point or floating-point
// types, either byte order).
func (a *Attribute) Float64s() ([]float64, error) {
	if a.why != "" {
		return nil, unsupported(a.where(), "%s not supported", a.why)
	}
	out := make([]float64, a.n)
	return out, within(a.where(), decodeFloats(out, a.raw, a.Type))
}

// Strings returns the value as strings (fixed-length or variable-length).
func (a *Attribute) Strings() ([]string, error) {
	if a.why != "" {
		return nil, unsupported(a.where(), "%s not supported", a.why)
	}
	out, err := decodeStrings(a.f, a.raw, a.n, a.Type)
	return out, within(a.where(), err)
}

// Text returns the value of a string attribute with one element (a null
// attribute reads as ""). Several elements are joined with newlines.
func (a *Attribute) Text() (string, error) {
	s, err := a.Strings()
	if err != nil {
		return "", err
	}
	return strings.Join(s, "\n"), nil
}

func decodeStrings(f *File, raw []byte, n uint64, t Datatype) ([]string, error) {
	if !t.Text() {
		return nil, unsupported("", "cannot read %s values as strings", t)
	}
	if uint64(len(raw)) < n*uint64(t.Size) {
		return nil, corrupt("", "%d bytes of data for %d strings of %d bytes", len(raw), n, t.Size)
	}
	out := make([]string, n)
	for i := range out {
		elem := raw[i*t.Size : (i+1)*t.Size]
		if t.VarString {
			s, err := f.varString(elem)
			if err != nil {
				return nil, err
			}
			f.feature("variable-length string")
			out[i] = s
			continue
		}
		out[i] = fixedString(elem, t.Pad)
	}
	return out, nil
}

// parseAttribute decodes an attribute message (also the body of dense
// attribute objects).
func (f *File) parseAttribute(b []byte) (*Attribute, error) {
	c := newCursor(b, f)
	version := c.u8()
	flags := c.u8()
	nameSize := int(c.u16())
	typeSize := int(c.u16())
	spaceSize := int(c.u16())
	pad := func(n int) int { return n }
	switch version {
	case 1:
		pad = func(n int) int { return (n + 7) &^ 7 }
	case 2:
	case 3:
		c.skip(1) // name character set
	default:
		return nil, unsupported("attribute message", "version %d not supported", version)
	}
	name := c.bytes(pad(nameSize))
	typeBytes := c.bytes(pad(typeSize))
	spaceBytes := c.bytes(pad(spaceSize))
	if !c.ok() || nameSize > len(name) || typeSize > len(typeBytes) || spaceSize > len(spaceBytes) {
		return nil, corrupt("attribute message", "truncated")
	}
	a := &Attribute{f: f, Name: fixedString(name[:nameSize], padNullTerm)}
	if flags&3 != 0 {
		a.why = "shared datatype or dataspace (committed datatype)"
		f.feature("shared attribute datatype")
		return a, nil
	}
	var err error
	if a.Type, err = parseDatatype(typeBytes[:typeSize]); err != nil {
		return nil, within(a.where(), err)
	}
	space, err := parseDataspace(spaceBytes[:spaceSize], f)
	if err != nil {
		return nil, within(a.where(), err)
	}
	a.Shape, a.Null = space.dims, space.null
	count, ok := space.count()
	if !ok || count > uint64(c.remaining())/uint64(a.Type.Size) {
		return nil, corrupt(a.where(), "%d elements of %d bytes in %d bytes of data", count, a.Type.Size, c.remaining())
	}
	a.n = count
	a.raw = c.bytes(int(count) * a.Type.Size)
	a.why = a.Type.why
	f.feature("attribute datatype " + a.Type.kind())
	return a, nil
}

// attributes collects the attributes of an object: attribute messages in
// its header, then dense storage (fractal heap + v2 B-tree name index).
func (f *File) attributes(oh *objectHeader) ([]*Attribute, error) {
	var out []*Attribute
	for i := range oh.msgs {
		m := &oh.msgs[i]
		if m.typ != msgAttribute {
			continue
		}
		if m.flags&msgFlagShared != 0 {
			return nil, unsupported("attribute", "shared attribute messages not supported")
		}
		a, err := f.parseAttribute(m.data)
		if err != nil {
			return nil, err
		}
		f.feature("attribute messages (compact attributes)")
		out = append(out, a)
	}
	m := oh.find(msgAttrInfo)
	if m == nil {
		return out, nil
	}
	c := newCursor(m.data, f)
	if v := c.u8(); v != 0 {
		return nil, unsupported("attribute info", "attribute info message version %d not supported", v)
	}
	flags := c.u8()
	if flags&1 != 0 {
		c.skip(2) // maximum creation index
	}
	heapAddr, nameIndex := c.addr(), c.addr()
	if !c.ok() {
		return nil, corrupt("attribute info", "message truncated")
	}
	if heapAddr == undef {
		return out, nil
	}
	f.feature("dense attribute storage")
	heap, err := f.openFractalHeap(heapAddr)
	if err != nil {
		return nil, within("dense attribute storage", err)
	}
	tree, err := f.openBTree2(nameIndex, bt2AttrName)
	if err != nil {
		return nil, within("dense attribute storage", err)
	}
	err = tree.records(func(rec []byte) error {
		if len(rec) < 9 {
			return corrupt("attribute name index", "record of %d bytes", len(rec))
		}
		if rec[8]&msgFlagShared != 0 {
			return unsupported("attribute", "shared attribute messages not supported")
		}
		obj, err := heap.object(rec[:8])
		if err != nil {
			return err
		}
		a, err := f.parseAttribute(obj)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, within("dense attribute storage", err)
	}
	return out, nil
}

func (f *File) attribute(oh *objectHeader, name string) (*Attribute, error) {
	all, err := f.attributes(oh)
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.Name == name {
			return a, nil
		}
	}
	return nil, newErr(ErrNotFound, "", "no attribute %q", name)
}
