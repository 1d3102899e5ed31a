package admrender

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"immerse/adm"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/gaincalc"
	"immerse/panner"
	"immerse/speakers"
)

// BlockSize is the renderer's internal block, in frames: metadata spans,
// the decorrelators' overlap-save partitions and the input reads all work
// on it. Read serves any block size from it.
const BlockSize = 512

// Input is the audio of an ADM file: a source of all its tracks (channel
// i+1 of the file is track i+1 of the chna) that knows its length.
// encoders.Reader is one.
type Input interface {
	dsp.Source
	// Length is the number of frames.
	Length() int64
}

// Options configure a Renderer.
type Options struct {
	// Layout is the target loudspeaker layout (real positions allowed).
	Layout *speakers.Layout
	// Select chooses the programme and complementary objects.
	Select adm.SelectOptions
	// Screen is the reproduction screen (nil: the ADM default screen);
	// NoScreen renders for a room without a screen (no screen scaling or
	// screen edge lock).
	Screen   *gaincalc.Screen
	NoScreen bool
	// HOA controls the HOA decoder.
	HOA HOAOptions
	// KeepLatency makes Read return the raw stream, Latency() frames late
	// and as much longer, instead of compensating the latency.
	KeepLatency bool
	// Workers is the number of goroutines sharing the decorrelation
	// filters (default GOMAXPROCS); the output does not depend on it.
	Workers int
}

// Renderer renders the audio of an ADM file to loudspeaker feeds, block by
// block, as ITU-R BS.2127 specifies. It is a dsp.Source of the layout's
// channels in BS.2051 order. A Renderer is not safe for concurrent use.
type Renderer struct {
	in      Input
	owned   io.Closer // closed by Close (Open's file)
	layout  *speakers.Layout
	rate    int
	length  int64
	latency int
	items   []Item

	objects []*objectItem
	fixed   []*fixedItem
	dec     *decorrelator

	inBuf   [][]float32 // input tracks × BlockSize
	view    [][]float32
	used    []bool // input tracks some item reads
	bus     bus
	decOut  [][]float64
	out     [][]float32 // the last block rendered
	outPos  int         // next frame of out to deliver
	outN    int
	skip    int   // frames still to drop (latency compensation)
	total   int64 // frames Read delivers
	done    int64 // frames delivered
	inDone  bool
	err     error
	warn    []string
	closed  bool
	frameIn int64 // input frame of the next internal block
}

// Item describes one rendered item for reports: its kind, tracks and where
// it comes from.
type Item struct {
	// Type is "Objects", "DirectSpeakers" or "HOA".
	Type    string `json:"type"`
	Tracks  []int  `json:"tracks"`
	Object  string `json:"object,omitempty"`
	Channel string `json:"channel,omitempty"`
	Pack    string `json:"pack,omitempty"`
	Blocks  int    `json:"blocks"`
}

// New prepares the rendering of in, whose metadata is doc (resolved, e.g.
// by adm.ReadFrom). It selects the items (Options.Select), configures the
// gain calculation, the DirectSpeakers and HOA renderers and the
// decorrelators for the layout, and checks that the items' tracks exist.
// The Renderer reads in but does not close it.
func New(in Input, doc *adm.Document, opt Options) (*Renderer, error) {
	if opt.Layout == nil {
		return nil, errors.New("admrender: no target layout")
	}
	if in.SampleRate() <= 0 {
		return nil, fmt.Errorf("admrender: input sample rate %d Hz", in.SampleRate())
	}
	items, err := doc.Items(opt.Select)
	if err != nil {
		return nil, fmt.Errorf("admrender: %w", err)
	}
	calc, err := gaincalc.NewWithOptions(opt.Layout, gaincalc.Options{Screen: opt.Screen, NoScreen: opt.NoScreen})
	if err != nil {
		return nil, fmt.Errorf("admrender: %w", err)
	}
	psp, err := panner.NewPointSource(opt.Layout)
	if err != nil {
		return nil, fmt.Errorf("admrender: %w", err)
	}
	r := &Renderer{in: in, layout: opt.Layout, rate: in.SampleRate(), length: in.Length(),
		used: make([]bool, in.Channels())}
	b := &itemBuilder{r: r, doc: doc, calc: calc, psp: psp, opt: &opt}
	for i := range items {
		if err := b.add(&items[i]); err != nil {
			return nil, err
		}
	}
	if b.diffuse {
		r.latency = DecorrelatorDelay
		workers := opt.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		r.dec = newDecorrelator(Decorrelators(opt.Layout), BlockSize, workers)
	}
	r.setup(opt.KeepLatency)
	return r, nil
}

