package delay

import (
	"fmt"
	"math"
	"math/bits"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// GlideSeconds is how long the delay time takes to reach a new setting: the
// read position moves linearly (a tape-like pitch bend, no zipper noise).
const GlideSeconds = 0.1

// Delay is a feedback delay: per channel a line whose input is the dry
// signal plus Feedback times its (optionally filtered) output, and
//
//	out = (1−Mix)·dry + Mix·line output
//
// An impulse gives repeats at k·T (T = the delay time in frames, k ≥ 1)
// of Mix·Feedback^(k−1). With PingPong (stereo) the mono sum (L+R)/2
// enters the left line, the left line feeds the right one and the right
// one feeds back into the left: the repeats alternate L, R, L, …
//
// The delay time may be fractional and may be automated: the line is read
// with cubic (Catmull-Rom) interpolation and a new time is reached by a
// linear glide over GlideSeconds. Feedback and mix ramp per sample
// (dsp.RampSeconds). The filters in the feedback path are first-order
// (6 dB/oct per repeat) bilinear low- and high-passes.
type Delay struct {
	p        Params
	rate     int
	channels int
	lines    [][]float32 // power-of-two rings
	mask     int
	w        int // write position
	time     dsp.Ramp
	fb       dsp.Ramp
	mix      dsp.Ramp
	lp, hp   filter.Coeffs
	lpOn     bool
	hpOn     bool
	lpState  []filter.State
	hpState  []filter.State
	design   [filter.MaxSections]filter.Coeffs // scratch for Design
}

// New returns a delay for channels channels at sampleRate. PingPong needs
// two channels.
func New(p Params, sampleRate, channels int) (*Delay, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 || sampleRate <= 0 {
		return nil, fmt.Errorf("delay: %d channels at %d Hz; need at least 1 channel and a positive rate", channels, sampleRate)
	}
	if p.PingPong && channels != 2 {
		return nil, fmt.Errorf("delay: ping_pong needs 2 channels, the delay has %d: %w", channels, dsp.ErrParam)
	}
	ny := float64(sampleRate) / 2
	if p.LowCutHz >= ny || p.HighCutHz >= ny {
		return nil, fmt.Errorf("delay: low_cut_hz %g / high_cut_hz %g Hz not below the Nyquist frequency %g Hz: %w", p.LowCutHz, p.HighCutHz, ny, dsp.ErrParam)
	}
	size := 1 << bits.Len(uint(math.Ceil(MaxTimeMs*float64(sampleRate)/1000)+8))
	d := &Delay{p: p, rate: sampleRate, channels: channels,
		lines:   dsp.NewBuffer(channels, size),
		mask:    size - 1,
		time:    dsp.NewRamp(p.DelayMs()*float64(sampleRate)/1000, int(GlideSeconds*float64(sampleRate))),
		fb:      dsp.NewRamp(p.Feedback, dsp.RampFrames(sampleRate)),
		mix:     dsp.NewRamp(p.Mix, dsp.RampFrames(sampleRate)),
		lpState: make([]filter.State, channels),
		hpState: make([]filter.State, channels),
	}
	d.SetHighCut(p.HighCutHz)
	d.SetLowCut(p.LowCutHz)
	return d, nil
}

// Params returns the current parameters.
func (d *Delay) Params() Params { return d.p }

// TimeFrames is the current delay time in frames (during a glide, the
// value reached so far).
func (d *Delay) TimeFrames() float64 { return d.time.Value() }

// SetTimeMs sets a free delay time in ms (clamped to [1, MaxTimeMs]) and
// clears Note; the time glides there.
func (d *Delay) SetTimeMs(ms float64) {
	d.p.TimeMs = clamp(ms, 1, MaxTimeMs, d.p.TimeMs)
	d.p.Note = ""
	d.retime()
}

// SetNote syncs the time to a note value at the current tempo ("" returns
// to TimeMs). An unknown note, or one longer than MaxTimeMs, is an error
// and changes nothing.
func (d *Delay) SetNote(note string) error {
	q := d.p
	q.Note = note
	if note != "" {
		if _, err := NoteSeconds(note, q.BPM); err != nil {
			return err
		}
	}
	if ms := q.DelayMs(); ms > MaxTimeMs {
		return fmt.Errorf("delay: note %q at %g bpm is %g ms, longer than %d ms: %w", note, q.BPM, ms, MaxTimeMs, dsp.ErrParam)
	}
	d.p = q
	d.retime()
	return nil
}

// SetBPM sets the tempo (clamped to [20, 300], and so that a synced note
// stays within MaxTimeMs); a synced time glides to the new value.
func (d *Delay) SetBPM(bpm float64) {
	d.p.BPM = clamp(bpm, 20, 300, d.p.BPM)
	if d.p.DelayMs() > MaxTimeMs {
		d.p.BPM *= d.p.DelayMs() / MaxTimeMs
	}
	d.retime()
}

func (d *Delay) retime() {
	d.time.Set(math.Min(d.p.DelayMs(), MaxTimeMs) * float64(d.rate) / 1000)
}

// SetFeedback sets the feedback (clamped to [0, 0.98]); it ramps.
func (d *Delay) SetFeedback(fb float64) {
	d.p.Feedback = clamp(fb, 0, 0.98, d.p.Feedback)
	d.fb.Set(d.p.Feedback)
}

// SetMix sets the dry/wet mix (clamped to [0, 1]); it ramps.
func (d *Delay) SetMix(mix float64) {
	d.p.Mix = clamp(mix, 0, 1, d.p.Mix)
	d.mix.Set(d.p.Mix)
}

// SetPingPong switches ping-pong routing (stereo delays only; ignored
// otherwise).
func (d *Delay) SetPingPong(on bool) {
	if d.channels == 2 {
		d.p.PingPong = on
	}
}

// SetHighCut sets the feedback low-pass corner in Hz (0 = off; clamped to
// [0, min(20000, 0.49·rate)]).
func (d *Delay) SetHighCut(hz float64) {
	d.p.HighCutHz = clamp(hz, 0, math.Min(20000, 0.49*float64(d.rate)), d.p.HighCutHz)
	if d.lpOn = d.p.HighCutHz > 0; d.lpOn {
		d.lp = filter.Design(d.design[:0], filter.BandParams{Kind: filter.LowPass, FreqHz: d.p.HighCutHz, SlopeDBOct: 6}, d.rate)[0]
	}
}

// SetLowCut sets the feedback high-pass corner in Hz (0 = off; clamped to
// [0, 2000]).
func (d *Delay) SetLowCut(hz float64) {
	d.p.LowCutHz = clamp(hz, 0, math.Min(2000, 0.49*float64(d.rate)), d.p.LowCutHz)
	if d.hpOn = d.p.LowCutHz > 0; d.hpOn {
		d.hp = filter.Design(d.design[:0], filter.BandParams{Kind: filter.HighPass, FreqHz: d.p.LowCutHz, SlopeDBOct: 6}, d.rate)[0]
	}
}

// Latency is 0: the dry path is not delayed.
func (d *Delay) Latency() int { return 0 }

// Reset clears the lines and filters and ends any glide or ramp.
func (d *Delay) Reset() {
	dsp.Clear(d.lines)
	d.w = 0
	clear(d.lpState)
	clear(d.hpState)
	d.time.Finish()
	d.fb.Finish()
	d.mix.Finish()
}

// Process delays src into dst (they may alias).
func (d *Delay) Process(dst, src [][]float32) {
	dsp.CheckShape("delay", dst, src, d.channels)
	n := dsp.Frames(src)
	var y [2]float64
	for i := 0; i < n; i++ {
		t := d.time.Next()
		fb := d.fb.Next()
		mix := d.mix.Next()
		if d.p.PingPong {
			y[0], y[1] = d.read(0, t), d.read(1, t)
			mono := 0.5 * (float64(src[0][i]) + float64(src[1][i]))
			d.write(0, mono+fb*d.feedback(0, y[1]))
			d.write(1, fb*d.feedback(1, y[0]))
			for c := 0; c < 2; c++ {
				dst[c][i] = float32((1-mix)*float64(src[c][i]) + mix*y[c])
			}
		} else {
			for c := range src {
				x := float64(src[c][i])
				yc := d.read(c, t)
				d.write(c, x+fb*d.feedback(c, yc))
				dst[c][i] = float32((1-mix)*x + mix*yc)
			}
		}
		d.w = (d.w + 1) & d.mask
	}
	for c := range d.lpState {
		d.lpState[c].Flush()
		d.hpState[c].Flush()
	}
}

// read returns line c delayed by t frames (t ≥ 1) from the write position.
func (d *Delay) read(c int, t float64) float64 {
	line := d.lines[c]
	pos := float64(d.w) - t
	ip := math.Floor(pos)
	f := pos - ip
	i := int(ip)
	if f == 0 {
		return float64(line[i&d.mask])
	}
	y0 := float64(line[(i-1)&d.mask])
	y1 := float64(line[i&d.mask])
	y2 := float64(line[(i+1)&d.mask])
	y3 := float64(line[(i+2)&d.mask])
	// Catmull-Rom spline through y1 (f = 0) and y2 (f = 1).
	c1 := 0.5 * (y2 - y0)
	c2 := y0 - 2.5*y1 + 2*y2 - 0.5*y3
	c3 := 0.5*(y3-y0) + 1.5*(y1-y2)
	return ((c3*f+c2)*f+c1)*f + y1
}

func (d *Delay) write(c int, v float64) {
	if math.Abs(v) < 1e-30 {
		v = 0 // keeps the recirculating tail out of denormals
	}
	d.lines[c][d.w] = float32(v)
}

// feedback filters a line output on its way back in.
func (d *Delay) feedback(c int, y float64) float64 {
	if d.lpOn {
		y = d.lp.Tick(&d.lpState[c], y)
	}
	if d.hpOn {
		y = d.hp.Tick(&d.hpState[c], y)
	}
	return y
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}
