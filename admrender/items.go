package admrender

import (
	"fmt"

	"immerse/adm"
	"immerse/gaincalc"
)

// bus is what items render into for one internal block of B frames
// starting at input frame t0: dry[c][off+i] (off = the renderer's latency)
// takes the direct object paths, DirectSpeakers and HOA; diffuse[c][i] the
// diffuse object paths, which the decorrelators filter.
type bus struct {
	t0      int64
	n       int
	off     int
	dry     [][]float64
	diffuse [][]float64
	x       [][]float64 // input tracks as float64 (nil for unused ones)
	fd, fu  []float64   // scratch: the fading-down and fading-up input
}

// objectItem renders one Objects channel (BS.2127 §7): the gains of each
// block from the gain calculation, ramped as the spans say.
type objectItem struct {
	where string // for errors
	track int    // input channel
	block []adm.TimedBlock
	spans []span
	extra gaincalc.ExtraData
	calc  *gaincalc.Calculator
	nch   int
	k     int // current block
	// cur holds the gains (direct then diffuse) of block gk, prev those of
	// block gk-1 when a ramp needs them.
	gk, pk    int
	cur, prev []float64
	err       error
}

func newObjectItem(where string, track int, blocks []adm.TimedBlock, spans []span, x gaincalc.ExtraData, calc *gaincalc.Calculator) *objectItem {
	n := calc.Channels()
	return &objectItem{where: where, track: track, block: blocks, spans: spans, extra: x, calc: calc, nch: n,
		gk: -1, pk: -1, cur: make([]float64, 2*n), prev: make([]float64, 2*n)}
}

// gainsOf computes the gains of block k into g.
func (o *objectItem) gainsOf(g []float64, k int) error {
	b := o.block[k].Objects
	if b == nil {
		return fmt.Errorf("admrender: %s: audioBlockFormat %s is not an Objects block", o.where, o.block[k].ID)
	}
	if err := o.calc.Gains(g[:o.nch], g[o.nch:], b.BlockFormat, o.extra); err != nil {
		return fmt.Errorf("admrender: %s: audioBlockFormat %s: %w", o.where, o.block[k].ID, err)
	}
	return nil
}

// enter makes cur the gains of block k and, when it ramps, prev those of
// block k-1.
func (o *objectItem) enter(k int) error {
	if o.gk == k {
		return nil
	}
	if o.gk == k-1 && o.gk >= 0 {
		o.prev, o.cur = o.cur, o.prev
		o.pk = k - 1
	}
	o.gk = -1
	if err := o.gainsOf(o.cur, k); err != nil {
		return err
	}
	o.gk = k
	if o.spans[k].interp && o.pk != k-1 {
		if err := o.gainsOf(o.prev, k-1); err != nil {
			return err
		}
		o.pk = k - 1
	}
	return nil
}

func (o *objectItem) render(b *bus) error {
	if o.err != nil {
		return o.err
	}
	x := b.x[o.track]
	end := b.t0 + int64(b.n)
	for t := b.t0; t < end; {
		for o.k < len(o.spans) && o.spans[o.k].last <= t {
			o.k++
		}
		if o.k == len(o.spans) {
			return nil
		}
		s := &o.spans[o.k]
		if s.first >= end {
			return nil
		}
		t = max(t, s.first)
		if err := o.enter(o.k); err != nil {
			o.err = err
			return err
		}
		if s.interp && t < s.target {
			stop := min(s.target, end)
			o.ramp(b, x, s, t, stop)
			t = stop
			continue
		}
		stop := min(s.last, end)
		o.hold(b, x, t, stop)
		t = stop
	}
	return nil
}

// hold adds input frames [a, z) at this block's gains.
func (o *objectItem) hold(b *bus, x []float64, a, z int64) {
	i0, i1 := int(a-b.t0), int(z-b.t0)
	in := x[i0:i1]
	for c := 0; c < o.nch; c++ {
		if g := o.cur[c]; g != 0 {
			out := b.dry[c][b.off+i0 : b.off+i1]
			for i, v := range in {
				out[i] += v * g
			}
		}
		if g := o.cur[o.nch+c]; g != 0 {
			out := b.diffuse[c][i0:i1]
			for i, v := range in {
				out[i] += v * g
			}
		}
	}
}

// ramp adds input frames [a, z) with the gains moving linearly from the
// previous block's to this block's (BS.2127 §7.2): frame s takes
// (1-p)·previous + p·current with p = p0 + (s-first)·dp.
func (o *objectItem) ramp(b *bus, x []float64, s *span, a, z int64) {
	i0, i1 := int(a-b.t0), int(z-b.t0)
	fd, fu := b.fd[i0:i1], b.fu[i0:i1]
	for i := range fd {
		v := x[i0+i]
		p := s.p0 + float64(a+int64(i)-s.first)*s.dp
		fd[i] = v * (1 - p)
		fu[i] = v * p
	}
	for c := 0; c < 2*o.nch; c++ {
		g0, g1 := o.prev[c], o.cur[c]
		if g0 == 0 && g1 == 0 {
			continue
		}
		var out []float64
		if c < o.nch {
			out = b.dry[c][b.off+i0 : b.off+i1]
		} else {
			out = b.diffuse[c-o.nch][i0:i1]
		}
		for i := range out {
			out[i] = (out[i] + fd[i]*g0) + fu[i]*g1
		}
	}
}

// fixedItem renders a DirectSpeakers channel or an HOA pack: per block a
// matrix (layout channels × tracks, row-major) held for the whole block.
type fixedItem struct {
	tracks []int // input channels (-1: silent)
	spans  []span
	mats   [][]float64
	k      int
}

func (f *fixedItem) render(b *bus) {
	end := b.t0 + int64(b.n)
	nt := len(f.tracks)
	for t := b.t0; t < end; {
		for f.k < len(f.spans) && f.spans[f.k].last <= t {
			f.k++
		}
		if f.k == len(f.spans) || f.spans[f.k].first >= end {
			return
		}
		s := &f.spans[f.k]
		t = max(t, s.first)
		stop := min(s.last, end)
		i0, i1 := int(t-b.t0), int(stop-b.t0)
		m := f.mats[f.k]
		for c := range b.dry {
			row := m[c*nt : (c+1)*nt]
			out := b.dry[c][b.off+i0 : b.off+i1]
			for j, g := range row {
				if g == 0 || f.tracks[j] < 0 {
					continue
				}
				in := b.x[f.tracks[j]][i0:i1]
				for i, v := range in {
					out[i] += v * g
				}
			}
		}
		t = stop
	}
}
