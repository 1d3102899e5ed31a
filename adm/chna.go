package adm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// ChnaEntry is one audioID of a chna chunk (ITU-R BS.2088 / EBU Tech
// 3285-s7): a track of the file and the ADM elements it carries.
type ChnaEntry struct {
	// Track is the 1-based track (channel) index in the file.
	Track int
	// UID is the audioTrackUID ("ATU_00000001").
	UID string
	// TrackRef is an audioTrackFormat ID ("AT_00010001_01") or, in the
	// BS.2076-2 direct route, an audioChannelFormat ID ("AC_00010001").
	TrackRef string
	// PackRef is the audioPackFormat ID ("AP_00010002"); may be empty.
	PackRef string
}

// Chna is a parsed chna chunk.
type Chna struct {
	// Tracks is the number of tracks the chunk declares.
	Tracks  int
	Entries []ChnaEntry
}

const chnaEntrySize = 40

// ParseChna decodes a chna chunk payload.
func ParseChna(b []byte) (*Chna, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("adm: chna: %d bytes; a chna chunk has at least 4", len(b))
	}
	c := &Chna{Tracks: int(binary.LittleEndian.Uint16(b[0:]))}
	n := int(binary.LittleEndian.Uint16(b[2:]))
	// Writers may reserve room for more entries than they use; trailing
	// bytes past numUIDs entries are allowed, missing ones are not.
	if len(b)-4 < n*chnaEntrySize {
		return nil, fmt.Errorf("adm: chna: declares %d audio IDs (%d bytes) but holds %d bytes; the chunk is truncated", n, 4+n*chnaEntrySize, len(b))
	}
	for i := 0; i < n; i++ {
		e := b[4+i*chnaEntrySize : 4+(i+1)*chnaEntrySize]
		track := int(binary.LittleEndian.Uint16(e[0:]))
		if track == 0 {
			continue // an unused (reserved) entry
		}
		entry := ChnaEntry{Track: track, UID: cString(e[2:14]), TrackRef: cString(e[14:28]), PackRef: cString(e[28:39])}
		where := fmt.Sprintf("adm: chna: audio ID %d (track %d)", i+1, track)
		if c.Tracks > 0 && track > c.Tracks {
			return nil, fmt.Errorf("%s: track index is above the %d tracks the chunk declares", where, c.Tracks)
		}
		if !validID(entry.UID, "ATU_", 12) {
			return nil, fmt.Errorf("%s: UID %q is not of the form ATU_xxxxxxxx", where, entry.UID)
		}
		switch {
		case validID(entry.TrackRef, "AT_", 14), validID(entry.TrackRef, "AC_", 11):
		default:
			return nil, fmt.Errorf("%s: track reference %q is neither AT_xxxxxxxx_xx nor AC_xxxxxxxx", where, entry.TrackRef)
		}
		if entry.PackRef != "" && !validID(entry.PackRef, "AP_", 11) {
			return nil, fmt.Errorf("%s: pack reference %q is not of the form AP_xxxxxxxx", where, entry.PackRef)
		}
		c.Entries = append(c.Entries, entry)
	}
	return c, nil
}

// cString is the text before the first NUL (and without trailing blanks).
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.TrimRight(string(b), " ")
}

// validID checks an ID of the given prefix and length made of printable
// ASCII.
func validID(s, prefix string, n int) bool {
	if len(s) != n || !strings.HasPrefix(s, prefix) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// Bytes encodes the chunk payload. Track index, UID and references must fit
// their fields (12, 14 and 11 bytes).
func (c *Chna) Bytes() ([]byte, error) {
	if len(c.Entries) > 0xFFFF || c.Tracks > 0xFFFF {
		return nil, fmt.Errorf("adm: chna: %d entries for %d tracks; at most 65535", len(c.Entries), c.Tracks)
	}
	b := make([]byte, 4+chnaEntrySize*len(c.Entries))
	binary.LittleEndian.PutUint16(b[0:], uint16(c.Tracks))
	binary.LittleEndian.PutUint16(b[2:], uint16(len(c.Entries)))
	for i, e := range c.Entries {
		o := b[4+i*chnaEntrySize:]
		if e.Track < 1 || e.Track > 0xFFFF || len(e.UID) > 12 || len(e.TrackRef) > 14 || len(e.PackRef) > 11 {
			return nil, fmt.Errorf("adm: chna: entry %d (%+v) does not fit the chunk's fields", i+1, e)
		}
		binary.LittleEndian.PutUint16(o[0:], uint16(e.Track))
		copy(o[2:14], e.UID)
		copy(o[14:28], e.TrackRef)
		copy(o[28:39], e.PackRef)
	}
	return b, nil
}
