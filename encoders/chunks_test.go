package encoders

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestChunkOrderIndependence reads hand-built files whose chunks come in
// unusual orders: axml before fmt and data, chna after data, an odd-sized
// unknown chunk with its pad byte, a LIST chunk, and data before fmt.
func TestChunkOrderIndependence(t *testing.T) {
	samples := pcm16(1000, -1000, 32767, -32768, 0, 5) // 3 stereo frames
	want := [][]float32{{1000.0 / 32768, 32767.0 / 32768, 0}, {-1000.0 / 32768, -1, 5.0 / 32768}}
	axml := []byte("<ebuCoreMain/>")          // 14 bytes
	chna := []byte{1, 0, 1, 0, 'o', 'd', 'd'} // 7 bytes: odd, padded
	odd := []byte("xyz")                      // 3 bytes: odd, padded
	fmtP := pcmFmt(tagPCM, 2, 48000, 16)
	cases := map[string]*riffBuilder{
		"axml first, chna after data": new(riffBuilder).chunk("axml", axml, -1).chunk("fmt ", fmtP, -1).
			chunk("odd ", odd, -1).chunk("data", samples, -1).chunk("chna", chna, -1),
		"data before fmt": new(riffBuilder).chunk("LIST", []byte("INFOISFT\x04\x00\x00\x00abc\x00"), -1).chunk("odd ", odd, -1).
			chunk("data", samples, -1).chunk("chna", chna, -1).chunk("fmt ", fmtP, -1).chunk("axml", axml, -1),
		"odd chunk between fmt and data": new(riffBuilder).chunk("fmt ", fmtP, -1).chunk("chna", chna, -1).
			chunk("odd ", odd, -1).chunk("data", samples, -1).chunk("axml", axml, -1),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			b.id = "RIFF"
			path := writeTemp(t, "order.wav", b.bytes())
			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			sameSamples(t, name, drain(t, r, 2), want)
			for id, payload := range map[string][]byte{"axml": axml, "chna": chna, "odd": odd} {
				if c, err := r.ReadChunk(id); err != nil || !bytes.Equal(c, payload) {
					t.Errorf("ReadChunk(%q) = %q, %v; want %q", id, c, err, payload)
				}
			}
			// Offsets: every listed chunk's header precedes its payload.
			raw, _ := os.ReadFile(path)
			for _, c := range r.Chunks() {
				if string(raw[c.Offset-8:c.Offset-4]) != c.ID ||
					int64(binary.LittleEndian.Uint32(raw[c.Offset-4:c.Offset])) != c.Size {
					t.Errorf("chunk %q at offset %d size %d does not match the file", c.ID, c.Offset, c.Size)
				}
			}
		})
	}
}

// TestReadChunkAfterRead checks that ReadChunk in the middle of streaming
// does not disturb the sample position.
func TestReadChunkAfterRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mid.wav")
	data := codes(2, 2, 100000, 24)
	axml := bytes.Repeat([]byte("<a/>"), 1000)
	writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: 24}, WriteOptions{Chunks: []Chunk{{ID: "axml", Data: axml}}}, data, 4096)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := [][]float32{make([]float32, 30000), make([]float32, 30000)}
	var got [][]float32 = [][]float32{nil, nil}
	for i := 0; ; i++ {
		n, err := r.Read(buf)
		if n == 0 {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got[0], got[1] = append(got[0], buf[0][:n]...), append(got[1], buf[1][:n]...)
		if c, err := r.ReadChunk("axml"); err != nil || !bytes.Equal(c, axml) {
			t.Fatalf("ReadChunk after block %d: %v", i, err)
		}
	}
	sameSamples(t, "interleaved ReadChunk", got, data)
	if _, err := r.ReadChunk("bext"); err == nil {
		t.Error("ReadChunk of a missing chunk succeeded")
	}
}

// TestWriteChunks writes extra chunks and checks their placement: chna and
// bext before data, others after, odd sizes padded, and the contents.
func TestWriteChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chunks.wav")
	chunks := []Chunk{
		{ID: "axml", Data: []byte("<ebuCoreMain>odd</ebuCoreMain>x")}, // 31 bytes
		{ID: "chna", Data: []byte{2, 0, 2, 0}},
		{ID: "bext", Data: bytes.Repeat([]byte{'b'}, 603)},
		{ID: "iXML", Data: []byte("<BWFXML/>")},
	}
	data := codes(5, 1, 1001, 24) // odd data size: 3003 bytes, padded
	writeAll(t, path, Format{SampleRate: 48000, Channels: 1, BitDepth: 24}, WriteOptions{Chunks: chunks}, data, 100)
	got, r := readAll(t, path, 100)
	sameSamples(t, path, got, data)
	var ids []string
	for _, c := range r.Chunks() {
		ids = append(ids, c.ID)
		if c.Offset%2 != 0 {
			t.Errorf("chunk %q payload at odd offset %d", c.ID, c.Offset)
		}
	}
	if fmt.Sprint(ids) != "[JUNK fmt  chna bext data axml iXML]" {
		t.Errorf("chunk order %q", ids)
	}
	r2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	for _, c := range chunks {
		if b, err := r2.ReadChunk(c.ID); err != nil || !bytes.Equal(b, c.Data) {
			t.Errorf("ReadChunk(%q): %v, %d bytes, want %d", c.ID, err, len(b), len(c.Data))
		}
	}
	for _, bad := range []Chunk{{ID: "data"}, {ID: "fmt "}, {ID: "toolong"}, {ID: "ds64"}} {
		if _, err := Create(filepath.Join(t.TempDir(), "bad.wav"), Format{SampleRate: 48000, Channels: 1, BitDepth: 16}, WriteOptions{Chunks: []Chunk{bad}}); err == nil {
			t.Errorf("Create accepted chunk %q", bad.ID)
		}
	}
}
