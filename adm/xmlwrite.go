package adm

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"

	"immerse/gaincalc"
)

// axmlNamespace is the EBU Core namespace ADM documents are written in.
const axmlNamespace = "urn:ebu:metadata-schema:ebuCore_2017"

// xw writes indented XML.
type xw struct {
	b     bytes.Buffer
	depth int
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writing to a bytes.Buffer cannot fail
	return b.String()
}

func (w *xw) indent() {
	for i := 0; i < w.depth; i++ {
		w.b.WriteString("  ")
	}
}

// open writes a start tag with attributes given as name, value pairs.
func (w *xw) open(name string, attrs ...string) {
	w.indent()
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&w.b, " %s=\"%s\"", attrs[i], esc(attrs[i+1]))
	}
	w.b.WriteString(">\n")
	w.depth++
}

func (w *xw) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

// leaf writes <name attrs>text</name>.
func (w *xw) leaf(name, text string, attrs ...string) {
	w.indent()
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&w.b, " %s=\"%s\"", attrs[i], esc(attrs[i+1]))
	}
	if text == "" {
		w.b.WriteString("/>\n")
		return
	}
	w.b.WriteString(">" + esc(text) + "</" + name + ">\n")
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func btoa(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// MarshalAXML writes the document as the payload of an axml chunk
// (ebuCoreMain / coreMetadata / format / audioFormatExtended, BS.2076-2).
// Common definitions are referred to by ID, not written out.
func (d *Document) MarshalAXML() []byte {
	w := &xw{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open("ebuCoreMain", "xmlns", axmlNamespace, "xml:lang", "en")
	w.open("coreMetadata")
	w.open("format")
	version := d.Version
	if version == 0 {
		version = 2
	}
	w.open("audioFormatExtended", "version", fmt.Sprintf("ITU-R_BS.2076-%d", version))
	for _, p := range d.Programmes {
		w.programme(p)
	}
	for _, c := range d.Contents {
		w.open("audioContent", "audioContentID", c.ID, "audioContentName", c.Name)
		for _, r := range c.ObjectRefs {
			w.leaf("audioObjectIDRef", r)
		}
		w.close("audioContent")
	}
	for _, o := range d.Objects {
		w.object(o)
	}
	for _, p := range d.PackFormats {
		if p.Common {
			continue
		}
		w.open("audioPackFormat", "audioPackFormatID", p.ID, "audioPackFormatName", p.Name,
			"typeLabel", p.Type.Label(), "typeDefinition", p.Type.String())
		for _, r := range p.ChannelRefs {
			w.leaf("audioChannelFormatIDRef", r)
		}
		for _, r := range p.PackRefs {
			w.leaf("audioPackFormatIDRef", r)
		}
		w.close("audioPackFormat")
	}
	for _, c := range d.ChannelFormats {
		if !c.Common {
			w.channel(c)
		}
	}
	for _, s := range d.StreamFormats {
		if s.Common {
			continue
		}
		w.open("audioStreamFormat", "audioStreamFormatID", s.ID, "audioStreamFormatName", s.Name,
			"formatLabel", "0001", "formatDefinition", "PCM")
		if s.ChannelRef != "" {
			w.leaf("audioChannelFormatIDRef", s.ChannelRef)
		}
		if s.PackRef != "" {
			w.leaf("audioPackFormatIDRef", s.PackRef)
		}
		for _, r := range s.TrackFormatRefs {
			w.leaf("audioTrackFormatIDRef", r)
		}
		w.close("audioStreamFormat")
	}
	for _, t := range d.TrackFormats {
		if t.Common {
			continue
		}
		w.open("audioTrackFormat", "audioTrackFormatID", t.ID, "audioTrackFormatName", t.Name,
			"formatLabel", "0001", "formatDefinition", "PCM")
		w.leaf("audioStreamFormatIDRef", t.StreamRef)
		w.close("audioTrackFormat")
	}
	for _, u := range d.TrackUIDs {
		var attrs []string
		attrs = append(attrs, "UID", u.ID)
		if u.SampleRate > 0 {
			attrs = append(attrs, "sampleRate", strconv.Itoa(u.SampleRate))
		}
		if u.BitDepth > 0 {
			attrs = append(attrs, "bitDepth", strconv.Itoa(u.BitDepth))
		}
		w.open("audioTrackUID", attrs...)
		if u.TrackFormatRef != "" {
			w.leaf("audioTrackFormatIDRef", u.TrackFormatRef)
		}
		if u.ChannelRef != "" {
			w.leaf("audioChannelFormatIDRef", u.ChannelRef)
		}
		if u.PackRef != "" {
			w.leaf("audioPackFormatIDRef", u.PackRef)
		}
		w.close("audioTrackUID")
	}
	w.close("audioFormatExtended")
	w.close("format")
	w.close("coreMetadata")
	w.close("ebuCoreMain")
	return w.b.Bytes()
}

func (w *xw) programme(p *Programme) {
	attrs := []string{"audioProgrammeID", p.ID, "audioProgrammeName", p.Name}
	if p.Language != "" {
		attrs = append(attrs, "audioProgrammeLanguage", p.Language)
	}
	if p.Start != nil {
		attrs = append(attrs, "start", p.Start.String())
	}
	if p.End != nil {
		attrs = append(attrs, "end", p.End.String())
	}
	w.open("audioProgramme", attrs...)
	for _, r := range p.ContentRefs {
		w.leaf("audioContentIDRef", r)
	}
	if s := p.ReferenceScreen; s != nil {
		w.open("audioProgrammeReferenceScreen", "aspectRatio", ftoa(s.AspectRatio))
		if s.Cartesian {
			w.leaf("screenCentrePosition", "", "X", ftoa(s.CentreX), "Y", ftoa(s.CentreY), "Z", ftoa(s.CentreZ))
			w.leaf("screenWidth", "", "X", ftoa(s.WidthX))
		} else {
			w.leaf("screenCentrePosition", "", "azimuth", ftoa(s.CentreAzimuth), "elevation", ftoa(s.CentreElevation), "distance", ftoa(s.CentreDistance))
			w.leaf("screenWidth", "", "azimuth", ftoa(s.WidthAzimuth))
		}
		w.close("audioProgrammeReferenceScreen")
	}
	w.close("audioProgramme")
}

func (w *xw) object(o *Object) {
	attrs := []string{"audioObjectID", o.ID, "audioObjectName", o.Name}
	if o.Start != nil {
		attrs = append(attrs, "start", o.Start.String())
	}
	if o.Duration != nil {
		attrs = append(attrs, "duration", o.Duration.String())
	}
	if o.Importance != nil {
		attrs = append(attrs, "importance", strconv.Itoa(*o.Importance))
	}
	if o.Interact {
		attrs = append(attrs, "interact", "1")
	}
	w.open("audioObject", attrs...)
	for _, r := range o.ObjectRefs {
		w.leaf("audioObjectIDRef", r)
	}
	for _, r := range o.ComplementaryRefs {
		w.leaf("audioComplementaryObjectIDRef", r)
	}
	for _, r := range o.PackRefs {
		w.leaf("audioPackFormatIDRef", r)
	}
	if o.Gain != 1 {
		w.leaf("gain", ftoa(o.Gain))
	}
	if o.Mute {
		w.leaf("mute", "1")
	}
	if off := o.PositionOffset; off != nil {
		if off.Cartesian {
			w.leaf("positionOffset", ftoa(off.X), "coordinate", "X")
			w.leaf("positionOffset", ftoa(off.Y), "coordinate", "Y")
			w.leaf("positionOffset", ftoa(off.Z), "coordinate", "Z")
		} else {
			w.leaf("positionOffset", ftoa(off.Azimuth), "coordinate", "azimuth")
			w.leaf("positionOffset", ftoa(off.Elevation), "coordinate", "elevation")
			w.leaf("positionOffset", ftoa(off.Distance), "coordinate", "distance")
		}
	}
	for _, r := range o.TrackUIDRefs {
		w.leaf("audioTrackUIDRef", r)
	}
	w.close("audioObject")
}

func (w *xw) channel(c *ChannelFormat) {
	w.open("audioChannelFormat", "audioChannelFormatID", c.ID, "audioChannelFormatName", c.Name,
		"typeLabel", c.Type.Label(), "typeDefinition", c.Type.String())
	if c.LowPass > 0 {
		w.leaf("frequency", ftoa(c.LowPass), "typeDefinition", "lowPass")
	}
	if c.HighPass > 0 {
		w.leaf("frequency", ftoa(c.HighPass), "typeDefinition", "highPass")
	}
	for _, b := range c.Blocks {
		attrs := []string{"audioBlockFormatID", b.ID}
		if b.RTime != nil {
			attrs = append(attrs, "rtime", b.RTime.String(), "duration", b.Duration.String())
		}
		w.open("audioBlockFormat", attrs...)
		switch {
		case b.Objects != nil:
			w.objectsBlock(b.Objects)
		case b.DirectSpeakers != nil:
			w.speakersBlock(b.DirectSpeakers)
		case b.HOA != nil:
			h := b.HOA
			w.leaf("order", strconv.Itoa(h.Order))
			w.leaf("degree", strconv.Itoa(h.Degree))
			w.leaf("normalization", h.Normalization)
			if h.Gain != 1 {
				w.leaf("gain", ftoa(h.Gain))
			}
		}
		if b.Importance != 10 {
			w.leaf("importance", strconv.Itoa(b.Importance))
		}
		w.close("audioBlockFormat")
	}
	w.close("audioChannelFormat")
}

func lockAttr(v string) []string {
	if v == "" {
		return nil
	}
	return []string{"screenEdgeLock", v}
}

func (w *xw) objectsBlock(o *ObjectsBlock) {
	b := &o.BlockFormat
	p := &b.Position
	if p.Cartesian {
		w.leaf("position", ftoa(p.X), append([]string{"coordinate", "X"}, lockAttr(p.ScreenEdgeLock.Horizontal)...)...)
		w.leaf("position", ftoa(p.Y), "coordinate", "Y")
		w.leaf("position", ftoa(p.Z), append([]string{"coordinate", "Z"}, lockAttr(p.ScreenEdgeLock.Vertical)...)...)
	} else {
		w.leaf("position", ftoa(p.Azimuth), append([]string{"coordinate", "azimuth"}, lockAttr(p.ScreenEdgeLock.Horizontal)...)...)
		w.leaf("position", ftoa(p.Elevation), append([]string{"coordinate", "elevation"}, lockAttr(p.ScreenEdgeLock.Vertical)...)...)
		w.leaf("position", ftoa(p.Distance), "coordinate", "distance")
	}
	if b.Cartesian {
		w.leaf("cartesian", "1")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"width", b.Width}, {"height", b.Height}, {"depth", b.Depth}, {"diffuse", b.Diffuse}} {
		if f.v != 0 {
			w.leaf(f.name, ftoa(f.v))
		}
	}
	if b.Gain != 1 {
		w.leaf("gain", ftoa(b.Gain))
	}
	if cl := b.ChannelLock; cl != nil {
		if cl.HasMaxDistance {
			w.leaf("channelLock", "1", "maxDistance", ftoa(cl.MaxDistance))
		} else {
			w.leaf("channelLock", "1")
		}
	}
	if d := b.Divergence; d != nil {
		var attrs []string
		if d.HasAzimuthRange {
			attrs = append(attrs, "azimuthRange", ftoa(d.AzimuthRange))
		}
		if d.HasPositionRange {
			attrs = append(attrs, "positionRange", ftoa(d.PositionRange))
		}
		w.leaf("objectDivergence", ftoa(d.Value), attrs...)
	}
	if o.JumpPosition {
		if o.InterpolationLength != nil {
			w.leaf("jumpPosition", "1", "interpolationLength", ftoa(*o.InterpolationLength))
		} else {
			w.leaf("jumpPosition", "1")
		}
	}
	if len(b.ZoneExclusion) > 0 {
		w.open("zoneExclusion")
		for _, z := range b.ZoneExclusion {
			w.zone(z)
		}
		w.close("zoneExclusion")
	}
	if b.ScreenRef {
		w.leaf("screenRef", "1")
	}
}

func (w *xw) zone(z gaincalc.Zone) {
	if z.Cartesian {
		w.leaf("zone", "", "minX", ftoa(z.MinX), "maxX", ftoa(z.MaxX), "minY", ftoa(z.MinY),
			"maxY", ftoa(z.MaxY), "minZ", ftoa(z.MinZ), "maxZ", ftoa(z.MaxZ))
		return
	}
	w.leaf("zone", "", "minAzimuth", ftoa(z.MinAzimuth), "maxAzimuth", ftoa(z.MaxAzimuth),
		"minElevation", ftoa(z.MinElevation), "maxElevation", ftoa(z.MaxElevation))
}

func (w *xw) speakersBlock(s *SpeakersBlock) {
	for _, l := range s.Labels {
		w.leaf("speakerLabel", l)
	}
	coord := func(name string, b Bound, lock string) {
		w.leaf("position", ftoa(b.Value), append([]string{"coordinate", name}, lockAttr(lock)...)...)
		if b.Min != nil {
			w.leaf("position", ftoa(*b.Min), "coordinate", name, "bound", "min")
		}
		if b.Max != nil {
			w.leaf("position", ftoa(*b.Max), "coordinate", name, "bound", "max")
		}
	}
	if s.Cartesian {
		coord("X", s.X, s.ScreenEdgeLock.Horizontal)
		coord("Y", s.Y, "")
		coord("Z", s.Z, s.ScreenEdgeLock.Vertical)
	} else {
		coord("azimuth", s.Azimuth, s.ScreenEdgeLock.Horizontal)
		coord("elevation", s.Elevation, s.ScreenEdgeLock.Vertical)
		coord("distance", s.Distance, "")
	}
	if s.Gain != 1 {
		w.leaf("gain", ftoa(s.Gain))
	}
}
