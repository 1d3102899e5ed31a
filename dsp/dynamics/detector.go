package dynamics

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// MaxKeyChannels is the most channels an external sidechain key may have
// (a 9.1.6 bus has 16), or the processor's own channel count if that is
// larger.
const MaxKeyChannels = 16

// ln10over20 turns dB into the exponent of e: gain = exp(dB·ln10/20).
const ln10over20 = math.Ln10 / 20

// detector turns the key's channels into one level in dB per sample:
// optional high-pass, channel link, then peak (instantaneous) or RMS
// (sliding-window mean square).
type detector struct {
	rms, mean bool
	hpfOn     bool
	hpf       *filter.Filter // as many channels as the widest key allowed
	win       []float64      // RMS ring of linked x²
	pos       int
	sum       float64
}

// newDetector builds a detector for keys of up to maxKey channels.
func newDetector(prefix, mode, link string, windowMs, hpfHz float64, rate, maxKey int) (*detector, error) {
	if rate <= 0 {
		return nil, fmt.Errorf("%s: sample rate %d Hz; need a positive rate", prefix, rate)
	}
	if hpfHz >= float64(rate)/2 {
		return nil, fmt.Errorf("%s: sidechain_hpf_hz = %g Hz is not below the Nyquist frequency at %d Hz: %w", prefix, hpfHz, rate, dsp.ErrParam)
	}
	d := &detector{rms: mode == RMS, mean: link == LinkMean}
	hp := filter.DefaultBandParams()
	hp.Kind, hp.FreqHz = filter.HighPass, math.Max(1, hpfHz)
	var err error
	if d.hpf, err = filter.New(hp, rate, maxKey); err != nil {
		return nil, fmt.Errorf("%s: sidechain high-pass: %w", prefix, err)
	}
	d.hpfOn = hpfHz > 0
	if d.rms {
		d.win = make([]float64, max(1, int(math.Round(windowMs*float64(rate)/1000))))
	}
	return d, nil
}

// setHPF sets the key high-pass frequency; 0 turns it off.
func (d *detector) setHPF(hz float64) {
	if math.IsNaN(hz) {
		return
	}
	if hz <= 0 {
		d.hpfOn = false
		return
	}
	if !d.hpfOn {
		d.hpf.Reset()
	}
	d.hpfOn = true
	d.hpf.SetFreq(hz)
}

func (d *detector) reset() {
	d.hpf.Reset()
	clear(d.win)
	d.pos, d.sum = 0, 0
}

// flush is called once per block (denormal protection).
func (d *detector) flush() {
	if d.hpfOn {
		d.hpf.Flush()
	}
}

// power returns the detector level of frame i of key as a power (mean
// square units: |x|² for the peak detector), so that its level in dB is
// 10·log10 of it (dsp.PowerToDB); callers compare it with a threshold in
// the same units first and take the logarithm only when needed.
func (d *detector) power(key [][]float32, i int) float64 {
	acc := 0.0
	for c, ch := range key {
		x := float64(ch[i])
		if d.hpfOn {
			x = d.hpf.ProcessSample(c, x)
		}
		v := math.Abs(x) // peak: |x|
		if d.rms {
			v = x * x // rms: x²
		}
		if d.mean {
			acc += v
		} else {
			acc = math.Max(acc, v)
		}
	}
	if d.mean {
		acc /= float64(len(key))
	}
	if !d.rms {
		return acc * acc
	}
	old := d.win[d.pos]
	d.win[d.pos] = acc
	d.sum += acc - old
	d.pos++
	if d.pos == len(d.win) {
		// Re-add the window exactly once per window length: no drift.
		d.pos, d.sum = 0, 0
		for _, v := range d.win {
			d.sum += v
		}
	}
	return math.Max(0, d.sum) / float64(len(d.win))
}

// checkKey panics when key does not match the block (a programming error
// under the block contract).
func (d *detector) checkKey(name string, key [][]float32, frames int) {
	if len(key) < 1 || len(key) > d.hpf.Channels() {
		panic(fmt.Sprintf("%s: sidechain key has %d channels; want 1 to %d", name, len(key), d.hpf.Channels()))
	}
	for c := range key {
		if len(key[c]) != frames {
			panic(fmt.Sprintf("%s: sidechain key channel %d has %d frames, want %d", name, c, len(key[c]), frames))
		}
	}
}

// delayLine delays every channel by the same whole number of frames.
type delayLine struct {
	buf [][]float32
	pos int
}

func newDelayLine(channels, frames int) delayLine {
	if frames <= 0 {
		return delayLine{}
	}
	return delayLine{buf: dsp.NewBuffer(channels, frames)}
}

func (l *delayLine) frames() int {
	if len(l.buf) == 0 {
		return 0
	}
	return len(l.buf[0])
}

func (l *delayLine) reset() {
	dsp.Clear(l.buf)
	l.pos = 0
}

// timeConstant returns the one-pole coefficient exp(-1/(τ·fs)) for a time
// constant of ms milliseconds: a step response reaches 1-1/e (63.2%) of
// its final value after ms. 0 ms gives 0 (instantaneous).
func timeConstant(ms float64, rate int) float64 {
	if ms <= 0 {
		return 0
	}
	return math.Exp(-1000 / (ms * float64(rate)))
}

func msToFrames(ms float64, rate int) int {
	return int(math.Round(ms * float64(rate) / 1000))
}
