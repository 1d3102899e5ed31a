package hdf5

import "fmt"

// Dataset is an HDF5 dataset: a typed, shaped array of elements.
type Dataset struct {
	// Path is the dataset's absolute path ("/Data.IR").
	Path string
	// Type is the element type.
	Type Datatype
	// Shape holds the dimensions, slowest first; nil for a scalar.
	Shape []uint64

	f       *File
	oh      *objectHeader
	null    bool
	count   uint64
	layout  *layout
	filters []filter
	fill    []byte
}

func (d *Dataset) where() string { return "dataset \"" + d.Path + "\"" }

func (f *File) openDataset(oh *objectHeader, path string) (*Dataset, error) {
	d := &Dataset{Path: path, f: f, oh: oh}
	where := d.where()
	need := func(typ uint16, what string) (*message, error) {
		m := oh.find(typ)
		if m == nil {
			return nil, newErr(ErrNotFound, where, "is not a dataset (no %s message)", what)
		}
		if m.flags&msgFlagShared != 0 {
			return nil, unsupported(where, "shared %s message (committed or SOHM) not supported", what)
		}
		return m, nil
	}
	m, err := need(msgLayout, "data layout")
	if err != nil {
		return nil, err
	}
	if d.layout, err = parseLayout(m.data, f); err != nil {
		return nil, within(where, err)
	}
	if m, err = need(msgDatatype, "datatype"); err != nil {
		return nil, err
	}
	if d.Type, err = parseDatatype(m.data); err != nil {
		return nil, within(where, err)
	}
	if m, err = need(msgDataspace, "dataspace"); err != nil {
		return nil, err
	}
	space, err := parseDataspace(m.data, f)
	if err != nil {
		return nil, within(where, err)
	}
	d.Shape, d.null = space.dims, space.null
	var ok bool
	if d.count, ok = space.count(); !ok {
		return nil, corrupt(where, "dimensions %v overflow", d.Shape)
	}
	if m := oh.find(msgFilters); m != nil {
		if d.filters, err = parseFilters(m.data); err != nil {
			return nil, within(where, err)
		}
	}
	if m := oh.find(msgFill); m != nil {
		d.fill, err = parseFill(m, false)
	} else if m := oh.find(msgFillOld); m != nil {
		d.fill, err = parseFill(m, true)
	}
	if err != nil {
		return nil, within(where, err)
	}
	if len(d.fill) != d.Type.Size {
		d.fill = nil // zero fill
	}
	if oh.find(msgExternal) != nil {
		return nil, unsupported(where, "external data files not supported")
	}
	f.feature("datatype " + d.Type.kind())
	f.feature("layout " + d.layout.describe())
	for _, fl := range d.filters {
		f.feature(fl.String())
	}
	return d, nil
}

// Len is the number of elements.
func (d *Dataset) Len() uint64 { return d.count }

// Storage describes how the dataset is stored, for diagnostics:
// "chunked (v1 B-tree) [355 1 256] filter 2 (shuffle), filter 1 (deflate)".
func (d *Dataset) Storage() string {
	s := d.layout.describe()
	if d.layout.class == layoutChunked {
		s += fmt.Sprint(" ", d.layout.chunk)
	}
	for i, fl := range d.filters {
		if i == 0 {
			s += " "
		} else {
			s += ", "
		}
		s += fl.String()
	}
	return s
}

// Attrs returns the dataset's attributes.
func (d *Dataset) Attrs() ([]*Attribute, error) {
	a, err := d.f.attributes(d.oh)
	return a, within(d.where(), err)
}

// Attr returns the dataset's attribute called name.
func (d *Dataset) Attr(name string) (*Attribute, error) {
	a, err := d.f.attribute(d.oh, name)
	return a, within(d.where(), err)
}

// Raw returns the elements as stored (file byte order), row-major.
func (d *Dataset) Raw() ([]byte, error) {
	b, err := d.raw()
	return b, within(d.where(), err)
}

func (d *Dataset) raw() ([]byte, error) {
	f := d.f
	esize := uint64(d.Type.Size)
	// The limit also covers the float64 copy callers make of numbers.
	if d.count > f.decodeLimit()/max(esize, 8) {
		return nil, newErr(ErrTooLarge, "", "%d elements of %d bytes exceed the limit of %d bytes for this file", d.count, esize, f.decodeLimit())
	}
	total := d.count * esize
	switch d.layout.class {
	case layoutCompact:
		if uint64(len(d.layout.compact)) < total {
			return nil, corrupt("", "compact data has %d bytes, want %d", len(d.layout.compact), total)
		}
		return append([]byte(nil), d.layout.compact[:total]...), nil
	case layoutContiguous:
		if d.layout.addr == undef {
			return d.filled(total), nil
		}
		if d.layout.size < total {
			return nil, corrupt("", "contiguous storage of %d bytes, want %d", d.layout.size, total)
		}
		return f.readAt(d.layout.addr, total)
	case layoutChunked:
		return d.readChunked(total)
	}
	return nil, unsupported("", "data layout class %d not supported", d.layout.class)
}

// filled returns n bytes holding the fill value.
func (d *Dataset) filled(n uint64) []byte {
	b := make([]byte, n)
	if d.fill != nil {
		for i := 0; i+len(d.fill) <= len(b); i += len(d.fill) {
			copy(b[i:], d.fill)
		}
	}
	return b
}

// Float64s reads all elements converted to float64, row-major.
func (d *Dataset) Float64s() ([]float64, error) {
	if !d.Type.Numeric() {
		return nil, unsupported(d.where(), "cannot read %s values as numbers", d.Type)
	}
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	out := make([]float64, d.count)
	return out, within(d.where(), decodeFloats(out, raw, d.Type))
}

// Float32s reads all elements converted to float32, row-major.
func (d *Dataset) Float32s() ([]float32, error) {
	if !d.Type.Numeric() {
		return nil, unsupported(d.where(), "cannot read %s values as numbers", d.Type)
	}
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	out := make([]float32, d.count)
	return out, within(d.where(), decodeFloats(out, raw, d.Type))
}

// Strings reads all elements of a string dataset.
func (d *Dataset) Strings() ([]string, error) {
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	out, err := decodeStrings(d.f, raw, d.count, d.Type)
	return out, within(d.where(), err)
}
