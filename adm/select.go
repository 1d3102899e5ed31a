package adm

import (
	"fmt"
	"sort"
	"strings"

	"immerse/gaincalc"
)

// SelectOptions choose what to render, like the reference renderer's
// --programme and --comp-object options.
type SelectOptions struct {
	// Programme is the audioProgramme ID to render; "" picks the one with
	// the lowest ID.
	Programme string
	// ComplementaryObjects are audioObject IDs chosen from complementary
	// groups; every other object of those groups is dropped. Groups without
	// a choice play their first (root) object.
	ComplementaryObjects []string
}

// TimedBlock is a block with absolute times on the programme timeline.
type TimedBlock struct {
	*BlockFormat
	// Start and End in seconds from the start of the file; Open marks a
	// block with no end (End is then meaningless).
	Start, End Time
	Open       bool
}

// Item is one thing to render: an Objects or DirectSpeakers channel on one
// track, or an HOA pack on several.
type Item struct {
	Type TypeDefinition
	// Tracks are the 1-based file tracks (one for Objects and
	// DirectSpeakers; one per HOA channel, 0 for a silent one).
	Tracks []int
	// TrackUIDs are the UIDs of the tracks.
	TrackUIDs []string
	// Channels are the channel formats (one per track).
	Channels []*ChannelFormat
	// Pack is the pack holding the channels (innermost).
	Pack *PackFormat
	// Objects is the path of audioObjects from the content down to the
	// one holding the track (empty for files without objects).
	Objects []*Object
	// Gain and Mute are those of the innermost audioObject of the path (the
	// one that references the tracks), as the reference renderer (EAR)
	// applies them: the gains of enclosing objects are not multiplied in.
	Gain float64
	Mute bool
	// PositionOffset is the innermost object's positionOffset.
	PositionOffset *gaincalc.PositionOffset
	// ReferenceScreen is the programme's (nil: default screen).
	ReferenceScreen *gaincalc.Screen
	// Blocks are the channel's blocks with absolute times (Objects and
	// DirectSpeakers items; the first channel's for HOA).
	Blocks []TimedBlock
	// Label is the BS.2051 label of a DirectSpeakers item ("M+030",
	// "LFE1"), from its first speakerLabel; LFE is true when the label or a
	// low-pass frequency of at most 200 Hz says it is an LFE channel.
	Label string
	LFE   bool
	// Orders, Degrees and Normalization describe an HOA item's channels.
	Orders, Degrees []int
	Normalization   string
}

// ExtraData returns what the gain calculation needs besides the block.
func (it *Item) ExtraData(version int) gaincalc.ExtraData {
	x := gaincalc.NewExtraData()
	x.ReferenceScreen = it.ReferenceScreen
	x.ObjectGain = it.Gain
	x.ObjectMute = it.Mute
	x.PositionOffset = it.PositionOffset
	x.DocumentVersion = version
	return x
}

// Items selects the programme (and complementary objects) and lists what
// to render. The document must be resolved.
func (d *Document) Items(opt SelectOptions) ([]Item, error) {
	s := &selector{d: d, opt: opt}
	return s.run()
}

type selector struct {
	d      *Document
	opt    SelectOptions
	items  []Item
	prog   *Programme
	visits int
}

// maxVisits bounds the walk through nested objects: objects shared by
// many parents could otherwise make it exponential.
const maxVisits = 1 << 16

