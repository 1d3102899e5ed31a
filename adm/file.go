package adm

import (
	"errors"
	"fmt"

	"immerse/encoders"
)

// FromChunks builds a resolved document from the payloads of a file's
// axml and chna chunks. Either may be nil: without axml, the chna must
// point at BS.2094 common definitions (AT_00010001_01 … with AP_00010017 …);
// without chna, tracks are unknown (Track 0).
func FromChunks(axml, chna []byte) (*Document, error) {
	d := &Document{}
	if axml != nil {
		var err error
		if d, err = ParseAXML(axml); err != nil {
			return nil, err
		}
	}
	var c *Chna
	if chna != nil {
		var err error
		if c, err = ParseChna(chna); err != nil {
			return nil, err
		}
	}
	if err := d.Resolve(c); err != nil {
		return nil, err
	}
	return d, nil
}

// ReadFile reads the ADM metadata of a BW64/RF64/WAV file (the audio is
// left for the caller to stream with encoders.Open). It fails for a file
// without a chna chunk, and for chna entries naming tracks the file lacks.
func ReadFile(path string) (*Document, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return ReadFrom(r, path)
}

// ReadFrom is ReadFile for an open reader; name is used in errors.
func ReadFrom(r encoders.Reader, name string) (*Document, error) {
	chna, err := r.ReadChunk("chna")
	if errors.Is(err, encoders.ErrNoChunk) {
		return nil, fmt.Errorf("adm: %s: no chna chunk, so the file says nothing about its tracks; it is not an ADM BW64 file", name)
	}
	if err != nil {
		return nil, err
	}
	axml, err := r.ReadChunk("axml")
	if errors.Is(err, encoders.ErrNoChunk) {
		axml, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	d, err := FromChunks(axml, chna)
	if err != nil && axml == nil {
		// A file cut short loses its trailing axml chunk with it.
		return nil, fmt.Errorf("%w (in %s, which has no axml chunk: is it truncated?)", err, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, name)
	}
	for _, u := range d.TrackUIDs {
		if u.Track > r.Channels() {
			return nil, fmt.Errorf("adm: %s: chna puts audioTrackUID %s on track %d but the file has %d channels", name, u.ID, u.Track, r.Channels())
		}
	}
	return d, nil
}
