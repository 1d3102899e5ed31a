package adm

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/gaincalc"
	"immerse/geom"
	"immerse/objects"
	"immerse/speakers"
)

// ExportTrack says what audio goes on one track of an exported file.
type ExportTrack struct {
	// Object is the index of the scene object whose stem goes here, or -1.
	Object int
	// Bed is the index of the scene bed, or -1; Channel is then the
	// channel of the bed's stem (in the stem file's order).
	Bed, Channel int
}

// Export is an ADM rendition of a scene: the document, its chna, and the
// order of the file's tracks. The caller streams the audio: each track
// carries its stem placed at its Start on the scene timeline (silence
// elsewhere), at the object's or bed's gain 0 dB (the gains are in the
// metadata).
type Export struct {
	Doc        *Document
	Chna       *Chna
	Tracks     []ExportTrack
	SampleRate int
	Frames     int64
}

// FromScene builds the ADM description of a validated scene rendered as a
// file of frames samples at rate Hz. Objects become Objects (one
// audioObject, pack and channel each; one audioBlockFormat per keyframe
// segment, positions polar, jumps as jumpPosition blocks, the keyframes'
// width, height, depth, diffuse, objectDivergence with its azimuthRange,
// channelLock and zoneExclusion in the blocks). Beds become
// DirectSpeakers objects referring to the BS.2094 common pack of their
// layout (or to packs and channels written out for layouts BS.2094 lacks).
func FromScene(s *objects.Scene, rate int, frames int64) (*Export, error) {
	if rate <= 0 || frames <= 0 {
		return nil, fmt.Errorf("adm: export of %s: need a positive sample rate and length, got %d Hz and %d frames", s.Name(), rate, frames)
	}
	e := &Export{Doc: &Document{Version: 2}, Chna: &Chna{}, SampleRate: rate, Frames: frames}
	d := e.Doc
	end := SampleTime(frames, rate)
	content := &Content{ID: "ACO_1001", Name: "immerse scene"}
	d.Programmes = []*Programme{{ID: "APR_1001", Name: "immerse scene", ContentRefs: []string{content.ID}}}
	d.Contents = []*Content{content}
	nextUID := 1
	addTrack := func(o *Object, trackRef, packRef string, t ExportTrack) {
		uid := fmt.Sprintf("ATU_%08x", nextUID)
		nextUID++
		d.TrackUIDs = append(d.TrackUIDs, &TrackUID{ID: uid, SampleRate: rate, BitDepth: 24, TrackFormatRef: trackRef, PackRef: packRef})
		o.TrackUIDRefs = append(o.TrackUIDRefs, uid)
		e.Tracks = append(e.Tracks, t)
		e.Chna.Entries = append(e.Chna.Entries, ChnaEntry{Track: len(e.Tracks), UID: uid, TrackRef: trackRef, PackRef: packRef})
	}
	nextObj := 0x1001
	newObject := func(name string, gainDB float64) *Object {
		o := &Object{ID: fmt.Sprintf("AO_%04x", nextObj), Name: name, Gain: dsp.DBToGain(gainDB),
			Start: &Time{0, 1}, Duration: &end}
		nextObj++
		d.Objects = append(d.Objects, o)
		content.ObjectRefs = append(content.ObjectRefs, o.ID)
		return o
	}
	for i := range s.Objects {
		so := &s.Objects[i]
		idx := 0x1001 + i
		if idx > 0xFFFF {
			return nil, fmt.Errorf("adm: export of %s: more than %d objects", s.Name(), 0xFFFF-0x1000)
		}
		o := newObject(so.Name, so.Gain)
		ch := &ChannelFormat{ID: hexID("AC", 3, idx), Name: so.Name, Type: Objects}
		blocks, err := objectBlocks(so, rate, frames, idx)
		if err != nil {
			return nil, fmt.Errorf("adm: export of %s: object %q: %w", s.Name(), so.Name, err)
		}
		ch.Blocks = blocks
		pk := &PackFormat{ID: hexID("AP", 3, idx), Name: so.Name, Type: Objects, ChannelRefs: []string{ch.ID}}
		st := &StreamFormat{ID: hexID("AS", 3, idx), Name: "PCM_" + so.Name, FormatDefinition: "PCM", ChannelRef: ch.ID}
		tf := &TrackFormat{ID: hexID("AT", 3, idx) + "_01", Name: "PCM_" + so.Name, FormatDefinition: "PCM", StreamRef: st.ID}
		st.TrackFormatRefs = []string{tf.ID}
		d.PackFormats = append(d.PackFormats, pk)
		d.ChannelFormats = append(d.ChannelFormats, ch)
		d.StreamFormats = append(d.StreamFormats, st)
		d.TrackFormats = append(d.TrackFormats, tf)
		o.PackRefs = []string{pk.ID}
		addTrack(o, tf.ID, pk.ID, ExportTrack{Object: i, Bed: -1})
	}
	customIdx := 0x1001
	for bi := range s.Beds {
		b := &s.Beds[bi]
		l, err := s.BedLayout(b)
		if err != nil {
			return nil, fmt.Errorf("adm: export of %s: bed %q: %w", s.Name(), b.Name, err)
		}
		o := newObject(b.Name, b.Gain)
		if b.Start != 0 {
			return nil, fmt.Errorf("adm: export of %s: bed %q starts at %g s; beds must start at 0 in an export (place the stem with silence in front)", s.Name(), b.Name, b.Start)
		}
		pack, chans, err := bedPack(d, l, &customIdx)
		if err != nil {
			return nil, fmt.Errorf("adm: export of %s: bed %q: %w", s.Name(), b.Name, err)
		}
		o.PackRefs = []string{pack}
		for fileCh, k := range l.WAVOrder() {
			addTrack(o, chans[k], pack, ExportTrack{Object: -1, Bed: bi, Channel: fileCh})
		}
	}
	e.Chna.Tracks = len(e.Tracks)
	return e, nil
}

