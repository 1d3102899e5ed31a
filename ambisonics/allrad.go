package ambisonics

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// Weighting is the per-degree weighting of a decoder.
type Weighting int

const (
	// MaxRE (the default) weights degree l by a_l = P_l(r_E), r_E the
	// largest root of P_{N+1} (see MaxREWeights): the energy vector of a
	// plane wave is as long as the order allows, side lobes are low.
	MaxRE Weighting = iota
	// Basic applies no weighting (a_l = 1): the sharpest main lobe, with
	// strong side lobes.
	Basic
)

// String names the weighting: "max-rE" or "basic".
func (w Weighting) String() string {
	if w == Basic {
		return "basic"
	}
	return "max-rE"
}

// Level is the level normalisation of a loudspeaker decoder.
type Level int

const (
	// EnergyPreserving (the default) scales the decoder so that a plane
	// wave of unit amplitude, averaged over all directions, gives a sum of
	// squared loudspeaker gains of 1 — the same loudness as the
	// point-source panner, whose gains always have a sum of squares of 1.
	EnergyPreserving Level = iota
	// Unnormalized keeps AllRAD's own scale: the virtual loudspeakers'
	// gains sum to 1 (a_0), each spread over real loudspeakers by VBAP with
	// a sum of squares of 1.
	Unnormalized
)

// DefaultGridDegree is the degree of the Gauss product grid of virtual
// loudspeakers AllRAD decodes to (see GaussGrid): 2048 points, at most
// 5.6° apart.
const DefaultGridDegree = 63

// DecoderOptions controls NewDecoder. The zero value is the default:
// SN3D (AmbiX) input, max-rE weighting, energy-preserving level, no
// rotation.
type DecoderOptions struct {
	// Input is the normalisation (and channel order) of the decoded stream.
	Input Normalization
	// Weighting per degree (default max-rE).
	Weighting Weighting
	// Level normalisation (default energy-preserving).
	Level Level
	// Rotation turns the sound field before it is decoded.
	Rotation Rotation
	// GridDegree is the exactness degree of the virtual loudspeaker grid
	// (default DefaultGridDegree; at least twice the order).
	GridDegree int
}

// Decoder decodes an ambisonic stream to the loudspeakers of a layout with
// a static matrix, computed by AllRAD (Zotter & Frank, "All-round
// ambisonic panning and decoding", JAES 60(10), 2012):
//
//  1. a sampling decoder to a dense grid of virtual loudspeakers (a Gauss
//     product quadrature, exact to DefaultGridDegree; the paper uses a
//     t-design, which is a quadrature with equal weights): virtual speaker
//     k gets g_k = (w_k/4π)·Σ_n a_l·Y_n(d_k)·χ_n for N3D channels χ_n;
//  2. every virtual loudspeaker is panned to the real ones with the
//     BS.2127 point-source panner (package panner, VBAP with the standard's
//     virtual speakers, e.g. below the horizon of 5.1 or 7.1.4, whose gains
//     are folded into the real ones); LFE channels get nothing;
//  3. the matrix, (real × virtual)·(virtual × SH), is scaled to preserve
//     energy (see Level).
//
// Process runs the matrix on blocks; it allocates nothing.
type Decoder struct {
	layout *speakers.Layout
	order  int
	opt    DecoderOptions
	m      [][]float64 // speakers × stream channels
	m32    [][]float32
}

// NewDecoder computes the AllRAD decoder of the given order (1 to
// MaxOrder) for layout.
func NewDecoder(layout *speakers.Layout, order int, opt DecoderOptions) (*Decoder, error) {
	if err := checkOrder(order); err != nil {
		return nil, err
	}
	if err := opt.Input.check(order); err != nil {
		return nil, err
	}
	if opt.GridDegree == 0 {
		opt.GridDegree = DefaultGridDegree
	}
	if opt.GridDegree < 2*order {
		return nil, fmt.Errorf("ambisonics: AllRAD grid degree %d is below twice the order %d; the sampling decoder would alias", opt.GridDegree, order)
	}
	psp, err := panner.NewPointSource(layout)
	if err != nil {
		return nil, fmt.Errorf("ambisonics: decoder for %s: %w", layout.DisplayName(), err)
	}
	grid, err := GaussGrid(opt.GridDegree)
	if err != nil {
		return nil, err
	}
	nch, nspk := Channels(order), len(layout.Channels)
	a := degreeWeights(order, opt.Weighting)
	// D in N3D: D[o][n] = Σ_k (w_k/4π)·g_o(d_k)·a_l·Y_n(d_k).
	d := newMatrix(nspk, nch)
	var y, g []float64
	for k, dir := range grid.Directions {
		y = SH(y, order, dir, N3D)
		g = psp.Gains(g, dir)
		wk := grid.Weights[k] / (4 * math.Pi)
		for o, gv := range g {
			if gv == 0 {
				continue
			}
			row := d[o]
			for n, yn := range y {
				row[n] += wk * gv * yn
			}
		}
	}
	for o := range d {
		for n := range d[o] {
			l, _ := DegreeIndex(n)
			d[o][n] *= a[l]
		}
	}
	if opt.Level == EnergyPreserving {
		// Mean over directions of Σ_o (D·y)² = trace(DᵀD) for N3D input.
		var e float64
		for _, row := range d {
			for _, v := range row {
				e += v * v
			}
		}
		if e > 0 {
			s := 1 / math.Sqrt(e)
			for _, row := range d {
				for n := range row {
					row[n] *= s
				}
			}
		}
	}
	if !opt.Rotation.IsZero() {
		d = rotateColumns(d, order, opt.Rotation)
	}
	dec := &Decoder{layout: layout, order: order, opt: opt, m: streamColumns(d, order, opt.Input)}
	dec.m32 = make([][]float32, nspk)
	for o, row := range dec.m {
		dec.m32[o] = make([]float32, nch)
		for j, v := range row {
			dec.m32[o][j] = float32(v)
		}
	}
	return dec, nil
}

