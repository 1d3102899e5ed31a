package adm

import (
	"fmt"
	"sort"
	"strings"
)

// Resolve links the references of d (the *Refs fields to the pointer
// fields), takes track indices and references from chna (which may be
// nil), and adds the BS.2094 common definitions that are referred to but
// not defined in the document. It reports duplicate IDs, references to
// IDs that exist nowhere, and cycles between nested objects or packs,
// naming the element.
func (d *Document) Resolve(chna *Chna) error {
	r := &resolver{d: d, packs: map[string]*PackFormat{}, channels: map[string]*ChannelFormat{},
		streams: map[string]*StreamFormat{}, tracks: map[string]*TrackFormat{}, uids: map[string]*TrackUID{},
		objects: map[string]*Object{}, contents: map[string]*Content{}, progs: map[string]*Programme{}}
	if err := r.index(); err != nil {
		return err
	}
	if chna != nil {
		if err := r.applyChna(chna); err != nil {
			return err
		}
	}
	if err := r.link(); err != nil {
		return err
	}
	if err := r.cycles(); err != nil {
		return err
	}
	return nil
}

type resolver struct {
	d        *Document
	packs    map[string]*PackFormat
	channels map[string]*ChannelFormat
	streams  map[string]*StreamFormat
	tracks   map[string]*TrackFormat
	uids     map[string]*TrackUID
	objects  map[string]*Object
	contents map[string]*Content
	progs    map[string]*Programme
}

func dup(kind, id string) error {
	return fmt.Errorf("adm: %s %s is defined twice; give each element its own ID", kind, id)
}

func (r *resolver) index() error {
	d := r.d
	for _, x := range d.Programmes {
		if r.progs[x.ID] != nil {
			return dup("audioProgramme", x.ID)
		}
		r.progs[x.ID] = x
	}
	for _, x := range d.Contents {
		if r.contents[x.ID] != nil {
			return dup("audioContent", x.ID)
		}
		r.contents[x.ID] = x
	}
	for _, x := range d.Objects {
		if r.objects[x.ID] != nil {
			return dup("audioObject", x.ID)
		}
		r.objects[x.ID] = x
	}
	for _, x := range d.PackFormats {
		if r.packs[x.ID] != nil {
			return dup("audioPackFormat", x.ID)
		}
		r.packs[x.ID] = x
	}
	for _, x := range d.ChannelFormats {
		if r.channels[x.ID] != nil {
			return dup("audioChannelFormat", x.ID)
		}
		r.channels[x.ID] = x
	}
	for _, x := range d.StreamFormats {
		if r.streams[x.ID] != nil {
			return dup("audioStreamFormat", x.ID)
		}
		r.streams[x.ID] = x
	}
	for _, x := range d.TrackFormats {
		if r.tracks[x.ID] != nil {
			return dup("audioTrackFormat", x.ID)
		}
		r.tracks[x.ID] = x
	}
	for _, x := range d.TrackUIDs {
		if r.uids[x.ID] != nil {
			return dup("audioTrackUID", x.ID)
		}
		r.uids[x.ID] = x
	}
	return nil
}

// applyChna sets each UID's track index and fills its references from
// chna, creating UIDs that the axml does not list.
func (r *resolver) applyChna(c *Chna) error {
	seenTrackUID := map[string]int{}
	for _, e := range c.Entries {
		if prev, ok := seenTrackUID[e.UID]; ok && prev != e.Track {
			return fmt.Errorf("adm: chna: audioTrackUID %s is on track %d and on track %d; a UID names one track", e.UID, prev, e.Track)
		}
		seenTrackUID[e.UID] = e.Track
		u := r.uids[e.UID]
		if u == nil {
			u = &TrackUID{ID: e.UID}
			r.uids[e.UID] = u
			r.d.TrackUIDs = append(r.d.TrackUIDs, u)
		}
		u.Track = e.Track
		ref := &u.TrackFormatRef
		if strings.HasPrefix(e.TrackRef, "AC_") {
			ref = &u.ChannelRef
		}
		switch {
		case *ref == "":
			*ref = e.TrackRef
		case *ref != e.TrackRef:
			return fmt.Errorf("adm: audioTrackUID %s: the axml refers to %s but the chna to %s; make them agree", e.UID, *ref, e.TrackRef)
		}
		switch {
		case e.PackRef == "":
		case u.PackRef == "":
			u.PackRef = e.PackRef
		case u.PackRef != e.PackRef:
			return fmt.Errorf("adm: audioTrackUID %s: the axml refers to pack %s but the chna to %s; make them agree", e.UID, u.PackRef, e.PackRef)
		}
	}
	return nil
}

