package resample

import (
	"fmt"
	"math"
)

// Resampler converts a stream of planar blocks from one sample rate to
// another. Output frame m is the band-limited interpolation of the input
// at input time (m - Latency()) * from / to: the output is the one-shot
// Resample result delayed by Latency() output frames, whatever the block
// sizes.
//
// A Resampler allocates in New only; Process and Flush allocate nothing.
type Resampler struct {
	d        *design
	channels int
	from, to int
	latency  int64 // L, in output frames
	ringLen  int   // R: input history kept per channel
	ring     [][]float64
	pos      int   // next write position in each ring (0 <= pos < R)
	nIn      int64 // input frames consumed, Flush's padding included
	nOut     int64 // output frames produced
	real     int64 // input frames given to Process
}

// New returns a Resampler for channels channels from rate from to rate to
// (Hz). Any positive integer rates up to 10 MHz work; the ratio is reduced
// to lowest terms (44100 -> 48000 is 160/147).
func New(channels, from, to int) (*Resampler, error) {
	if channels < 1 {
		return nil, fmt.Errorf("resample: %d channels; want at least 1", channels)
	}
	up, down, err := ratio(from, to)
	if err != nil {
		return nil, err
	}
	d := getDesign(up, down)
	r := &Resampler{d: d, channels: channels, from: from, to: to}
	// Output m needs input up to floor((m-L)*down/up) + half, and is
	// emitted as soon as m*down < nIn*up: L*down >= half*up suffices.
	r.latency = (int64(d.half)*int64(up) + int64(down) - 1) / int64(down)
	// History: the window of taps plus the most input that can arrive
	// between two outputs.
	r.ringLen = d.taps + (down+up-1)/up + 2
	r.ring = make([][]float64, channels)
	for c := range r.ring {
		r.ring[c] = make([]float64, 2*r.ringLen)
	}
	return r, nil
}

// Latency is the delay of the output relative to the one-shot,
// zero-delay resampling, in output frames.
func (r *Resampler) Latency() int { return int(r.latency) }

// Channels is the number of channels Process expects.
func (r *Resampler) Channels() int { return r.channels }

// Rates returns the input and output sample rates.
func (r *Resampler) Rates() (from, to int) { return r.from, r.to }

// MaxOut is the most frames Process can write for in input frames:
// ceil(in * to / from).
func (r *Resampler) MaxOut(in int) int {
	up, down := int64(r.d.up), int64(r.d.down)
	return int((int64(in)*up + down - 1) / down)
}

// Reset returns the Resampler to its state after New.
func (r *Resampler) Reset() {
	for _, ring := range r.ring {
		clear(ring)
	}
	r.pos, r.nIn, r.nOut, r.real = 0, 0, 0, 0
}

// Process consumes len(src[0]) frames of every channel and writes the
// output frames that became available to dst[c][:n], returning n (at most
// MaxOut(len(src[0]))). dst and src must have Channels() channels and dst's
// channels room for MaxOut frames; anything else panics. dst and src must
// not overlap.
func (r *Resampler) Process(dst, src [][]float32) int {
	if len(src) != r.channels || len(dst) != r.channels {
		panic(fmt.Sprintf("resample: Process got %d input and %d output channels, built for %d", len(src), len(dst), r.channels))
	}
	in := len(src[0])
	need := r.MaxOut(in)
	for c := range src {
		if len(src[c]) != in || len(dst[c]) < need {
			panic(fmt.Sprintf("resample: Process channel %d has %d input frames (want %d) and room for %d output frames (want %d)",
				c, len(src[c]), in, len(dst[c]), need))
		}
	}
	var n int
	pos, nIn, nOut := r.pos, r.nIn, r.nOut
	for c := range src {
		// Every channel follows the same schedule: run each from the
		// block's starting state.
		r.pos, r.nIn, r.nOut = pos, nIn, nOut
		n = r.run(c, src[c], dst[c], math.MaxInt64)
	}
	r.real += int64(in)
	return n
}

// Flush writes the last Latency() frames, the tail still inside the
// filter, as if the input were followed by silence, and returns their
// count. Afterwards the output holds Latency() + ceil(frames in * to/from)
// frames: the whole one-shot result after Latency() frames of lead-in.
// dst's channels need room for Latency() frames. Flushing again writes
// nothing; call Reset before starting another stream.
func (r *Resampler) Flush(dst [][]float32) int {
	if len(dst) != r.channels {
		panic(fmt.Sprintf("resample: Flush got %d channels, built for %d", len(dst), r.channels))
	}
	up, down := int64(r.d.up), int64(r.d.down)
	target := r.latency + (r.real*up+down-1)/down
	want := int(target - r.nOut)
	if want <= 0 {
		return 0
	}
	for c := range dst {
		if len(dst[c]) < want {
			panic(fmt.Sprintf("resample: Flush channel %d has room for %d frames, want %d", c, len(dst[c]), want))
		}
	}
	var zero [1]float32
	written := 0
	pos, nIn, nOut := r.pos, r.nIn, r.nOut
	for c := range dst {
		r.pos, r.nIn, r.nOut = pos, nIn, nOut
		written = 0
		for r.nOut < target {
			written += r.run(c, zero[:], dst[c][written:], target)
		}
	}
	return written
}

// run pushes src into channel c's history and writes the outputs that
// become available to dst, stopping at output frame limit; it returns
// their count.
func (r *Resampler) run(c int, src, dst []float32, limit int64) int {
	d := r.d
	ring := r.ring[c]
	R := r.ringLen
	up, down := int64(d.up), int64(d.down)
	half := int64(d.half)
	n := 0
	for _, x := range src {
		v := float64(x)
		ring[r.pos] = v
		ring[r.pos+R] = v
		r.pos++
		if r.pos == R {
			r.pos = 0
		}
		r.nIn++
		for r.nOut*down < r.nIn*up && r.nOut < limit {
			num := (r.nOut - r.latency) * down
			base := floorDiv(num, up)
			phase := int(num - base*up)
			start := base - half + 1 // absolute index of the first tap's sample
			// Position of start in the doubled ring: the newest sample
			// (index nIn-1) sits just before r.pos.
			off := int64(r.pos) - (r.nIn - start)
			off %= int64(R)
			if off < 0 {
				off += int64(R)
			}
			window := ring[off : off+int64(d.taps)]
			dst[n] = float32(r.dot(window, phase))
			n++
			r.nOut++
		}
	}
	return n
}

// dot applies the filter phase (phase/up of an input sample) to window.
func (r *Resampler) dot(window []float64, phase int) float64 {
	d := r.d
	if d.exact {
		return dot(window, d.coefs[phase*d.taps:(phase+1)*d.taps])
	}
	x := float64(phase) * interpPhases / float64(d.up)
	p := int(x)
	f := x - float64(p)
	a := dot(window, d.coefs[p*d.taps:(p+1)*d.taps])
	b := dot(window, d.coefs[(p+1)*d.taps:(p+2)*d.taps])
	return a + f*(b-a)
}

func dot(x, h []float64) float64 {
	h = h[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * h[i]
		s1 += x[i+1] * h[i+1]
		s2 += x[i+2] * h[i+2]
		s3 += x[i+3] * h[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * h[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
