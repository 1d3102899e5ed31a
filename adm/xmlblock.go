package adm

import (
	"strings"

	"immerse/gaincalc"
)

// block converts an audioBlockFormat as soon as it closes and appends it
// to its audioChannelFormat (parent).
func (p *parser) block(parent, n *node) error {
	t, err := typeOf(parent)
	if err != nil {
		return err
	}
	b := &BlockFormat{Importance: 10}
	b.ID, _ = n.attr("audioBlockFormatID")
	if b.RTime, err = optTime(n, "rtime"); err != nil {
		return err
	}
	if b.Duration, err = optTime(n, "duration"); err != nil {
		return err
	}
	if (b.RTime == nil) != (b.Duration == nil) {
		return elemErr(n, "rtime and duration must be given together")
	}
	if b.Duration != nil && b.Duration.Num < 0 {
		return elemErr(n, "negative duration %s", b.Duration)
	}
	for _, c := range n.children {
		if c.name == "importance" {
			if b.Importance, err = parseInt(c, "importance", c.text); err != nil {
				return err
			}
		}
	}
	if s, ok := n.attr("importance"); ok {
		if b.Importance, err = parseInt(n, "importance", s); err != nil {
			return err
		}
	}
	switch t {
	case Objects:
		b.Objects, err = objectsBlock(n)
	case DirectSpeakers:
		b.DirectSpeakers, err = speakersBlock(n)
	case HOA:
		b.HOA, err = hoaBlock(n)
	}
	if err != nil {
		return err
	}
	parent.blocks = append(parent.blocks, b)
	return nil
}

// lockFor maps a position's screenEdgeLock attribute to the lock.
func lockFor(n *node, coord string, l *gaincalc.ScreenEdgeLock) error {
	v, ok := n.attr("screenEdgeLock")
	if !ok {
		return nil
	}
	switch {
	case (coord == "azimuth" || coord == "X") && (v == "left" || v == "right"):
		l.Horizontal = v
	case (coord == "elevation" || coord == "Z") && (v == "top" || v == "bottom"):
		l.Vertical = v
	default:
		return elemErr(n, "screenEdgeLock %q does not apply to coordinate %s", clipText(v), coord)
	}
	return nil
}

