package encoders

import (
	"encoding/binary"
	"io"
	"math/bits"
)

// ds64Threshold is the RIFF size above which a WAV file is rewritten as
// RF64/BW64 on Close (the 32-bit RIFF size limit). Tests lower it to
// exercise the upgrade without writing 4 GiB.
var ds64Threshold int64 = 0xFFFFFFFF

// ds64Payload is the size of a ds64 chunk without a table (EBU Tech 3306):
// RIFF size, data size and sample count (8 bytes each) and the table length.
const ds64Payload = 28

// checkWriteFormat validates what Create is asked to write.
func checkWriteFormat(path string, f Format, c Container, chunks []Chunk) error {
	switch {
	case c < WAV || c > FLAC:
		return errorf(ErrUnsupported, path, "unknown container %v; use WAV, RF64, BW64 or FLAC", c)
	case f.Channels < 1 || f.Channels > 65535:
		return errorf(ErrUnsupported, path, "%d channels: a WAV file holds 1 to 65535", f.Channels)
	case f.SampleRate < 1 || f.SampleRate > maxSampleRate:
		return errorf(ErrUnsupported, path, "sample rate %d Hz is out of range (1 to %d)", f.SampleRate, maxSampleRate)
	case f.Float && f.BitDepth != 32:
		return errorf(ErrUnsupported, path, "float samples must be 32-bit, not %d-bit", f.BitDepth)
	case f.BitDepth != 16 && f.BitDepth != 24 && f.BitDepth != 32:
		return errorf(ErrUnsupported, path, "%d-bit samples cannot be written; use 16, 24 or 32", f.BitDepth)
	case int64(f.SampleRate)*int64(f.Channels*f.bytesPerSample()) > 0xFFFFFFFF:
		return errorf(ErrUnsupported, path, "%d channels at %d Hz exceed the 4 GiB/s byte rate a WAV header can state", f.Channels, f.SampleRate)
	case bits.OnesCount32(f.ChannelMask) > f.Channels:
		return errorf(ErrUnsupported, path, "channel mask 0x%X names %d speakers for %d channels; give one bit per channel (or 0)", f.ChannelMask, bits.OnesCount32(f.ChannelMask), f.Channels)
	}
	if c == FLAC {
		switch {
		case f.Channels > 8:
			return errorf(ErrUnsupported, path, "FLAC holds at most 8 channels, not %d; write a WAV (or BW64) file instead", f.Channels)
		case f.Float:
			return errorf(ErrUnsupported, path, "FLAC cannot store float samples; write a 32-bit float WAV file, or 24-bit FLAC")
		case f.BitDepth > 24:
			return errorf(ErrUnsupported, path, "FLAC here stores 16 or 24 bits, not %d; write a WAV file for 32-bit samples", f.BitDepth)
		case f.SampleRate > 655350:
			return errorf(ErrUnsupported, path, "FLAC frames cannot state a sample rate of %d Hz; write a WAV file", f.SampleRate)
		case len(chunks) > 0:
			return errorf(ErrUnsupported, path, "FLAC cannot carry RIFF chunks (%q ...); write a WAV/BW64 file to keep them", chunks[0].ID)
		}
		return nil
	}
	for _, ch := range chunks {
		switch {
		case len(ch.ID) != 4 || !validID([]byte(ch.ID)):
			return errorf(ErrUnsupported, path, "chunk ID %q must be four printable ASCII characters", ch.ID)
		case ch.ID == "fmt " || ch.ID == "data" || ch.ID == "ds64" || ch.ID == "fact" || ch.ID == "JUNK":
			return errorf(ErrUnsupported, path, "chunk %q is written by the package itself; leave it out of WriteOptions.Chunks", ch.ID)
		case len(ch.Data) > maxChunkRead:
			return errorf(ErrUnsupported, path, "chunk %q is %d bytes; at most %d MiB per chunk", ch.ID, len(ch.Data), maxChunkRead>>20)
		}
	}
	return nil
}

// wavSink writes the WAV family. Layout:
//
//	RIFF|RF64|BW64 <size> WAVE
//	JUNK (28 bytes, becomes ds64 when needed)
//	fmt  (16 bytes PCM, or 40 bytes WAVE_FORMAT_EXTENSIBLE)
//	fact (float only: frame count)
//	chna, bext (if given)
//	data <samples> [pad]
//	other chunks (e.g. axml)
type wavSink struct {
	name       string
	ws         *writeSeeker
	kind       sampleKind
	blockAlign int
	ds64ID     string // "RF64" or "BW64"
	forceDS64  bool
	after      []Chunk
	raw        []byte // conversion buffer of whole frames
	factOff    int64  // payload offset of the fact chunk, 0 if none
	dataOff    int64  // payload offset of the data chunk
	dataBytes  int64
}