func (s *selector) run() ([]Item, error) {
	d := s.d
	var roots []*Object
	switch {
	case len(d.Programmes) > 0:
		progs := append([]*Programme(nil), d.Programmes...)
		sort.Slice(progs, func(a, b int) bool { return progs[a].ID < progs[b].ID })
		s.prog = progs[0]
		if s.opt.Programme != "" {
			s.prog = nil
			for _, p := range progs {
				if p.ID == s.opt.Programme {
					s.prog = p
				}
			}
			if s.prog == nil {
				var ids []string
				for _, p := range progs {
					ids = append(ids, p.ID)
				}
				return nil, fmt.Errorf("adm: no audioProgramme %s; the file has %s", s.opt.Programme, strings.Join(ids, ", "))
			}
		}
		for _, c := range s.prog.Contents {
			roots = append(roots, c.Objects...)
		}
	case s.opt.Programme != "":
		return nil, fmt.Errorf("adm: no audioProgramme %s; the file has none", s.opt.Programme)
	case len(d.Contents) > 0:
		for _, c := range d.Contents {
			roots = append(roots, c.Objects...)
		}
	case len(d.Objects) > 0:
		// Objects not nested in others are the roots.
		nested := map[*Object]bool{}
		for _, o := range d.Objects {
			for _, c := range o.Objects {
				nested[c] = true
			}
		}
		for _, o := range d.Objects {
			if !nested[o] {
				roots = append(roots, o)
			}
		}
	default:
		return s.chnaOnly()
	}
	drop, subst, err := s.complementary()
	if err != nil {
		return nil, err
	}
	for _, o := range roots {
		if p, ok := subst[o]; ok {
			o = p
		}
		if err := s.object(o, nil, drop); err != nil {
			return nil, err
		}
	}
	return s.items, nil
}

// complementary returns the objects to leave out: in each complementary
// group (an object and those it lists as complementary), all but the
// chosen one (default: the object that lists the group); and, for groups
// where another member was chosen, the member that replaces the root.
func (s *selector) complementary() (map[*Object]bool, map[*Object]*Object, error) {
	chosen := map[string]bool{}
	for _, id := range s.opt.ComplementaryObjects {
		chosen[id] = true
	}
	drop := map[*Object]bool{}
	subst := map[*Object]*Object{}
	used := map[string]bool{}
	for _, root := range s.d.Objects {
		if len(root.Complementary) == 0 {
			continue
		}
		group := append([]*Object{root}, root.Complementary...)
		pick := root
		n := 0
		for _, o := range group {
			if chosen[o.ID] {
				pick = o
				used[o.ID] = true
				n++
			}
		}
		if n > 1 {
			return nil, nil, fmt.Errorf("adm: audioObject %s: more than one object of its complementary group was chosen; choose one", root.ID)
		}
		for _, o := range group {
			if o != pick {
				drop[o] = true
			}
		}
		if pick != root {
			subst[root] = pick
		}
	}
	for id := range chosen {
		if !used[id] {
			return nil, nil, fmt.Errorf("adm: --comp-object %s is not in any complementary object group", id)
		}
	}
	return drop, subst, nil
}

