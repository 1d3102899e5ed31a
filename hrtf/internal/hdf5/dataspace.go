package hdf5

// maxRank is HDF5's largest dataspace rank.
const maxRank = 32

type dataspace struct {
	null bool     // no elements at all
	dims []uint64 // nil for a scalar
}

// count is the number of elements, or ok=false on overflow.
func (s dataspace) count() (uint64, bool) {
	if s.null {
		return 0, true
	}
	n := uint64(1)
	for _, d := range s.dims {
		if d != 0 && n > ^uint64(0)/d {
			return 0, false
		}
		n *= d
	}
	return n, true
}

func parseDataspace(b []byte, f *File) (dataspace, error) {
	c := newCursor(b, f)
	version := c.u8()
	rank := int(c.u8())
	flags := c.u8()
	var s dataspace
	switch version {
	case 1:
		c.skip(5)
	case 2:
		switch c.u8() {
		case 0: // scalar
			rank = 0
		case 1: // simple
		case 2:
			s.null = true
			rank = 0
		default:
			return s, corrupt("dataspace", "unknown dataspace type")
		}
	default:
		return s, unsupported("dataspace", "dataspace message version %d not supported", version)
	}
	if rank > maxRank {
		return s, corrupt("dataspace", "rank %d exceeds %d", rank, maxRank)
	}
	if rank > 0 {
		s.dims = make([]uint64, rank)
		for i := range s.dims {
			s.dims[i] = c.length()
		}
	}
	if flags&1 != 0 {
		c.skip(rank * f.ln) // maximum dimensions
	}
	if !c.ok() {
		return s, corrupt("dataspace", "message truncated")
	}
	return s, nil
}