func newWAVSink(ws *writeSeeker, f Format, c Container, opt WriteOptions, name string) (*wavSink, error) {
	s := &wavSink{
		name: name, ws: ws, kind: kindOf(f), blockAlign: f.Channels * f.bytesPerSample(),
		ds64ID: "RF64", forceDS64: opt.ForceDS64 || c == RF64 || c == BW64,
	}
	if c == BW64 || (c == WAV && opt.BW64) {
		s.ds64ID = "BW64"
	}
	s.raw = make([]byte, max(1, (64<<10)/s.blockAlign)*s.blockAlign)
	var h []byte
	h = append(h, "RIFF\x00\x00\x00\x00WAVE"...)
	h = appendChunk(h, "JUNK", make([]byte, ds64Payload))
	h = appendChunk(h, "fmt ", fmtChunk(f))
	if f.Float {
		s.factOff = int64(len(h)) + 8
		h = appendChunk(h, "fact", make([]byte, 4))
	}
	for _, ch := range opt.Chunks {
		if ch.ID == "chna" || ch.ID == "bext" {
			h = appendChunk(h, ch.ID, ch.Data)
		} else {
			s.after = append(s.after, ch)
		}
	}
	h = append(h, "data\x00\x00\x00\x00"...)
	s.dataOff = int64(len(h))
	if _, err := ws.Write(h); err != nil {
		return nil, wrapf(nil, err, name, "writing the header")
	}
	return s, nil
}

// appendChunk appends a chunk header, payload and pad byte to b.
func appendChunk(b []byte, id string, payload []byte) []byte {
	b = append(b, id...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	b = append(b, payload...)
	if len(payload)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// fmtChunk builds the fmt payload: WAVE_FORMAT_EXTENSIBLE when there are
// more than two channels, more than 16 bits or a channel mask; plain PCM
// otherwise (16-bit mono/stereo without mask).
func fmtChunk(f Format) []byte {
	le := binary.LittleEndian
	align := f.Channels * f.bytesPerSample()
	sub := uint16(tagPCM)
	if f.Float {
		sub = tagFloat
	}
	ext := f.Channels > 2 || f.BitDepth > 16 || f.ChannelMask != 0
	tag := sub
	if ext {
		tag = tagExtensible
	}
	b := le.AppendUint16(nil, tag)
	b = le.AppendUint16(b, uint16(f.Channels))
	b = le.AppendUint32(b, uint32(f.SampleRate))
	b = le.AppendUint32(b, uint32(f.SampleRate*align))
	b = le.AppendUint16(b, uint16(align))
	b = le.AppendUint16(b, uint16(f.BitDepth))
	if !ext {
		return b
	}
	b = le.AppendUint16(b, 22)                 // cbSize
	b = le.AppendUint16(b, uint16(f.BitDepth)) // wValidBitsPerSample
	b = le.AppendUint32(b, f.ChannelMask)
	b = le.AppendUint16(b, sub)
	return append(b, guidTail[:]...)
}

func (s *wavSink) write(src [][]float32, n int) error {
	per := len(s.raw) / s.blockAlign
	for off := 0; off < n; off += per {
		k := min(per, n-off)
		encodeFrames(s.raw, src, off, k, s.kind)
		if _, err := s.ws.Write(s.raw[:k*s.blockAlign]); err != nil {
			return wrapf(nil, err, s.name, "writing samples")
		}
		s.dataBytes += int64(k * s.blockAlign)
	}
	return nil
}

// finish writes the pad byte and trailing chunks, then rewrites the header
// with the final sizes: plain RIFF when it fits in 32 bits, otherwise (or
// when forced) RF64/BW64 with the JUNK chunk turned into ds64.
func (s *wavSink) finish(frames int64) error {
	tail := []byte{}
	if s.dataBytes%2 == 1 {
		tail = append(tail, 0)
	}
	for _, ch := range s.after {
		tail = appendChunk(tail, ch.ID, ch.Data)
	}
	if _, err := s.ws.Write(tail); err != nil {
		return wrapf(nil, err, s.name, "writing the trailing chunks")
	}
	riff := s.dataOff + s.dataBytes + int64(len(tail)) - 8
	le := binary.LittleEndian
	patch := func(off int64, b []byte) error {
		if _, err := s.ws.Seek(off, io.SeekStart); err != nil {
			return err
		}
		_, err := s.ws.Write(b)
		return err
	}
	ds := s.forceDS64 || riff > ds64Threshold
	size32 := func(v int64) []byte {
		if ds || v > 0xFFFFFFFF {
			return le.AppendUint32(nil, 0xFFFFFFFF)
		}
		return le.AppendUint32(nil, uint32(v))
	}
	id := "RIFF"
	if ds {
		id = s.ds64ID
	}
	err := patch(0, append([]byte(id), size32(riff)...))
	if err == nil && ds {
		b := append([]byte("ds64"), le.AppendUint32(nil, ds64Payload)...)
		b = le.AppendUint64(b, uint64(riff))
		b = le.AppendUint64(b, uint64(s.dataBytes))
		b = le.AppendUint64(b, uint64(frames))
		b = le.AppendUint32(b, 0) // no table: only data can pass 4 GiB
		err = patch(12, b)
	}
	if err == nil && s.factOff > 0 {
		err = patch(s.factOff, le.AppendUint32(nil, uint32(min(frames, 0xFFFFFFFF))))
	}
	if err == nil {
		err = patch(s.dataOff-4, size32(s.dataBytes))
	}
	if err == nil {
		err = s.ws.Flush()
	}
	if err != nil {
		return wrapf(nil, err, s.name, "finalising the header")
	}
	return nil
}