// object walks an object and its nested objects.
func (s *selector) object(o *Object, path []*Object, drop map[*Object]bool) error {
	if drop[o] {
		return nil
	}
	if s.visits++; s.visits > maxVisits {
		return fmt.Errorf("adm: audioObject %s: the nested objects are reached more than %d times; an object shared by many parents makes the hierarchy too large", o.ID, maxVisits)
	}
	path = append(append([]*Object(nil), path...), o)
	for _, c := range o.Objects {
		if err := s.object(c, path, drop); err != nil {
			return err
		}
	}
	if len(o.TrackUIDs) == 0 {
		return nil
	}
	gain, mute := o.Gain, o.Mute
	// Group the object's tracks by pack: HOA packs become one item.
	hoa := map[*PackFormat]int{}
	for _, u := range o.TrackUIDs {
		if u == nil {
			continue
		}
		ch := u.ChannelOf()
		if ch == nil {
			return fmt.Errorf("adm: audioObject %s: audioTrackUID %s leads to no audioChannelFormat (no track format, stream or channel reference)", o.ID, u.ID)
		}
		pack := u.Pack
		if pack == nil && ch.Type == HOA {
			// The channels of an HOA pack render together: group them
			// by the object's pack that holds them, not by the nested
			// pack of each order (BS.2094 nests order N-1 in order N).
			pack = rootPackHolding(o.Packs, ch)
		}
		if pack == nil {
			pack = packHolding(o.Packs, ch, map[*PackFormat]bool{})
		}
		if pack == nil {
			return fmt.Errorf("adm: audioObject %s: audioTrackUID %s carries %s, which none of the object's packs contains", o.ID, u.ID, ch.ID)
		}
		it := Item{Type: ch.Type, Pack: pack, Objects: path, Gain: gain, Mute: mute,
			PositionOffset: o.PositionOffset}
		if s.prog != nil {
			it.ReferenceScreen = s.prog.ReferenceScreen
		}
		if ch.Type == HOA {
			if h, ok := hoa[pack]; ok {
				if err := addHOA(&s.items[h], u, ch); err != nil {
					return fmt.Errorf("adm: audioObject %s: %w", o.ID, err)
				}
				continue
			}
		}
		blocks, err := timedBlocks(o, ch)
		if err != nil {
			return err
		}
		it.Blocks = blocks
		switch ch.Type {
		case Objects:
		case DirectSpeakers:
			it.Label, it.LFE = speakerInfo(ch)
		case HOA:
			it.Normalization = ch.Blocks[0].HOA.Normalization
			if err := addHOA(&it, u, ch); err != nil {
				return fmt.Errorf("adm: audioObject %s: %w", o.ID, err)
			}
			s.items = append(s.items, it)
			hoa[pack] = len(s.items) - 1
			continue
		default:
			return fmt.Errorf("adm: audioObject %s: track %d (%s) has typeDefinition %s, which is not rendered; Objects, DirectSpeakers and HOA are", o.ID, u.Track, u.ID, ch.Type)
		}
		it.Tracks, it.TrackUIDs, it.Channels = []int{u.Track}, []string{u.ID}, []*ChannelFormat{ch}
		s.items = append(s.items, it)
	}
	return nil
}

// addHOA appends an HOA channel to an HOA item.
func addHOA(it *Item, u *TrackUID, ch *ChannelFormat) error {
	if len(ch.Blocks) != 1 || ch.Blocks[0].HOA == nil {
		return fmt.Errorf("HOA channel %s must have exactly one HOA block", ch.ID)
	}
	h := ch.Blocks[0].HOA
	if h.Normalization != it.Normalization {
		return fmt.Errorf("HOA channel %s is %s but its pack mixes in %s", ch.ID, h.Normalization, it.Normalization)
	}
	it.Tracks = append(it.Tracks, u.Track)
	it.TrackUIDs = append(it.TrackUIDs, u.ID)
	it.Channels = append(it.Channels, ch)
	it.Orders = append(it.Orders, h.Order)
	it.Degrees = append(it.Degrees, h.Degree)
	return nil
}

// packHolding finds, among packs and their nested packs, the innermost
// one listing ch (each pack is searched once).
func packHolding(packs []*PackFormat, ch *ChannelFormat, seen map[*PackFormat]bool) *PackFormat {
	for _, p := range packs {
		if seen[p] {
			continue
		}
		seen[p] = true
		if q := packHolding(p.Packs, ch, seen); q != nil {
			return q
		}
		for _, c := range p.Channels {
			if c == ch {
				return p
			}
		}
	}
	return nil
}

// rootPackHolding returns the first of packs that holds ch, directly or
// in a nested pack.
func rootPackHolding(packs []*PackFormat, ch *ChannelFormat) *PackFormat {
	for _, p := range packs {
		if packHolding([]*PackFormat{p}, ch, map[*PackFormat]bool{}) != nil {
			return p
		}
	}
	return nil
}

// speakerInfo gives the BS.2051 label and LFE flag of a DirectSpeakers
// channel.
func speakerInfo(ch *ChannelFormat) (string, bool) {
	label := ""
	if b := ch.Blocks[0].DirectSpeakers; b != nil && len(b.Labels) > 0 {
		label = SpeakerLabel(b.Labels[0])
	}
	lfe := strings.HasPrefix(label, "LFE") || ch.LowPass > 0 && ch.LowPass <= 200 && ch.HighPass == 0
	return label, lfe
}

