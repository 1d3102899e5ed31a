// Package hdf5test builds tiny HDF5 files for tests: a version-2
// superblock, version-2 object headers, compact links, attribute messages
// and compact or contiguous datasets. Tests use it to make SOFA files with
// chosen contents (and deliberately broken ones) without binary fixtures;
// a test in package hdf5 checks its output with h5dump.
package hdf5test

import (
	"encoding/binary"
	"math"

	"immerse/hrtf/internal/hdf5"
)

// Type is an element type for Dataset.
type Type int

// Element types.
const (
	F64LE Type = iota
	F64BE
	F32LE
	F32BE
	I8
	U8
	I16LE
	I16BE
	I32LE
	I32BE
	I64LE
	U64BE
)

type typeInfo struct {
	size   int
	float  bool
	big    bool
	signed bool
}

var types = map[Type]typeInfo{
	F64LE: {8, true, false, true}, F64BE: {8, true, true, true},
	F32LE: {4, true, false, true}, F32BE: {4, true, true, true},
	I8: {1, false, false, true}, U8: {1, false, false, false},
	I16LE: {2, false, false, true}, I16BE: {2, false, true, true},
	I32LE: {4, false, false, true}, I32BE: {4, false, true, true},
	I64LE: {8, false, false, true}, U64BE: {8, false, true, false},
}

// Group is a group under construction.
type Group struct {
	name     string
	attrs    [][]byte
	groups   []*Group
	datasets []*Dataset
}

// Dataset is a dataset under construction.
type Dataset struct {
	name    string
	typ     Type
	shape   []int
	data    []byte
	attrs   [][]byte
	compact bool
	layout  []byte   // replaces the layout message when set
	extra   [][]byte // extra raw messages: type byte, then data
	chunk   []int    // chunk shape; nil: contiguous
	missing map[int]bool
	deflate bool
	fill    []byte
}

// NewRoot returns an empty root group.
func NewRoot() *Group { return &Group{name: "/"} }

// Group adds a subgroup.
func (g *Group) Group(name string) *Group {
	c := &Group{name: name}
	g.groups = append(g.groups, c)
	return c
}

// Dataset adds a dataset of the given type and shape (nil: scalar) with
// values converted to that type.
func (g *Group) Dataset(name string, t Type, shape []int, values []float64) *Dataset {
	d := &Dataset{name: name, typ: t, shape: shape, data: encode(t, values)}
	g.datasets = append(g.datasets, d)
	return d
}

// Attr adds an attribute: a string becomes a scalar fixed-length string,
// a float64 a scalar float64, a []float64 a 1-D float64 array.
func (g *Group) Attr(name string, value any) *Group {
	g.attrs = append(g.attrs, attribute(name, value))
	return g
}

// Attr adds an attribute to the dataset (see Group.Attr).
func (d *Dataset) Attr(name string, value any) *Dataset {
	d.attrs = append(d.attrs, attribute(name, value))
	return d
}

// Compact stores the data inside the object header.
func (d *Dataset) Compact() *Dataset { d.compact = true; return d }

// Chunked stores the data in chunks of the given shape, indexed by a
// version-1 B-tree (layout message version 3). The chunks numbered in
// missing (row-major over the chunk grid) are not written: they read as
// the fill value.
func (d *Dataset) Chunked(chunk []int, missing ...int) *Dataset {
	d.chunk = chunk
	d.missing = map[int]bool{}
	for _, i := range missing {
		d.missing[i] = true
	}
	return d
}

// Deflate compresses the chunks with the deflate filter (level 6).
func (d *Dataset) Deflate() *Dataset { d.deflate = true; return d }

// Fill sets the dataset's fill value.
func (d *Dataset) Fill(v float64) *Dataset { d.fill = encode(d.typ, []float64{v}); return d }

// RawLayout replaces the data layout message body.
func (d *Dataset) RawLayout(b []byte) *Dataset { d.layout = b; return d }

// RawMessage adds a message of type typ with body b to the header.
func (d *Dataset) RawMessage(typ uint8, b []byte) *Dataset {
	d.extra = append(d.extra, append([]byte{typ}, b...))
	return d
}

func encode(t Type, v []float64) []byte {
	ti := types[t]
	var order binary.ByteOrder = binary.LittleEndian
	if ti.big {
		order = binary.BigEndian
	}
	b := make([]byte, ti.size*len(v))
	for i, x := range v {
		p := b[i*ti.size:]
		switch {
		case ti.float && ti.size == 8:
			order.PutUint64(p, math.Float64bits(x))
		case ti.float:
			order.PutUint32(p, math.Float32bits(float32(x)))
		case ti.size == 1:
			p[0] = byte(int64(x))
		case ti.size == 2:
			order.PutUint16(p, uint16(int64(x)))
		case ti.size == 4:
			order.PutUint32(p, uint32(int64(x)))
		default:
			if ti.signed {
				order.PutUint64(p, uint64(int64(x)))
			} else {
				order.PutUint64(p, uint64(x))
			}
		}
	}
	return b
}

