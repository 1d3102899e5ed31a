package gaincalc

import (
	"math"

	"immerse/geom"
)

// weightFunc is the weighting of the polar extent panner (BS.2127
// §7.3.8.2.2) for one source: 1 inside a region of the given width and
// height around the source, fading linearly to 0 over fadeWidth degrees.
// The region is a stadium: two circles of radius min(width, height)/2 at
// the ends of a straight band. Its long axis follows azimuth lines of a
// frame turned to the source (turned a further 90 degrees for tall
// sources), and width is stretched as it grows past 90 degrees so that a
// 360-degree-wide source closes up behind the listener.
type weightFunc struct {
	basis     [3]geom.Vec // flipped frame: x along the long axis
	circleR   float64     // radius of the end circles, radians
	circlePos float64     // angle of the circle centres from the source
	centres   [2]geom.Vec
	// cosReach: virtual sources whose direction makes a smaller cosine
	// than this with the source lie beyond the fade and weigh 0.
	cosReach float64
}

func newWeightFunc(pos geom.Vec, width, height float64) weightFunc {
	w := geom.Radians(width) / 2
	h := geom.Radians(height) / 2
	b := sourceBasis(pos)
	var f weightFunc
	f.circleR = math.Min(w, h)
	if h > w {
		w, h = h, w
		f.basis = [3]geom.Vec{b[2], b[1], b[0]}
	} else {
		f.basis = b
	}
	// Stretch the width towards pi + h from pi/2 to pi so that the ends
	// meet at the back; fully for heights to pi/4, fading out by pi/2.
	full := math.Pi + h
	xp := [3]float64{0, math.Pi / 2, math.Pi}
	fp := [3]float64{0, math.Pi / 2, full}
	wMod := interp(w, xp[:], fp[:])
	hp := [4]float64{0, math.Pi / 4, math.Pi / 2, math.Pi}
	hf := [4]float64{wMod, wMod, w, w}
	w = interp(h, hp[:], hf[:])
	f.circlePos = w - f.circleR
	// Every point of the region with its fade lies within circlePos +
	// circleR + fade of the source (triangle inequality on the sphere).
	reach := f.circlePos + f.circleR + geom.Radians(fadeWidth) + 1e-6
	f.cosReach = -2
	if reach < math.Pi {
		f.cosReach = math.Cos(reach)
	}
	for i, a := range [2]float64{-f.circlePos, f.circlePos} {
		f.centres[i] = onBasis(&f.basis, a, 0)
	}
	return f
}

// sourceBasis is the local frame of the source direction; at the poles,
// where azimuth is undefined, azimuth 0 is taken (§7.3.8.2.2).
func sourceBasis(pos geom.Vec) [3]geom.Vec {
	n := pos.Norm()
	if n < 1e-10 {
		pos = geom.Vec{0, 1, 0}
	} else {
		pos = pos.Scale(1 / n)
	}
	az, el := azimuthOf(pos), elevationOf(pos)
	if math.Abs(el) > 90-1e-5 {
		az = 0
	}
	return localBasis(az, el)
}

// onBasis converts an azimuth and elevation in radians, measured in the
// frame b (azimuth positive towards b[0]), to a unit vector.
func onBasis(b *[3]geom.Vec, az, el float64) geom.Vec {
	x := math.Sin(az) * math.Cos(el)
	y := math.Cos(az) * math.Cos(el)
	z := math.Sin(el)
	return b[0].Scale(x).Add(b[1].Scale(y)).Add(b[2].Scale(z))
}

// weight returns the weight of the virtual source at unit vector v.
func (f *weightFunc) weight(v geom.Vec) float64 {
	if v.Dot(f.basis[1]) < f.cosReach {
		return 0
	}
	c0 := clip(v.Dot(f.basis[0]), -1, 1)
	c1 := clip(v.Dot(f.basis[1]), -1, 1)
	c2 := clip(v.Dot(f.basis[2]), -1, 1)
	az := math.Atan2(c0, c1)
	var d float64
	if math.Abs(az) <= f.circlePos {
		d = math.Abs(math.Asin(c2)) - f.circleR
	} else {
		a0 := math.Acos(clip(v.Dot(f.centres[0]), -1, 1))
		a1 := math.Acos(clip(v.Dot(f.centres[1]), -1, 1))
		d = math.Min(a0, a1) - f.circleR
	}
	return interp2(d, 0, geom.Radians(fadeWidth), 1, 0)
}
