package encoders

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mewkiz/flac"
	"github.com/mewkiz/flac/frame"
	"github.com/mewkiz/flac/meta"
)

// TestFLACRoundTrip encodes random codes (including full scale) and a
// music-like signal at 16 and 24 bits and 1 to 8 channels, and decodes
// them bit-exactly.
func TestFLACRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, bits := range []int{16, 24} {
		for _, ch := range []int{1, 2, 3, 6, 8} {
			t.Run(fmt.Sprintf("%dbit_%dch", bits, ch), func(t *testing.T) {
				f := Format{SampleRate: 48000, Channels: ch, BitDepth: bits}
				if ch > 2 {
					f.ChannelMask = [9]uint32{6: 0x60F, 3: 0x7, 8: 0x63F}[ch]
				}
				n := 10000 // two full FLAC frames and a short one
				rnd := codes(uint64(bits+ch), ch, n, bits)
				mus := music(ch, n, 48000)
				for c := range mus { // quantized, so the round trip is exact
					for i, x := range mus[c] {
						mus[c][i] = float32(float64(quantize(x, uint(bits))) / float64(int64(1)<<(bits-1)))
					}
				}
				for name, data := range map[string][][]float32{"random": rnd, "music": mus} {
					path := filepath.Join(dir, fmt.Sprintf("%s%d_%d.flac", name, bits, ch))
					writeAll(t, path, f, WriteOptions{}, data, 1500)
					got, r := readAll(t, path, 1000)
					sameSamples(t, path, got, data)
					want := f
					if ch <= 2 {
						want.ChannelMask = 0
					}
					if r.Format() != want || r.Container() != FLAC || r.Length() != int64(n) || r.Chunks() != nil {
						t.Errorf("%s: %v %v %d frames, want %v FLAC %d", name, r.Format(), r.Container(), r.Length(), want, n)
					}
				}
			})
		}
	}
}

// TestFLACSpecialSignals covers constant, silent, wasted-bits (16-bit data
// in a 24-bit file), tiny and odd-length streams.
func TestFLACSpecialSignals(t *testing.T) {
	dir := t.TempDir()
	mk := func(n int, fn func(i int) float32) [][]float32 {
		d := [][]float32{make([]float32, n), make([]float32, n)}
		for i := range n {
			d[0][i], d[1][i] = fn(i), fn(i)/2
		}
		return d
	}
	wasted := codes(1, 2, 5000, 16) // 16-bit codes stored in 24 bits
	for name, data := range map[string][][]float32{
		"silence":  mk(5000, func(int) float32 { return 0 }),
		"constant": mk(5000, func(int) float32 { return 0.25 }),
		"fullneg":  mk(4096, func(int) float32 { return -1 }),
		"tiny":     mk(3, func(i int) float32 { return float32(i) / 4 }),
		"one":      mk(1, func(int) float32 { return 0.5 }),
		"ramp":     mk(4097, func(i int) float32 { return float32(i-2048) / 4096 }),
		"wasted":   wasted,
	} {
		path := filepath.Join(dir, name+".flac")
		writeAll(t, path, Format{SampleRate: 44100, Channels: 2, BitDepth: 24}, WriteOptions{}, data, 4096)
		got, _ := readAll(t, path, 512)
		sameSamples(t, name, got, data)
	}
}

// TestFLACCompression measures the compression of a music-like signal: it
// must beat verbatim storage clearly and beat mewkiz/flac's own analysis
// (single Rice partition, no stereo decorrelation) on the same samples.
// Random full-band noise must stay within 0.1% of verbatim.
func TestFLACCompression(t *testing.T) {
	dir := t.TempDir()
	const n = 48000 * 2
	for _, c := range []struct {
		bits     int
		data     [][]float32
		maxRatio float64
		name     string
	}{
		{16, music(2, n, 48000), 0.30, "music16"},
		{24, music(2, n, 48000), 0.55, "music24"},
		{24, codes(3, 2, n, 24), 1.001, "noise24"},
	} {
		path := filepath.Join(dir, c.name+".flac")
		writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: c.bits}, WriteOptions{}, c.data, 4096)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		pcm := float64(n * 2 * c.bits / 8)
		ratio := float64(st.Size()) / pcm
		base := mewkizDefaultSize(t, c.data, c.bits)
		t.Logf("%s: %d bytes for %.0f bytes of PCM: ratio %.3f (mewkiz/flac's own analysis: %.3f)", c.name, st.Size(), pcm, ratio, float64(base)/pcm)
		if ratio > c.maxRatio {
			t.Errorf("%s: compression ratio %.3f, want <= %.3f", c.name, ratio, c.maxRatio)
		}
		if c.name != "noise24" && st.Size() >= base {
			t.Errorf("%s: %d bytes, not smaller than mewkiz/flac's own analysis (%d)", c.name, st.Size(), base)
		}
	}
}

