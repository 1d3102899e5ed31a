package dsp

import (
	"fmt"
	"math"
)

// Processor is a block processor following the block contract (see the
// package documentation).
type Processor interface {
	// Process writes len(src[0]) frames of output to dst. dst and src must
	// have the channel counts the processor was built for; they may alias.
	Process(dst, src [][]float32)
	// Latency is the delay the processor adds, in frames.
	Latency() int
	// Reset clears all internal state (delay lines, envelopes).
	Reset()
}

// Source is a stream of planar audio blocks, read like an io.Reader.
type Source interface {
	// Read fills dst[c][:n] for every channel and returns n. At the end of
	// the stream it returns 0 (or a short count) and io.EOF. Errors are sticky.
	Read(dst [][]float32) (n int, err error)
	// Channels is the number of channels Read expects in dst.
	Channels() int
	// SampleRate is the stream's sample rate in Hz.
	SampleRate() int
}

// MinDB is the level reported for silence by GainToDB (and treated as silence
// by DBToGain): -inf is inconvenient in JSON and tables.
const MinDB = -200.0

// DBToGain converts a level in decibels to a linear amplitude gain.
// Levels at or below MinDB give 0.
func DBToGain(db float64) float64 {
	if db <= MinDB {
		return 0
	}
	return math.Pow(10, db/20)
}

// GainToDB converts a linear amplitude gain to decibels; zero or negative
// gains give MinDB.
func GainToDB(gain float64) float64 {
	if gain <= 0 {
		return MinDB
	}
	db := 20 * math.Log10(gain)
	if db < MinDB {
		return MinDB
	}
	return db
}

// PowerToDB converts a power ratio (mean square) to decibels; zero gives MinDB.
func PowerToDB(power float64) float64 {
	if power <= 0 {
		return MinDB
	}
	db := 10 * math.Log10(power)
	if db < MinDB {
		return MinDB
	}
	return db
}

// NewBuffer allocates a planar buffer of channels × frames samples in one
// backing array.
func NewBuffer(channels, frames int) [][]float32 {
	back := make([]float32, channels*frames)
	buf := make([][]float32, channels)
	for c := range buf {
		buf[c] = back[c*frames : (c+1)*frames : (c+1)*frames]
	}
	return buf
}

// Frames returns the block's frame count (len of the first channel), or 0 for
// a buffer without channels.
func Frames(buf [][]float32) int {
	if len(buf) == 0 {
		return 0
	}
	return len(buf[0])
}

// Slice returns buf restricted to frames [from, to) of every channel, reusing
// dst's backing slice of channel headers when it has room.
func Slice(dst, buf [][]float32, from, to int) [][]float32 {
	dst = dst[:0]
	for _, ch := range buf {
		dst = append(dst, ch[from:to])
	}
	return dst
}

// Clear sets every sample of buf to zero.
func Clear(buf [][]float32) {
	for _, ch := range buf {
		clear(ch)
	}
}

// CheckShape panics with a clear message when dst and src disagree on
// channels or frames, or do not have want channels (want < 0: any count).
// Processors call it at the top of Process: a wrong shape is a programming
// error under the block contract.
func CheckShape(name string, dst, src [][]float32, want int) {
	if want >= 0 && (len(src) != want || len(dst) != want) {
		panic(fmt.Sprintf("%s: Process got %d input and %d output channels, built for %d", name, len(src), len(dst), want))
	}
	if len(dst) != len(src) {
		panic(fmt.Sprintf("%s: Process got %d input and %d output channels", name, len(src), len(dst)))
	}
	n := Frames(src)
	for c := range src {
		if len(src[c]) != n || len(dst[c]) != n {
			panic(fmt.Sprintf("%s: Process channel %d has %d input and %d output frames, want %d", name, c, len(src[c]), len(dst[c]), n))
		}
	}
}

// ProcessAll runs p over the whole planar buffer x in blocks of block
// frames (the last one shorter) and returns the output in a new buffer:
// offline processing, and the way to check that a processor's output does
// not depend on the block size.
func ProcessAll(p Processor, x [][]float32, block int) [][]float32 {
	n := Frames(x)
	out := NewBuffer(len(x), n)
	var in, o [][]float32
	for from := 0; from < n; from += block {
		to := min(from+block, n)
		in = Slice(in, x, from, to)
		o = Slice(o, out, from, to)
		p.Process(o, in)
	}
	return out
}