func u16(v int) []byte    { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte    { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// datatype encodes a datatype message body.
func datatype(t Type) []byte {
	ti := types[t]
	order := byte(0)
	if ti.big {
		order = 1
	}
	if ti.float {
		if ti.size == 8 {
			return cat([]byte{0x11, 0x20 | order, 63, 0}, u32(8), u16(0), u16(64), []byte{52, 11, 0, 52}, u32(1023))
		}
		return cat([]byte{0x11, 0x20 | order, 31, 0}, u32(4), u16(0), u16(32), []byte{23, 8, 0, 23}, u32(127))
	}
	signed := byte(0)
	if ti.signed {
		signed = 8
	}
	return cat([]byte{0x10, order | signed, 0, 0}, u32(ti.size), u16(0), u16(8*ti.size))
}

func stringType(n int) []byte { return cat([]byte{0x13, 0, 0, 0}, u32(n)) }

// dataspace encodes a version-2 dataspace; nil shape is a scalar.
func dataspace(shape []int) []byte {
	if shape == nil {
		return []byte{2, 0, 0, 0}
	}
	b := []byte{2, byte(len(shape)), 0, 1}
	for _, d := range shape {
		b = append(b, u64(uint64(d))...)
	}
	return b
}

func attribute(name string, value any) []byte {
	var dt, ds, data []byte
	switch v := value.(type) {
	case string:
		n := len(v) + 1
		dt, ds, data = stringType(n), dataspace(nil), append([]byte(v), 0)
	case float64:
		dt, ds, data = datatype(F64LE), dataspace(nil), encode(F64LE, []float64{v})
	case []float64:
		dt, ds, data = datatype(F64LE), dataspace([]int{len(v)}), encode(F64LE, v)
	default:
		panic("hdf5test: unsupported attribute value type")
	}
	nm := append([]byte(name), 0)
	return cat([]byte{3, 0}, u16(len(nm)), u16(len(dt)), u16(len(ds)), []byte{0}, nm, dt, ds, data)
}

func message(typ byte, body []byte) []byte {
	return cat([]byte{typ}, u16(len(body)), []byte{0}, body)
}

// header wraps messages into an "OHDR" object header with its checksum.
func header(msgs []byte) []byte {
	b := cat([]byte("OHDR"), []byte{2, 2}, u32(len(msgs)), msgs)
	return append(b, u32(int(hdf5.Checksum(b)))...)
}

type object struct {
	build func(addr map[any]uint64, dataAddr uint64) []byte
	key   any
	// data returns the object's raw data placed at dataAddr; its length
	// does not depend on the address.
	data func(dataAddr uint64) []byte
}

// Bytes lays out and encodes the file.
func (g *Group) Bytes() []byte {
	var objs []*object
	var collect func(g *Group)
	collect = func(g *Group) {
		grp := g
		objs = append(objs, &object{key: grp, build: func(addr map[any]uint64, _ uint64) []byte {
			// Link info (no dense storage) and group info mark a
			// new-style group for libhdf5.
			msgs := cat(message(2, cat([]byte{0, 0}, u64(^uint64(0)), u64(^uint64(0)))), message(10, []byte{0, 0}))
			link := func(name string, a uint64) {
				msgs = append(msgs, message(6, cat([]byte{1, 0, byte(len(name))}, []byte(name), u64(a)))...)
			}
			for _, c := range grp.groups {
				link(c.name, addr[c])
			}
			for _, d := range grp.datasets {
				link(d.name, addr[d])
			}
			for _, a := range grp.attrs {
				msgs = append(msgs, message(12, a)...)
			}
			return header(msgs)
		}})
		for _, c := range g.groups {
			collect(c)
		}
		for _, d := range g.datasets {
			ds := d
			o := &object{key: ds}
			switch {
			case ds.chunk != nil:
				o.data = ds.chunkedData
			case !ds.compact && ds.layout == nil:
				o.data = func(uint64) []byte { return ds.data }
			}
			o.build = func(_ map[any]uint64, dataAddr uint64) []byte {
				msgs := cat(message(1, dataspace(ds.shape)), message(3, datatype(ds.typ)))
				switch {
				case ds.layout != nil:
					msgs = append(msgs, message(8, ds.layout)...)
				case ds.chunk != nil:
					l := cat([]byte{3, 2, byte(len(ds.chunk) + 1)}, u64(dataAddr))
					for _, c := range ds.chunk {
						l = append(l, u32(c)...)
					}
					msgs = append(msgs, message(8, append(l, u32(types[ds.typ].size)...))...)
					if ds.deflate {
						msgs = append(msgs, message(11, cat([]byte{2, 1}, u16(1), u16(0), u16(1), u32(6)))...)
					}
				case ds.compact:
					msgs = append(msgs, message(8, cat([]byte{3, 0}, u16(len(ds.data)), ds.data))...)
				default:
					msgs = append(msgs, message(8, cat([]byte{3, 1}, u64(dataAddr), u64(uint64(len(ds.data)))))...)
				}
				if ds.fill != nil {
					msgs = append(msgs, message(5, cat([]byte{3, 0x20 | 2}, u32(len(ds.fill)), ds.fill))...)
				}
				for _, e := range ds.extra {
					msgs = append(msgs, message(e[0], e[1:])...)
				}
				for _, a := range ds.attrs {
					msgs = append(msgs, message(12, a)...)
				}
				return header(msgs)
			}
			objs = append(objs, o)
		}
	}
	collect(g)
	const sbSize = 48
	addr := map[any]uint64{}
	dataAddr := map[*object]uint64{}
	// Sizes do not depend on addresses (all are 8 bytes): lay out once.
	pos := uint64(sbSize)
	for _, o := range objs {
		addr[o.key] = pos
		pos += uint64(len(o.build(addr, 0)))
	}
	for _, o := range objs {
		if o.data != nil {
			dataAddr[o] = pos
			pos += uint64(len(o.data(pos)))
		}
	}
	out := cat([]byte("\x89HDF\r\n\x1a\n"), []byte{2, 8, 8, 0}, u64(0), u64(^uint64(0)), u64(pos), u64(addr[g]))
	out = append(out, u32(int(hdf5.Checksum(out)))...)
	for _, o := range objs {
		out = append(out, o.build(addr, dataAddr[o])...)
	}
	for _, o := range objs {
		if o.data != nil {
			out = append(out, o.data(dataAddr[o])...)
		}
	}
	return out
}