// bedPack returns the pack for a bed layout and, per layout channel, the
// track format ID of its channel: the BS.2094 common definitions where
// they exist, else DirectSpeakers elements added to d.
func bedPack(d *Document, l *speakers.Layout, next *int) (string, []string, error) {
	tracks := make([]string, len(l.Channels))
	if id := CommonPackForLayout(l.Name); id != "" && !l.Custom {
		pk := CommonPack(id)
		for i, c := range l.Channels {
			for _, ch := range pk.Channels {
				if SpeakerLabel(ch.Blocks[0].DirectSpeakers.Labels[0]) == c.Label {
					tracks[i] = "AT_" + ch.ID[3:] + "_01"
				}
			}
			if tracks[i] == "" {
				return "", nil, fmt.Errorf("common pack %s has no channel %s", id, c.Label)
			}
		}
		return id, tracks, nil
	}
	pk := &PackFormat{ID: hexID("AP", 1, *next), Name: l.Name, Type: DirectSpeakers}
	*next++
	for i, c := range l.Channels {
		idx := *next
		*next++
		ch := &ChannelFormat{ID: hexID("AC", 1, idx), Name: c.Label, Type: DirectSpeakers}
		sb := &SpeakersBlock{Labels: []string{c.Label}, Gain: 1,
			Azimuth: Bound{Value: c.Azimuth}, Elevation: Bound{Value: c.Elevation}, Distance: Bound{Value: 1}}
		if c.LFE {
			ch.LowPass = 120
		}
		ch.Blocks = []*BlockFormat{{ID: fmt.Sprintf("AB_0001%04x_00000001", idx), Importance: 10, DirectSpeakers: sb}}
		st := &StreamFormat{ID: hexID("AS", 1, idx), Name: "PCM_" + c.Label, FormatDefinition: "PCM", ChannelRef: ch.ID}
		tf := &TrackFormat{ID: hexID("AT", 1, idx) + "_01", Name: "PCM_" + c.Label, FormatDefinition: "PCM", StreamRef: st.ID}
		st.TrackFormatRefs = []string{tf.ID}
		pk.ChannelRefs = append(pk.ChannelRefs, ch.ID)
		d.ChannelFormats = append(d.ChannelFormats, ch)
		d.StreamFormats = append(d.StreamFormats, st)
		d.TrackFormats = append(d.TrackFormats, tf)
		tracks[i] = tf.ID
	}
	d.PackFormats = append(d.PackFormats, pk)
	return pk.ID, tracks, nil
}

// keyPolar returns a keyframe's position as polar coordinates.
func keyPolar(k *objects.Keyframe) gaincalc.Position {
	if k.Cartesian() {
		p := geom.Vec{*k.X, *k.Y, *k.Z}.Polar()
		return gaincalc.Polar(p.Azimuth, p.Elevation, p.Distance)
	}
	dist := 1.0
	if k.Distance != nil {
		dist = *k.Distance
	}
	return gaincalc.Polar(*k.Azimuth, *k.Elevation, dist)
}