// mewkizDefaultSize encodes data with mewkiz/flac's built-in analysis
// (verbatim subframes analysed by the library, left/right) and returns
// the stream size.
func mewkizDefaultSize(t *testing.T, data [][]float32, bits int) int64 {
	var buf bytes.Buffer
	n := len(data[0])
	enc, err := flac.NewEncoder(&buf, &meta.StreamInfo{BlockSizeMin: 4096, BlockSizeMax: 4096, SampleRate: 48000, NChannels: 2, BitsPerSample: uint8(bits)})
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; off < n; off += 4096 {
		k := min(4096, n-off)
		subs := make([]*frame.Subframe, 2)
		for c := range subs {
			s := make([]int32, k)
			for i := range s {
				s[i] = quantize(data[c][off+i], uint(bits))
			}
			subs[c] = &frame.Subframe{SubHeader: frame.SubHeader{Pred: frame.PredVerbatim}, Samples: s, NSamples: k}
		}
		hdr := frame.Header{HasFixedBlockSize: true, BlockSize: uint16(k), SampleRate: 48000, Channels: frame.ChannelsLR, BitsPerSample: uint8(bits)}
		if err := enc.WriteFrame(&frame.Frame{Header: hdr, Subframes: subs}); err != nil {
			t.Fatal(err)
		}
	}
	return int64(buf.Len())
}

// TestFLACRefusals checks that Create refuses what FLAC cannot hold, up
// front and without leaving a file.
func TestFLACRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		f    Format
		opt  WriteOptions
		want string
	}{
		{Format{SampleRate: 48000, Channels: 12, BitDepth: 24}, WriteOptions{}, "at most 8 channels"},
		{Format{SampleRate: 48000, Channels: 9, BitDepth: 16}, WriteOptions{}, "WAV"},
		{Format{SampleRate: 48000, Channels: 2, BitDepth: 32, Float: true}, WriteOptions{}, "float"},
		{Format{SampleRate: 48000, Channels: 2, BitDepth: 32}, WriteOptions{}, "32"},
		{Format{SampleRate: 48000, Channels: 2, BitDepth: 24}, WriteOptions{Chunks: []Chunk{{ID: "axml"}}}, "RIFF chunks"},
	} {
		path := filepath.Join(dir, "x.flac")
		_, err := Create(path, c.f, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) || !errors.Is(err, ErrUnsupported) {
			t.Errorf("Create(%v) error %v, want one naming the file and saying %q", c.f, err, c.want)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("refused Create left %d files", len(ents))
		}
	}
}

// TestFLACSeek seeks a FLAC file (which has no SEEKTABLE: mewkiz/flac
// builds one) to frames inside and across FLAC frames.
func TestFLACSeek(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seek.flac")
	data := codes(8, 2, 20000, 16)
	writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: 16}, WriteOptions{}, data, 4096)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := [][]float32{make([]float32, 5000), make([]float32, 5000)}
	for _, at := range []int64{12000, 100, 4095, 4096, 4097, 19999, 0, 8191, 16384} {
		if err := r.SeekFrame(at); err != nil {
			t.Fatalf("Seek(%d): %v", at, err)
		}
		n, err := r.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n < 1 || n > 5000 || at+int64(n) > 20000 {
			t.Fatalf("Read after Seek(%d) = %d frames", at, n)
		}
		sameSamples(t, fmt.Sprintf("seek %d", at), [][]float32{buf[0][:n], buf[1][:n]},
			[][]float32{data[0][at : at+int64(n)], data[1][at : at+int64(n)]})
	}
	if err := r.SeekFrame(20000); err != nil {
		t.Errorf("Seek(Length): %v", err)
	}
	if n, err := r.Read(buf); n != 0 || err == nil {
		t.Errorf("Read at end = %d, %v", n, err)
	}
}

