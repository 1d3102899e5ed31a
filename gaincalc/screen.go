package gaincalc

import (
	"fmt"
	"math"

	"immerse/geom"
)

// screenEdges are the azimuths of the left and right edges and the
// elevations of the bottom and top edges of a screen, as seen from the
// listener (BS.2127 §7.3.3, "PolarEdges").
type screenEdges struct {
	left, right, bottom, top float64
}

// edgesOf computes a screen's edges. The screen is the rectangle
// centre ± x·xv ± z·zv; its left and right edge azimuths are those of the
// mid-points of its vertical edges, and likewise for elevation.
func edgesOf(s *Screen) (screenEdges, error) {
	if !(s.AspectRatio > 0) || math.IsInf(s.AspectRatio, 0) {
		return screenEdges{}, fmt.Errorf("screen aspect ratio %g must be a positive number", s.AspectRatio)
	}
	if w := s.WidthAzimuth; !s.Cartesian && !(w > 0 && w < 180) {
		return screenEdges{}, fmt.Errorf("screen width %g degrees must be between 0 and 180", w)
	}
	if w := s.WidthX; s.Cartesian && !(w > 0) {
		return screenEdges{}, fmt.Errorf("screen width %g must be positive", w)
	}
	c := s.centre()
	var xv, zv geom.Vec
	if s.Cartesian {
		w := s.WidthX / 2
		h := w / s.AspectRatio
		xv, zv = geom.Vec{w, 0, 0}, geom.Vec{0, 0, h}
	} else {
		w := s.CentreDistance * math.Tan(geom.Radians(s.WidthAzimuth/2))
		h := w / s.AspectRatio
		b := localBasis(s.CentreAzimuth, s.CentreElevation)
		xv, zv = b[0].Scale(w), b[2].Scale(h)
	}
	e := screenEdges{
		left:   azimuthOf(c.Sub(xv)),
		right:  azimuthOf(c.Add(xv)),
		bottom: elevationOf(c.Sub(zv)),
		top:    elevationOf(c.Add(zv)),
	}
	if !(e.right <= e.left) {
		return e, fmt.Errorf("screen extends behind the listener (its edges are at azimuth %g and %g); make it narrower or turn it to the front", e.left, e.right)
	}
	if azimuthOf(c.Sub(zv))-azimuthOf(c.Add(zv)) > 1e-3 {
		return e, fmt.Errorf("screen extends over the pole (its vertical centre line crosses elevation ±90); lower it or make it shorter")
	}
	for _, v := range []float64{e.left, e.right, e.bottom, e.top} {
		if math.IsNaN(v) {
			return e, fmt.Errorf("screen size or aspect ratio is not a valid number")
		}
	}
	return e, nil
}

// scaleAzEl maps a direction's azimuth and elevation from the reference
// screen's edges to the reproduction screen's, piecewise linearly with ±180
// and ±90 fixed (BS.2127 §7.3.3).
func scaleAzEl(az, el float64, ref, rep *screenEdges) (float64, float64) {
	axp := [4]float64{-180, ref.right, ref.left, 180}
	afp := [4]float64{-180, rep.right, rep.left, 180}
	exp := [4]float64{-90, ref.bottom, ref.top, 90}
	efp := [4]float64{-90, rep.bottom, rep.top, 90}
	return interp(az, axp[:], afp[:]), interp(el, exp[:], efp[:])
}

// compensatePosition adjusts a direction derived from cartesian metadata
// so that, in layouts with U+045 speakers, vertical movement in the
// allocentric cube stays vertical in the room (BS.2127 §7.3.2).
func compensatePosition(az, el float64, hasU045 bool) (float64, float64) {
	if !hasU045 {
		return az, el
	}
	exp := [3]float64{0, 30, 90}
	efp := [3]float64{30, 30 * (30.0 / 45.0), 30}
	r := interp(el, exp[:], efp[:])
	axp := [4]float64{-180, -30, 30, 180}
	afp := [4]float64{-180, -r, r, 180}
	return interp(az, axp[:], afp[:]), el
}

// screenScale is step 2 of the gain calculation (BS.2127 §7.3.3): a
// screenRef object's position is moved so that what sat at the edges of the
// reference screen sits at the edges of the reproduction screen. Cartesian
// blocks are converted to polar with the §10 mapping, scaled and
// compensated (§7.3.2), then converted back.
func (c *Calculator) screenScale(pos geom.Vec, b *BlockFormat, x *ExtraData) (geom.Vec, error) {
	if !b.ScreenRef || !c.hasScreen {
		return pos, nil
	}
	ref := c.defaultRefEdges
	if x.ReferenceScreen != nil {
		e, err := edgesOf(x.ReferenceScreen)
		if err != nil {
			return pos, fmt.Errorf("gaincalc: reference screen: %w", err)
		}
		ref = e
	}
	if b.Cartesian {
		az, el, d := PointCartToPolar(pos[0], pos[1], pos[2])
		az, el = scaleAzEl(az, el, &ref, &c.screen)
		az, el = compensatePosition(az, el, c.hasU045)
		return PointPolarToCart(az, el, d), nil
	}
	az, el, d := azimuthOf(pos), elevationOf(pos), pos.Norm()
	az, el = scaleAzEl(az, el, &ref, &c.screen)
	return geom.Cart(az, el, d), nil
}

// screenEdgeLock is step 3 (BS.2127 §7.3.4): a position locked to a screen
// edge takes that edge's azimuth (left, right) or elevation (top, bottom)
// on the reproduction screen.
func (c *Calculator) screenEdgeLock(pos geom.Vec, b *BlockFormat) geom.Vec {
	lock := b.Position.ScreenEdgeLock
	if !c.hasScreen || !lock.set() {
		return pos
	}
	apply := func(az, el float64) (float64, float64) {
		switch lock.Horizontal {
		case "left":
			az = c.screen.left
		case "right":
			az = c.screen.right
		}
		switch lock.Vertical {
		case "top":
			el = c.screen.top
		case "bottom":
			el = c.screen.bottom
		}
		return az, el
	}
	if b.Cartesian {
		az, el, d := PointCartToPolar(pos[0], pos[1], pos[2])
		az, el = apply(az, el)
		az, el = compensatePosition(az, el, c.hasU045)
		return PointPolarToCart(az, el, d)
	}
	az, el := apply(azimuthOf(pos), elevationOf(pos))
	return geom.Cart(az, el, pos.Norm())
}
