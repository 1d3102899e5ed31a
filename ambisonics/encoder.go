package ambisonics

import (
	"fmt"

	"immerse/geom"
)

// Encoder turns a direction into the gains of a plane wave from there: the
// real spherical harmonics of orders 0..Order in the chosen normalisation,
// optionally of the rotated direction (rotating the sound field). It
// satisfies render.Encoder, so the render engine encodes moving objects and
// beds with it (gains on the engine's gain grid, ramped linearly between
// grid points like the panner's), and render.Labeler, so files name its
// channels. It is immutable and safe for concurrent use.
type Encoder struct {
	order int
	norm  Normalization
	rot   Rotation
	m     Matrix3
	turn  bool
}

// NewEncoder returns an encoder of the given order (1 to MaxOrder) and
// normalisation; rot turns the encoded sound field (zero: no turn).
func NewEncoder(order int, norm Normalization, rot Rotation) (*Encoder, error) {
	if err := checkOrder(order); err != nil {
		return nil, err
	}
	if err := norm.check(order); err != nil {
		return nil, err
	}
	return &Encoder{order: order, norm: norm, rot: rot, m: rot.Matrix(), turn: !rot.IsZero()}, nil
}

// Order is the ambisonic order.
func (e *Encoder) Order() int { return e.order }

// Normalization is the channels' normalisation (and order, for FuMa).
func (e *Encoder) Normalization() Normalization { return e.norm }

// Rotation is the turn applied to every direction.
func (e *Encoder) Rotation() Rotation { return e.rot }

// Channels is (Order+1)².
func (e *Encoder) Channels() int { return Channels(e.order) }

// Gains writes the encoding gains of a plane wave from dir (ADM frame, any
// non-zero length; zero means front) into dst, grown if needed, and returns
// it. It allocates nothing when dst has room for Channels() values.
func (e *Encoder) Gains(dst []float64, dir geom.Vec) []float64 {
	if e.turn {
		dir = e.m.Apply(dir)
	}
	return SH(dst, e.order, dir, e.norm)
}

// Labels names the channels: "ACN0".."ACN15" for order 3, or W X Y Z for
// FuMa.
func (e *Encoder) Labels() []string { return e.norm.Labels(e.order) }

// Name describes the format, e.g. "AmbiX order 3 (SN3D)".
func (e *Encoder) Name() string {
	switch e.norm {
	case SN3D:
		return fmt.Sprintf("AmbiX order %d (SN3D)", e.order)
	case FuMa:
		return fmt.Sprintf("FuMa B-format order %d (WXYZ)", e.order)
	}
	return fmt.Sprintf("ambisonics order %d (ACN, %s)", e.order, e.norm)
}