// TestFLACSeekFallback gives a FLAC file a SEEKTABLE whose offsets point
// into the middle of frames: mewkiz/flac's seek fails and the reader falls
// back to decoding from the start.
func TestFLACSeekFallback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "table.flac")
	data := codes(9, 2, 20000, 16)
	writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: 16}, WriteOptions{}, data, 4096)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b[4] != 0x80 { // STREAMINFO is the last (only) metadata block
		t.Fatalf("unexpected metadata layout: 0x%02X", b[4])
	}
	var st []byte
	for _, p := range [][3]uint64{{0, 0, 4096}, {8192, 7, 4096}, {16384, 13, 3616}} {
		st = binary.BigEndian.AppendUint64(st, p[0])
		st = binary.BigEndian.AppendUint64(st, p[1]) // bogus byte offset
		st = binary.BigEndian.AppendUint16(st, uint16(p[2]))
	}
	out := append([]byte{}, b[:42]...)
	out[4] = 0x00 // STREAMINFO no longer last
	out = append(out, 0x83, 0, 0, byte(len(st)))
	out = append(append(out, st...), b[42:]...)
	r, err := OpenReader(bytes.NewReader(out), "table.flac")
	if err != nil {
		t.Fatal(err)
	}
	buf := [][]float32{make([]float32, 100), make([]float32, 100)}
	for _, at := range []int64{10000, 17000, 3, 19950} {
		if err := r.SeekFrame(at); err != nil {
			t.Fatalf("Seek(%d): %v", at, err)
		}
		n, err := r.Read(buf)
		if err != nil || n < 1 {
			t.Fatalf("Read after Seek(%d) = %d, %v", at, n, err)
		}
		sameSamples(t, fmt.Sprintf("seek %d", at), [][]float32{buf[0][:n], buf[1][:n]},
			[][]float32{data[0][at : at+int64(n)], data[1][at : at+int64(n)]})
	}
}

// TestFLACStat checks Stat on FLAC: headers only, mask from the Vorbis
// comment.
func TestFLACStat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat.flac")
	f := Format{SampleRate: 44100, Channels: 6, BitDepth: 16, ChannelMask: 0x60F}
	writeAll(t, path, f, WriteOptions{}, codes(1, 6, 44100, 16), 4096)
	info, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != f || info.Container != FLAC || info.Length != 44100 || info.Duration != 1 || info.Chunks != nil {
		t.Errorf("Stat = %+v", info)
	}
}

// TestFLACStreamInfo checks the STREAMINFO we rewrite on Close: nominal
// block size 4096, frame sizes, total samples, and the MD5 of the samples
// (little-endian, interleaved, bits/8 bytes each) computed independently.
func TestFLACStreamInfo(t *testing.T) {
	for _, bits := range []int{16, 24} {
		path := filepath.Join(t.TempDir(), "si.flac")
		data := codes(uint64(bits), 2, 10000, bits)
		writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: bits}, WriteOptions{}, data, 999)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		si := b[8:42]
		be := binary.BigEndian
		minFrame := int(si[4])<<16 | int(si[5])<<8 | int(si[6])
		maxFrame := int(si[7])<<16 | int(si[8])<<8 | int(si[9])
		packed := be.Uint64(si[10:18])
		if be.Uint16(si[0:2]) != 4096 || be.Uint16(si[2:4]) != 4096 || minFrame < 10 || maxFrame < minFrame || maxFrame > len(b) {
			t.Errorf("%d-bit: block sizes %d/%d, frame sizes %d/%d", bits, be.Uint16(si[0:2]), be.Uint16(si[2:4]), minFrame, maxFrame)
		}
		if rate, ch, bps, total := packed>>44, packed>>41&7+1, packed>>36&31+1, packed&(1<<36-1); rate != 48000 || ch != 2 || bps != uint64(bits) || total != 10000 {
			t.Errorf("%d-bit: rate %d ch %d bits %d total %d", bits, rate, ch, bps, total)
		}
		h := md5.New()
		for i := range 10000 {
			for c := range 2 {
				v := uint32(quantize(data[c][i], uint(bits)))
				h.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16)}[:bits/8])
			}
		}
		if !bytes.Equal(h.Sum(nil), si[18:34]) {
			t.Errorf("%d-bit: STREAMINFO MD5 %x, samples hash to %x", bits, si[18:34], h.Sum(nil))
		}
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.ReadChunk("axml"); !errors.Is(err, ErrNoChunk) {
			t.Errorf("FLAC ReadChunk: %v, want ErrNoChunk", err)
		}
		r.Close()
	}
}

// TestVorbisComment round-trips a VORBIS_COMMENT body and rejects lengths
// the body cannot hold.
func TestVorbisComment(t *testing.T) {
	body := vorbisComment("immerse", [][2]string{{"waveformatextensible_channel_mask", "0x3F"}, {"TITLE", "a=b"}})
	tags, err := parseVorbisComment(body)
	if err != nil || tags[maskTag] != "0x3F" || tags["TITLE"] != "a=b" {
		t.Errorf("parse = %v, %v", tags, err)
	}
	for _, bad := range [][]byte{
		body[:3],
		body[:len(body)-2],
		append(binary.LittleEndian.AppendUint32(nil, 0), 0xFF, 0xFF, 0xFF, 0x7F), // 2^31 tags in 0 bytes
		binary.LittleEndian.AppendUint32(nil, 1<<30),                             // vendor longer than the body
	} {
		if _, err := parseVorbisComment(bad); err == nil {
			t.Errorf("parseVorbisComment(% x) succeeded", bad)
		}
	}
}
