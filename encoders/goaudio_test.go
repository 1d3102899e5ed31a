package encoders

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-audio/audio"
	"github.com/go-audio/wav"
)

// TestGoAudioDecodesOurWAV decodes files from our Writer with go-audio/wav,
// an independent decoder, and compares the integer codes exactly: what we
// store for a float x must be round(x * 2^(b-1)) clipped.
func TestGoAudioDecodesOurWAV(t *testing.T) {
	dir := t.TempDir()
	for _, bits := range []int{16, 24, 32} {
		for _, ch := range []int{1, 2, 6, 12} {
			t.Run(fmt.Sprintf("%dbit_%dch", bits, ch), func(t *testing.T) {
				data := codes(uint64(bits*ch), ch, 2000, bits)
				// Also values between codes and beyond full scale, to check
				// rounding and clipping against the decoder.
				data[0][2], data[0][3], data[0][4] = 1.7, -1.2, 0.3
				f := Format{SampleRate: 44100, Channels: ch, BitDepth: bits, ChannelMask: 0}
				path := filepath.Join(dir, fmt.Sprintf("ga%d_%d.wav", bits, ch))
				writeAll(t, path, f, WriteOptions{}, data, 333)

				file, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer file.Close()
				d := wav.NewDecoder(file)
				buf := &audio.IntBuffer{Data: make([]int, 2000*ch)}
				n, err := d.PCMBuffer(buf)
				if err != nil {
					t.Fatal(err)
				}
				if n != 2000*ch || int(d.NumChans) != ch || int(d.BitDepth) != bits || d.SampleRate != 44100 {
					t.Fatalf("go-audio: %d samples, %d ch, %d bits, %d Hz; want %d, %d, %d, 44100", n, d.NumChans, d.BitDepth, d.SampleRate, 2000*ch, ch, bits)
				}
				wantTag := uint16(tagExtensible)
				if bits == 16 && ch <= 2 {
					wantTag = tagPCM
				}
				if d.WavAudioFormat != wantTag {
					t.Errorf("format tag 0x%04X, want 0x%04X", d.WavAudioFormat, wantTag)
				}
				full := math.Ldexp(1, bits-1)
				for i := 0; i < 2000; i++ {
					for c := 0; c < ch; c++ {
						x := float64(data[c][i])
						want := int64(math.Max(-full, math.Min(full-1, math.Round(x*full))))
						if got := int64(buf.Data[i*ch+c]); got != want {
							t.Fatalf("frame %d channel %d: go-audio decodes %d, want %d (x = %v)", i, c, got, want, x)
						}
					}
				}
			})
		}
	}
}

// TestReadGoAudioWAV reads a file written by go-audio/wav's encoder (plain
// WAVEFORMATEX PCM, fmt then data) and compares the samples.
func TestReadGoAudioWAV(t *testing.T) {
	for _, bits := range []int{16, 24} {
		path := filepath.Join(t.TempDir(), "goaudio.wav")
		file, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		const ch, n = 2, 1500
		data := codes(uint64(bits), ch, n, bits)
		ints := make([]int, 0, ch*n)
		full := math.Ldexp(1, bits-1)
		for i := 0; i < n; i++ {
			for c := 0; c < ch; c++ {
				ints = append(ints, int(float64(data[c][i])*full))
			}
		}
		e := wav.NewEncoder(file, 32000, bits, ch, 1)
		buf := &audio.IntBuffer{Data: ints, Format: &audio.Format{NumChannels: ch, SampleRate: 32000}, SourceBitDepth: bits}
		if err := e.Write(buf); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		file.Close()
		got, r := readAll(t, path, 256)
		sameSamples(t, path, got, data)
		if f := r.Format(); f != (Format{SampleRate: 32000, Channels: ch, BitDepth: bits}) {
			t.Errorf("format %v", f)
		}
	}
}
