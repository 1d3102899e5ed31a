package ambisonics

import (
	"fmt"
	"math"
)

// SHRotation is the rotation of a sound field in the spherical-harmonic
// domain: one (2l+1)×(2l+1) orthogonal block per degree l (rotations do not
// mix degrees). The blocks are the same for SN3D and N3D, whose scales
// differ per degree only. Rotating the channels of a plane wave encoded at
// d gives the encoding at Rotation.Matrix()·d.
type SHRotation struct {
	order  int
	blocks [][]float64 // per degree, row-major (2l+1)², rows and columns by m = -l..l
}

// NewSHRotation computes the rotation matrices of degrees 0..order for r by
// the recursion of Ivanic & Ruedenberg (J. Phys. Chem. 100, 1996, with the
// 1998 erratum): degree l is built from degree l-1 and the degree-1 block,
// which is the 3×3 rotation itself in the channel order Y, Z, X (m = -1,
// 0, 1).
func NewSHRotation(order int, r Rotation) (*SHRotation, error) {
	if order < 0 || order > MaxOrder {
		return nil, fmt.Errorf("ambisonics: rotation of order %d; the range is 0 to %d", order, MaxOrder)
	}
	return newSHRotation(order, r.Matrix()), nil
}

func newSHRotation(order int, m Matrix3) *SHRotation {
	s := &SHRotation{order: order, blocks: make([][]float64, order+1)}
	s.blocks[0] = []float64{1}
	if order == 0 {
		return s
	}
	// The SH frame is x front, y left, z up: (x, y, z)_sh = (Y, -X, Z)_adm.
	// Its rotation is P·M·Pᵀ; the degree-1 channels m = -1, 0, 1 are y, z, x.
	p := Matrix3{{0, 1, 0}, {-1, 0, 0}, {0, 0, 1}}
	pt := Matrix3{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}
	rs := mul3(p, mul3(m, pt))
	axis := [3]int{1, 2, 0} // m+1 -> SH-frame axis
	r1 := make([]float64, 9)
	for i := range 3 {
		for j := range 3 {
			r1[3*i+j] = rs[axis[i]][axis[j]]
		}
	}
	s.blocks[1] = r1
	for l := 2; l <= order; l++ {
		s.blocks[l] = irBlock(l, r1, s.blocks[l-1])
	}
	return s
}

// irBlock builds the degree-l block from the degree-1 block r1 and the
// degree-(l-1) block prev (Ivanic & Ruedenberg, table 2).
func irBlock(l int, r1, prev []float64) []float64 {
	n := 2*l + 1
	out := make([]float64, n*n)
	at1 := func(i, j int) float64 { return r1[3*(i+1)+(j+1)] }
	atp := func(i, j int) float64 { return prev[(2*l-1)*(i+l-1)+(j+l-1)] }
	// P(i, a, b) of the paper for degree l.
	pf := func(i, a, b int) float64 {
		switch b {
		case l:
			return at1(i, 1)*atp(a, l-1) - at1(i, -1)*atp(a, -l+1)
		case -l:
			return at1(i, 1)*atp(a, -l+1) + at1(i, -1)*atp(a, l-1)
		}
		return at1(i, 0) * atp(a, b)
	}
	delta := func(a, b int) float64 {
		if a == b {
			return 1
		}
		return 0
	}
	for m := -l; m <= l; m++ {
		am := m
		if am < 0 {
			am = -am
		}
		d0 := delta(m, 0)
		for mp := -l; mp <= l; mp++ {
			var den float64
			if mp == l || mp == -l {
				den = float64(2*l) * float64(2*l-1)
			} else {
				den = float64(l+mp) * float64(l-mp)
			}
			u := math.Sqrt(float64(l+m) * float64(l-m) / den)
			v := 0.5 * math.Sqrt((1+d0)*float64(l+am-1)*float64(l+am)/den) * (1 - 2*d0)
			w := -0.5 * math.Sqrt(float64(l-am-1)*float64(l-am)/den) * (1 - d0)
			var val float64
			if u != 0 {
				val += u * pf(0, m, mp)
			}
			if v != 0 {
				var vv float64
				switch {
				case m == 0:
					vv = pf(1, 1, mp) + pf(-1, -1, mp)
				case m > 0:
					vv = pf(1, m-1, mp)*math.Sqrt(1+delta(m, 1)) - pf(-1, -m+1, mp)*(1-delta(m, 1))
				default:
					vv = pf(1, m+1, mp)*(1-delta(m, -1)) + pf(-1, -m-1, mp)*math.Sqrt(1+delta(m, -1))
				}
				val += v * vv
			}
			if w != 0 {
				var ww float64
				if m > 0 {
					ww = pf(1, m+1, mp) + pf(-1, -m-1, mp)
				} else {
					ww = pf(1, m-1, mp) - pf(-1, -m+1, mp)
				}
				val += w * ww
			}
			out[n*(m+l)+(mp+l)] = val
		}
	}
	return out
}

// Order is the highest degree of the rotation.
func (s *SHRotation) Order() int { return s.order }

// Block returns the degree-l block, row-major (2l+1)×(2l+1), rows and
// columns by m = -l..l (ACN order within the degree). Do not modify it.
func (s *SHRotation) Block(l int) []float64 { return s.blocks[l] }

// Dense returns the full (order+1)²-square matrix in ACN order (block
// diagonal), for SN3D or N3D channels.
func (s *SHRotation) Dense() [][]float64 {
	n := Channels(s.order)
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, n)
	}
	for l, b := range s.blocks {
		w := 2*l + 1
		for i := range w {
			for j := range w {
				out[l*l+i][l*l+j] = b[w*i+j]
			}
		}
	}
	return out
}

// Apply writes the rotated coefficients of src (ACN order, SN3D or N3D,
// Channels(Order()) values) to dst. dst and src must not overlap.
func (s *SHRotation) Apply(dst, src []float64) {
	for l, b := range s.blocks {
		w := 2*l + 1
		o := l * l
		for i := range w {
			var acc float64
			row := b[w*i : w*i+w]
			for j, v := range row {
				acc += v * src[o+j]
			}
			dst[o+i] = acc
		}
	}
}
