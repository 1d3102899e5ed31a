package render

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"immerse/bed"
	"immerse/dsp"
	"immerse/gaincalc"
	"immerse/geom"
	"immerse/objects"
	"immerse/panner"
	"immerse/speakers"
)

// GainInterval is the spacing, in frames, of the grid on which object gains
// are computed; between grid points they are interpolated linearly.
const GainInterval = 256

// DefaultBlockSize is the processing block size in frames.
const DefaultBlockSize = 1024

// groupSize is the number of voices summed by one worker task. It is fixed
// (not derived from the worker count) so the order of additions, and with
// it every output bit, is the same for any number of workers.
const groupSize = 8

// Stem is an input opened for reading.
type Stem interface {
	dsp.Source
	// Length is the stem's length in frames.
	Length() int64
	Close() error
}

// OpenFunc opens a stem file.
type OpenFunc func(path string) (Stem, error)

// Config controls an Engine.
type Config struct {
	// Layout is the target loudspeaker layout.
	Layout *speakers.Layout
	// Encoder, when set, replaces the loudspeaker panner: objects, and bed
	// channels at their nominal directions, are encoded with its gains
	// (e.g. into ambisonics); Layout is then ignored.
	Encoder Encoder
	// BlockSize is the largest block processed at once (default 1024).
	BlockSize int
	// LFEToMains mixes bed LFE into the front pair when the layout has no
	// LFE channel (see bed.Options).
	LFEToMains bool
	// Workers is the number of goroutines rendering voices (default
	// GOMAXPROCS). The output does not depend on it.
	Workers int

	// bus renders every object and every bed channel to a channel of its
	// own (objects first, then beds in order), with the objects' gain
	// automation applied but no panning: the input of the binauraliser.
	bus bool
}

// Encoder turns a direction into one gain per output channel, like the
// point-source panner does for a layout (panner.PointSource satisfies it).
type Encoder interface {
	// Channels is the number of output channels.
	Channels() int
	// Gains writes Channels() gains for direction dir into dst (grown if
	// needed) and returns it; it must not allocate when dst is big enough
	// and must be safe for concurrent use.
	Gains(dst []float64, dir geom.Vec) []float64
}

// voice is one input rendered into the output bus.
type voice interface {
	// render adds the voice's contribution to frames [n0, n0+n) of the
	// scene into out (layout channels × at least n frames).
	render(out [][]float32, n0 int64, n int) error
	close() error
}

// Engine renders a scene to loudspeaker feeds in BS.2051 channel order.
type Engine struct {
	layout   *speakers.Layout // nil when rendering through an Encoder
	channels int
	rate     int
	length   int64
	pos      int64
	block    int
	voices   []voice
	groups   [][]voice
	bufs     [][][]float32 // per group but the first: accumulation buffer
	views    [][][]float32 // per group but the first: view of its buffer
	warnings []string
	err      error

	workers int
	tasks   chan int
	done    sync.WaitGroup
	gerr    []error     // per group
	out     [][]float32 // the current bus block (group 0 renders into it)
	curN0   int64       // scene frame of the current block
	curN    int         // frames in the current block
	closed  bool

	// The diffuse path, when some BS.2127 object has a diffuse part: the
	// voices render ahead frames ahead of the output into a bus of twice
	// the output channels (direct, then diffuse); the direct half is
	// delayed by ahead frames, the diffuse half decorrelated, which delays
	// it by decorrelatorLatency, the BS.2127 filter delay included.
	ahead   int
	wide    [][]float32 // 2·channels × block
	wview   [][]float32
	dview   [][]float32
	sview   [][]float32
	scratch [][]float32 // output of the frames rendered before the first
	dly     *delayLine
	dec     *decorrelator
	primed  bool
}

