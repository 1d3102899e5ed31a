package encoders

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenErrors opens broken files and checks each error: it names the
// file, wraps the right sentinel and says what is wrong.
func TestOpenErrors(t *testing.T) {
	fmt16 := pcmFmt(tagPCM, 2, 48000, 16)
	ext := func(guid []byte) []byte {
		b := pcmFmt(tagExtensible, 2, 48000, 24)
		b = binary.LittleEndian.AppendUint16(b, 22)
		b = binary.LittleEndian.AppendUint16(b, 24)
		b = binary.LittleEndian.AppendUint32(b, 3)
		return append(b, guid...)
	}
	riff := func(id string) *riffBuilder { return &riffBuilder{id: id} }
	for _, c := range []struct {
		name string
		data []byte
		kind error
		says string
	}{
		{"text.wav", []byte("hello, this is not audio at all"), ErrUnknownFormat, "not a WAV or FLAC file"},
		{"empty.wav", nil, ErrUnknownFormat, "empty"},
		{"avi.wav", riff("RIFF").chunk("LIST", []byte("hdrl"), -1).bytes()[:8], ErrTruncated, "too short"},
		{"avi2.wav", append([]byte("RIFF\x10\x00\x00\x00AVI "), make([]byte, 8)...), ErrUnknownFormat, `"AVI "`},
		{"cut.wav", riff("RIFF").chunk("fmt ", fmt16, -1).bytes()[:26], ErrTruncated, `chunk "fmt " declares 16 bytes but only 6 remain`},
		{"nofmt.wav", riff("RIFF").chunk("data", pcm16(1, 2), -1).bytes(), ErrMalformed, `no "fmt " chunk`},
		{"nodata.wav", riff("RIFF").chunk("fmt ", fmt16, -1).chunk("LIST", []byte("INFO"), -1).bytes(), ErrMalformed, `no "data" chunk`},
		{"mp3.wav", riff("RIFF").chunk("fmt ", pcmFmt(0x55, 2, 48000, 16), -1).chunk("data", nil, -1).bytes(), ErrUnsupported, "format tag 0x0055 (MPEG Layer 3)"},
		{"alaw.wav", riff("RIFF").chunk("fmt ", pcmFmt(6, 1, 8000, 8), -1).chunk("data", nil, -1).bytes(), ErrUnsupported, "0x0006 (A-law)"},
		{"guid.wav", riff("RIFF").chunk("fmt ", ext(bytes.Repeat([]byte{0xAB}, 16)), -1).chunk("data", nil, -1).bytes(), ErrUnsupported, "subformat GUID"},
		{"shortext.wav", riff("RIFF").chunk("fmt ", pcmFmt(tagExtensible, 2, 48000, 24), -1).chunk("data", nil, -1).bytes(), ErrMalformed, "want 40"},
		{"bits12.wav", riff("RIFF").chunk("fmt ", pcmFmt(tagPCM, 2, 48000, 12), -1).chunk("data", nil, -1).bytes(), ErrUnsupported, "12-bit"},
		{"zeroch.wav", riff("RIFF").chunk("fmt ", pcmFmt(tagPCM, 0, 48000, 16), -1).chunk("data", nil, -1).bytes(), ErrMalformed, "0 channels"},
		{"align.wav", riff("RIFF").chunk("fmt ", append(fmt16[:12:12], 3, 0, 16, 0), -1).chunk("data", nil, -1).bytes(), ErrMalformed, "block align 3"},
		{"rate0.wav", riff("RIFF").chunk("fmt ", pcmFmt(tagPCM, 1, 0, 16), -1).chunk("data", nil, -1).bytes(), ErrMalformed, "sample rate of 0"},
		{"nods64.rf64", riff("RF64").chunk("fmt ", fmt16, -1).chunk("data", nil, -1).bytes(), ErrMalformed, `want "ds64"`},
		{"binary.wav", append(riff("RIFF").chunk("fmt ", fmt16, -1).bytes(), 0xFF, 0xFE, 0, 1, 2, 3, 4, 5), ErrMalformed, "not ASCII"},
		{"bad.flac", []byte("fLaC\x00\x00"), ErrTruncated, "FLAC metadata block 0"},
		{"notinfo.flac", []byte("fLaC\x84\x00\x00\x04abcd"), ErrMalformed, "want STREAMINFO"},
	} {
		path := writeTemp(t, c.name, c.data)
		_, err := Open(path)
		if err == nil {
			t.Errorf("%s: Open succeeded", c.name)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, c.kind) || !strings.Contains(msg, path) || !strings.Contains(msg, c.says) || !strings.HasPrefix(msg, "encoders: ") {
			t.Errorf("%s: error %q\n  want kind %v, the path and %q", c.name, msg, c.kind, c.says)
		}
		var e *Error
		if !errors.As(err, &e) || e.Name != path {
			t.Errorf("%s: error is not an *Error naming the file", c.name)
		}
		if _, err := Stat(path); err == nil {
			t.Errorf("%s: Stat succeeded", c.name)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.wav")); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.wav") {
		t.Errorf("missing file: %v", err)
	}
}

// TestTruncatedData: a data chunk that runs past the end of the file is
// read up to the last whole frame, then Read reports ErrTruncated.
func TestTruncatedData(t *testing.T) {
	full := (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagPCM, 2, 8000, 16), -1).
		chunk("data", pcm16(make([]int16, 200)...), -1).bytes()
	cut := full[:44+4*30+3] // header, 30 frames and 3 bytes of the next one
	path := writeTemp(t, "cut.wav", cut)
	info, err := Stat(path)
	if err != nil || !info.Truncated || info.Length != 30 {
		t.Fatalf("Stat = %+v, %v; want truncated, 30 frames", info, err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := [][]float32{make([]float32, 64), make([]float32, 64)}
	n, err := r.Read(buf)
	if n != 30 || err != nil {
		t.Fatalf("first Read = %d, %v; want 30 frames", n, err)
	}
	n, err = r.Read(buf)
	if n != 0 || !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second Read = %d, %v; want ErrTruncated naming the file", n, err)
	}
}

// TestStreamingSize reads a RIFF file whose RIFF and data sizes are
// 0xFFFFFFFF (a writer that could not seek back): data runs to EOF.
func TestStreamingSize(t *testing.T) {
	b := (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagPCM, 1, 8000, 16), -1).
		chunk("data", pcm16(1, 2, 3, 4, 5), 0xFFFFFFFF).bytes()
	binary.LittleEndian.PutUint32(b[4:8], 0xFFFFFFFF)
	r, err := OpenReader(bytes.NewReader(b), "pipe.wav")
	if err != nil {
		t.Fatal(err)
	}
	if r.Length() != 5 {
		t.Errorf("Length = %d, want 5", r.Length())
	}
	got := drain(t, r, 2)
	sameSamples(t, "pipe", got, [][]float32{{1.0 / 32768, 2.0 / 32768, 3.0 / 32768, 4.0 / 32768, 5.0 / 32768}})
}