func missing(kind, id, ref, refKind string) error {
	hint := "define it in the axml"
	if isCommonID(ref) {
		hint = "it is not a BS.2094 common definition either"
	}
	return fmt.Errorf("adm: %s %s: %s %q names no element; %s", kind, id, refKind, ref, hint)
}

// Lookups that fall back to (copies of) the common definitions.

func (r *resolver) pack(id string) *PackFormat {
	if p := r.packs[id]; p != nil {
		return p
	}
	c := commons().packs[id]
	if c == nil {
		return nil
	}
	p := *c
	p.ChannelRefs = append([]string(nil), c.ChannelRefs...)
	p.PackRefs = append([]string(nil), c.PackRefs...)
	p.Channels, p.Packs = nil, nil
	r.packs[id] = &p
	r.d.PackFormats = append(r.d.PackFormats, &p)
	return &p
}

func (r *resolver) channel(id string) *ChannelFormat {
	if x := r.channels[id]; x != nil {
		return x
	}
	c := commons().channels[id]
	if c == nil {
		return nil
	}
	x := *c
	x.Blocks = nil
	for _, b := range c.Blocks {
		nb := *b
		if b.DirectSpeakers != nil {
			ds := *b.DirectSpeakers
			ds.Labels = append([]string(nil), ds.Labels...)
			nb.DirectSpeakers = &ds
		}
		if b.HOA != nil {
			h := *b.HOA
			nb.HOA = &h
		}
		x.Blocks = append(x.Blocks, &nb)
	}
	r.channels[id] = &x
	r.d.ChannelFormats = append(r.d.ChannelFormats, &x)
	return &x
}

func (r *resolver) stream(id string) *StreamFormat {
	if x := r.streams[id]; x != nil {
		return x
	}
	c := commons().streams[id]
	if c == nil {
		return nil
	}
	x := *c
	x.Channel, x.Pack = nil, nil
	x.TrackFormatRefs = append([]string(nil), c.TrackFormatRefs...)
	r.streams[id] = &x
	r.d.StreamFormats = append(r.d.StreamFormats, &x)
	return &x
}

func (r *resolver) track(id string) *TrackFormat {
	if x := r.tracks[id]; x != nil {
		return x
	}
	c := commons().tracks[id]
	if c == nil {
		return nil
	}
	x := *c
	x.Stream = nil
	r.tracks[id] = &x
	r.d.TrackFormats = append(r.d.TrackFormats, &x)
	return &x
}

