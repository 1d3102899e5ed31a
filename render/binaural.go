package render

import (
	"fmt"
	"io"
	"runtime"
	"sync"

	"immerse/dsp"
	"immerse/geom"
	"immerse/hrtf"
	"immerse/objects"
	"immerse/speakers"
)

// DefaultBinauralBlock is the block size of binaural processing: HRIRs of
// moving objects are updated, and crossfaded, once per block (10.7 ms at
// 48 kHz).
const DefaultBinauralBlock = 512

// DefaultLFEBinauralDB is the gain with which LFE channels reach each ear:
// -3 dB, so the two ears together carry the LFE signal's power, as
// --lfe-to-mains does for a stereo layout (the +10 dB in-band gain of a
// playback LFE channel is not applied).
const DefaultLFEBinauralDB = -3.0

// Binaural configures binaural rendering.
type Binaural struct {
	// Set is the HRIR set (default: the embedded MIT KEMAR set). It is
	// resampled to the scene's rate when the rates differ (dsp/resample's
	// Kaiser-windowed sinc).
	Set *hrtf.Set
	// Virtual, when set, renders the scene to this loudspeaker layout first
	// and binauralises each speaker feed with the static HRIR of its
	// position, as many Atmos headphone renderers do. Without it every
	// object gets its own HRIR, interpolated and crossfaded as it moves.
	Virtual *speakers.Layout
	// BlockSize of the binaural processing (default 512, a power of two).
	BlockSize int
	// LFEGainDB overrides DefaultLFEBinauralDB.
	LFEGainDB *float64
	// Workers is the number of goroutines convolving sources (default
	// GOMAXPROCS); the output does not depend on it.
	Workers int
}

// busChannel says how one channel of the source reaches the ears.
type busChannel struct {
	traj *objects.Trajectory // moving source (nil: static dir)
	dir  geom.Vec
	lfe  bool
}

// LengthSource is a source that knows its length and can be closed.
type LengthSource interface {
	dsp.Source
	Length() int64
	Close() error
}

// BinauralSource renders a multichannel source to two ears (a Source of 2
// channels, left then right): each input channel is a source at a
// (possibly moving) direction, LFE channels go to both ears.
// It works in fixed blocks on a grid from frame 0, so its output does not
// depend on the size of the caller's reads, and it adds the HRIR's length
// as a tail after the source ends.
type BinauralSource struct {
	src     LengthSource
	srcEnd  int64
	length  int64
	bin     *hrtf.Binaural
	chans   []busChannel
	sources []int // source channel -> binaural source, -1 for LFE
	in      [][]float32
	binIn   [][]float32
	lfe     []int
	lfeGain float32
	left    []float32
	right   []float32
	bufPos  int
	bufN    int
	next    int64 // first frame of the next block
	pos     int64
	srcDone bool
	err     error
	rate    int
}

// prepared is an HRIR set made ready for one sample rate.
type prepared struct {
	set *hrtf.Set
	ip  *hrtf.Interpolator
}

type preparedKey struct {
	set  *hrtf.Set
	rate int
}

var (
	preparedMu    sync.Mutex
	preparedCache = map[preparedKey]*prepared{}
)

// prepareSet returns the set (or the default) at the given rate with its
// interpolator, building them once per set and rate in a process
// (resampling and triangulation take tens of milliseconds).
func prepareSet(set *hrtf.Set, rate int) (*prepared, error) {
	if set == nil {
		set = hrtf.Default()
	}
	key := preparedKey{set, rate}
	preparedMu.Lock()
	defer preparedMu.Unlock()
	if p, ok := preparedCache[key]; ok {
		return p, nil
	}
	r := set
	if set.SampleRate != rate {
		var err error
		if r, err = set.Resampled(rate); err != nil {
			return nil, fmt.Errorf("render: resample the HRIR set from %d to %d Hz: %w", set.SampleRate, rate, err)
		}
	}
	ip, err := hrtf.NewInterpolator(r)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	p := &prepared{set: r, ip: ip}
	preparedCache[key] = p
	return p, nil
}

