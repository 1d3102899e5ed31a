package encoders_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"immerse/dsp"
	"immerse/encoders"
)

// A Reader is a dsp.Source.
var _ dsp.Source = encoders.Reader(nil)

// Write a 5.1 24-bit WAV file block by block, then stream it back.
func Example() {
	dir, err := os.MkdirTemp("", "encoders-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "mix.wav")

	f := encoders.Format{SampleRate: 48000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F} // 5.1(side)
	w, err := encoders.Create(path, f, encoders.WriteOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	block := make([][]float32, 6)
	for c := range block {
		block[c] = make([]float32, 1000)
		for i := range block[c] {
			block[c][i] = 0.5 // -6 dBFS
		}
	}
	block[0][10] = 1.5 // an over: clipped in a 24-bit file, and counted
	for range 48 {
		if err := w.Write(block); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("clipped:", w.Clipped(), "peak L:", w.Peak()[0])

	r, err := encoders.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	fmt.Println(r.Container(), r.Format(), r.Length(), "frames")
	buf := make([][]float32, r.Channels())
	for c := range buf {
		buf[c] = make([]float32, 4096)
	}
	var frames int
	for {
		n, err := r.Read(buf)
		frames += n
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("read", frames, "frames; first sample", buf[0][0])
	// Output:
	// clipped: [48 0 0 0 0 0] peak L: 1.5
	// WAV 48000 Hz, 6 ch, 24-bit PCM, mask 0x60F 48000 frames
	// read 48000 frames; first sample 0.5
}

// Stat reads only the headers.
func ExampleStat() {
	dir, _ := os.MkdirTemp("", "encoders-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "take.flac")
	w, err := encoders.Create(path, encoders.Format{SampleRate: 44100, Channels: 2, BitDepth: 16}, encoders.WriteOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Write([][]float32{make([]float32, 22050), make([]float32, 22050)})
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	info, err := encoders.Stat(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v, %v, %.1f s\n", info.Container, info.Format, info.Duration)
	// Output:
	// FLAC, 44100 Hz, 2 ch, 16-bit PCM, 0.5 s
}
