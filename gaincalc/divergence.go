package gaincalc

import "immerse/geom"

// maxImages is the most positions divergence makes of one object.
const maxImages = 3

// diverge is step 5 of the gain calculation (BS.2127 §7.3.7): an object
// with divergence value x becomes three images, left, centre and right,
// with power weights x/(x+1), (1-x)/(x+1), x/(x+1) (all power in the
// centre at 0, a third each at 0.5, half in each side at 1). Polar blocks
// turn the side images by ±azimuthRange about the listener in the object's
// own frame (so the images stay at the object's elevation and distance);
// cartesian blocks move them ±positionRange along X, clipped to the cube.
// It writes weights and positions and returns their count.
func diverge(w *[maxImages]float64, p *[maxImages]geom.Vec, pos geom.Vec, d *Divergence, cartesian bool, version int) int {
	if d == nil || d.Value == 0 {
		w[0], p[0] = 1, pos
		return 1
	}
	x := d.Value
	side := x / (x + 1)
	w[0], w[1], w[2] = side, (1-x)/(x+1), side
	if cartesian {
		r := 0.0
		if d.HasPositionRange {
			r = d.PositionRange
		}
		for i, dx := range [maxImages]float64{r, 0, -r} {
			q := pos.Add(geom.Vec{dx, 0, 0})
			p[i] = geom.Vec{clip(q[0], -1, 1), clip(q[1], -1, 1), clip(q[2], -1, 1)}
		}
		return 3
	}
	r := d.AzimuthRange
	if !d.HasAzimuthRange {
		// BS.2076-2 changed the default from 45 degrees to 0.
		r = 45
		if version >= 2 {
			r = 0
		}
	}
	dist := pos.Norm()
	b := localBasis(azimuthOf(pos), elevationOf(pos))
	for i, a := range [2]float64{r, -r} {
		v := geom.Cart(a, 0, dist) // in the object's frame
		q := b[0].Scale(v[0]).Add(b[1].Scale(v[1])).Add(b[2].Scale(v[2]))
		p[2*i] = q
	}
	p[1] = pos
	return 3
}
