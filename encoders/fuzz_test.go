package encoders

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// seedFile writes a tiny file with our Writer and returns its bytes.
func seedFile(f testing.TB, name string, fm Format, opt WriteOptions, n int) []byte {
	p := filepath.Join(f.TempDir(), name)
	writeAll(f, p, fm, opt, codes(uint64(n), fm.Channels, n, min(fm.BitDepth, 24)), 64)
	b, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// variants adds a file, truncations of it and a few garbled copies.
func variants(f *testing.F, b []byte) {
	f.Add(b)
	for _, cut := range []int{len(b) / 2, len(b) - 1, 40, 20, 11} {
		if cut > 0 && cut < len(b) {
			f.Add(b[:cut])
		}
	}
	for _, at := range []int{4, 16, 22, 36, 40, len(b) - 3} {
		if at >= 0 && at+4 <= len(b) {
			g := bytes.Clone(b)
			binary.LittleEndian.PutUint32(g[at:], 0xFFFFFFF0)
			f.Add(g)
		}
	}
}

// checkOpen opens data as a file and exercises the Reader; it fails on a
// panic (by not recovering), on an error that is not an *Error naming the
// file, and on reading more frames than Length.
func checkOpen(t *testing.T, data []byte) uint64 {
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	r, err := OpenReader(bytes.NewReader(data), "fuzz.bin")
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), "encoders: fuzz.bin: ") {
			t.Fatalf("error %q is not an *Error naming the file", err)
		}
		return 0
	}
	ch := r.Channels()
	if ch < 1 || r.SampleRate() < 1 {
		t.Fatalf("opened with %d channels at %d Hz", ch, r.SampleRate())
	}
	block := max(1, 4096/ch)
	buf := make([][]float32, ch)
	for c := range buf {
		buf[c] = make([]float32, block)
	}
	var total int64
	for i := 0; i < 1<<16; i++ {
		n, err := r.Read(buf)
		total += int64(n)
		if err != nil || n == 0 {
			break
		}
	}
	if l := r.Length(); l >= 0 && total > l {
		t.Fatalf("read %d frames, Length says %d", total, l)
	}
	if l := r.Length(); l > 0 {
		r.SeekFrame(l / 2)
		r.Read(buf)
	}
	r.SeekFrame(0)
	for _, c := range r.Chunks() {
		r.ReadChunk(c.ID)
	}
	r.Close()
	if _, err := r.Read(buf); err == nil {
		t.Fatal("Read after Close succeeded")
	}
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

// FuzzOpenWAV feeds WAV/RF64/BW64 files, valid and broken, to the reader.
// The WAV parser must never allocate more than its fixed buffers plus what
// the file's bytes back.
func FuzzOpenWAV(f *testing.F) {
	for _, s := range []struct {
		fm  Format
		opt WriteOptions
	}{
		{Format{SampleRate: 8000, Channels: 1, BitDepth: 16}, WriteOptions{}},
		{Format{SampleRate: 48000, Channels: 3, BitDepth: 24, ChannelMask: 0x7}, WriteOptions{Chunks: []Chunk{{ID: "axml", Data: []byte("<a/>x")}}}},
		{Format{SampleRate: 44100, Channels: 2, BitDepth: 32, Float: true}, WriteOptions{ForceDS64: true}},
		{Format{SampleRate: 96000, Channels: 1, BitDepth: 32}, WriteOptions{Container: BW64, Chunks: []Chunk{{ID: "chna", Data: []byte{1, 0, 1}}}}},
	} {
		variants(f, seedFile(f, "seed.wav", s.fm, s.opt, 9))
	}
	variants(f, (&riffBuilder{id: "RIFF"}).chunk("fmt ", pcmFmt(tagPCM, 1, 8000, 8), -1).chunk("data", []byte{1, 2, 3}, 0xFFFFFFFF).bytes())
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Add([]byte("RF64\xff\xff\xff\xffWAVEds64\x1c\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if alloc := checkOpen(t, data); alloc > 2<<20+4*uint64(len(data)) {
			t.Fatalf("%d bytes allocated for a %d-byte file", alloc, len(data))
		}
	})
}

// FuzzOpenFLAC feeds FLAC files, valid and broken, to the reader. Frame
// buffers come from mewkiz/flac and are bounded by the format (65535
// samples × 8 channels per frame).
func FuzzOpenFLAC(f *testing.F) {
	for _, fm := range []Format{
		{SampleRate: 44100, Channels: 1, BitDepth: 16},
		{SampleRate: 48000, Channels: 2, BitDepth: 24},
		{SampleRate: 48000, Channels: 6, BitDepth: 16, ChannelMask: 0x60F},
	} {
		variants(f, seedFile(f, "seed.flac", fm, WriteOptions{}, 40))
	}
	f.Add([]byte("fLaC"))
	f.Add([]byte("ID3\x03\x00\x00\x00\x00\x00\x02\x00\x00fLaC"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkOpen(t, data)
	})
}

// TestFuzzSeedsAreValid makes sure the generated seeds open (so the fuzz
// corpus starts from real files, not only rejects).
func TestFuzzSeedsAreValid(t *testing.T) {
	b := seedFile(t, "s.flac", Format{SampleRate: 48000, Channels: 2, BitDepth: 24}, WriteOptions{}, 40)
	r, err := OpenReader(bytes.NewReader(b), "s.flac")
	if err != nil {
		t.Fatal(err)
	}
	if got := drain(t, r, 7); len(got[0]) != 40 {
		t.Errorf("seed decodes to %d frames, want 40", len(got[0]))
	}
	if _, err := r.Read([][]float32{make([]float32, 1), make([]float32, 1)}); err != io.EOF {
		t.Errorf("Read at end: %v", err)
	}
}
