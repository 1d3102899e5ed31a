package encoders

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestWAVRoundTrip writes random data with full-scale extremes in every
// sample format and several channel counts and reads it back bit-exactly.
func TestWAVRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []Format{
		{BitDepth: 16}, {BitDepth: 24}, {BitDepth: 32}, {BitDepth: 32, Float: true},
	} {
		for _, ch := range []int{1, 2, 6, 12} {
			f := f
			f.SampleRate, f.Channels = 48000, ch
			t.Run(fmt.Sprintf("%dch_%s", ch, kindName(f.Float)+fmt.Sprint(f.BitDepth)), func(t *testing.T) {
				var data [][]float32
				if f.Float {
					data = floats(uint64(ch), ch, 3001)
				} else {
					data = codes(uint64(ch), ch, 3001, f.BitDepth)
				}
				path := filepath.Join(dir, fmt.Sprintf("rt_%d_%d_%v.wav", ch, f.BitDepth, f.Float))
				writeAll(t, path, f, WriteOptions{}, data, 512)
				got, r := readAll(t, path, 1000)
				sameSamples(t, path, got, data)
				if r.Format() != f || r.Container() != WAV || r.Length() != 3001 {
					t.Errorf("got %v %v %d frames, want %v WAV 3001", r.Format(), r.Container(), r.Length(), f)
				}
				st, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				// RIFF+WAVE 12, JUNK 36, fmt 24 or 48, fact 12 for float, data 8.
				fmtLen := int64(48)
				if f.BitDepth == 16 && ch <= 2 {
					fmtLen = 24
				}
				if f.Float {
					fmtLen += 12
				}
				frameBytes := int64(ch * f.BitDepth / 8 * 3001)
				if want := 12 + 36 + fmtLen + 8 + frameBytes + frameBytes%2; st.Size() != want {
					t.Errorf("file is %d bytes, want %d", st.Size(), want)
				}
			})
		}
	}
}

// TestQuantize pins the float -> integer rule: scale by 2^(b-1), round half
// away from zero, clip to [-2^(b-1), 2^(b-1)-1], NaN -> 0.
func TestQuantize(t *testing.T) {
	lsb := float32(1.0 / 32768)
	for _, c := range []struct {
		x    float32
		bits uint
		want int32
	}{
		{0, 16, 0}, {1, 16, 32767}, {-1, 16, -32768}, {2, 16, 32767}, {-2, 16, -32768},
		{0.5, 16, 16384}, {0.5 * lsb, 16, 1}, {-0.5 * lsb, 16, -1}, {0.49 * lsb, 16, 0},
		{1.5 * lsb, 16, 2}, {float32(math.NaN()), 16, 0}, {float32(math.Inf(1)), 24, 8388607},
		{float32(math.Inf(-1)), 24, -8388608}, {1, 32, math.MaxInt32}, {-1, 32, math.MinInt32},
		{0.25, 24, 2097152}, {-0.25, 32, -536870912},
	} {
		if got := quantize(c.x, c.bits); got != c.want {
			t.Errorf("quantize(%v, %d) = %d, want %d", c.x, c.bits, got, c.want)
		}
	}
}

// TestReadBlockSizeInvariance reads one file with block sizes 1, 7, 64, 512
// and 4096 and gets the same samples (WAV and FLAC); it also writes with
// those block sizes and gets byte-identical files.
func TestReadBlockSizeInvariance(t *testing.T) {
	dir := t.TempDir()
	f := Format{SampleRate: 48000, Channels: 3, BitDepth: 24}
	data := codes(9, 3, 70001, 24) // more than one 64 KiB read buffer
	var first []byte
	for _, block := range []int{1, 7, 64, 512, 4096} {
		path := filepath.Join(dir, fmt.Sprintf("b%d.wav", block))
		writeAll(t, path, f, WriteOptions{}, data, block)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Errorf("writing in blocks of %d gives a different file", block)
		}
		got, _ := readAll(t, path, block)
		sameSamples(t, fmt.Sprintf("read in blocks of %d", block), got, data)
	}
	flacPath := filepath.Join(dir, "b.flac")
	writeAll(t, flacPath, f, WriteOptions{}, data, 1000)
	for _, block := range []int{1, 7, 64, 512, 4096} {
		got, _ := readAll(t, flacPath, block)
		sameSamples(t, fmt.Sprintf("FLAC read in blocks of %d", block), got, data)
	}
}

