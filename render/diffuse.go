package render

import (
	"immerse/dsp"
	"immerse/dsp/fft"
	"immerse/gaincalc"
	"immerse/speakers"
)

// stepDiffuse renders output frames [pos, pos+len(dst)) through the
// diffuse path: the voices render the scene ahead frames later; the
// direct bus comes out of the delay line, the diffuse bus out of the
// decorrelators. The first call first renders the ahead frames the
// output starts with (and drops the output they make).
func (e *Engine) stepDiffuse(dst [][]float32) error {
	if !e.primed {
		e.primed = true
		for s := 0; s < e.ahead; {
			n := min(e.ahead-s, e.block)
			if err := e.mixDiffuse(dsp.Slice(e.sview, e.scratch, 0, n), int64(s)); err != nil {
				return err
			}
			s += n
		}
	}
	return e.mixDiffuse(dst, e.pos+int64(e.ahead))
}

// mixDiffuse renders scene frames [n0, n0+len(dst)) into the wide bus and
// writes the delayed direct half plus the decorrelated diffuse half to dst.
func (e *Engine) mixDiffuse(dst [][]float32, n0 int64) error {
	n := dsp.Frames(dst)
	e.curN0, e.curN = n0, n
	e.out = dsp.Slice(e.wview, e.wide, 0, n)
	if err := e.step(); err != nil {
		return err
	}
	nch := len(dst)
	e.dly.process(dst, e.out[:nch])
	e.dec.process(dst, e.out[nch:])
	return nil
}

// decorrelator is the diffuse path of loudspeaker renders (BS.2127 §7.4):
// the diffuse bus of each loudspeaker goes through that loudspeaker's
// decorrelation filter (gaincalc.Decorrelators). It streams: the input
// comes in pieces of any size and is convolved by overlap-save on a fixed
// grid of partitions of P = gaincalc.DecorrelatorLength frames (FFTs of
// 2P), so its output is the filtered input delayed by exactly P frames,
// whatever the sizes of the pieces. A channel whose input has been silent
// for two partitions costs nothing.
type decorrelator struct {
	p     int
	fft   *fft.FFT
	filt  [][]complex64 // per channel: the filter's spectrum (P+1 bins)
	hist  [][]float32   // per channel: the previous partition, then the current one
	out   [][]float32   // per channel: the output of the last whole partition
	quiet []int         // per channel: partitions of silent input in a row
	j     int           // frames of the current partition received
	spec  []complex64
	seq   []float32
}

// decorrelatorLatency is the decorrelator's delay in frames.
const decorrelatorLatency = gaincalc.DecorrelatorLength

func newDecorrelator(l *speakers.Layout) *decorrelator {
	p := gaincalc.DecorrelatorLength
	d := &decorrelator{p: p, fft: fft.New(2 * p), spec: make([]complex64, p+1), seq: make([]float32, 2*p)}
	for _, h := range gaincalc.Decorrelators(l) {
		pad := make([]float32, 2*p)
		for i, v := range h {
			pad[i] = float32(v)
		}
		spec := make([]complex64, p+1)
		d.fft.Forward(spec, pad)
		d.filt = append(d.filt, spec)
		d.hist = append(d.hist, make([]float32, 2*p))
		d.out = append(d.out, make([]float32, p))
		d.quiet = append(d.quiet, 1) // the history starts silent
	}
	return d
}

// process adds to dst[c] the filtered in[c], P frames late, for every
// channel; all of in's channels have the same length, and dst's at least
// as long.
func (d *decorrelator) process(dst, in [][]float32) {
	n := dsp.Frames(in)
	for i := 0; i < n; {
		k := min(n-i, d.p-d.j)
		for c, x := range in {
			copy(d.hist[c][d.p+d.j:], x[i:i+k])
			o, y := dst[c][i:i+k], d.out[c][d.j:d.j+k]
			for m, v := range y {
				o[m] += v
			}
		}
		d.j += k
		i += k
		if d.j == d.p {
			d.partition()
			d.j = 0
		}
	}
}

// partition filters the partition just completed into out.
func (d *decorrelator) partition() {
	p := d.p
	for c, h := range d.hist {
		silent := true
		for _, v := range h[p:] {
			if v != 0 {
				silent = false
				break
			}
		}
		if silent {
			d.quiet[c]++
		} else {
			d.quiet[c] = 0
		}
		if d.quiet[c] >= 2 {
			// Both partitions the filter reaches are silent.
			clear(d.out[c])
		} else {
			d.fft.Forward(d.spec, h)
			for k, f := range d.filt[c] {
				d.spec[k] *= f
			}
			d.fft.Inverse(d.seq, d.spec)
			copy(d.out[c], d.seq[p:])
		}
		copy(h[:p], h[p:])
	}
}

// delayLine delays every channel by a fixed number of frames.
type delayLine struct {
	ring [][]float32
	pos  int
}

func newDelayLine(channels, frames int) *delayLine {
	d := &delayLine{}
	for c := 0; c < channels; c++ {
		d.ring = append(d.ring, make([]float32, frames))
	}
	return d
}

// process writes src delayed into dst (distinct buffers, same lengths).
func (d *delayLine) process(dst, src [][]float32) {
	n, l := dsp.Frames(src), len(d.ring[0])
	pos := d.pos
	for c, r := range d.ring {
		x, y := src[c], dst[c]
		pos = d.pos
		for i := 0; i < n; {
			k := min(n-i, l-pos)
			copy(y[i:i+k], r[pos:pos+k])
			copy(r[pos:pos+k], x[i:i+k])
			i += k
			if pos += k; pos == l {
				pos = 0
			}
		}
	}
	d.pos = pos
}
