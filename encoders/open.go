package encoders

import (
	"io"
	"os"
)

// Reader streams a WAV/RF64/BW64 or FLAC file block by block. It has the
// method set of dsp.Source (Read, Channels, SampleRate). A Reader is not
// safe for concurrent use.
type Reader interface {
	// Read fills dst[c][:n] (planar, full scale [-1, 1)) for every channel
	// and returns n. After the last frame it returns 0 and io.EOF; a file
	// cut short returns an error wrapping ErrTruncated instead. Decoding
	// errors are sticky. len(dst) must equal Channels().
	Read(dst [][]float32) (n int, err error)
	// Channels is the number of channels Read expects in dst.
	Channels() int
	// SampleRate is the stream's sample rate in Hz.
	SampleRate() int
	// Format describes the stored samples.
	Format() Format
	// Container is the kind of file (WAV, RF64, BW64 or FLAC).
	Container() Container
	// Length is the number of frames (-1 for a FLAC stream whose STREAMINFO
	// does not state it). For a truncated WAV it counts the frames present.
	Length() int64
	// Chunks lists every chunk of a WAV-family file in file order (nil for
	// FLAC).
	Chunks() []ChunkInfo
	// ReadChunk returns the payload of the first chunk with the given ID,
	// such as "axml", "chna" or "bext". It refuses chunks over 256 MiB and
	// returns an error wrapping ErrNoChunk when there is none.
	ReadChunk(id string) ([]byte, error)
	// SeekFrame positions the stream so the next Read starts at frame
	// (0 <= frame <= Length()).
	SeekFrame(frame int64) error
	// Close releases the file. Reads after Close fail.
	Close() error
}

// Open opens an audio file for streaming. The format is detected from the
// first bytes ("RIFF", "RF64", "BW64", "fLaC", or an ID3v2 tag before a FLAC
// stream), never from the extension.
func Open(path string) (Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, wrapf(nil, err, path, "cannot open the audio file")
	}
	r, err := openReader(f, f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// OpenReader reads an audio stream from r; name is used in error messages.
// The Reader's Close does not close r.
func OpenReader(r io.ReadSeeker, name string) (Reader, error) {
	return openReader(r, nil, name)
}

// sniff detects the container of r from its magic bytes and returns the
// file size.
func sniff(r io.ReadSeeker, name string) (Container, int64, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, 0, wrapf(nil, err, name, "cannot determine the file size")
	}
	var b [4]byte
	n := int(min(size, 4))
	if err := readAt(r, 0, b[:n]); err != nil {
		return 0, 0, wrapf(nil, err, name, "reading the file header")
	}
	switch m := string(b[:n]); {
	case m == "RIFF" || m == "RF64" || m == "BW64":
		return WAV, size, nil
	case m == "fLaC" || n >= 3 && m[:3] == "ID3":
		return FLAC, size, nil
	case size == 0:
		return 0, 0, errorf(ErrUnknownFormat, name, "file is empty; it is not a WAV or FLAC file")
	case size < 4:
		return 0, 0, errorf(ErrUnknownFormat, name, "file is only %d bytes; it is not a WAV or FLAC file", size)
	default:
		return 0, 0, errorf(ErrUnknownFormat, name, "file starts with %q, not RIFF, RF64, BW64 or fLaC; it is not a WAV or FLAC file (the extension does not matter)", b[:n])
	}
}

func openReader(r io.ReadSeeker, closer io.Closer, name string) (Reader, error) {
	kind, size, err := sniff(r, name)
	if err != nil {
		return nil, err
	}
	if kind == FLAC {
		return openFLAC(r, closer, name, size)
	}
	h, err := parseWAV(r, size, name)
	if err != nil {
		return nil, err
	}
	return newWAVReader(r, closer, name, h, size), nil
}

// Stat reads only the headers of an audio file and reports its format,
// container, length, duration and (for the WAV family) chunk list.
func Stat(path string) (Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, wrapf(nil, err, path, "cannot open the audio file")
	}
	defer f.Close()
	kind, size, err := sniff(f, path)
	if err != nil {
		return Info{}, err
	}
	if kind == FLAC {
		h, err := readFLACMeta(f, size, path)
		if err != nil {
			return Info{}, err
		}
		info := Info{Format: h.format, Container: FLAC, Length: h.length}
		if h.length > 0 {
			info.Duration = float64(h.length) / float64(h.format.SampleRate)
		}
		return info, nil
	}
	h, err := parseWAV(f, size, path)
	if err != nil {
		return Info{}, err
	}
	return headerInfo(h), nil
}
