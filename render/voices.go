package render

import (
	"fmt"

	"immerse/bed"
	"immerse/dsp"
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
	return &objectVoice{
		name: name, stem: s, start: start, end: start + frames, traj: tr, gain: gain, enc: enc,
		buf: make([]float32, block), in: make([][]float32, 1), k: noGrid,
		prev: make([]float32, nch), next: make([]float32, nch), g64: make([]float64, nch),
	}
}

// gainsAt computes the channel gains at scene frame n.
func (v *objectVoice) gainsAt(n int64, dst []float32) error {
	st := v.traj.At(n)
	lin := v.gain * dsp.DBToGain(st.GainDB)
	if v.bs != nil {
		return v.bs.gains(dst, &st, lin)
	}
	v.g64 = v.enc.Gains(v.g64, st.Dir)
	for c, g := range v.g64 {
		dst[c] = float32(g * lin)
	}
	return nil
}

// noGrid marks a voice whose gains have not been computed yet.
const noGrid = -1 << 62

const invGainInterval = float32(1.0 / GainInterval) // exact: a power of two

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
		off := float32(s - gk*GainInterval)
		x := v.buf[i:end]
		for c, gp := range v.prev {
			gn := v.next[c]
			if gp == 0 && gn == 0 {
				continue
			}
			dg := (gn - gp) * invGainInterval
			o := out[c][s-n0 : s-n0+int64(len(x))]
			for j, xv := range x {
				o[j] += xv * (gp + dg*(off+float32(j)))
			}
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