// link resolves every reference; common definitions pulled in on the way
// are linked too (the loops run over the growing slices).
func (r *resolver) link() error {
	d := r.d
	for _, p := range d.Programmes {
		p.Contents = p.Contents[:0]
		for _, id := range p.ContentRefs {
			c := r.contents[id]
			if c == nil {
				return missing("audioProgramme", p.ID, id, "audioContentIDRef")
			}
			p.Contents = append(p.Contents, c)
		}
	}
	for _, c := range d.Contents {
		c.Objects = c.Objects[:0]
		for _, id := range c.ObjectRefs {
			o := r.objects[id]
			if o == nil {
				return missing("audioContent", c.ID, id, "audioObjectIDRef")
			}
			c.Objects = append(c.Objects, o)
		}
	}
	for _, o := range d.Objects {
		o.Objects, o.Packs, o.TrackUIDs, o.Complementary = nil, nil, nil, nil
		for _, id := range o.ObjectRefs {
			x := r.objects[id]
			if x == nil {
				return missing("audioObject", o.ID, id, "audioObjectIDRef")
			}
			o.Objects = append(o.Objects, x)
		}
		for _, id := range o.ComplementaryRefs {
			x := r.objects[id]
			if x == nil {
				return missing("audioObject", o.ID, id, "audioComplementaryObjectIDRef")
			}
			o.Complementary = append(o.Complementary, x)
		}
		for _, id := range o.PackRefs {
			x := r.pack(id)
			if x == nil {
				return missing("audioObject", o.ID, id, "audioPackFormatIDRef")
			}
			o.Packs = append(o.Packs, x)
		}
		for _, id := range o.TrackUIDRefs {
			if id == "ATU_00000000" {
				o.TrackUIDs = append(o.TrackUIDs, nil) // a silent track
				continue
			}
			x := r.uids[id]
			if x == nil {
				return missing("audioObject", o.ID, id, "audioTrackUIDRef")
			}
			o.TrackUIDs = append(o.TrackUIDs, x)
		}
	}
	for _, u := range d.TrackUIDs {
		if u.TrackFormatRef != "" {
			if u.TrackFormat = r.track(u.TrackFormatRef); u.TrackFormat == nil {
				return missing("audioTrackUID", u.ID, u.TrackFormatRef, "audioTrackFormatIDRef")
			}
		}
		if u.ChannelRef != "" {
			if u.Channel = r.channel(u.ChannelRef); u.Channel == nil {
				return missing("audioTrackUID", u.ID, u.ChannelRef, "audioChannelFormatIDRef")
			}
		}
		if u.PackRef != "" {
			if u.Pack = r.pack(u.PackRef); u.Pack == nil {
				return missing("audioTrackUID", u.ID, u.PackRef, "audioPackFormatIDRef")
			}
		}
	}
	for i := 0; i < len(d.TrackFormats); i++ {
		t := d.TrackFormats[i]
		if t.StreamRef == "" {
			continue
		}
		if t.Stream = r.stream(t.StreamRef); t.Stream == nil {
			return missing("audioTrackFormat", t.ID, t.StreamRef, "audioStreamFormatIDRef")
		}
	}
	for i := 0; i < len(d.StreamFormats); i++ {
		s := d.StreamFormats[i]
		if s.ChannelRef != "" {
			if s.Channel = r.channel(s.ChannelRef); s.Channel == nil {
				return missing("audioStreamFormat", s.ID, s.ChannelRef, "audioChannelFormatIDRef")
			}
		}
		if s.PackRef != "" {
			if s.Pack = r.pack(s.PackRef); s.Pack == nil {
				return missing("audioStreamFormat", s.ID, s.PackRef, "audioPackFormatIDRef")
			}
		}
	}
	for i := 0; i < len(d.PackFormats); i++ {
		p := d.PackFormats[i]
		p.Channels, p.Packs = nil, nil
		for _, id := range p.ChannelRefs {
			c := r.channel(id)
			if c == nil {
				return missing("audioPackFormat", p.ID, id, "audioChannelFormatIDRef")
			}
			p.Channels = append(p.Channels, c)
		}
		for _, id := range p.PackRefs {
			x := r.pack(id)
			if x == nil {
				return missing("audioPackFormat", p.ID, id, "audioPackFormatIDRef")
			}
			p.Packs = append(p.Packs, x)
		}
	}
	// Sort added common elements after the document's own, by ID, so the
	// model does not depend on the order references were met.
	sort.SliceStable(d.PackFormats, func(a, b int) bool { return !d.PackFormats[a].Common && d.PackFormats[b].Common })
	return nil
}

// cycles finds cycles among nested objects and nested packs.
func (r *resolver) cycles() error {
	const (
		white = iota
		grey
		black
	)
	state := map[any]int{}
	var path []string
	var visitObj func(o *Object) error
	visitObj = func(o *Object) error {
		switch state[o] {
		case grey:
			return fmt.Errorf("adm: audioObject %s: nested audioObjects form a cycle (%s -> %s); an object must not contain itself", o.ID, strings.Join(path, " -> "), o.ID)
		case black:
			return nil
		}
		state[o] = grey
		path = append(path, o.ID)
		for _, c := range o.Objects {
			if err := visitObj(c); err != nil {
				return err
			}
		}
		path = path[:len(path)-1]
		state[o] = black
		return nil
	}
	for _, o := range r.d.Objects {
		if err := visitObj(o); err != nil {
			return err
		}
	}
	var visitPack func(p *PackFormat) error
	visitPack = func(p *PackFormat) error {
		switch state[p] {
		case grey:
			return fmt.Errorf("adm: audioPackFormat %s: nested audioPackFormats form a cycle (%s -> %s); a pack must not contain itself", p.ID, strings.Join(path, " -> "), p.ID)
		case black:
			return nil
		}
		state[p] = grey
		path = append(path, p.ID)
		for _, c := range p.Packs {
			if err := visitPack(c); err != nil {
				return err
			}
		}
		path = path[:len(path)-1]
		state[p] = black
		return nil
	}
	for _, p := range r.d.PackFormats {
		if err := visitPack(p); err != nil {
			return err
		}
	}
	return nil
}
