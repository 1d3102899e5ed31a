package encoders

import (
	"fmt"
	"path/filepath"
	"testing"
)

// reportRealtime adds an "x-realtime" metric: seconds of audio processed
// per second of wall time.
func reportRealtime(b *testing.B, framesPerOp, rate int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(framesPerOp)*float64(b.N)/float64(rate)/s, "x-realtime")
	}
}

// blocks splits data into planar blocks of n frames.
func blocks(data [][]float32, n int) [][][]float32 {
	var out [][][]float32
	for off := 0; off < len(data[0]); off += n {
		blk := make([][]float32, len(data))
		for c := range data {
			blk[c] = data[c][off:min(off+n, len(data[0]))]
		}
		out = append(out, blk)
	}
	return out
}

// BenchmarkReadWAV reads 5 s of 12-channel 24-bit 48 kHz audio (7.1.4)
// per op, in blocks of 64, 1024 and 4096 frames.
func BenchmarkReadWAV(b *testing.B) {
	const rate, ch, n = 48000, 12, 5 * 48000
	path := filepath.Join(b.TempDir(), "bench.wav")
	writeAll(b, path, Format{SampleRate: rate, Channels: ch, BitDepth: 24, ChannelMask: 0x2D63F}, WriteOptions{}, codes(1, ch, n, 24), 4096)
	for _, block := range []int{64, 1024, 4096} {
		b.Run(fmt.Sprintf("24bit_12ch_block%d", block), func(b *testing.B) {
			r, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			buf := make([][]float32, ch)
			for c := range buf {
				buf[c] = make([]float32, block)
			}
			b.SetBytes(n * ch * 3)
			b.ReportAllocs()
			for b.Loop() {
				r.SeekFrame(0)
				for {
					if k, _ := r.Read(buf); k == 0 {
						break
					}
				}
			}
			reportRealtime(b, n, rate)
		})
	}
}

// BenchmarkWriteWAV writes 5 s of 12-channel 24-bit 48 kHz audio per op in
// 1024-frame blocks, including Close (header rewrite, fsync, rename).
func BenchmarkWriteWAV(b *testing.B) {
	const rate, ch, n = 48000, 12, 5 * 48000
	for _, f := range []Format{
		{SampleRate: rate, Channels: ch, BitDepth: 24, ChannelMask: 0x2D63F},
		{SampleRate: rate, Channels: ch, BitDepth: 32, Float: true, ChannelMask: 0x2D63F},
	} {
		b.Run(fmt.Sprintf("%dbit_%s_12ch", f.BitDepth, kindName(f.Float)), func(b *testing.B) {
			blks := blocks(music(ch, n, rate), 1024)
			path := filepath.Join(b.TempDir(), "bench.wav")
			b.SetBytes(int64(n * ch * f.BitDepth / 8))
			b.ReportAllocs()
			for b.Loop() {
				w, err := Create(path, f, WriteOptions{Overwrite: true})
				if err != nil {
					b.Fatal(err)
				}
				for _, blk := range blks {
					w.Write(blk)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			reportRealtime(b, n, rate)
		})
	}
}

// BenchmarkWriteBlock measures Writer.Write alone (conversion and
// buffering, no Close) for one 1024-frame 12-channel 24-bit block.
func BenchmarkWriteBlock(b *testing.B) {
	f := Format{SampleRate: 48000, Channels: 12, BitDepth: 24}
	w, err := Create(filepath.Join(b.TempDir(), "blk.wav"), f, WriteOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Abort()
	blk := codes(1, 12, 1024, 24)
	b.SetBytes(1024 * 12 * 3)
	b.ReportAllocs()
	for b.Loop() {
		w.Write(blk)
	}
	reportRealtime(b, 1024, 48000)
}

// BenchmarkFLACEncode encodes 5 s of a music-like stereo signal per op.
func BenchmarkFLACEncode(b *testing.B) {
	for _, bits := range []int{16, 24} {
		b.Run(fmt.Sprintf("stereo_%dbit", bits), func(b *testing.B) {
			const rate, n = 48000, 5 * 48000
			blks := blocks(music(2, n, rate), 1024)
			path := filepath.Join(b.TempDir(), "bench.flac")
			b.SetBytes(int64(n * 2 * bits / 8))
			b.ReportAllocs()
			for b.Loop() {
				w, err := Create(path, Format{SampleRate: rate, Channels: 2, BitDepth: bits}, WriteOptions{Overwrite: true})
				if err != nil {
					b.Fatal(err)
				}
				for _, blk := range blks {
					w.Write(blk)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			reportRealtime(b, n, rate)
		})
	}
}

// BenchmarkFLACDecode decodes 5 s of a music-like stereo signal per op.
func BenchmarkFLACDecode(b *testing.B) {
	for _, bits := range []int{16, 24} {
		b.Run(fmt.Sprintf("stereo_%dbit", bits), func(b *testing.B) {
			const rate, n = 48000, 5 * 48000
			path := filepath.Join(b.TempDir(), "bench.flac")
			writeAll(b, path, Format{SampleRate: rate, Channels: 2, BitDepth: bits}, WriteOptions{}, music(2, n, rate), 4096)
			r, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			buf := [][]float32{make([]float32, 1024), make([]float32, 1024)}
			b.SetBytes(int64(n * 2 * bits / 8))
			b.ReportAllocs()
			for b.Loop() {
				r.SeekFrame(0)
				for {
					if k, _ := r.Read(buf); k == 0 {
						break
					}
				}
			}
			reportRealtime(b, n, rate)
		})
	}
}