// Open opens an ADM BW64/RF64/WAV file, reads its axml and chna chunks
// and prepares its rendering; Close closes the file.
func Open(path string, opt Options) (*Renderer, error) {
	f, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	doc, err := adm.ReadFrom(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r, err := New(f, doc, opt)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	r.owned = f
	return r, nil
}

func (r *Renderer) setup(keepLatency bool) {
	nch := len(r.layout.Channels)
	r.inBuf = dsp.NewBuffer(len(r.used), BlockSize)
	r.view = make([][]float32, len(r.used))
	r.bus = bus{off: r.latency, dry: make([][]float64, nch), diffuse: make([][]float64, nch),
		x: make([][]float64, len(r.used)), fd: make([]float64, BlockSize), fu: make([]float64, BlockSize)}
	for c := 0; c < nch; c++ {
		r.bus.dry[c] = make([]float64, r.latency+BlockSize)
		r.bus.diffuse[c] = make([]float64, BlockSize)
	}
	for t, u := range r.used {
		if u {
			r.bus.x[t] = make([]float64, BlockSize)
		}
	}
	r.decOut = make([][]float64, nch)
	for c := range r.decOut {
		r.decOut[c] = make([]float64, BlockSize)
	}
	r.out = dsp.NewBuffer(nch, BlockSize)
	r.total = r.length
	if keepLatency {
		r.total += int64(r.latency)
	} else {
		r.skip = r.latency
	}
}

// Channels is the number of layout channels Read fills.
func (r *Renderer) Channels() int { return len(r.layout.Channels) }

// SampleRate is the input's sample rate.
func (r *Renderer) SampleRate() int { return r.rate }

// Length is the number of frames Read delivers: the input's length (plus
// the latency with Options.KeepLatency).
func (r *Renderer) Length() int64 { return r.total }

// Latency is the delay, in frames, of the rendering: the decorrelators'
// delay when some object has a diffuse part, else 0. Read compensates it
// unless Options.KeepLatency is set.
func (r *Renderer) Latency() int { return r.latency }

// Layout is the target layout.
func (r *Renderer) Layout() *speakers.Layout { return r.layout }

// Items lists what is rendered, in the order of the selection.
func (r *Renderer) Items() []Item { return r.items }

// Warnings lists what the renderer ignored or could not render as asked.
func (r *Renderer) Warnings() []string { return r.warn }

// Read renders the next frames into dst (layout channels in BS.2051 order)
// and returns how many; io.EOF after the last. Errors are sticky.
func (r *Renderer) Read(dst [][]float32) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.closed {
		return 0, errors.New("admrender: Read after Close")
	}
	if len(dst) != len(r.out) {
		panic(fmt.Sprintf("admrender: Read got %d channels, the layout has %d", len(dst), len(r.out)))
	}
	want := dsp.Frames(dst)
	n := 0
	for n < want && r.done < r.total {
		if r.outPos == r.outN {
			if err := r.step(); err != nil {
				r.err = err
				return n, err
			}
			continue
		}
		m := min(want-n, r.outN-r.outPos)
		if left := r.total - r.done; int64(m) > left {
			m = int(left)
		}
		for c, d := range dst {
			copy(d[n:n+m], r.out[c][r.outPos:r.outPos+m])
		}
		n += m
		r.outPos += m
		r.done += int64(m)
	}
	if n == 0 && want > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// step renders the next internal block into out.
func (r *Renderer) step() error {
	if err := r.readInput(); err != nil {
		return err
	}
	b := &r.bus
	b.t0, b.n = r.frameIn, BlockSize
	for c := range b.dry {
		clear(b.dry[c][r.latency:])
		clear(b.diffuse[c])
	}
	for t, x := range b.x {
		if x != nil {
			for i, v := range r.inBuf[t] {
				x[i] = float64(v)
			}
		}
	}
	for _, o := range r.objects {
		if err := o.render(b); err != nil {
			return err
		}
	}
	for _, f := range r.fixed {
		f.render(b)
	}
	if r.dec != nil {
		for _, y := range r.decOut {
			clear(y)
		}
		r.dec.process(r.decOut, b.diffuse)
		for c, o := range r.out {
			d, y := b.dry[c], r.decOut[c]
			for i := range o {
				o[i] = float32(d[i] + y[i])
			}
		}
	} else {
		for c, o := range r.out {
			d := b.dry[c]
			for i := range o {
				o[i] = float32(d[i])
			}
		}
	}
	if r.latency > 0 {
		for _, d := range b.dry {
			copy(d[:r.latency], d[BlockSize:])
		}
	}
	r.frameIn += BlockSize
	r.outPos, r.outN = 0, BlockSize
	if r.skip > 0 {
		r.outPos = min(r.skip, BlockSize)
		r.skip -= r.outPos
	}
	return nil
}

// readInput fills inBuf with the next BlockSize input frames, zeros past
// the end of the input.
func (r *Renderer) readInput() error {
	n := 0
	for !r.inDone && n < BlockSize {
		for c, ch := range r.inBuf {
			r.view[c] = ch[n:]
		}
		m, err := r.in.Read(r.view)
		n += m
		if err == io.EOF || errors.Is(err, encoders.ErrTruncated) {
			r.inDone = true
			break
		}
		if err != nil {
			return fmt.Errorf("admrender: reading the input: %w", err)
		}
		if m == 0 {
			return errors.New("admrender: the input returned no frames and no error")
		}
	}
	for _, ch := range r.inBuf {
		clear(ch[n:])
	}
	return nil
}

// Close stops the Renderer's workers and releases the file opened by Open
// (a Renderer made by New leaves its input open).
func (r *Renderer) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.dec != nil {
		r.dec.close()
	}
	if r.owned != nil {
		return r.owned.Close()
	}
	return nil
}