// degreeWeights returns a_0..a_order of a weighting.
func degreeWeights(order int, w Weighting) []float64 {
	if w == MaxRE {
		return MaxREWeights(order)
	}
	a := make([]float64, order+1)
	for l := range a {
		a[l] = 1
	}
	return a
}

func newMatrix(rows, cols int) [][]float64 {
	back := make([]float64, rows*cols)
	m := make([][]float64, rows)
	for i := range m {
		m[i] = back[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return m
}

// rotateColumns returns D·R, R the SH rotation of r: decoding the turned
// field.
func rotateColumns(d [][]float64, order int, r Rotation) [][]float64 {
	rot := newSHRotation(order, r.Matrix())
	out := newMatrix(len(d), Channels(order))
	for o, row := range d {
		for l, b := range rot.blocks {
			w, off := 2*l+1, l*l
			for j := range w {
				var acc float64
				for i := range w {
					acc += row[off+i] * b[w*i+j]
				}
				out[o][off+j] = acc
			}
		}
	}
	return out
}

// streamColumns turns a matrix on N3D ACN channels into one on the
// channels of a stream in normalisation norm.
func streamColumns(d [][]float64, order int, norm Normalization) [][]float64 {
	acn, scale := norm.Layout(order)
	out := newMatrix(len(d), len(acn))
	for o, row := range d {
		for j, k := range acn {
			l, _ := DegreeIndex(k)
			// stream_j = SN3D_k·scale_j and N3D_k = SN3D_k·sqrt(2l+1).
			out[o][j] = row[k] * math.Sqrt(float64(2*l+1)) / scale[j]
		}
	}
	return out
}

// Layout is the target layout.
func (d *Decoder) Layout() *speakers.Layout { return d.layout }

// Order is the decoded order.
func (d *Decoder) Order() int { return d.order }

// Inputs is the number of stream channels, (Order+1)².
func (d *Decoder) Inputs() int { return Channels(d.order) }

// Outputs is the number of layout channels (BS.2051 order, LFE included).
func (d *Decoder) Outputs() int { return len(d.layout.Channels) }

// Matrix returns a copy of the decoding matrix: one row per layout
// channel (BS.2051 order), one column per stream channel.
func (d *Decoder) Matrix() [][]float64 {
	out := newMatrix(len(d.m), d.Inputs())
	for o := range d.m {
		copy(out[o], d.m[o])
	}
	return out
}

// Gains writes the loudspeaker gains (BS.2051 order) of a plane wave from
// dir, encoded in the decoder's input normalisation, into dst (grown if
// needed) and returns it. It allocates nothing when dst has room.
func (d *Decoder) Gains(dst []float64, dir geom.Vec) []float64 {
	var buf [maxChannels]float64
	y := SH(buf[:0], d.order, dir, d.opt.Input)
	n := len(d.m)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for o, row := range d.m {
		var acc float64
		for j, v := range row {
			acc += v * y[j]
		}
		dst[o] = acc
	}
	return dst
}

// Latency is zero.
func (d *Decoder) Latency() int { return 0 }

// Reset does nothing: the decoder has no state.
func (d *Decoder) Reset() {}

// Process decodes src (Inputs() channels) into dst (Outputs() channels,
// overwritten), all of the same length. It allocates nothing and panics
// when the shapes are wrong.
func (d *Decoder) Process(dst, src [][]float32) {
	if len(src) != d.Inputs() || len(dst) != d.Outputs() {
		panic(fmt.Sprintf("ambisonics: Decoder.Process got %d input and %d output channels; built for %d and %d", len(src), len(dst), d.Inputs(), d.Outputs()))
	}
	n := len(src[0])
	for c := range src {
		if len(src[c]) != n {
			panic(fmt.Sprintf("ambisonics: Decoder.Process input channel %d has %d frames, channel 0 has %d", c, len(src[c]), n))
		}
	}
	for o, out := range dst {
		if len(out) != n {
			panic(fmt.Sprintf("ambisonics: Decoder.Process output channel %d has %d frames, want %d", o, len(out), n))
		}
		clear(out)
		for j, g := range d.m32[o] {
			if g == 0 {
				continue
			}
			in := src[j][:n]
			for i, v := range in {
				out[i] += g * v
			}
		}
	}
}
