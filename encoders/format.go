package encoders

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Format describes a PCM stream as stored in a file.
type Format struct {
	SampleRate int // frames per second, Hz
	Channels   int
	// BitDepth is the number of bits per stored sample: 16, 24 or 32 for
	// writing; reading also reports 8 (unsigned WAV PCM) and 64 (float WAV).
	BitDepth int
	// Float marks IEEE float samples (BitDepth 32, or 64 when reading).
	Float bool
	// ChannelMask is the WAVE_FORMAT_EXTENSIBLE dwChannelMask (speaker
	// positions of the channels in order); 0 means none or unknown.
	ChannelMask uint32
}

// String describes the format like "48000 Hz, 12 ch, 24-bit PCM, mask 0x2D63F".
func (f Format) String() string {
	kind := "PCM"
	if f.Float {
		kind = "float"
	}
	s := fmt.Sprintf("%d Hz, %d ch, %d-bit %s", f.SampleRate, f.Channels, f.BitDepth, kind)
	if f.ChannelMask != 0 {
		s += fmt.Sprintf(", mask 0x%X", f.ChannelMask)
	}
	return s
}

// bytesPerSample is the size of one stored sample of one channel.
func (f Format) bytesPerSample() int { return f.BitDepth / 8 }

// Container is the kind of file a stream is stored in.
type Container int

// Container kinds. The zero value means "not specified" (WriteOptions picks
// the container from the file name's extension).
const (
	WAV  Container = iota + 1 // RIFF/WAVE, upgraded to RF64 past 4 GiB
	RF64                      // EBU Tech 3306 RF64 (RIFF with a ds64 chunk)
	BW64                      // ITU-R BS.2088 BW64 (RF64 layout, "BW64" ID)
	FLAC                      // Free Lossless Audio Codec
)

// String returns the container's usual name ("WAV", "RF64", "BW64", "FLAC").
func (c Container) String() string {
	switch c {
	case WAV:
		return "WAV"
	case RF64:
		return "RF64"
	case BW64:
		return "BW64"
	case FLAC:
		return "FLAC"
	}
	return fmt.Sprintf("Container(%d)", int(c))
}

// containerFromExt maps a file name's extension to a container, or 0.
func containerFromExt(path string) Container {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".wav", ".wave":
		return WAV
	case ".rf64":
		return RF64
	case ".bw64":
		return BW64
	case ".flac":
		return FLAC
	}
	return 0
}

// Chunk is a RIFF chunk other than fmt/data/ds64 found in (or to be written
// to) a WAV-family file, such as "axml", "chna" or "bext".
type Chunk struct {
	ID   string // four characters, e.g. "axml"
	Data []byte // payload without the pad byte
}

// ChunkInfo locates one chunk of a WAV-family file.
type ChunkInfo struct {
	ID     string // four characters, e.g. "fmt ", "data", "axml"
	Offset int64  // file offset of the payload (just after the 8-byte header)
	Size   int64  // payload size in bytes without the pad byte (64-bit via ds64)
}

// Info is what Stat reports about an audio file.
type Info struct {
	Format    Format
	Container Container
	Length    int64       // frames (-1: unknown, for a FLAC stream without a total)
	Duration  float64     // seconds (0 when Length is unknown)
	Chunks    []ChunkInfo // WAV family only
	// Truncated reports a data chunk that declares more bytes than the file
	// holds; Length counts the frames actually present.
	Truncated bool
}

// Sentinel errors, matched with errors.Is. Every error the package returns
// is an *Error naming the file; its Kind is one of these (or nil).
var (
	ErrUnknownFormat = errors.New("not a WAV, RF64, BW64 or FLAC file")
	ErrUnsupported   = errors.New("unsupported audio format")
	ErrMalformed     = errors.New("malformed audio file")
	// ErrTruncated is returned by Read after the last frame present in a
	// file whose data chunk runs past the end of the file. Callers that
	// accept truncated files can treat it like io.EOF.
	ErrTruncated = errors.New("audio file is truncated")
	ErrNoChunk   = errors.New("no such chunk")
)

// Error is the error type of the package: it names the file, says what is
// wrong and how to fix it, and wraps a sentinel Kind and an optional cause.
type Error struct {
	Name  string // file name or path as given by the caller
	Msg   string // what is wrong and how to fix it
	Kind  error  // one of the Err* sentinels, or nil
	Cause error  // underlying error (I/O, codec), or nil
}

// Error formats the error as "encoders: <name>: <msg>[: <cause>]".
func (e *Error) Error() string {
	s := "encoders: " + e.Name + ": " + e.Msg
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the sentinel kind and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	return errs
}

// errorf builds an *Error of the given kind.
func errorf(kind error, name, format string, args ...any) error {
	return &Error{Name: name, Msg: fmt.Sprintf(format, args...), Kind: kind}
}

// wrapf builds an *Error carrying an underlying cause.
func wrapf(kind, cause error, name, format string, args ...any) error {
	return &Error{Name: name, Msg: fmt.Sprintf(format, args...), Kind: kind, Cause: cause}
}

// AtBitDepth is f written at bits per sample: 32 means 32-bit float, 16 or
// 24 integer PCM, 0 keeps f's depth within what Create writes (float stays
// 32-bit float, 8-bit becomes 16).
func (f Format) AtBitDepth(bits int) Format {
	o := f
	switch {
	case bits == 32:
		o.BitDepth, o.Float = 32, true
	case bits != 0:
		o.BitDepth, o.Float = bits, false
	case f.Float:
		o.BitDepth = 32
	case f.BitDepth < 16:
		o.BitDepth = 16
	}
	return o
}
