package encoders

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Limits that keep hostile headers from costing memory or time.
const (
	maxChunks     = 4096      // chunks listed per file
	maxChunkRead  = 256 << 20 // ReadChunk refuses bigger payloads
	maxSampleRate = 1 << 24   // 16.7 MHz; anything above is a corrupt header
)

// wavHeader is the parsed header of a WAV-family file.
type wavHeader struct {
	container  Container
	format     Format
	kind       sampleKind
	blockAlign int
	chunks     []ChunkInfo
	dataOff    int64 // file offset of the first sample
	dataSize   int64 // bytes of sample data present in the file
	frames     int64 // whole frames present
	truncated  bool  // the data chunk declares more bytes than the file has
}

// ds64 holds the 64-bit sizes of an RF64/BW64 file (EBU Tech 3306 §3).
type ds64 struct {
	riff, data, samples uint64
	table               map[string]uint64 // other chunks over 4 GiB
}

// readAt reads len(b) bytes at offset off of r.
func readAt(r io.ReadSeeker, off int64, b []byte) error {
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		return err
	}
	_, err := io.ReadFull(r, b)
	return err
}

// validID reports whether id looks like a RIFF chunk ID (printable ASCII).
func validID(id []byte) bool {
	for _, c := range id {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// parseWAV reads the headers of a RIFF/RF64/BW64 WAVE file of fileSize
// bytes: the chunk list, ds64 and fmt. It never reads the sample data.
func parseWAV(r io.ReadSeeker, fileSize int64, name string) (*wavHeader, error) {
	var b [12]byte
	if fileSize < 12 {
		return nil, errorf(ErrTruncated, name, "file is %d bytes, too short for a RIFF/WAVE header (12 bytes); it is truncated or not a WAV file", fileSize)
	}
	if err := readAt(r, 0, b[:]); err != nil {
		return nil, wrapf(nil, err, name, "reading the RIFF header")
	}
	h := &wavHeader{}
	switch string(b[0:4]) {
	case "RIFF":
		h.container = WAV
	case "RF64":
		h.container = RF64
	case "BW64":
		h.container = BW64
	default:
		return nil, errorf(ErrUnknownFormat, name, "file starts with %q, not RIFF, RF64, BW64 or fLaC; it is not a WAV or FLAC file", b[0:4])
	}
	if string(b[8:12]) != "WAVE" {
		return nil, errorf(ErrUnknownFormat, name, "RIFF form type is %q, not \"WAVE\"; the file is not a WAV file", b[8:12])
	}
	limit := fileSize // where the RIFF says it ends, if it says so sensibly
	if rs := int64(binary.LittleEndian.Uint32(b[4:8])); h.container == WAV && rs >= 4 && rs != 0xFFFFFFFF && 8+rs < fileSize {
		limit = 8 + rs
	}
	var ds *ds64
	var haveFmt, haveData bool
	var declared int64 // data bytes the header declares
	for off := int64(12); off+8 <= fileSize; {
		if off >= limit && haveFmt && haveData {
			break // trailing bytes after the RIFF end (e.g. an ID3 tag)
		}
		var ch [8]byte
		if err := readAt(r, off, ch[:]); err != nil {
			return nil, wrapf(nil, err, name, "reading the chunk header at offset %d", off)
		}
		id := string(ch[0:4])
		if !validID(ch[0:4]) {
			if haveFmt && haveData {
				break // garbage after the last chunk
			}
			return nil, errorf(ErrMalformed, name, "offset %d: chunk ID %q is not ASCII; the file is corrupt", off, ch[0:4])
		}
		size32 := binary.LittleEndian.Uint32(ch[4:8])
		size := int64(size32)
		payload := off + 8
		switch {
		case h.container != WAV && off == 12:
			if id != "ds64" {
				return nil, errorf(ErrMalformed, name, "%s file: first chunk is %q, want \"ds64\" (EBU Tech 3306); the file is corrupt", h.container, id)
			}
			var err error
			if ds, err = readDS64(r, payload, size, fileSize, name); err != nil {
				return nil, err
			}
			if ds.riff < 1<<62 && int64(ds.riff)+8 < fileSize && int64(ds.riff) >= 4 {
				limit = int64(ds.riff) + 8
			}
		case ds != nil && size32 == 0xFFFFFFFF:
			v, ok := ds.data, id == "data"
			if !ok {
				v, ok = ds.table[id]
			}
			if !ok {
				return nil, errorf(ErrMalformed, name, "offset %d: chunk %q has size 0xFFFFFFFF but no entry in the ds64 table; the file is corrupt", off, id)
			}
			if id == "data" && (v == 0 || v == ^uint64(0)) {
				v = uint64(fileSize - payload) // streamed: ds64 never filled in
			}
			if v > 1<<62 {
				v = 1 << 62 // beyond any file; treated as truncated below
			}
			size = int64(v)
		case id == "data" && size32 == 0xFFFFFFFF:
			// A streaming writer could not come back to fill in the size:
			// the samples run to the end of the file.
			size = fileSize - payload
		}
		if len(h.chunks) >= maxChunks {
			return nil, errorf(ErrMalformed, name, "more than %d chunks; the file is corrupt", maxChunks)
		}
		h.chunks = append(h.chunks, ChunkInfo{ID: id, Offset: payload, Size: size})
		if payload+size > fileSize {
			if id == "data" && !haveData {
				h.dataOff, declared, haveData = payload, size, true
				break
			}
			if haveFmt && haveData {
				h.chunks = h.chunks[:len(h.chunks)-1]
				break // an incomplete trailing chunk; the audio is intact
			}
			return nil, errorf(ErrTruncated, name, "offset %d: chunk %q declares %d bytes but only %d remain; the file is truncated", off, id, size, fileSize-payload)
		}
		switch id {
		case "fmt ":
			if haveFmt {
				break
			}
			var err error
			if err = parseFmtChunk(r, h, payload, size, name); err != nil {
				return nil, err
			}
			haveFmt = true
		case "data":
			if !haveData {
				h.dataOff, declared, haveData = payload, size, true
			}
		}
		off = payload + size + size&1
	}
	if !haveFmt {
		return nil, errorf(ErrMalformed, name, "no \"fmt \" chunk (the sample format) among the chunks [%s]; the file is damaged or not a WAV file", chunkSummary(h.chunks))
	}
	if !haveData {
		return nil, errorf(ErrMalformed, name, "no \"data\" chunk (the samples) among the chunks [%s]; the file is damaged or truncated", chunkSummary(h.chunks))
	}
	h.dataSize = declared
	if end := fileSize - h.dataOff; end < declared {
		h.dataSize, h.truncated = end, true
	}
	h.frames = h.dataSize / int64(h.blockAlign)
	return h, nil
}

// readDS64 parses the ds64 chunk payload at off (EBU Tech 3306 §3.2):
// RIFF size, data size, sample count (64-bit each), then a table of
// (chunk ID, 64-bit size) for other chunks bigger than 4 GiB.
func readDS64(r io.ReadSeeker, off, size, fileSize int64, name string) (*ds64, error) {
	if size < 28 {
		return nil, errorf(ErrMalformed, name, "ds64 chunk is %d bytes, want at least 28; the file is corrupt", size)
	}
	if off+size > fileSize {
		return nil, errorf(ErrTruncated, name, "ds64 chunk declares %d bytes but the file ends first; it is truncated", size)
	}
	var b [28]byte
	if err := readAt(r, off, b[:]); err != nil {
		return nil, wrapf(nil, err, name, "reading the ds64 chunk")
	}
	ds := &ds64{
		riff:    binary.LittleEndian.Uint64(b[0:8]),
		data:    binary.LittleEndian.Uint64(b[8:16]),
		samples: binary.LittleEndian.Uint64(b[16:24]),
	}
	n := int64(binary.LittleEndian.Uint32(b[24:28]))
	if n*12 > size-28 || n > maxChunks {
		return nil, errorf(ErrMalformed, name, "ds64 table declares %d entries but the chunk holds %d bytes; the file is corrupt", n, size)
	}
	if n > 0 {
		tab := make([]byte, n*12)
		if err := readAt(r, off+28, tab); err != nil {
			return nil, wrapf(nil, err, name, "reading the ds64 table")
		}
		ds.table = make(map[string]uint64, n)
		for i := int64(0); i < n; i++ {
			e := tab[i*12 : i*12+12]
			ds.table[string(e[0:4])] = binary.LittleEndian.Uint64(e[4:12])
		}
	}
	return ds, nil
}

// KSDATAFORMAT_SUBTYPE_* GUIDs are the format tag in the first two bytes
// followed by this fixed tail (mmreg.h: xxxxxxxx-0000-0010-8000-00aa00389b71).
var guidTail = [14]byte{0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71}

// Format tags of WAVEFORMATEX (mmreg.h).
const (
	tagPCM        = 0x0001
	tagFloat      = 0x0003
	tagExtensible = 0xFFFE
)

// tagNames names common format tags the package cannot decode, for errors.
var tagNames = map[uint16]string{
	0x0002: "MS ADPCM", 0x0006: "A-law", 0x0007: "mu-law", 0x0011: "IMA ADPCM",
	0x0050: "MPEG", 0x0055: "MPEG Layer 3", 0x0092: "Dolby AC-3 SPDIF",
	0x2000: "AC-3", 0x2001: "DTS", 0x0161: "WMA",
}

// parseFmtChunk decodes the fmt chunk (WAVEFORMATEX or
// WAVEFORMATEXTENSIBLE) at off into h.
func parseFmtChunk(r io.ReadSeeker, h *wavHeader, off, size int64, name string) error {
	if size < 16 {
		return errorf(ErrMalformed, name, "fmt chunk is %d bytes, want at least 16; the file is corrupt", size)
	}
	var b [40]byte
	n := min(size, 40)
	if err := readAt(r, off, b[:n]); err != nil {
		return wrapf(nil, err, name, "reading the fmt chunk")
	}
	le := binary.LittleEndian
	tag, channels := le.Uint16(b[0:2]), int(le.Uint16(b[2:4]))
	rate, align, bits := le.Uint32(b[4:8]), int(le.Uint16(b[12:14])), int(le.Uint16(b[14:16]))
	sub, mask := tag, uint32(0)
	if tag == tagExtensible {
		if n < 40 {
			return errorf(ErrMalformed, name, "WAVE_FORMAT_EXTENSIBLE fmt chunk is %d bytes, want 40; the file is corrupt", size)
		}
		mask = le.Uint32(b[20:24])
		sub = le.Uint16(b[24:26])
		if [14]byte(b[26:40]) != guidTail {
			return errorf(ErrUnsupported, name, "WAVE_FORMAT_EXTENSIBLE subformat GUID % X is not PCM or IEEE float; convert the file to PCM (e.g. ffmpeg -i in.wav -c:a pcm_s24le out.wav)", b[24:40])
		}
	}
	f := Format{SampleRate: int(rate), Channels: channels, BitDepth: bits, ChannelMask: mask}
	switch sub {
	case tagPCM:
	case tagFloat:
		f.Float = true
	default:
		what := tagNames[sub]
		if what == "" {
			what = "unknown codec"
		}
		return errorf(ErrUnsupported, name, "format tag 0x%04X (%s) is not supported, only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE with those; convert the file to PCM (e.g. ffmpeg -i in.wav -c:a pcm_s24le out.wav)", sub, what)
	}
	h.kind = kindOf(f)
	if h.kind == 0 {
		return errorf(ErrUnsupported, name, "%s: %d-bit samples are not supported (PCM 8/16/24/32, float 32/64); convert the file to 24-bit PCM", kindName(f.Float), bits)
	}
	if channels == 0 {
		return errorf(ErrMalformed, name, "fmt chunk declares 0 channels; the file is corrupt")
	}
	if rate == 0 || rate > maxSampleRate {
		return errorf(ErrMalformed, name, "fmt chunk declares a sample rate of %d Hz; the file is corrupt", rate)
	}
	if align != channels*bits/8 {
		return errorf(ErrMalformed, name, "fmt chunk: block align %d does not match %d channels of %d bits; the header is corrupt", align, channels, bits)
	}
	h.format, h.blockAlign = f, align
	return nil
}

// kindName is "PCM" or "float", for messages.
func kindName(float bool) string {
	if float {
		return "float"
	}
	return "PCM"
}

// chunkSummary lists (up to 16) chunk IDs for messages, e.g. `"fmt ",
// "data"`.
func chunkSummary(cs []ChunkInfo) string {
	s := ""
	for i, c := range cs {
		if i == 16 {
			return s + fmt.Sprintf(", ... (%d in all)", len(cs))
		}
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", c.ID)
	}
	return s
}
