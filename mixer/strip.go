package mixer

import (
	"immerse/dsp"
	"immerse/dsp/dynamics"
)

// blockFrames is the mixer's internal block: every strip is processed in
// blocks of this size whatever the caller's Read size, so the output does
// not depend on how it is read.
const blockFrames = 256

// AutomationGrid is the spacing in frames of the grid on which automated
// insert parameters are set (through the effects' setters); gains, pans,
// balances, widths and send levels are evaluated per sample instead.
const AutomationGrid = 64

// strip is one node of the mix: a track, a bus or the master.
type strip struct {
	label    string // `track "Kick"`, `bus "Drums"`, `master`
	name     string
	kind     stripKind
	channels int // 1 or 2 (tracks: the stem's), 2 for buses and the master

	stem    Stem        // tracks
	stemEnd int64       // frame where the stem ended (-1: not yet)
	readHdr [][]float32 // slice headers for short reads
	invert  bool

	buf     [][]float32 // the strip's signal: input, then post-insert in place
	inserts []*slot
	grid    bool // some insert is automated: run the chain on the grid

	// Fader stage.
	mono          bool    // a mono track: pan; otherwise width and balance
	lawDB         float64 // pan law
	gain          float64 // static linear gain
	gainEnv       *envelope
	pan, bal, wid float64 // static values
	panEnv        *envelope
	balEnv        *envelope
	widEnv        *envelope
	gainC         curve       // linear gain of the block
	leftC, rightC curve       // left/right pan or balance gains
	widthC        curve       // width
	panned        [][]float32 // stereo, after pan/width/balance, before gain
	post          [][]float32 // stereo, after gain

	sends    []*sendSlot
	routes   []*route
	audible  bool  // not muted (by mute or solo)
	active   bool  // processed at all: audible, or a sidechain key source
	parallel bool  // processed in a parallel wave (see pool)
	err      error // a stem read error from a worker

	lat   int // latency of the post-insert signal (and of the fader)
	inLat int // latency of the input (buses: the slowest path in)

	meter *meter
}

// slot is one insert of a strip.
type slot struct {
	proc     dsp.Processor
	sc       dynamics.SidechainProcessor // keyed externally when key != nil
	key      *strip
	keyDelay *delayLine  // delays the key to line up with the insert's input
	keyBuf   [][]float32 // the delayed key (key channels × block)
	pre      *delayLine  // delays the insert's input to line up with the key
	autos    []*insertAuto
	latIn    int // latency of the signal entering the insert (after pre)
	hdr      [][]float32
	khdr     [][]float32
}

// insertAuto applies one automated insert parameter on the grid.
type insertAuto struct {
	env   *envelope
	apply func(v float64)
	last  float64
}

// sendSlot is one send of a strip.
type sendSlot struct {
	dst    *strip
	pre    bool
	level  float64 // static linear level
	env    *envelope
	levelC curve // linear level of the block
}

// curve is a control value (a gain, a pan gain, a width) over a block:
// per sample in v, or flat at k for the whole block (the common case,
// which the loops take as a scalar).
type curve struct {
	v    []float64
	k    float64
	flat bool
}

func newCurve() curve { return curve{v: make([]float64, blockFrames), flat: true} }

// at is the value at frame i of the block.
func (c *curve) at(i int) float64 {
	if c.flat {
		return c.k
	}
	return c.v[i]
}

func (c *curve) set(k float64) { c.k, c.flat = k, true }

// route carries a strip's contributions to one destination bus, delayed
// (plugin delay compensation) to the destination's input latency.
type route struct {
	dst     *strip
	main    bool // the strip's output feeds dst
	sends   []*sendSlot
	delay   *delayLine
	scratch [][]float32 // stereo block, when delayed
}

// runInserts processes the strip's signal through its inserts, in place.
// pos is the stream frame of the block start (before latency
// compensation).
func (s *strip) runInserts(pos int64) {
	if len(s.inserts) == 0 {
		return
	}
	for _, in := range s.inserts {
		if in.key != nil && in.keyDelay != nil {
			in.keyDelay.processInto(in.keyBuf, in.key.buf)
		}
	}
	step := blockFrames
	if s.grid {
		step = AutomationGrid
	}
	for off := 0; off < blockFrames; off += step {
		end := off + step
		for _, in := range s.inserts {
			for _, a := range in.autos {
				// The signal at the insert's input at stream frame f is
				// the timeline's frame f - latIn.
				if v := a.env.value(float64(pos + int64(off) - int64(in.latIn))); v != a.last {
					a.apply(v)
					a.last = v
				}
			}
			x := dsp.Slice(in.hdr, s.buf, off, end)
			in.hdr = x
			in.pre.process(x)
			if in.key == nil {
				in.proc.Process(x, x)
				continue
			}
			key := in.key.buf
			if in.keyDelay != nil {
				key = in.keyBuf
			}
			in.khdr = dsp.Slice(in.khdr, key, off, end)
			in.sc.ProcessSidechain(x, x, in.khdr)
		}
	}
}

