package hrtf

import (
	"math"
	"strings"

	"immerse/geom"
)

// position is one SOFA position converted to immerse coordinates: a unit
// direction (+X right, +Y front, +Z up) and a distance in metres.
type position struct {
	dir  geom.Vec
	dist float64
}

func (p position) vec() geom.Vec { return p.dir.Scale(p.dist) }

// fromSOFACartesian converts a SOFA cartesian vector (x front, y left,
// z up; AES69 §4) to the immerse frame (+X right, +Y front, +Z up):
// X = -y, Y = x, Z = z. TestSOFAFrames pins it against geom.Cart.
func fromSOFACartesian(x, y, z float64) geom.Vec { return geom.Vec{-y, x, z} }

// fromSOFASpherical converts SOFA spherical coordinates (azimuth in
// degrees counterclockwise from the front seen from above, elevation in
// degrees up, distance) to a position. SOFA's azimuth turns the same way
// as ADM's (positive to the left), so geom.Cart applies unchanged.
func fromSOFASpherical(az, el, r float64) position {
	return position{dir: geom.Cart(az, el, 1), dist: r}
}

func fromCartesian(v geom.Vec) position {
	n := v.Norm()
	if n == 0 {
		return position{}
	}
	return position{dir: v.Scale(1 / n), dist: n}
}

// positions reads a position variable of shape k x 3 (or k x 3 x 1, as
// ReceiverPosition is in SOFA 1.0) with k one of counts. defType is the
// coordinate type assumed when the variable has no Type attribute.
// present is false when the variable does not exist.
func (v *vars) positions(name string, counts []int, defType string) (ps []position, present bool, err error) {
	d, ok, err := v.dataset(name)
	if err != nil || !ok {
		return nil, false, err
	}
	shape := d.Shape
	if len(shape) == 3 && shape[2] == 1 {
		shape = shape[:2]
	}
	okCount := false
	for _, c := range counts {
		okCount = okCount || (len(shape) == 2 && shape[0] == uint64(c))
	}
	if !okCount || shape[1] != 3 {
		return nil, true, v.e.invalid("%s has shape %s; want k x 3 with k in %v", name, shapeString(d.Shape), counts)
	}
	typ, err := v.text(d, "Type")
	if err != nil {
		return nil, true, err
	}
	if typ == "" {
		typ = defType
	}
	units, err := v.text(d, "Units")
	if err != nil {
		return nil, true, err
	}
	vals, err := d.Float64s()
	if err != nil {
		return nil, true, v.e.wrap(err)
	}
	for _, x := range vals {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, true, v.e.invalid("%s holds %v", name, x)
		}
	}
	ps = make([]position, shape[0])
	switch strings.ToLower(typ) {
	case "spherical":
		if !sphericalUnits(units) {
			return nil, true, v.e.unsupported("%s:Units is %q; want \"degree, degree, metre\"", name, units)
		}
		for i := range ps {
			ps[i] = fromSOFASpherical(vals[3*i], vals[3*i+1], vals[3*i+2])
		}
	case "cartesian":
		if units != "" && !metres(units) {
			return nil, true, v.e.unsupported("%s:Units is %q; want \"metre\"", name, units)
		}
		for i := range ps {
			ps[i] = fromCartesian(fromSOFACartesian(vals[3*i], vals[3*i+1], vals[3*i+2]))
		}
	default:
		return nil, true, v.e.unsupported("%s:Type is %q; want \"spherical\" or \"cartesian\"", name, typ)
	}
	return ps, true, nil
}

func metres(u string) bool {
	switch strings.ToLower(strings.TrimSpace(u)) {
	case "metre", "meter", "metres", "meters", "m":
		return true
	}
	return false
}

// sphericalUnits accepts "degree, degree, metre" and its spellings
// (commas or spaces, meter, degrees); the distance unit may be missing.
func sphericalUnits(u string) bool {
	if u == "" {
		return true
	}
	parts := strings.FieldsFunc(strings.ToLower(u), func(r rune) bool { return r == ',' || r == ' ' })
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts[:2] {
		if p != "degree" && p != "degrees" && p != "deg" {
			return false
		}
	}
	return len(parts) == 2 || metres(parts[2])
}

// listenerFrame is an orthonormal basis: the listener's right, front and up.
type listenerFrame struct{ right, front, up geom.Vec }

// newListenerFrame builds the frame from a view and an up vector (both in
// immerse coordinates). The up vector is made orthogonal to the view.
func newListenerFrame(view, up geom.Vec) (listenerFrame, bool) {
	f := view.Unit()
	u := up.Sub(f.Scale(up.Dot(f)))
	if f.Norm() < 0.5 || u.Norm() < 1e-9 {
		return listenerFrame{}, false
	}
	u = u.Unit()
	// In the immerse frame front × up = right (Y × Z = X).
	return listenerFrame{right: f.Cross(u), front: f, up: u}, true
}

// toListener expresses d in the listener's frame: X right, Y front, Z up.
func (lf listenerFrame) toListener(d geom.Vec) geom.Vec {
	return geom.Vec{d.Dot(lf.right), d.Dot(lf.front), d.Dot(lf.up)}
}

// directions computes, per measurement, the direction of the source seen
// by the listener and its distance: SourcePosition minus ListenerPosition
// (both in the global frame), rotated into the frame of ListenerView and
// ListenerUp, in immerse coordinates.
func (v *vars) directions(m int) ([]geom.Vec, []float64, error) {
	counts := []int{1, m}
	src, ok, err := v.positions("SourcePosition", counts, "spherical")
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, v.e.invalid("no SourcePosition variable")
	}
	lis, _, err := v.positions("ListenerPosition", counts, "cartesian")
	if err != nil {
		return nil, nil, err
	}
	view, _, err := v.positions("ListenerView", counts, "cartesian")
	if err != nil {
		return nil, nil, err
	}
	viewType := "cartesian"
	if d, ok, _ := v.dataset("ListenerView"); ok {
		if t, _ := v.text(d, "Type"); t != "" {
			viewType = t
		}
	}
	up, _, err := v.positions("ListenerUp", counts, viewType)
	if err != nil {
		return nil, nil, err
	}
	at := func(ps []position, i int, def position) position {
		switch len(ps) {
		case 0:
			return def
		case 1:
			return ps[0]
		}
		return ps[i]
	}
	front := position{dir: geom.Vec{0, 1, 0}, dist: 1}
	top := position{dir: geom.Vec{0, 0, 1}, dist: 1}
	dirs := make([]geom.Vec, m)
	dists := make([]float64, m)
	for i := 0; i < m; i++ {
		s := at(src, i, position{})
		l := at(lis, i, position{})
		p := s
		if l.dist != 0 {
			p = fromCartesian(s.vec().Sub(l.vec()))
		}
		if p.dir.Norm() == 0 {
			return nil, nil, v.e.invalid("measurement %d: SourcePosition coincides with the listener; no direction", i)
		}
		lf, ok := newListenerFrame(at(view, i, front).dir, at(up, i, top).dir)
		if !ok {
			return nil, nil, v.e.invalid("measurement %d: ListenerView and ListenerUp are zero or parallel", i)
		}
		dirs[i] = lf.toListener(p.dir).Unit()
		dists[i] = p.dist
	}
	return dirs, dists, nil
}
