package render

import (
	"fmt"

	"immerse/bed"
	"immerse/dsp"
	"immerse/geom"
	"immerse/objects"
	"immerse/speakers"
)

// objectVoice pans a mono stem along its trajectory.
type objectVoice struct {
	name       string
	stem       Stem
	start, end int64 // scene frames [start, end)
	traj       *objects.Trajectory
	gain       float64 // object gain, linear
	enc        Encoder
	hinted     hintedEncoder // enc, when it can keep a region hint
	hint       int
	buf        []float32
	in         [][]float32
	// k is the grid index whose gains are in prev (noGrid: none); prev
	// and next hold the gains of the bus channels the voice feeds at grid
	// points k and k+1: the layout's (or encoder's) channels, then, for
	// BS.2127 objects with a diffuse part, the diffuse bus.
	k          int64
	prev, next []float32
	g64        []float64
	bs         *objectGains // BS.2127 object gains (nil: the encoder's point gains)
}

func newObjectVoice(name string, s Stem, start, frames int64, tr *objects.Trajectory, gain float64, enc Encoder, nch, block int) *objectVoice {
	v := &objectVoice{
		name: name, stem: s, start: start, end: start + frames, traj: tr, gain: gain, enc: enc, hint: -1,
		buf: make([]float32, block), in: make([][]float32, 1), k: noGrid,
		prev: make([]float32, nch), next: make([]float32, nch), g64: make([]float64, nch),
	}
	v.hinted, _ = enc.(hintedEncoder)
	return v
}

// hintedEncoder is an Encoder that speeds up a moving source by
// remembering where its last direction fell (panner.PointSource).
type hintedEncoder interface {
	GainsHint(dst []float64, dir geom.Vec, hint *int) []float64
}

// gainsAt computes the channel gains at scene frame n.
func (v *objectVoice) gainsAt(n int64, dst []float32) error {
	st := v.traj.At(n)
	lin := v.gain * dsp.DBToGain(st.GainDB)
	if v.bs != nil {
		return v.bs.gains(dst, &st, lin)
	}
	if v.hinted != nil {
		v.g64 = v.hinted.GainsHint(v.g64, st.Dir, &v.hint)
	} else {
		v.g64 = v.enc.Gains(v.g64, st.Dir)
	}
	for c, g := range v.g64 {
		dst[c] = float32(g * lin)
	}
	return nil
}

// noGrid marks a voice whose gains have not been computed yet.
const noGrid = -1 << 62

const invGainInterval = float32(1.0 / GainInterval) // exact: a power of two

// gridRamp[k] = k: the position within a grid cell as float32 (exact).
var gridRamp = func() (r [GainInterval]float32) {
	for k := range r {
		r[k] = float32(k)
	}
	return
}()

// rampMix adds x, scaled by the gain gp + dg·ramp[j], into o. The gain at a
// frame depends only on its position in the grid cell, so the result does
// not depend on how the cell was split into blocks.
func rampMix(o, x []float32, gp, dg float32, ramp []float32) {
	n := len(x)
	o, ramp = o[:n], ramp[:n]
	j := 0
	for ; j+4 <= n; j += 4 {
		o0, o1, o2, o3 := o[j], o[j+1], o[j+2], o[j+3]
		x0, x1, x2, x3 := x[j], x[j+1], x[j+2], x[j+3]
		r0, r1, r2, r3 := ramp[j], ramp[j+1], ramp[j+2], ramp[j+3]
		o[j] = o0 + x0*(gp+dg*r0)
		o[j+1] = o1 + x1*(gp+dg*r1)
		o[j+2] = o2 + x2*(gp+dg*r2)
		o[j+3] = o3 + x3*(gp+dg*r3)
	}
	for ; j < n; j++ {
		o[j] += x[j] * (gp + dg*ramp[j])
	}
}

func (v *objectVoice) render(out [][]float32, n0 int64, n int) error {
	a, b := max(n0, v.start), min(n0+int64(n), v.end)
	if a >= b {
		return nil
	}
	m := int(b - a)
	v.in[0] = v.buf[:m]
	got, err := dsp.ReadFull(v.stem, v.in)
	if err != nil {
		return fmt.Errorf("render: object %q: read stem: %w", v.name, err)
	}
	clear(v.buf[got:m]) // a stem shorter than announced ends in silence
	for i := 0; i < m; {
		s := a + int64(i)
		gk := s / GainInterval
		if gk != v.k {
			if gk == v.k+1 {
				v.prev, v.next = v.next, v.prev
			} else if err := v.gainsAt(gk*GainInterval, v.prev); err != nil {
				return err
			}
			if err := v.gainsAt((gk+1)*GainInterval, v.next); err != nil {
				v.k = noGrid
				return err
			}
			v.k = gk
		}
		end := min(m, int((gk+1)*GainInterval-a))
		off := int(s - gk*GainInterval)
		x := v.buf[i:end]
		for c, gp := range v.prev {
			gn := v.next[c]
			if gp == 0 && gn == 0 {
				continue
			}
			dg := (gn - gp) * invGainInterval
			rampMix(out[c][s-n0:s-n0+int64(len(x))], x, gp, dg, gridRamp[off:off+len(x)])
		}
		i = end
	}
	return nil
}

func (v *objectVoice) close() error { return v.stem.Close() }

// bedVoice routes a multichannel stem through a bed matrix.
type bedVoice struct {
	name       string
	stem       Stem
	start, end int64
	m          *bed.Matrix
	gain       float32
	order      []int // file channel -> layout channel
	buf        [][]float32
	in, inL    [][]float32
	view       [][]float32
}

func newBedVoice(name string, s Stem, start, frames int64, m *bed.Matrix, gain float64, l *speakers.Layout, outChannels, block int) *bedVoice {
	nch := len(l.Channels)
	return &bedVoice{
		name: name, stem: s, start: start, end: start + frames, m: m, gain: float32(gain),
		order: l.WAVOrder(), buf: dsp.NewBuffer(nch, block),
		in: make([][]float32, nch), inL: make([][]float32, nch), view: make([][]float32, outChannels),
	}
}

func (v *bedVoice) render(out [][]float32, n0 int64, n int) error {
	a, b := max(n0, v.start), min(n0+int64(n), v.end)
	if a >= b {
		return nil
	}
	m := int(b - a)
	// The stem's channels are in file order; the matrix wants layout order.
	for f, k := range v.order {
		v.in[f] = v.buf[k][:m]
		v.inL[k] = v.buf[k][:m]
	}
	got, err := dsp.ReadFull(v.stem, v.in)
	if err != nil {
		return fmt.Errorf("render: bed %q: read stem: %w", v.name, err)
	}
	for _, ch := range v.inL {
		clear(ch[got:m])
	}
	v.view = dsp.Slice(v.view, out, int(a-n0), int(b-n0))
	v.m.Mix(v.view, v.inL, v.gain)
	return nil
}

func (v *bedVoice) close() error { return v.stem.Close() }
