package hdf5

import "fmt"

// Object header message types used by this reader.
const (
	msgNil          = 0x0000
	msgDataspace    = 0x0001
	msgLinkInfo     = 0x0002
	msgDatatype     = 0x0003
	msgFillOld      = 0x0004
	msgFill         = 0x0005
	msgLink         = 0x0006
	msgExternal     = 0x0007
	msgLayout       = 0x0008
	msgFilters      = 0x000B
	msgAttribute    = 0x000C
	msgContinuation = 0x0010
	msgSymbolTable  = 0x0011
	msgAttrInfo     = 0x0015
)

// Message flag bits.
const (
	msgFlagShared = 0x02
)

// Limits on object headers of hostile files.
const (
	maxHeaderChunks = 4096 // continuation blocks per object header
)

type message struct {
	typ   uint16
	flags uint8
	data  []byte
}

type objectHeader struct {
	addr    uint64
	version int
	msgs    []message
	// orderFlag: version-2 messages carry a 2-byte creation order.
	orderFlag bool
}

// find returns the first message of type typ, or nil.
func (h *objectHeader) find(typ uint16) *message {
	for i := range h.msgs {
		if h.msgs[i].typ == typ {
			return &h.msgs[i]
		}
	}
	return nil
}

// objectHeader reads the object header at addr with all its continuation
// blocks.
func (f *File) objectHeader(addr uint64) (*objectHeader, error) {
	where := "object header at " + hexAddr(addr)
	if addr == undef {
		return nil, corrupt("object header", "address is undefined")
	}
	prefix, err := f.readUpTo(addr, 48)
	if err != nil {
		return nil, within(where, err)
	}
	h := &objectHeader{addr: addr}
	var pending [][2]uint64 // continuation blocks: address, length
	if len(prefix) >= 4 && string(prefix[:4]) == "OHDR" {
		h.version = 2
		pending, err = f.headerV2(h, prefix)
	} else if len(prefix) >= 1 && prefix[0] == 1 {
		h.version = 1
		pending, err = f.headerV1(h, prefix)
	} else if len(prefix) >= 1 {
		return nil, corrupt(where, "no object header here (first byte %#x is neither version 1 nor an \"OHDR\" signature)", prefix[0])
	}
	if err != nil {
		return nil, within(where, err)
	}
	f.feature(fmt.Sprintf("object header v%d", h.version))
	seen := map[uint64]bool{}
	for n := 0; len(pending) > 0; n++ {
		if n >= maxHeaderChunks {
			return nil, corrupt(where, "more than %d continuation blocks", maxHeaderChunks)
		}
		cont := pending[0]
		pending = pending[1:]
		if seen[cont[0]] {
			return nil, corrupt(where, "continuation block at %#x is referenced twice (cycle)", cont[0])
		}
		seen[cont[0]] = true
		f.feature("object header continuation")
		b, err := f.readAt(cont[0], cont[1])
		if err != nil {
			return nil, within(where+": continuation block", err)
		}
		more, err := f.parseMessages(h, b, cont[0])
		if err != nil {
			return nil, within(where, err)
		}
		pending = append(pending, more...)
	}
	return h, nil
}

// headerV1 parses a version-1 object header: a 16-byte prefix, then
// 8-byte-aligned messages.
func (f *File) headerV1(h *objectHeader, prefix []byte) ([][2]uint64, error) {
	if len(prefix) < 16 {
		return nil, corrupt("", "version-1 prefix truncated")
	}
	size := le(prefix[8:12])
	b, err := f.readAt(h.addr+16, size)
	if err != nil {
		return nil, err
	}
	return f.parseMessages(h, b, h.addr+16)
}

// headerV2 parses an "OHDR" header: prefix, chunk 0, checksum.
func (f *File) headerV2(h *objectHeader, prefix []byte) ([][2]uint64, error) {
	c := &cursor{b: prefix, pos: 4}
	if v := c.u8(); v != 2 {
		return nil, unsupported("", "\"OHDR\" version %d not supported", v)
	}
	flags := c.u8()
	if flags&0x20 != 0 {
		c.skip(16) // access, modification, change, birth times
	}
	if flags&0x10 != 0 {
		c.skip(4) // attribute phase change values
	}
	size := c.uvar(1 << (flags & 3))
	if !c.ok() {
		return nil, corrupt("", "prefix truncated")
	}
	start := uint64(c.pos)
	if size > uint64(f.size) {
		return nil, corrupt("", "chunk size %d exceeds the file size", size)
	}
	b, err := f.readAt(h.addr, start+size+4)
	if err != nil {
		return nil, err
	}
	if !checkSum(b, int(start+size)) {
		return nil, corrupt("", "checksum mismatch")
	}
	h.orderFlag = flags&0x04 != 0
	return f.parseMessages2(h, b[start:start+size])
}

// parseMessages parses a chunk of messages: version-1 layout for version-1
// headers, "OCHK" blocks for version-2 headers.
func (f *File) parseMessages(h *objectHeader, b []byte, addr uint64) ([][2]uint64, error) {
	if h.version == 2 {
		if len(b) < 8 || string(b[:4]) != "OCHK" {
			return nil, corrupt("", "continuation block at %#x has no \"OCHK\" signature", addr)
		}
		if !checkSum(b, len(b)-4) {
			return nil, corrupt("", "continuation block at %#x: checksum mismatch", addr)
		}
		// OCHK blocks lay messages out like chunk 0, creation order and all.
		return f.parseMessages2(h, b[4:len(b)-4])
	}
	var cont [][2]uint64
	c := newCursor(b, f)
	for c.remaining() >= 8 {
		typ := c.u16()
		size := int(c.u16())
		flags := c.u8()
		c.skip(3)
		data := c.bytes(size)
		if !c.ok() {
			return nil, corrupt("", "message type %#x of %d bytes runs past its header chunk", typ, size)
		}
		next, err := f.addMessage(h, typ, flags, data)
		if err != nil {
			return nil, err
		}
		cont = append(cont, next...)
	}
	return cont, nil
}

// parseMessages2 parses the messages of a version-2 header chunk.
func (f *File) parseMessages2(h *objectHeader, b []byte) ([][2]uint64, error) {
	order := h.orderFlag
	hdr := 4
	if order {
		hdr = 6
	}
	var cont [][2]uint64
	c := newCursor(b, f)
	for c.remaining() >= hdr {
		typ := uint16(c.u8())
		size := int(c.u16())
		flags := c.u8()
		if order {
			c.skip(2)
		}
		data := c.bytes(size)
		if !c.ok() {
			return nil, corrupt("", "message type %#x of %d bytes runs past its header chunk", typ, size)
		}
		next, err := f.addMessage(h, typ, flags, data)
		if err != nil {
			return nil, err
		}
		cont = append(cont, next...)
	}
	return cont, nil
}

func (f *File) addMessage(h *objectHeader, typ uint16, flags uint8, data []byte) ([][2]uint64, error) {
	switch typ {
	case msgNil:
		return nil, nil
	case msgContinuation:
		c := newCursor(data, f)
		a, n := c.addr(), c.length()
		if !c.ok() {
			return nil, corrupt("", "continuation message truncated")
		}
		if !f.fits(a, n) || n < 4 {
			return nil, corrupt("", "continuation block of %d bytes at %#x lies outside the file", n, a)
		}
		return [][2]uint64{{a, n}}, nil
	}
	h.msgs = append(h.msgs, message{typ: typ, flags: flags, data: data})
	return nil, nil
}