// TestClipAndPeak checks clip counting, peaks and the stored codes of
// overs for integer and float files.
func TestClipAndPeak(t *testing.T) {
	dir := t.TempDir()
	src := [][]float32{
		{0.5, 1.0, 1.25, -1.0, -3, 0.25},
		{0, 0, 0, 0, 0, -0.75},
	}
	for _, f := range []Format{{BitDepth: 16}, {BitDepth: 24}, {BitDepth: 32, Float: true}} {
		f.SampleRate, f.Channels = 44100, 2
		path := filepath.Join(dir, fmt.Sprintf("clip%d%v.wav", f.BitDepth, f.Float))
		w := writeAll(t, path, f, WriteOptions{}, src, 4)
		if got := w.Clipped(); got[0] != 2 || got[1] != 0 {
			t.Errorf("%v: Clipped = %v, want [2 0] (1.25 and -3; exactly ±1 is not a clip)", f, got)
		}
		if got := w.Peak(); got[0] != 3 || got[1] != 0.75 {
			t.Errorf("%v: Peak = %v, want [3 0.75]", f, got)
		}
		if w.Frames() != 6 {
			t.Errorf("Frames = %d, want 6", w.Frames())
		}
		got, _ := readAll(t, path, 64)
		maxPos := float32(1 - math.Pow(2, float64(1-f.BitDepth)))
		want := []float32{0.5, maxPos, maxPos, -1, -1, 0.25}
		if f.Float {
			want = src[0]
		}
		sameSamples(t, path, got[:1], [][]float32{want})
	}
}

// TestSeekWAV seeks to several frames (inside and outside the read buffer)
// and compares with a straight read.
func TestSeekWAV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seek.wav")
	data := codes(4, 2, 50000, 16)
	writeAll(t, path, Format{SampleRate: 48000, Channels: 2, BitDepth: 16}, WriteOptions{}, data, 4096)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := [][]float32{make([]float32, 100), make([]float32, 100)}
	for _, at := range []int64{0, 49999, 12345, 12346, 12300, 40000, 100, 0} {
		if err := r.SeekFrame(at); err != nil {
			t.Fatal(err)
		}
		n, err := r.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		want := int(min(100, 50000-at))
		if n != want {
			t.Fatalf("Read after Seek(%d) = %d frames, want %d", at, n, want)
		}
		sameSamples(t, fmt.Sprintf("seek %d", at), [][]float32{buf[0][:n], buf[1][:n]},
			[][]float32{data[0][at : at+int64(n)], data[1][at : at+int64(n)]})
	}
	if err := r.SeekFrame(50000); err != nil {
		t.Errorf("Seek(Length) = %v, want nil", err)
	}
	if n, err := r.Read(buf); n != 0 || err == nil {
		t.Errorf("Read at end = %d, %v; want 0, io.EOF", n, err)
	}
	if err := r.SeekFrame(50001); err == nil {
		t.Error("Seek past the end succeeded")
	}
}

// TestStat checks the cheap header-only summary.
func TestStat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat.wav")
	f := Format{SampleRate: 48000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F}
	writeAll(t, path, f, WriteOptions{Chunks: []Chunk{{ID: "axml", Data: []byte("<x/>")}}}, codes(1, 6, 24000, 24), 1000)
	info, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != f || info.Container != WAV || info.Length != 24000 || info.Duration != 0.5 || info.Truncated {
		t.Errorf("Stat = %+v", info)
	}
	var ids []string
	for _, c := range info.Chunks {
		ids = append(ids, c.ID)
	}
	if fmt.Sprint(ids) != "[JUNK fmt  data axml]" {
		t.Errorf("chunks %q, want JUNK, fmt, data, axml", ids)
	}
}

// TestReadShape checks that Read rejects a buffer of the wrong shape.
func TestReadShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shape.wav")
	writeAll(t, path, Format{SampleRate: 8000, Channels: 2, BitDepth: 16}, WriteOptions{}, codes(1, 2, 10, 16), 10)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Read([][]float32{make([]float32, 4)}); err == nil {
		t.Error("Read with 1 channel buffer for a stereo file succeeded")
	}
	if _, err := r.Read([][]float32{make([]float32, 4), make([]float32, 2)}); err == nil {
		t.Error("Read with a short channel 1 succeeded")
	}
}

// TestReadAllocs checks that Read allocates nothing per block.
func TestReadAllocs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "allocs.wav")
	writeAll(t, path, Format{SampleRate: 48000, Channels: 12, BitDepth: 24}, WriteOptions{}, codes(1, 12, 48000, 24), 4800)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([][]float32, 12)
	for c := range buf {
		buf[c] = make([]float32, 512)
	}
	if a := testing.AllocsPerRun(50, func() {
		if _, err := r.Read(buf); err != nil {
			r.SeekFrame(0)
		}
	}); a != 0 {
		t.Errorf("Read allocates %.1f times per block, want 0", a)
	}
}