// TestTrailingGarbage: bytes after the RIFF end (e.g. an appended ID3 tag)
// are ignored.
func TestTrailingGarbage(t *testing.T) {
	b := (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagPCM, 1, 8000, 16), -1).chunk("data", pcm16(7), -1).bytes()
	b = append(b, "ID3\x03\x00\x00\x00\x00\x00\x0Fjunkjunkjunk\xff\xff"...)
	r, err := OpenReader(bytes.NewReader(b), "id3.wav")
	if err != nil {
		t.Fatal(err)
	}
	sameSamples(t, "id3", drain(t, r, 4), [][]float32{{7.0 / 32768}})
	if len(r.Chunks()) != 2 {
		t.Errorf("chunks %v, want fmt and data", r.Chunks())
	}
}

// TestReadOtherFormats reads 8-bit unsigned PCM, tag-3 float 32 and
// extensible float 64 files built by hand.
func TestReadOtherFormats(t *testing.T) {
	le := binary.LittleEndian
	u8 := (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagPCM, 1, 8000, 8), -1).chunk("data", []byte{0, 128, 255}, -1).bytes()
	f32 := le.AppendUint32(nil, math.Float32bits(0.25))
	f32 = le.AppendUint32(f32, math.Float32bits(-1.5))
	fl := (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagFloat, 1, 8000, 32), -1).chunk("fact", []byte{2, 0, 0, 0}, -1).chunk("data", f32, -1).bytes()
	ext64 := pcmFmt(tagExtensible, 2, 96000, 64)
	ext64 = le.AppendUint16(ext64, 22)
	ext64 = le.AppendUint16(ext64, 64)
	ext64 = le.AppendUint32(ext64, 3)
	ext64 = append(le.AppendUint16(ext64, tagFloat), guidTail[:]...)
	f64 := le.AppendUint64(nil, math.Float64bits(0.125))
	f64 = le.AppendUint64(f64, math.Float64bits(-2))
	d64 := (&riffBuilder{id: "RIFF"}).chunk("fmt ", ext64, -1).chunk("data", f64, -1).bytes()
	for _, c := range []struct {
		name string
		file []byte
		f    Format
		want [][]float32
	}{
		{"u8", u8, Format{SampleRate: 8000, Channels: 1, BitDepth: 8}, [][]float32{{-1, 0, 127.0 / 128}}},
		{"f32", fl, Format{SampleRate: 8000, Channels: 1, BitDepth: 32, Float: true}, [][]float32{{0.25, -1.5}}},
		{"f64", d64, Format{SampleRate: 96000, Channels: 2, BitDepth: 64, Float: true, ChannelMask: 3}, [][]float32{{0.125}, {-2}}},
	} {
		r, err := OpenReader(bytes.NewReader(c.file), c.name)
		if err != nil {
			t.Fatal(err)
		}
		if r.Format() != c.f {
			t.Errorf("%s: format %v, want %v", c.name, r.Format(), c.f)
		}
		sameSamples(t, c.name, drain(t, r, 5), c.want)
	}
}

// TestTruncatedFLAC cuts a FLAC file in the middle: the frames before the
// cut decode, then Read reports ErrTruncated.
func TestTruncatedFLAC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "whole.flac")
	data := codes(2, 2, 20000, 16)
	writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: 16}, WriteOptions{}, data, 4096)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenReader(bytes.NewReader(b[:len(b)/2]), "half.flac")
	if err != nil {
		t.Fatal(err)
	}
	buf := [][]float32{make([]float32, 1000), make([]float32, 1000)}
	var total int
	for {
		n, err := r.Read(buf)
		total += n
		if err == io.EOF {
			t.Fatal("truncated FLAC ended with io.EOF")
		}
		if err != nil {
			if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "half.flac") {
				t.Errorf("error %v, want ErrTruncated naming half.flac", err)
			}
			break
		}
	}
	if total < 4096 || total >= 20000 {
		t.Errorf("read %d frames of a half file", total)
	}
}