// timedBlocks places a channel's blocks on the timeline of object o
// (nil: the file), checking that they neither overlap nor outlast it.
func timedBlocks(o *Object, ch *ChannelFormat) ([]TimedBlock, error) {
	start := Time{0, 1}
	var end *Time
	if o != nil && o.Start != nil {
		start = *o.Start
	}
	if o != nil && o.Duration != nil {
		e := start.Add(*o.Duration)
		end = &e
	}
	out := make([]TimedBlock, 0, len(ch.Blocks))
	for i, b := range ch.Blocks {
		tb := TimedBlock{BlockFormat: b}
		if b.RTime != nil {
			tb.Start = start.Add(*b.RTime)
			tb.End = tb.Start.Add(*b.Duration)
			if end != nil && tb.End.Cmp(*end) > 0 {
				return nil, fmt.Errorf("adm: audioChannelFormat %s: audioBlockFormat %s ends at %s, after its audioObject (ends %s)", ch.ID, b.ID, tb.End, *end)
			}
		} else {
			if len(ch.Blocks) > 1 {
				return nil, fmt.Errorf("adm: audioChannelFormat %s: audioBlockFormat %s has no rtime/duration but the channel has %d blocks; give every block rtime and duration", ch.ID, b.ID, len(ch.Blocks))
			}
			tb.Start = start
			if end != nil {
				tb.End = *end
			} else {
				tb.Open = true
			}
		}
		if i > 0 && tb.Start.Cmp(out[i-1].End) < 0 {
			return nil, fmt.Errorf("adm: audioChannelFormat %s: audioBlockFormat %s starts at %s, before the previous block ends (%s)", ch.ID, b.ID, tb.Start, out[i-1].End)
		}
		out = append(out, tb)
	}
	return out, nil
}

// chnaOnly lists the items of a file with a chna but no objects: each
// track's pack from the chna, its channel through the track format.
func (s *selector) chnaOnly() ([]Item, error) {
	uids := append([]*TrackUID(nil), s.d.TrackUIDs...)
	sort.SliceStable(uids, func(a, b int) bool { return uids[a].Track < uids[b].Track })
	hoa := map[*PackFormat]int{}
	for _, u := range uids {
		ch := u.ChannelOf()
		if ch == nil {
			return nil, fmt.Errorf("adm: audioTrackUID %s (track %d) leads to no audioChannelFormat", u.ID, u.Track)
		}
		if u.Pack == nil {
			return nil, fmt.Errorf("adm: audioTrackUID %s (track %d) has no audioPackFormat; without audioObjects every track needs one in the chna", u.ID, u.Track)
		}
		if ch.Type == HOA {
			if h, ok := hoa[u.Pack]; ok {
				if err := addHOA(&s.items[h], u, ch); err != nil {
					return nil, fmt.Errorf("adm: %w", err)
				}
				continue
			}
		}
		blocks, err := timedBlocks(nil, ch)
		if err != nil {
			return nil, err
		}
		it := Item{Type: ch.Type, Pack: u.Pack, Gain: 1, Blocks: blocks}
		switch ch.Type {
		case DirectSpeakers:
			it.Label, it.LFE = speakerInfo(ch)
		case HOA:
			it.Normalization = ch.Blocks[0].HOA.Normalization
			if err := addHOA(&it, u, ch); err != nil {
				return nil, fmt.Errorf("adm: %w", err)
			}
			s.items = append(s.items, it)
			hoa[u.Pack] = len(s.items) - 1
			continue
		case Objects:
		default:
			return nil, fmt.Errorf("adm: track %d (%s) has typeDefinition %s, which is not rendered", u.Track, u.ID, ch.Type)
		}
		it.Tracks, it.TrackUIDs, it.Channels = []int{u.Track}, []string{u.ID}, []*ChannelFormat{ch}
		s.items = append(s.items, it)
	}
	return s.items, nil
}
