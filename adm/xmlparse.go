package adm

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"immerse/gaincalc"
)

// ParseAXML reads an ADM document from the payload of an axml chunk (or
// any XML holding an audioFormatExtended element) with DefaultLimits. The
// references between elements are not resolved yet: see Resolve (or use
// ReadFile / FromChunks, which do both).
func ParseAXML(doc []byte) (*Document, error) { return ParseAXMLLimits(doc, DefaultLimits) }

// ParseAXMLLimits is ParseAXML with explicit limits.
func ParseAXMLLimits(doc []byte, lim Limits) (*Document, error) {
	p := &parser{}
	afe, err := readTree(doc, lim, p.block)
	if err != nil {
		return nil, fmt.Errorf("adm: axml: %w", err)
	}
	d, err := p.document(afe)
	if err != nil {
		return nil, fmt.Errorf("adm: axml: %w", err)
	}
	return d, nil
}

// parser converts the element tree to the model.
type parser struct{}

// elemErr names the element, its ID and line in an error.
func elemErr(n *node, format string, args ...any) error {
	id := ""
	for _, a := range n.attrs {
		if strings.HasSuffix(a.Name.Local, "ID") && !strings.HasSuffix(a.Name.Local, "IDRef") {
			id = " " + a.Value
			break
		}
	}
	return fmt.Errorf("%s%s (line %d): %s", n.name, id, n.line, fmt.Sprintf(format, args...))
}

func parseFloat(n *node, what, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, elemErr(n, "%s %q is not a finite number", what, clipText(s))
	}
	return v, nil
}

func parseInt(n *node, what, s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, elemErr(n, "%s %q is not an integer", what, clipText(s))
	}
	return v, nil
}

func parseBool(n *node, what, s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, elemErr(n, "%s %q is not 0 or 1", what, clipText(s))
}

func optTime(n *node, attr string) (*Time, error) {
	s, ok := n.attr(attr)
	if !ok {
		return nil, nil
	}
	t, err := ParseTime(s)
	if err != nil {
		return nil, elemErr(n, "%s: %v", attr, err)
	}
	return &t, nil
}

func optFloatAttr(n *node, attr string) (*float64, error) {
	s, ok := n.attr(attr)
	if !ok {
		return nil, nil
	}
	v, err := parseFloat(n, attr, s)
	return &v, err
}

func optIntAttr(n *node, attr string) (*int, error) {
	s, ok := n.attr(attr)
	if !ok {
		return nil, nil
	}
	v, err := parseInt(n, attr, s)
	return &v, err
}

// requireID returns the element's ID attribute, which must be present.
func requireID(n *node, attr string) (string, error) {
	id, ok := n.attr(attr)
	if !ok || id == "" {
		return "", elemErr(n, "has no %s attribute", attr)
	}
	return id, nil
}

// refs collects the text of the children named name.
func refs(n *node, name string) []string {
	var out []string
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c.text)
		}
	}
	return out
}

// typeOf reads typeDefinition / typeLabel.
func typeOf(n *node) (TypeDefinition, error) {
	if s, ok := n.attr("typeLabel"); ok {
		v, err := strconv.ParseInt(s, 16, 32)
		if err == nil && v >= 1 && v <= 5 {
			return TypeDefinition(v), nil
		}
	}
	if s, ok := n.attr("typeDefinition"); ok {
		for t, name := range typeNames {
			if name == s {
				return t, nil
			}
		}
		return 0, elemErr(n, "unknown typeDefinition %q", clipText(s))
	}
	return 0, elemErr(n, "has neither typeDefinition nor typeLabel")
}

// gainValue reads a gain element or attribute: linear, or dB with
// gainUnit="dB".
func gainValue(n *node, s, unit string) (float64, error) {
	v, err := parseFloat(n, "gain", s)
	if err != nil {
		return 0, err
	}
	switch unit {
	case "", "linear":
		return v, nil
	case "dB":
		return math.Pow(10, v/20), nil
	}
	return 0, elemErr(n, "gainUnit %q is neither linear nor dB", clipText(unit))
}

