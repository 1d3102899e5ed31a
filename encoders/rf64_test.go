package encoders

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// checkDS64Header verifies an RF64/BW64 header as EBU Tech 3306 lays it
// out: ID, 0xFFFFFFFF, WAVE, ds64 (28 bytes: RIFF size, data size, sample
// count, table length 0), and a data chunk whose 32-bit size is 0xFFFFFFFF.
func checkDS64Header(t *testing.T, path, id string, frames, dataBytes int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if string(b[0:4]) != id || le.Uint32(b[4:8]) != 0xFFFFFFFF || string(b[8:12]) != "WAVE" {
		t.Fatalf("header %q, want %s/0xFFFFFFFF/WAVE", b[0:12], id)
	}
	if string(b[12:16]) != "ds64" || le.Uint32(b[16:20]) != 28 {
		t.Fatalf("first chunk %q size %d, want ds64 of 28 bytes", b[12:16], le.Uint32(b[16:20]))
	}
	riff, data, samples, table := le.Uint64(b[20:28]), le.Uint64(b[28:36]), le.Uint64(b[36:44]), le.Uint32(b[44:48])
	if riff != uint64(len(b)-8) || data != uint64(dataBytes) || samples != uint64(frames) || table != 0 {
		t.Errorf("ds64 riff %d data %d samples %d table %d; want %d %d %d 0", riff, data, samples, table, len(b)-8, dataBytes, frames)
	}
	i := bytes.Index(b, []byte("data"))
	if i < 0 || le.Uint32(b[i+4:i+8]) != 0xFFFFFFFF {
		t.Errorf("data chunk 32-bit size is not 0xFFFFFFFF")
	}
}

// TestForceDS64 writes RF64 and BW64 headers on small files and reads them
// back.
func TestForceDS64(t *testing.T) {
	dir := t.TempDir()
	f := Format{SampleRate: 48000, Channels: 2, BitDepth: 24}
	data := codes(6, 2, 5001, 24)
	for _, c := range []struct {
		name string
		opt  WriteOptions
		id   string
		want Container
	}{
		{"force.wav", WriteOptions{ForceDS64: true}, "RF64", RF64},
		{"forcebw.wav", WriteOptions{ForceDS64: true, BW64: true}, "BW64", BW64},
		{"ext.rf64", WriteOptions{}, "RF64", RF64},
		{"ext.bw64", WriteOptions{Chunks: []Chunk{{ID: "chna", Data: []byte{1, 2}}, {ID: "axml", Data: []byte("<a/>")}}}, "BW64", BW64},
		{"container.wav", WriteOptions{Container: BW64}, "BW64", BW64},
	} {
		path := filepath.Join(dir, c.name)
		writeAll(t, path, f, c.opt, data, 1000)
		checkDS64Header(t, path, c.id, 5001, 5001*6)
		got, r := readAll(t, path, 777)
		sameSamples(t, c.name, got, data)
		if r.Container() != c.want || r.Length() != 5001 {
			t.Errorf("%s: container %v length %d, want %v 5001", c.name, r.Container(), r.Length(), c.want)
		}
	}
}

// TestDS64Upgrade lowers the 4 GiB threshold so a small WAV takes the
// upgrade path on Close; below the threshold the JUNK chunk stays.
func TestDS64Upgrade(t *testing.T) {
	defer func(v int64) { ds64Threshold = v }(ds64Threshold)
	ds64Threshold = 20000
	dir := t.TempDir()
	f := Format{SampleRate: 48000, Channels: 2, BitDepth: 16}
	for _, c := range []struct {
		frames int
		bw64   bool
		id     string
	}{{4000, false, "RIFF"}, {6000, false, "RF64"}, {6000, true, "BW64"}} {
		path := filepath.Join(dir, c.id+".wav")
		data := codes(uint64(c.frames), 2, c.frames, 16)
		writeAll(t, path, f, WriteOptions{BW64: c.bw64, Chunks: []Chunk{{ID: "axml", Data: []byte("<x/>")}}}, data, 512)
		if c.id == "RIFF" {
			b, _ := os.ReadFile(path)
			if string(b[0:4]) != "RIFF" || binary.LittleEndian.Uint32(b[4:8]) != uint32(len(b)-8) || string(b[12:16]) != "JUNK" {
				t.Errorf("small file: header %q size %d, want RIFF %d with JUNK", b[0:4], binary.LittleEndian.Uint32(b[4:8]), len(b)-8)
			}
		} else {
			checkDS64Header(t, path, c.id, int64(c.frames), int64(c.frames*4))
		}
		got, r := readAll(t, path, 1000)
		sameSamples(t, path, got, data)
		if r.Length() != int64(c.frames) {
			t.Errorf("%s: length %d", c.id, r.Length())
		}
		r2, _ := Open(path)
		if b, err := r2.ReadChunk("axml"); err != nil || string(b) != "<x/>" {
			t.Errorf("%s: axml after data: %q, %v", c.id, b, err)
		}
		r2.Close()
	}
}

// TestDS64Table reads a hand-built RF64 file whose "big " chunk has a
// 32-bit size of 0xFFFFFFFF and its real size in the ds64 table.
func TestDS64Table(t *testing.T) {
	le := binary.LittleEndian
	samples := pcm16(1, 2, 3, 4)
	big := []byte("hello")                         // 5 bytes + pad
	ds := le.AppendUint64(nil, 0)                  // RIFF size, patched below
	ds = le.AppendUint64(ds, uint64(len(samples))) // data size
	ds = le.AppendUint64(ds, 2)                    // sample count
	ds = le.AppendUint32(ds, 1)                    // table length
	ds = append(ds, "big "...)
	ds = le.AppendUint64(ds, uint64(len(big)))
	b := (&riffBuilder{id: "RF64"}).chunk("ds64", ds, -1).chunk("fmt ", pcmFmt(tagPCM, 2, 8000, 16), -1).
		chunk("big ", big, 0xFFFFFFFF).chunk("data", samples, 0xFFFFFFFF).bytes()
	le.PutUint32(b[4:8], 0xFFFFFFFF)
	le.PutUint64(b[20:28], uint64(len(b)-8))
	path := writeTemp(t, "table.rf64", b)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if c, err := r.ReadChunk("big "); err != nil || string(c) != "hello" {
		t.Errorf("ReadChunk(big) = %q, %v", c, err)
	}
	got := drain(t, r, 10)
	sameSamples(t, path, got, [][]float32{{1.0 / 32768, 3.0 / 32768}, {2.0 / 32768, 4.0 / 32768}})
	// A 0xFFFFFFFF size without a table entry is refused.
	le.PutUint32(ds[24:28], 0)
	b2 := (&riffBuilder{id: "RF64"}).chunk("ds64", ds, -1).chunk("fmt ", pcmFmt(tagPCM, 2, 8000, 16), -1).
		chunk("big ", big, 0xFFFFFFFF).chunk("data", samples, 0xFFFFFFFF).bytes()
	if _, err := OpenReader(bytes.NewReader(b2), "notable.rf64"); err == nil {
		t.Error("chunk with size 0xFFFFFFFF and no ds64 entry was accepted")
	}
}