// New opens the scene's stems with open, checks them (mono objects, bed
// channel counts, one sample rate) and prepares the engine.
func New(scene *objects.Scene, open OpenFunc, cfg Config) (*Engine, error) {
	if cfg.Layout == nil && cfg.Encoder == nil && !cfg.bus {
		return nil, errors.New("render: no target layout")
	}
	if cfg.BlockSize <= 0 {
		cfg.BlockSize = DefaultBlockSize
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	stems := map[string]Stem{}
	closeAll := func() {
		for _, s := range stems {
			s.Close()
		}
	}
	stat := func(path string) (objects.StemInfo, error) {
		s, ok := stems[path]
		if !ok {
			var err error
			if s, err = open(path); err != nil {
				return objects.StemInfo{}, err
			}
			stems[path] = s
		}
		return objects.StemInfo{Channels: s.Channels(), SampleRate: s.SampleRate(), Frames: s.Length()}, nil
	}
	tl, err := scene.CheckStems(stat)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("render: %w", err)
	}
	// A stem used twice needs its own reader per use.
	used := map[string]bool{}
	take := func(path string) (Stem, error) {
		if !used[path] {
			used[path] = true
			return stems[path], nil
		}
		s, err := open(path)
		if err == nil {
			stems[path+"\x00"+fmt.Sprint(len(stems))] = s
		}
		return s, err
	}
	e := &Engine{layout: cfg.Layout, rate: tl.SampleRate, length: tl.Frames, block: cfg.BlockSize, workers: cfg.Workers}
	enc := cfg.Encoder
	if cfg.bus {
		n := len(scene.Objects)
		for i := range scene.Beds {
			l, err := scene.BedLayout(&scene.Beds[i])
			if err != nil {
				closeAll()
				return nil, fmt.Errorf("render: bed %q: %w", scene.Beds[i].Name, err)
			}
			n += len(l.Channels)
		}
		enc = busEncoder{n: n}
		e.layout = nil
	} else if enc == nil {
		psp, err := panner.NewPointSource(cfg.Layout)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("render: %w", err)
		}
		enc = psp
	} else {
		e.layout = nil
	}
	nch := enc.Channels()
	e.channels = nch
	// BS.2127 objects (with extent, diffuse, …) on a loudspeaker layout.
	var calc *gaincalc.Calculator
	busCh := nch
	for i := range scene.Objects {
		o := &scene.Objects[i]
		if !o.Extended() {
			continue
		}
		if e.layout == nil {
			e.warnings = append(e.warnings, fmt.Sprintf("object %q: width, height, depth, diffuse, divergence, channelLock and zoneExclusion are rendered for loudspeaker layouts only (binaural: through virtual loudspeakers); here the object is a point source at its direction", o.Name))
			continue
		}
		if calc == nil {
			if calc, err = gaincalc.New(e.layout); err != nil {
				closeAll()
				return nil, fmt.Errorf("render: %w", err)
			}
		}
		if o.HasDiffuse() {
			busCh = 2 * nch
		}
	}
	busNext := len(scene.Objects) // next bus channel for bed channels
	for i := range scene.Objects {
		o := &scene.Objects[i]
		s, err := take(scene.Path(o.File))
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("render: object %q: %w", o.Name, err)
		}
		start := objects.SampleIndex(o.Start, e.rate)
		oenc := enc
		if cfg.bus {
			oenc = busEncoder{n: nch, ch: i}
		}
		if calc != nil && o.Extended() {
			v := newObjectVoice(o.Name, s, start, tl.ObjectFrames[i], o.Trajectory(e.rate), dsp.DBToGain(o.Gain), nil, busCh, e.block)
			v.bs = newObjectGains(o, calc.Clone())
			e.voices = append(e.voices, v)
			continue
		}
		e.voices = append(e.voices, newObjectVoice(o.Name, s, start, tl.ObjectFrames[i], o.Trajectory(e.rate), dsp.DBToGain(o.Gain), oenc, nch, e.block))
	}
	for i := range scene.Beds {
		b := &scene.Beds[i]
		l, err := scene.BedLayout(b)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("render: bed %q: %w", b.Name, err)
		}
		var m *bed.Matrix
		var warn []string
		switch {
		case cfg.bus:
			m = bed.Spread(l, nch, busNext)
			busNext += len(l.Channels)
		case cfg.Encoder != nil:
			m, warn = bed.Encode(l, cfg.Encoder.Channels(), cfg.Encoder.Gains)
		default:
			m, warn, err = bed.Route(l, cfg.Layout, bed.Options{LFEToMains: cfg.LFEToMains})
		}
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("render: bed %q: %w", b.Name, err)
		}
		for _, w := range warn {
			e.warnings = append(e.warnings, fmt.Sprintf("bed %q: %s", b.Name, w))
		}
		s, err := take(scene.Path(b.File))
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("render: bed %q: %w", b.Name, err)
		}
		start := objects.SampleIndex(b.Start, e.rate)
		e.voices = append(e.voices, newBedVoice(b.Name, s, start, tl.BedFrames[i], m, dsp.DBToGain(b.Gain), l, busCh, e.block))
	}
	e.setup(nch, busCh)
	return e, nil
}

// busEncoder puts every direction on one channel with gain 1 (bus mode).
type busEncoder struct{ n, ch int }

func (b busEncoder) Channels() int { return b.n }

func (b busEncoder) Gains(dst []float64, _ geom.Vec) []float64 {
	if cap(dst) < b.n {
		dst = make([]float64, b.n)
	}
	dst = dst[:b.n]
	clear(dst)
	dst[b.ch] = 1
	return dst
}