func objectsBlock(n *node) (*ObjectsBlock, error) {
	o := &ObjectsBlock{BlockFormat: gaincalc.NewBlockFormat(gaincalc.Polar(0, 0, 1))}
	b := &o.BlockFormat
	seen := map[string]bool{}
	var err error
	num := func(c *node, what string) (float64, error) { return parseFloat(c, what, c.text) }
	for _, c := range n.children {
		switch c.name {
		case "position":
			coord, _ := c.attr("coordinate")
			if seen[coord] {
				return nil, elemErr(n, "position %q given twice", coord)
			}
			seen[coord] = true
			v, err := num(c, "position "+coord)
			if err != nil {
				return nil, err
			}
			switch coord {
			case "azimuth":
				b.Position.Azimuth = v
			case "elevation":
				b.Position.Elevation = v
			case "distance":
				b.Position.Distance = v
			case "X":
				b.Position.X = v
			case "Y":
				b.Position.Y = v
			case "Z":
				b.Position.Z = v
			default:
				return nil, elemErr(c, "unknown coordinate %q", clipText(coord))
			}
			if err := lockFor(c, coord, &b.Position.ScreenEdgeLock); err != nil {
				return nil, err
			}
		case "cartesian":
			if b.Cartesian, err = parseBool(c, "cartesian", c.text); err != nil {
				return nil, err
			}
		case "width":
			b.Width, err = num(c, "width")
		case "height":
			b.Height, err = num(c, "height")
		case "depth":
			b.Depth, err = num(c, "depth")
		case "diffuse":
			b.Diffuse, err = num(c, "diffuse")
		case "gain":
			unit, _ := c.attr("gainUnit")
			b.Gain, err = gainValue(c, c.text, unit)
		case "screenRef":
			b.ScreenRef, err = parseBool(c, "screenRef", c.text)
		case "channelLock":
			var on bool
			if on, err = parseBool(c, "channelLock", c.text); err == nil && on {
				b.ChannelLock = &gaincalc.ChannelLock{}
				if s, ok := c.attr("maxDistance"); ok {
					b.ChannelLock.HasMaxDistance = true
					b.ChannelLock.MaxDistance, err = parseFloat(c, "maxDistance", s)
				}
			}
		case "objectDivergence":
			d := &gaincalc.Divergence{}
			if d.Value, err = num(c, "objectDivergence"); err != nil {
				return nil, err
			}
			if s, ok := c.attr("azimuthRange"); ok {
				d.HasAzimuthRange = true
				if d.AzimuthRange, err = parseFloat(c, "azimuthRange", s); err != nil {
					return nil, err
				}
			}
			if s, ok := c.attr("positionRange"); ok {
				d.HasPositionRange = true
				if d.PositionRange, err = parseFloat(c, "positionRange", s); err != nil {
					return nil, err
				}
			}
			b.Divergence = d
		case "jumpPosition":
			if o.JumpPosition, err = parseBool(c, "jumpPosition", c.text); err != nil {
				return nil, err
			}
			if s, ok := c.attr("interpolationLength"); ok {
				v, err := parseFloat(c, "interpolationLength", s)
				if err != nil {
					return nil, err
				}
				if v < 0 {
					return nil, elemErr(c, "interpolationLength %g is negative", v)
				}
				o.InterpolationLength = &v
			}
		case "zoneExclusion":
			for _, z := range c.children {
				if z.name != "zone" {
					continue
				}
				zone, err := parseZone(z)
				if err != nil {
					return nil, err
				}
				b.ZoneExclusion = append(b.ZoneExclusion, zone)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case seen["azimuth"] && seen["elevation"] && !seen["X"] && !seen["Y"] && !seen["Z"]:
		if !seen["distance"] {
			b.Position.Distance = 1
		}
	case seen["X"] && seen["Y"] && !seen["azimuth"] && !seen["elevation"] && !seen["distance"]:
		b.Position.Cartesian = true
	default:
		return nil, elemErr(n, "position needs azimuth and elevation (and optionally distance) or X and Y (and optionally Z); found %s", coordList(seen))
	}
	if b.Diffuse < 0 || b.Diffuse > 1 {
		return nil, elemErr(n, "diffuse %g is outside 0..1", b.Diffuse)
	}
	if b.Width < 0 || b.Height < 0 || b.Depth < 0 {
		return nil, elemErr(n, "width, height and depth must not be negative")
	}
	if d := b.Divergence; d != nil && (d.Value < 0 || d.Value > 1) {
		return nil, elemErr(n, "objectDivergence %g is outside 0..1", d.Value)
	}
	return o, nil
}

func coordList(seen map[string]bool) string {
	var out []string
	for _, c := range []string{"azimuth", "elevation", "distance", "X", "Y", "Z"} {
		if seen[c] {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func parseZone(z *node) (gaincalc.Zone, error) {
	var zone gaincalc.Zone
	get := func(name string, dst *float64) (bool, error) {
		s, ok := z.attr(name)
		if !ok {
			return false, nil
		}
		v, err := parseFloat(z, name, s)
		*dst = v
		return true, err
	}
	cart := []struct {
		n string
		v *float64
	}{{"minX", &zone.MinX}, {"maxX", &zone.MaxX}, {"minY", &zone.MinY}, {"maxY", &zone.MaxY}, {"minZ", &zone.MinZ}, {"maxZ", &zone.MaxZ}}
	polar := []struct {
		n string
		v *float64
	}{{"minAzimuth", &zone.MinAzimuth}, {"maxAzimuth", &zone.MaxAzimuth}, {"minElevation", &zone.MinElevation}, {"maxElevation", &zone.MaxElevation}}
	nc, np := 0, 0
	for _, f := range cart {
		ok, err := get(f.n, f.v)
		if err != nil {
			return zone, err
		}
		if ok {
			nc++
		}
	}
	for _, f := range polar {
		ok, err := get(f.n, f.v)
		if err != nil {
			return zone, err
		}
		if ok {
			np++
		}
	}
	switch {
	case nc == 6 && np == 0:
		zone.Cartesian = true
	case np == 4 && nc == 0:
	default:
		return zone, elemErr(z, "a zone needs minX..maxZ (6 attributes) or minAzimuth, maxAzimuth, minElevation, maxElevation")
	}
	return zone, nil
}

func speakersBlock(n *node) (*SpeakersBlock, error) {
	s := &SpeakersBlock{Gain: 1, Distance: Bound{Value: 1}}
	seen := map[string]bool{}
	for _, c := range n.children {
		switch c.name {
		case "speakerLabel":
			s.Labels = append(s.Labels, c.text)
		case "gain":
			unit, _ := c.attr("gainUnit")
			v, err := gainValue(c, c.text, unit)
			if err != nil {
				return nil, err
			}
			s.Gain = v
		case "position":
			coord, _ := c.attr("coordinate")
			v, err := parseFloat(c, "position "+coord, c.text)
			if err != nil {
				return nil, err
			}
			var bnd *Bound
			switch coord {
			case "azimuth":
				bnd = &s.Azimuth
			case "elevation":
				bnd = &s.Elevation
			case "distance":
				bnd = &s.Distance
			case "X":
				bnd = &s.X
			case "Y":
				bnd = &s.Y
			case "Z":
				bnd = &s.Z
			default:
				return nil, elemErr(c, "unknown coordinate %q", clipText(coord))
			}
			switch kind, _ := c.attr("bound"); kind {
			case "", "value":
				if seen[coord] {
					return nil, elemErr(n, "position %q given twice", coord)
				}
				seen[coord] = true
				bnd.Value = v
				if err := lockFor(c, coord, &s.ScreenEdgeLock); err != nil {
					return nil, err
				}
			case "min":
				bnd.Min = &v
			case "max":
				bnd.Max = &v
			default:
				return nil, elemErr(c, "bound %q is not min or max", clipText(kind))
			}
		}
	}
	switch {
	case seen["azimuth"] && seen["elevation"] && !seen["X"]:
	case seen["X"] && seen["Y"] && !seen["azimuth"]:
		s.Cartesian = true
		if !seen["distance"] {
			s.Distance = Bound{}
		}
	default:
		return nil, elemErr(n, "DirectSpeakers position needs azimuth and elevation or X and Y; found %s", coordList(seen))
	}
	return s, nil
}

func hoaBlock(n *node) (*HOABlock, error) {
	h := &HOABlock{Normalization: "SN3D", Gain: 1}
	var err error
	var haveOrder, haveDegree bool
	for _, c := range n.children {
		switch c.name {
		case "order":
			h.Order, err = parseInt(c, "order", c.text)
			haveOrder = true
		case "degree":
			h.Degree, err = parseInt(c, "degree", c.text)
			haveDegree = true
		case "normalization":
			h.Normalization = c.text
		case "equation":
			h.Equation = c.text
		case "nfcRefDist":
			h.NFCRefDist, err = parseFloat(c, "nfcRefDist", c.text)
		case "screenRef":
			h.ScreenRef, err = parseBool(c, "screenRef", c.text)
		case "gain":
			unit, _ := c.attr("gainUnit")
			h.Gain, err = gainValue(c, c.text, unit)
		}
		if err != nil {
			return nil, err
		}
	}
	if !haveOrder || !haveDegree {
		return nil, elemErr(n, "HOA block needs order and degree")
	}
	if h.Order < 0 || h.Degree < -h.Order || h.Degree > h.Order {
		return nil, elemErr(n, "HOA order %d degree %d: need 0 <= |degree| <= order", h.Order, h.Degree)
	}
	switch h.Normalization {
	case "SN3D", "N3D", "FuMa":
	default:
		return nil, elemErr(n, "HOA normalization %q is not SN3D, N3D or FuMa", clipText(h.Normalization))
	}
	return h, nil
}
