package ambisonics

import (
	"fmt"
	"math"
	"strings"
)

// Normalization is the scaling (and, for FuMa, the channel order) of the
// spherical-harmonic channels. The zero value is SN3D, the AmbiX default.
type Normalization int

const (
	// SN3D is Schmidt semi-normalisation (AmbiX): every degree has a peak
	// value of 1; N_l^m = sqrt((2-δ_m0)·(l-|m|)!/(l+|m|)!). ACN order.
	SN3D Normalization = iota
	// N3D is full orthonormalisation to 4π: N3D = SN3D·sqrt(2l+1), so that
	// the integral of Y_i·Y_j over the sphere is 4π·δ_ij. ACN order.
	N3D
	// FuMa is the Furse-Malham first-order B-format: channels W X Y Z (not
	// ACN's W Y Z X), with W = SN3D W·1/sqrt(2) (-3 dB) and X Y Z equal to
	// the SN3D first-order channels (X front, Y left, Z up). Only orders 0
	// and 1 are supported.
	FuMa
)

// String is the conventional name: "SN3D", "N3D" or "FuMa".
func (n Normalization) String() string {
	switch n {
	case SN3D:
		return "SN3D"
	case N3D:
		return "N3D"
	case FuMa:
		return "FuMa"
	}
	return fmt.Sprintf("Normalization(%d)", int(n))
}

// ParseNormalization reads a normalisation name: sn3d (or ambix), n3d, or
// fuma (or furse-malham), in any case.
func ParseNormalization(s string) (Normalization, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sn3d", "ambix":
		return SN3D, nil
	case "n3d":
		return N3D, nil
	case "fuma", "furse-malham", "b-format":
		return FuMa, nil
	}
	return 0, fmt.Errorf("ambisonics: unknown normalization %q; use sn3d (AmbiX), n3d or fuma", s)
}

// check reports whether n is usable at order.
func (n Normalization) check(order int) error {
	switch n {
	case SN3D, N3D:
		return nil
	case FuMa:
		if order > 1 {
			return fmt.Errorf("ambisonics: FuMa is supported for first order only (W X Y Z), not order %d; use sn3d (AmbiX) or n3d", order)
		}
		return nil
	}
	return fmt.Errorf("ambisonics: unknown normalization %d", int(n))
}

// ChannelOrdering names the channel order of n: "ACN", or "FuMa" (W X Y Z).
func (n Normalization) ChannelOrdering() string {
	if n == FuMa {
		return "FuMa"
	}
	return "ACN"
}

// fumaACN is the ACN index of each FuMa channel W X Y Z.
var fumaACN = [4]int{0, 3, 1, 2}

// Layout returns, for each channel of a stream in normalisation n at
// order, the ACN index it carries and the factor that turns an SN3D value
// of that ACN into the stream's value (N3D: sqrt(2l+1); FuMa W: 1/sqrt(2)).
func (n Normalization) Layout(order int) (acn []int, scale []float64) {
	nch := Channels(order)
	acn, scale = make([]int, nch), make([]float64, nch)
	for k := range acn {
		acn[k], scale[k] = k, 1
		l, _ := DegreeIndex(k)
		switch n {
		case N3D:
			scale[k] = math.Sqrt(float64(2*l + 1))
		case FuMa:
			acn[k] = fumaACN[k]
			if k == 0 {
				scale[k] = 1 / math.Sqrt2
			}
		}
	}
	return acn, scale
}

// fromSN3D converts SN3D values in ACN order (dst[:Channels(order)]) to
// normalisation n in place. It panics for FuMa above order 1.
func (n Normalization) fromSN3D(dst []float64, order int) {
	switch n {
	case N3D:
		for l := 0; l <= order; l++ {
			f := math.Sqrt(float64(2*l + 1))
			for k := l * l; k < (l+1)*(l+1); k++ {
				dst[k] *= f
			}
		}
	case FuMa:
		if order > 1 {
			panic(fmt.Sprintf("ambisonics: FuMa of order %d; only first order is supported", order))
		}
		if order == 1 {
			w, y, z, x := dst[0], dst[1], dst[2], dst[3]
			dst[0], dst[1], dst[2], dst[3] = w/math.Sqrt2, x, y, z
		} else {
			dst[0] /= math.Sqrt2
		}
	}
}

// Labels returns the channel names of a stream: "ACN0".."ACNk", or
// "W" "X" "Y" "Z" for FuMa.
func (n Normalization) Labels(order int) []string {
	if n == FuMa {
		return []string{"W", "X", "Y", "Z"}[:Channels(order)]
	}
	out := make([]string, Channels(order))
	for k := range out {
		out[k] = fmt.Sprintf("ACN%d", k)
	}
	return out
}