// setup groups the voices and allocates the buses: nch output channels,
// busCh bus channels (2·nch with a diffuse path).
func (e *Engine) setup(nch, busCh int) {
	for i := 0; i < len(e.voices); i += groupSize {
		e.groups = append(e.groups, e.voices[i:min(i+groupSize, len(e.voices))])
	}
	e.bufs = make([][][]float32, len(e.groups))
	e.views = make([][][]float32, len(e.groups))
	for g := 1; g < len(e.groups); g++ {
		e.bufs[g] = dsp.NewBuffer(busCh, e.block)
		e.views[g] = make([][]float32, busCh)
	}
	e.out = make([][]float32, busCh)
	if busCh > nch {
		e.ahead = gaincalc.DecorrelatorDelay + decorrelatorLatency
		e.wide = dsp.NewBuffer(busCh, e.block)
		e.wview = make([][]float32, busCh)
		e.dview = make([][]float32, nch)
		e.sview = make([][]float32, nch)
		e.scratch = dsp.NewBuffer(nch, e.block)
		e.dly = newDelayLine(nch, e.ahead)
		e.dec = newDecorrelator(e.layout)
	}
	e.gerr = make([]error, len(e.groups))
	if e.workers > 1 && len(e.groups) > 1 {
		e.tasks = make(chan int)
		for w := 0; w < min(e.workers, len(e.groups)); w++ {
			go e.worker(e.tasks)
		}
	}
}

func (e *Engine) worker(tasks <-chan int) {
	for g := range tasks {
		e.gerr[g] = e.renderGroup(g)
		e.done.Done()
	}
}

// renderGroup renders the voices of group g into its buffer (group 0
// straight into the output block).
func (e *Engine) renderGroup(g int) error {
	out := e.out
	if g > 0 {
		out = dsp.Slice(e.views[g], e.bufs[g], 0, e.curN)
		dsp.Clear(out)
	}
	for _, v := range e.groups[g] {
		if err := v.render(out, e.curN0, e.curN); err != nil {
			return err
		}
	}
	return nil
}

// Read renders the next frames into dst (one slice per layout channel,
// BS.2051 order). It returns io.EOF after the last frame; errors are sticky.
func (e *Engine) Read(dst [][]float32) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if len(dst) != e.channels {
		panic(fmt.Sprintf("render: Read with %d channels, the engine renders %d", len(dst), e.channels))
	}
	if e.pos >= e.length {
		return 0, io.EOF
	}
	want := int(min(int64(dsp.Frames(dst)), e.length-e.pos))
	done := 0
	for done < want {
		n := min(want-done, e.block)
		var err error
		if e.wide == nil {
			e.curN0, e.curN = e.pos, n
			e.out = dsp.Slice(e.out, dst, done, done+n)
			err = e.step()
		} else {
			err = e.stepDiffuse(dsp.Slice(e.dview, dst, done, done+n))
		}
		if err != nil {
			e.err = err
			return done, err
		}
		done += n
		e.pos += int64(n)
	}
	return done, nil
}

// step renders the block e.out: every group, then their sum in group order.
func (e *Engine) step() error {
	dsp.Clear(e.out)
	if len(e.groups) == 0 {
		return nil
	}
	if e.tasks != nil {
		e.done.Add(len(e.groups))
		for g := range e.groups {
			e.tasks <- g
		}
		e.done.Wait()
	} else {
		for g := range e.groups {
			e.gerr[g] = e.renderGroup(g)
		}
	}
	for g, err := range e.gerr {
		if err != nil {
			return err
		}
		if g == 0 {
			continue
		}
		for c, ch := range e.out {
			src := e.bufs[g][c][:e.curN]
			for i := range ch {
				ch[i] += src[i]
			}
		}
	}
	return nil
}

// Channels is the number of output channels (the layout's, or the
// encoder's).
func (e *Engine) Channels() int { return e.channels }

// SampleRate is the scene's sample rate.
func (e *Engine) SampleRate() int { return e.rate }

// Length is the render length in frames: the latest end of any stem.
func (e *Engine) Length() int64 { return e.length }

// Position is the number of frames rendered so far.
func (e *Engine) Position() int64 { return e.pos }

// Layout is the target layout (nil when rendering through an Encoder).
func (e *Engine) Layout() *speakers.Layout { return e.layout }

// Latency is the delay, in frames, of the BS.2127 decorrelation filters
// of the diffuse path (gaincalc.DecorrelatorDelay) when some object has a
// diffuse part, else 0. Read compensates it (it renders the scene ahead of
// the output and delays the direct path to match), so the output is
// aligned with the scene and as long, as admrender's is.
func (e *Engine) Latency() int {
	if e.wide == nil {
		return 0
	}
	return gaincalc.DecorrelatorDelay
}

// Warnings lists what the engine could not render as asked (e.g. a bed's
// LFE dropped for a layout without LFE).
func (e *Engine) Warnings() []string { return e.warnings }

// Close stops the workers and closes every stem.
func (e *Engine) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.tasks != nil {
		close(e.tasks)
	}
	var first error
	for _, v := range e.voices {
		if err := v.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
