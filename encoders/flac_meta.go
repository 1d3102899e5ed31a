package encoders

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mewkiz/flac/meta"
)

// maskTag is the Vorbis comment ffmpeg and the flac tool use for a channel
// mask that differs from FLAC's default channel order.
const maskTag = "WAVEFORMATEXTENSIBLE_CHANNEL_MASK"

// maxMetaBlocks bounds the metadata blocks scanned in a FLAC header.
const maxMetaBlocks = 1024

// flacHeader is what the metadata blocks of a FLAC file say.
type flacHeader struct {
	format    Format
	length    int64 // total frames, -1 when STREAMINFO does not say
	blockSize int   // STREAMINFO maximum block size
}

// readFLACMeta reads the signature, STREAMINFO and VORBIS_COMMENT blocks of
// the FLAC file in r (fileSize bytes) and skips the others.
func readFLACMeta(r io.ReadSeeker, fileSize int64, name string) (*flacHeader, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, wrapf(nil, err, name, "seeking to the start")
	}
	br := bufio.NewReader(io.LimitReader(r, fileSize))
	var sig [4]byte
	if _, err := io.ReadFull(br, sig[:]); err != nil {
		return nil, errorf(ErrTruncated, name, "file ends inside the FLAC signature; it is truncated")
	}
	if string(sig[:3]) == "ID3" {
		// ID3v2 tag before the stream: 10-byte header whose last four bytes
		// are a 28-bit "synchsafe" size.
		var id3 [6]byte
		if _, err := io.ReadFull(br, id3[:]); err != nil {
			return nil, errorf(ErrTruncated, name, "file ends inside an ID3v2 header; it is truncated")
		}
		size := int(id3[2]&0x7F)<<21 | int(id3[3]&0x7F)<<14 | int(id3[4]&0x7F)<<7 | int(id3[5]&0x7F)
		if _, err := br.Discard(size); err != nil {
			return nil, errorf(ErrTruncated, name, "file ends inside an ID3v2 tag of %d bytes; it is truncated", size)
		}
		if _, err := io.ReadFull(br, sig[:]); err != nil {
			return nil, errorf(ErrTruncated, name, "file ends after the ID3v2 tag, before the FLAC signature")
		}
	}
	if string(sig[:]) != "fLaC" {
		return nil, errorf(ErrUnknownFormat, name, "no fLaC signature (found %q); the file is not a FLAC file", sig[:])
	}
	h := &flacHeader{length: -1}
	var haveInfo bool
	for i := 0; ; i++ {
		if i == maxMetaBlocks {
			return nil, errorf(ErrMalformed, name, "more than %d FLAC metadata blocks; the file is corrupt", maxMetaBlocks)
		}
		block, err := meta.New(br)
		if err != nil {
			return nil, wrapf(ErrTruncated, err, name, "FLAC metadata block %d: header", i)
		}
		if i == 0 && block.Type != meta.TypeStreamInfo {
			return nil, errorf(ErrMalformed, name, "first FLAC metadata block is %v, want STREAMINFO; the file is corrupt", block.Type)
		}
		switch block.Type {
		case meta.TypeStreamInfo:
			if err := block.Parse(); err != nil {
				return nil, wrapf(ErrMalformed, err, name, "FLAC STREAMINFO block")
			}
			si := block.Body.(*meta.StreamInfo)
			h.format.SampleRate = int(si.SampleRate)
			h.format.Channels = int(si.NChannels)
			h.format.BitDepth = int(si.BitsPerSample)
			h.blockSize = int(si.BlockSizeMax)
			if si.NSamples > 0 {
				h.length = int64(si.NSamples)
			}
			haveInfo = true
		case meta.TypeVorbisComment:
			body := make([]byte, min(block.Length, fileSize))
			if _, err := io.ReadFull(br, body); err != nil {
				return nil, wrapf(ErrTruncated, err, name, "FLAC VORBIS_COMMENT block")
			}
			tags, err := parseVorbisComment(body)
			if err != nil {
				return nil, wrapf(ErrMalformed, err, name, "FLAC VORBIS_COMMENT block")
			}
			if v, ok := tags[maskTag]; ok {
				m, err := strconv.ParseUint(strings.TrimSpace(v), 0, 32)
				if err != nil {
					return nil, errorf(ErrMalformed, name, "Vorbis comment %s=%q is not a number; fix the tag (e.g. metaflac --remove-tag=%s)", maskTag, v, maskTag)
				}
				h.format.ChannelMask = uint32(m)
			}
		default:
			if err := block.Skip(); err != nil {
				return nil, wrapf(ErrTruncated, err, name, "skipping FLAC metadata block %d", i)
			}
		}
		if block.IsLast {
			break
		}
	}
	if !haveInfo {
		return nil, errorf(ErrMalformed, name, "no FLAC STREAMINFO block")
	}
	f := h.format
	if f.BitDepth != 8 && f.BitDepth != 12 && f.BitDepth != 16 && f.BitDepth != 20 && f.BitDepth != 24 {
		return nil, errorf(ErrUnsupported, name, "FLAC with %d bits per sample is not supported by the decoder (8, 12, 16, 20, 24); convert it to WAV with ffmpeg", f.BitDepth)
	}
	return h, nil
}

// parseVorbisComment decodes a VORBIS_COMMENT body (little-endian lengths:
// vendor string, count, then "NAME=value" strings) into upper-cased names.
func parseVorbisComment(b []byte) (map[string]string, error) {
	r := bytes.NewReader(b)
	str := func() (string, error) {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return "", fmt.Errorf("string length: %w", io.ErrUnexpectedEOF)
		}
		if int64(n) > int64(r.Len()) {
			return "", fmt.Errorf("string of %d bytes in %d remaining", n, r.Len())
		}
		s := make([]byte, n)
		_, err := io.ReadFull(r, s)
		return string(s), err
	}
	if _, err := str(); err != nil { // vendor
		return nil, err
	}
	var count uint32
	if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
		return nil, fmt.Errorf("tag count: %w", io.ErrUnexpectedEOF)
	}
	if int64(count)*4 > int64(r.Len()) {
		return nil, fmt.Errorf("%d tags cannot fit in %d bytes", count, r.Len())
	}
	tags := make(map[string]string, count)
	for i := uint32(0); i < count; i++ {
		s, err := str()
		if err != nil {
			return nil, fmt.Errorf("tag %d: %w", i, err)
		}
		if k, v, ok := strings.Cut(s, "="); ok {
			tags[strings.ToUpper(k)] = v
		}
	}
	return tags, nil
}

// vorbisComment encodes a VORBIS_COMMENT body (for tests and the writer's
// size computation).
func vorbisComment(vendor string, tags [][2]string) []byte {
	var b bytes.Buffer
	put := func(s string) {
		binary.Write(&b, binary.LittleEndian, uint32(len(s)))
		b.WriteString(s)
	}
	put(vendor)
	binary.Write(&b, binary.LittleEndian, uint32(len(tags)))
	for _, t := range tags {
		put(t[0] + "=" + t[1])
	}
	return b.Bytes()
}