func newBinauralizer(src LengthSource, chans []busChannel, cfg Binaural) (*BinauralSource, error) {
	if len(chans) != src.Channels() {
		return nil, fmt.Errorf("render: binaural: %d channel descriptions for %d channels", len(chans), src.Channels())
	}
	block := cfg.BlockSize
	if block == 0 {
		block = DefaultBinauralBlock
	}
	p, err := prepareSet(cfg.Set, src.SampleRate())
	if err != nil {
		return nil, err
	}
	b := &BinauralSource{src: src, srcEnd: src.Length(), chans: chans, rate: src.SampleRate()}
	b.length = b.srcEnd + int64(p.set.Taps()) - 1
	if b.srcEnd == 0 {
		b.length = 0
	}
	nsrc := 0
	for i, c := range chans {
		if c.lfe {
			b.lfe = append(b.lfe, i)
			b.sources = append(b.sources, -1)
			continue
		}
		b.sources = append(b.sources, nsrc)
		nsrc++
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if b.bin, err = hrtf.NewBinaural(p.set, block, nsrc, hrtf.WithInterpolator(p.ip), hrtf.Workers(workers)); err != nil {
		return nil, fmt.Errorf("render: binaural: %w", err)
	}
	db := DefaultLFEBinauralDB
	if cfg.LFEGainDB != nil {
		db = *cfg.LFEGainDB
	}
	b.lfeGain = float32(dsp.DBToGain(db))
	b.in = dsp.NewBuffer(len(chans), block)
	for i, k := range b.sources {
		if k >= 0 {
			b.binIn = append(b.binIn, b.in[i])
		}
	}
	b.left, b.right = make([]float32, block), make([]float32, block)
	for i, c := range chans {
		if c.traj == nil && !c.lfe {
			b.bin.SetDirection(b.sources[i], c.dir)
		}
	}
	return b, nil
}

// block renders the next block into left/right.
func (b *BinauralSource) block() error {
	n := len(b.left)
	got := 0
	if !b.srcDone {
		var err error
		got, err = dsp.ReadFull(b.src, b.in)
		if err != nil {
			return err
		}
		if got < n {
			b.srcDone = true
		}
	}
	for _, ch := range b.in {
		clear(ch[got:])
	}
	end := b.next + int64(n)
	for i, c := range b.chans {
		if c.traj != nil {
			b.bin.SetDirection(b.sources[i], c.traj.At(end).Dir)
		}
	}
	b.bin.Process(b.left, b.right, b.binIn)
	for _, i := range b.lfe {
		for j, v := range b.in[i] {
			v *= b.lfeGain
			b.left[j] += v
			b.right[j] += v
		}
	}
	b.next = end
	b.bufPos, b.bufN = 0, n
	return nil
}

// Read writes the next ear signals into dst[0] (left) and dst[1] (right).
func (b *BinauralSource) Read(dst [][]float32) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.pos >= b.length {
		return 0, io.EOF
	}
	want := int(min(int64(dsp.Frames(dst)), b.length-b.pos))
	done := 0
	for done < want {
		if b.bufPos == b.bufN {
			if err := b.block(); err != nil {
				b.err = err
				return done, err
			}
		}
		k := min(want-done, b.bufN-b.bufPos)
		copy(dst[0][done:done+k], b.left[b.bufPos:b.bufPos+k])
		copy(dst[1][done:done+k], b.right[b.bufPos:b.bufPos+k])
		b.bufPos += k
		done += k
	}
	b.pos += int64(done)
	return done, nil
}

// Channels is 2 (left, right).
func (b *BinauralSource) Channels() int { return 2 }

// SampleRate is the input's rate.
func (b *BinauralSource) SampleRate() int { return b.rate }

// Length is the input's length plus the HRIR tail.
func (b *BinauralSource) Length() int64 { return b.length }

// Close stops the convolution workers and closes the input.
func (b *BinauralSource) Close() error {
	b.bin.Close()
	return b.src.Close()
}

// NewBinaural renders a scene to two ear signals. Directly (cfg.Virtual nil), each object is a
// moving source with its own HRIR and each bed channel a static virtual
// loudspeaker at its nominal position; with cfg.Virtual the scene is
// rendered to that layout and each loudspeaker feed is binauralised.
func NewBinaural(scene *objects.Scene, open OpenFunc, cfg Config, bc Binaural) (*BinauralSource, []string, error) {
	if bc.Virtual != nil {
		c := cfg
		c.Layout, c.Encoder, c.bus = bc.Virtual, nil, false
		e, err := New(scene, open, c)
		if err != nil {
			return nil, nil, err
		}
		b, err := newBinauralizer(e, layoutChannels(bc.Virtual), bc)
		if err != nil {
			e.Close()
			return nil, nil, err
		}
		return b, e.Warnings(), nil
	}
	if bc.Workers == 0 {
		bc.Workers = cfg.Workers
	}
	c := cfg
	c.Layout, c.Encoder, c.bus = nil, nil, true
	e, err := New(scene, open, c)
	if err != nil {
		return nil, nil, err
	}
	var chans []busChannel
	for i := range scene.Objects {
		chans = append(chans, busChannel{traj: scene.Objects[i].Trajectory(e.SampleRate())})
	}
	for i := range scene.Beds {
		l, _ := scene.BedLayout(&scene.Beds[i]) // checked by New
		for _, ch := range l.Channels {
			chans = append(chans, busChannel{dir: ch.NominalDirection(), lfe: ch.LFE})
		}
	}
	b, err := newBinauralizer(e, chans, bc)
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	return b, e.Warnings(), nil
}

// layoutChannels describes a layout's channels (BS.2051 order) as static
// sources at their real directions, LFE to both ears.
func layoutChannels(l *speakers.Layout) []busChannel {
	var out []busChannel
	for _, c := range l.Channels {
		out = append(out, busChannel{dir: c.Direction(), lfe: c.LFE})
	}
	return out
}

// Virtualize binauralises a loudspeaker-feed source in layout l (channels
// in BS.2051 order) with static HRIRs at the speakers' positions.
func Virtualize(src LengthSource, l *speakers.Layout, bc Binaural) (*BinauralSource, error) {
	if src.Channels() != len(l.Channels) {
		return nil, fmt.Errorf("render: virtualize: the input has %d channels but layout %s has %d", src.Channels(), l.DisplayName(), len(l.Channels))
	}
	return newBinauralizer(src, layoutChannels(l), bc)
}