// objectBlocks turns keyframes into blocks: a held block up to the first
// keyframe, one block gliding to each later keyframe (a jump becomes a held
// block to the keyframe time and a one-sample block at the new position),
// and a held block from the last keyframe to the end. The BS.2076 metadata
// of a block is the scene's where the block arrives, except channel lock
// and zone exclusion, which step at keyframes: a gliding block keeps the
// ones in force during it, and a one-sample block at the keyframe brings
// the new ones.
func objectBlocks(o *objects.Object, rate int, frames int64, idx int) ([]*BlockFormat, error) {
	var blocks []*BlockFormat
	traj := o.Trajectory(rate)
	hasDiv := false
	for i := range o.Positions {
		hasDiv = hasDiv || o.Positions[i].Divergence != nil
	}
	add := func(from, to int64, k *objects.Keyframe, jump bool) {
		if to <= from {
			return
		}
		ob := &ObjectsBlock{BlockFormat: gaincalc.NewBlockFormat(keyPolar(k)), JumpPosition: jump}
		// The block's gain and metadata are the scene's where the block
		// arrives: at its end when gliding, at its start when held.
		at, in := to, to-1
		if jump {
			at, in = from, from
		}
		st := traj.At(at)
		ob.Gain = dsp.DBToGain(st.GainDB)
		setMetadata(&ob.BlockFormat, &st, traj.At(in), hasDiv)
		if jump {
			zero := 0.0
			ob.InterpolationLength = &zero
		}
		rt, du := SampleTime(from, rate), SampleTime(to-from, rate)
		blocks = append(blocks, &BlockFormat{ID: fmt.Sprintf("AB_0003%04x_%08x", idx, len(blocks)+1),
			RTime: &rt, Duration: &du, Importance: 10, Objects: ob})
	}
	// stepsChange reports whether channel lock or zones change at sample t.
	stepsChange := func(t int64) bool {
		a, b := traj.At(t-1), traj.At(t)
		return a.ChannelLock != b.ChannelLock || len(a.ZoneExclusion) != len(b.ZoneExclusion) ||
			len(a.ZoneExclusion) > 0 && &a.ZoneExclusion[0] != &b.ZoneExclusion[0]
	}
	keys := o.Positions
	if len(keys) == 0 {
		return nil, fmt.Errorf("no keyframes")
	}
	at := func(i int) int64 {
		t := objects.SampleIndex(keys[i].Time, rate)
		return min(max(t, 0), frames)
	}
	add(0, at(0), &keys[0], true)
	pos := at(0)
	for i := 1; i < len(keys); i++ {
		t := at(i)
		if keys[i].Jump {
			add(pos, t, &keys[i-1], true)
			add(t, min(t+1, frames), &keys[i], true)
			pos = min(t+1, frames)
			continue
		}
		if pos == 0 && len(blocks) == 0 && t > 0 {
			// The first block starts the object at keyframe 0: jump there.
			add(0, 1, &keys[0], true)
			pos = 1
		}
		add(pos, t, &keys[i], false)
		pos = max(pos, t)
		if pos == t && t > 0 && t < frames && stepsChange(t) {
			add(t, t+1, &keys[i], true)
			pos = t + 1
		}
	}
	add(pos, frames, &keys[len(keys)-1], true)
	if len(blocks) == 0 {
		return nil, fmt.Errorf("the object has no time inside the file")
	}
	if math.IsNaN(blocks[0].Objects.Position.Azimuth) {
		return nil, fmt.Errorf("position is not a number")
	}
	return blocks, nil
}

// setMetadata writes a scene state's BS.2076 object metadata into a
// block: extent, diffuse and divergence (written whenever the object has
// any, so that its range survives a value of 0) from st, channel lock and
// zone exclusion from steps.
func setMetadata(b *gaincalc.BlockFormat, st *objects.State, steps objects.State, hasDiv bool) {
	b.Width, b.Height, b.Depth, b.Diffuse = st.Width, st.Height, st.Depth, st.Diffuse
	if hasDiv {
		b.Divergence = &gaincalc.Divergence{Value: st.Divergence.Value, HasAzimuthRange: true, AzimuthRange: st.Divergence.AzimuthRange}
	}
	if l := steps.ChannelLock; l != nil {
		b.ChannelLock = &gaincalc.ChannelLock{}
		if l.MaxDistance != nil {
			b.ChannelLock.HasMaxDistance, b.ChannelLock.MaxDistance = true, *l.MaxDistance
		}
	}
	for _, z := range steps.ZoneExclusion {
		b.ZoneExclusion = append(b.ZoneExclusion, gaincalc.Zone{Cartesian: z.Cartesian,
			MinAzimuth: z.MinAzimuth, MaxAzimuth: z.MaxAzimuth, MinElevation: z.MinElevation, MaxElevation: z.MaxElevation,
			MinX: z.MinX, MaxX: z.MaxX, MinY: z.MinY, MaxY: z.MaxY, MinZ: z.MinZ, MaxZ: z.MaxZ})
	}
}

// Chunks returns the chna and axml chunks for the file.
func (e *Export) Chunks() ([]encoders.Chunk, error) {
	chna, err := e.Chna.Bytes()
	if err != nil {
		return nil, err
	}
	return []encoders.Chunk{{ID: "chna", Data: chna}, {ID: "axml", Data: e.Doc.MarshalAXML()}}, nil
}

// Create opens a BW64 file for the export: len(e.Tracks) channels at
// e.SampleRate, 24-bit PCM unless f says otherwise (f.Channels and
// f.SampleRate are set here), with the chna and axml chunks. The caller
// writes the tracks in e.Tracks order and closes the writer.
func (e *Export) Create(path string, f encoders.Format, opt encoders.WriteOptions) (*encoders.Writer, error) {
	chunks, err := e.Chunks()
	if err != nil {
		return nil, err
	}
	f.Channels, f.SampleRate, f.ChannelMask = len(e.Tracks), e.SampleRate, 0
	if f.BitDepth == 0 {
		f.BitDepth = 24
	}
	opt.Chunks = append(opt.Chunks, chunks...)
	opt.BW64 = true
	return encoders.Create(path, f, opt)
}