// fader computes the strip's panned (pre-gain) and post-gain stereo
// signals from its post-insert signal, and the per-sample send levels.
// The envelopes are evaluated at timeline frames (stream frame - lat).
func (s *strip) fader(pos int64) {
	t0 := float64(pos - int64(s.lat))
	gainsFrom(&s.gainC, s.gainEnv, s.gain, t0, true)
	for _, sd := range s.sends {
		gainsFrom(&sd.levelC, sd.env, sd.level, t0, true)
	}
	l, r := s.panned[0], s.panned[1]
	switch {
	case s.kind != trackStrip:
		copy(l, s.buf[0])
		copy(r, s.buf[1])
	case s.mono:
		s.panGains(t0)
		x := s.buf[0]
		if s.leftC.flat {
			a, b := s.leftC.k, s.rightC.k
			for i, v := range x {
				l[i] = float32(float64(v) * a)
				r[i] = float32(float64(v) * b)
			}
			break
		}
		for i, v := range x {
			l[i] = float32(float64(v) * s.leftC.v[i])
			r[i] = float32(float64(v) * s.rightC.v[i])
		}
	default:
		s.balanceGains(t0)
		gainsFrom(&s.widthC, s.widEnv, s.wid, t0, false)
		xl, xr := s.buf[0], s.buf[1]
		for i := range xl {
			a, b := float64(xl[i]), float64(xr[i])
			m, d := 0.5*(a+b), 0.5*(a-b)*s.widthC.at(i)
			l[i] = float32((m + d) * s.leftC.at(i))
			r[i] = float32((m - d) * s.rightC.at(i))
		}
	}
	pl, pr := s.post[0], s.post[1]
	if s.gainC.flat {
		g := s.gainC.k
		for i := range l {
			pl[i] = float32(float64(l[i]) * g)
			pr[i] = float32(float64(r[i]) * g)
		}
		return
	}
	for i, g := range s.gainC.v {
		pl[i] = float32(float64(l[i]) * g)
		pr[i] = float32(float64(r[i]) * g)
	}
}

// panGains sets the pan law's left/right gains of the block.
func (s *strip) panGains(t0 float64) {
	if s.panEnv == nil || s.panEnv.constantFrom(t0, blockFrames) {
		p := s.pan
		if s.panEnv != nil {
			p = s.panEnv.value(t0)
		}
		a, b := PanGains(p, s.lawDB)
		s.leftC.set(a)
		s.rightC.set(b)
		return
	}
	s.leftC.flat, s.rightC.flat = false, false
	for i := range s.leftC.v {
		s.leftC.v[i], s.rightC.v[i] = PanGains(s.panEnv.value(t0+float64(i)), s.lawDB)
	}
}

// balanceGains sets the balance's left/right gains of the block.
func (s *strip) balanceGains(t0 float64) {
	if s.balEnv == nil || s.balEnv.constantFrom(t0, blockFrames) {
		b := s.bal
		if s.balEnv != nil {
			b = s.balEnv.value(t0)
		}
		a, c := BalanceGains(b)
		s.leftC.set(a)
		s.rightC.set(c)
		return
	}
	s.leftC.flat, s.rightC.flat = false, false
	for i := range s.leftC.v {
		s.leftC.v[i], s.rightC.v[i] = BalanceGains(s.balEnv.value(t0 + float64(i)))
	}
}

// gainsFrom sets c to the envelope's values from timeline frame t0 (or
// the static value when env is nil), converted from dB to a linear gain
// when db is set.
func gainsFrom(c *curve, env *envelope, static, t0 float64, db bool) {
	if env == nil {
		c.set(static)
		return
	}
	if env.constantFrom(t0, len(c.v)) {
		v := env.value(t0)
		if db {
			v = dsp.DBToGain(v)
		}
		c.set(v)
		return
	}
	c.flat = false
	for i := range c.v {
		v := env.value(t0 + float64(i))
		if db {
			v = dsp.DBToGain(v)
		}
		c.v[i] = v
	}
}

// emit adds the strip's contributions to its destinations.
func (s *strip) emit() {
	for _, r := range s.routes {
		out := r.dst.buf
		if r.delay != nil {
			out = r.scratch
			dsp.Clear(out)
		}
		if r.main {
			addTo(out, s.post)
		}
		for _, sd := range r.sends {
			src := s.post
			if sd.pre {
				src = s.panned
			}
			for c := range out {
				o, x := out[c][:len(src[c])], src[c]
				if sd.levelC.flat {
					g := sd.levelC.k
					for i, v := range x {
						o[i] += float32(float64(v) * g)
					}
					continue
				}
				for i, g := range sd.levelC.v {
					o[i] += float32(float64(x[i]) * g)
				}
			}
		}
		if r.delay != nil {
			r.delay.process(out)
			addTo(r.dst.buf, out)
		}
	}
}

func addTo(dst, src [][]float32) {
	for c := range dst {
		d, x := dst[c], src[c]
		for i, v := range x {
			d[i] += v
		}
	}
}