func (p *parser) document(afe *node) (*Document, error) {
	d := &Document{}
	if v, ok := afe.attr("version"); ok {
		if rest, ok := strings.CutPrefix(v, "ITU-R_BS.2076-"); ok {
			n, err := strconv.Atoi(rest)
			if err == nil {
				d.Version = n
			}
		}
	}
	for _, c := range afe.children {
		var err error
		switch c.name {
		case "audioProgramme":
			var x *Programme
			if x, err = p.programme(c); err == nil {
				d.Programmes = append(d.Programmes, x)
			}
		case "audioContent":
			var x *Content
			if x, err = p.content(c); err == nil {
				d.Contents = append(d.Contents, x)
			}
		case "audioObject":
			var x *Object
			if x, err = p.object(c); err == nil {
				d.Objects = append(d.Objects, x)
			}
		case "audioPackFormat":
			var x *PackFormat
			if x, err = p.pack(c); err == nil {
				d.PackFormats = append(d.PackFormats, x)
			}
		case "audioChannelFormat":
			var x *ChannelFormat
			if x, err = p.channel(c); err == nil {
				d.ChannelFormats = append(d.ChannelFormats, x)
			}
		case "audioStreamFormat":
			var x *StreamFormat
			if x, err = p.stream(c); err == nil {
				d.StreamFormats = append(d.StreamFormats, x)
			}
		case "audioTrackFormat":
			var x *TrackFormat
			if x, err = p.track(c); err == nil {
				d.TrackFormats = append(d.TrackFormats, x)
			}
		case "audioTrackUID":
			var x *TrackUID
			if x, err = p.trackUID(c); err == nil {
				d.TrackUIDs = append(d.TrackUIDs, x)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (p *parser) programme(n *node) (*Programme, error) {
	id, err := requireID(n, "audioProgrammeID")
	if err != nil {
		return nil, err
	}
	x := &Programme{ID: id, ContentRefs: refs(n, "audioContentIDRef")}
	x.Name, _ = n.attr("audioProgrammeName")
	x.Language, _ = n.attr("audioProgrammeLanguage")
	if x.Start, err = optTime(n, "start"); err != nil {
		return nil, err
	}
	if x.End, err = optTime(n, "end"); err != nil {
		return nil, err
	}
	for _, c := range n.children {
		if c.name == "audioProgrammeReferenceScreen" {
			if x.ReferenceScreen, err = screen(c); err != nil {
				return nil, elemErr(n, "%v", err)
			}
		}
	}
	return x, nil
}

// screen reads an audioProgrammeReferenceScreen.
func screen(n *node) (*gaincalc.Screen, error) {
	s := &gaincalc.Screen{CentreDistance: 1}
	ar, ok := n.attr("aspectRatio")
	if !ok {
		for _, c := range n.children {
			if c.name == "aspectRatio" {
				ar, ok = c.text, true
			}
		}
	}
	if !ok {
		return nil, elemErr(n, "has no aspectRatio")
	}
	var err error
	if s.AspectRatio, err = parseFloat(n, "aspectRatio", ar); err != nil {
		return nil, err
	}
	var haveCentre, haveWidth bool
	for _, c := range n.children {
		switch c.name {
		case "screenCentrePosition":
			haveCentre = true
			if _, ok := c.attr("X"); ok {
				s.Cartesian = true
				for _, f := range []struct {
					a string
					v *float64
				}{{"X", &s.CentreX}, {"Y", &s.CentreY}, {"Z", &s.CentreZ}} {
					v, _ := c.attr(f.a)
					if *f.v, err = parseFloat(c, f.a, v); err != nil {
						return nil, err
					}
				}
			} else {
				for _, f := range []struct {
					a string
					v *float64
				}{{"azimuth", &s.CentreAzimuth}, {"elevation", &s.CentreElevation}, {"distance", &s.CentreDistance}} {
					if v, ok := c.attr(f.a); ok {
						if *f.v, err = parseFloat(c, f.a, v); err != nil {
							return nil, err
						}
					}
				}
			}
		case "screenWidth":
			haveWidth = true
			if v, ok := c.attr("X"); ok {
				s.WidthX, err = parseFloat(c, "X", v)
			} else if v, ok := c.attr("azimuth"); ok {
				s.WidthAzimuth, err = parseFloat(c, "azimuth", v)
			} else {
				err = elemErr(c, "has neither azimuth nor X")
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if !haveCentre || !haveWidth {
		return nil, elemErr(n, "needs screenCentrePosition and screenWidth")
	}
	return s, nil
}

func (p *parser) content(n *node) (*Content, error) {
	id, err := requireID(n, "audioContentID")
	if err != nil {
		return nil, err
	}
	x := &Content{ID: id, ObjectRefs: refs(n, "audioObjectIDRef")}
	x.Name, _ = n.attr("audioContentName")
	x.Language, _ = n.attr("audioContentLanguage")
	return x, nil
}

func (p *parser) object(n *node) (*Object, error) {
	id, err := requireID(n, "audioObjectID")
	if err != nil {
		return nil, err
	}
	x := &Object{ID: id, Gain: 1,
		ObjectRefs: refs(n, "audioObjectIDRef"), PackRefs: refs(n, "audioPackFormatIDRef"),
		TrackUIDRefs: refs(n, "audioTrackUIDRef"), ComplementaryRefs: refs(n, "audioComplementaryObjectIDRef")}
	x.Name, _ = n.attr("audioObjectName")
	if x.Start, err = optTime(n, "start"); err != nil {
		return nil, err
	}
	if x.Duration, err = optTime(n, "duration"); err != nil {
		return nil, err
	}
	if x.Importance, err = optIntAttr(n, "importance"); err != nil {
		return nil, err
	}
	if s, ok := n.attr("interact"); ok {
		if x.Interact, err = parseBool(n, "interact", s); err != nil {
			return nil, err
		}
	}
	for _, c := range n.children {
		switch c.name {
		case "gain":
			unit, _ := c.attr("gainUnit")
			if x.Gain, err = gainValue(c, c.text, unit); err != nil {
				return nil, err
			}
		case "mute":
			if x.Mute, err = parseBool(c, "mute", c.text); err != nil {
				return nil, err
			}
		case "positionOffset":
			if x.PositionOffset == nil {
				x.PositionOffset = &gaincalc.PositionOffset{}
			}
			coord, _ := c.attr("coordinate")
			v, err := parseFloat(c, "positionOffset", c.text)
			if err != nil {
				return nil, err
			}
			o := x.PositionOffset
			switch coord {
			case "azimuth":
				o.Azimuth = v
			case "elevation":
				o.Elevation = v
			case "distance":
				o.Distance = v
			case "X", "Y", "Z":
				o.Cartesian = true
				switch coord {
				case "X":
					o.X = v
				case "Y":
					o.Y = v
				default:
					o.Z = v
				}
			default:
				return nil, elemErr(c, "unknown coordinate %q", clipText(coord))
			}
		}
	}
	return x, nil
}

func (p *parser) pack(n *node) (*PackFormat, error) {
	id, err := requireID(n, "audioPackFormatID")
	if err != nil {
		return nil, err
	}
	x := &PackFormat{ID: id, ChannelRefs: refs(n, "audioChannelFormatIDRef"), PackRefs: refs(n, "audioPackFormatIDRef")}
	x.Name, _ = n.attr("audioPackFormatName")
	if x.Type, err = typeOf(n); err != nil {
		return nil, err
	}
	if x.Importance, err = optIntAttr(n, "importance"); err != nil {
		return nil, err
	}
	for _, c := range n.children {
		switch c.name {
		case "absoluteDistance":
			v, err := parseFloat(c, "absoluteDistance", c.text)
			if err != nil {
				return nil, err
			}
			x.AbsoluteDistance = &v
		case "normalization":
			x.Normalization = c.text
		case "nfcRefDist":
			v, err := parseFloat(c, "nfcRefDist", c.text)
			if err != nil {
				return nil, err
			}
			x.NFCRefDist = &v
		case "screenRef":
			v, err := parseBool(c, "screenRef", c.text)
			if err != nil {
				return nil, err
			}
			x.ScreenRef = &v
		}
	}
	return x, nil
}

// channel reads an audioChannelFormat; its blocks were converted while
// reading (see block).
func (p *parser) channel(n *node) (*ChannelFormat, error) {
	id, err := requireID(n, "audioChannelFormatID")
	if err != nil {
		return nil, err
	}
	x := &ChannelFormat{ID: id, Blocks: n.blocks}
	x.Name, _ = n.attr("audioChannelFormatName")
	if x.Type, err = typeOf(n); err != nil {
		return nil, err
	}
	for _, c := range n.children {
		if c.name == "frequency" {
			v, err := parseFloat(c, "frequency", c.text)
			if err != nil {
				return nil, err
			}
			switch t, _ := c.attr("typeDefinition"); t {
			case "lowPass":
				x.LowPass = v
			case "highPass":
				x.HighPass = v
			default:
				return nil, elemErr(c, "frequency typeDefinition %q is neither lowPass nor highPass", clipText(t))
			}
		}
	}
	if len(x.Blocks) == 0 {
		return nil, elemErr(n, "has no audioBlockFormat")
	}
	return x, nil
}

func (p *parser) stream(n *node) (*StreamFormat, error) {
	id, err := requireID(n, "audioStreamFormatID")
	if err != nil {
		return nil, err
	}
	x := &StreamFormat{ID: id, TrackFormatRefs: refs(n, "audioTrackFormatIDRef")}
	x.Name, _ = n.attr("audioStreamFormatName")
	x.FormatDefinition, _ = n.attr("formatDefinition")
	if r := refs(n, "audioChannelFormatIDRef"); len(r) > 0 {
		x.ChannelRef = r[0]
	}
	if r := refs(n, "audioPackFormatIDRef"); len(r) > 0 {
		x.PackRef = r[0]
	}
	return x, nil
}

func (p *parser) track(n *node) (*TrackFormat, error) {
	id, err := requireID(n, "audioTrackFormatID")
	if err != nil {
		return nil, err
	}
	x := &TrackFormat{ID: id}
	x.Name, _ = n.attr("audioTrackFormatName")
	x.FormatDefinition, _ = n.attr("formatDefinition")
	if r := refs(n, "audioStreamFormatIDRef"); len(r) > 0 {
		x.StreamRef = r[0]
	}
	return x, nil
}

func (p *parser) trackUID(n *node) (*TrackUID, error) {
	id, err := requireID(n, "UID")
	if err != nil {
		return nil, err
	}
	x := &TrackUID{ID: id}
	if s, ok := n.attr("sampleRate"); ok {
		if x.SampleRate, err = parseInt(n, "sampleRate", s); err != nil {
			return nil, err
		}
	}
	if s, ok := n.attr("bitDepth"); ok {
		if x.BitDepth, err = parseInt(n, "bitDepth", s); err != nil {
			return nil, err
		}
	}
	if r := refs(n, "audioTrackFormatIDRef"); len(r) > 0 {
		x.TrackFormatRef = r[0]
	}
	if r := refs(n, "audioChannelFormatIDRef"); len(r) > 0 {
		x.ChannelRef = r[0]
	}
	if r := refs(n, "audioPackFormatIDRef"); len(r) > 0 {
		x.PackRef = r[0]
	}
	return x, nil
}
