package adm

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"immerse/dsp"
	"immerse/gaincalc"
	"immerse/objects"
	"immerse/speakers"
)

// SceneStem says how to make one stem of a scene converted from ADM: which
// file tracks (1-based) go on its channels, and the frames of each that
// the ADM renders (the rest is silenced).
type SceneStem struct {
	File   string
	Tracks []int
	// Active[i] lists [start, end) frame ranges of channel i.
	Active [][][2]int64
}

// SceneOf converts the selected items of d into an immerse scene at rate
// Hz for a file of frames frames, where the metadata fits the scene
// format: Objects channels become objects (one keyframe per block target,
// with the blocks' extent, diffuse, divergence, channel lock and zone
// exclusion; see Keyframes), DirectSpeakers channels of a BS.2094 pack of
// a known layout become a bed, other DirectSpeakers channels objects at
// their position. What the scene format cannot hold is dropped, with a
// warning: HOA, and the Objects metadata it lacks (screen reference and
// edge lock, the allocentric renderer of cartesian=1 with its extent and
// positionRange, importance); values outside the scene's ranges are
// clamped, with a warning. stemName names the stem file of an object or
// bed.
func (d *Document) SceneOf(items []Item, rate int, frames int64, stemName func(i int, name string) string) (*objects.Scene, []SceneStem, []string) {
	s := &objects.Scene{SampleRate: rate}
	var stems []SceneStem
	var warn []string
	names := map[string]int{}
	unique := func(name string) string {
		if name == "" {
			name = "object"
		}
		names[name]++
		if names[name] > 1 {
			return fmt.Sprintf("%s %d", name, names[name])
		}
		return name
	}
	active := func(blocks []TimedBlock) [][2]int64 {
		var out [][2]int64
		for _, b := range blocks {
			a, z := b.Start.Samples(rate), frames
			if !b.Open {
				z = min(b.End.Samples(rate), frames)
			}
			if a < z {
				out = append(out, [2]int64{a, z})
			}
		}
		return out
	}
	addStem := func(name string, tracks []int, act [][][2]int64) string {
		file := stemName(len(stems), name)
		stems = append(stems, SceneStem{File: file, Tracks: tracks, Active: act})
		return file
	}
	beds := map[string][]int{} // object+pack -> indices of DirectSpeakers items
	var bedKeys []string
	for i := range items {
		it := &items[i]
		where := itemName(it)
		if it.Mute || it.Gain == 0 {
			warn = append(warn, fmt.Sprintf("%s is muted; left out of the scene", where))
			continue
		}
		if it.Tracks[0] == 0 && it.Type != HOA {
			warn = append(warn, fmt.Sprintf("%s is on no track of the chna; left out", where))
			continue
		}
		switch it.Type {
		case Objects:
			keys, dropped, fitted := Keyframes(it.Blocks, rate, it.PositionOffset, d.Version)
			if len(keys) == 0 {
				warn = append(warn, fmt.Sprintf("%s has no blocks; left out", where))
				continue
			}
			if len(dropped) > 0 {
				warn = append(warn, fmt.Sprintf("%s: the scene format has no %s; dropped", where, strings.Join(dropped, ", ")))
			}
			if len(fitted) > 0 {
				warn = append(warn, fmt.Sprintf("%s: fitted to the scene format: %s", where, strings.Join(fitted, "; ")))
			}
			name := unique(objectName(it))
			o := objects.Object{Name: name, Gain: clampDB(dsp.GainToDB(it.Gain)), Positions: keys}
			o.File = addStem(name, it.Tracks, [][][2]int64{active(it.Blocks)})
			s.Objects = append(s.Objects, o)
		case DirectSpeakers:
			key := it.Pack.ID
			if n := len(it.Objects); n > 0 {
				key = it.Objects[n-1].ID + "/" + key
			}
			if _, ok := beds[key]; !ok {
				bedKeys = append(bedKeys, key)
			}
			beds[key] = append(beds[key], i)
		default:
			warn = append(warn, fmt.Sprintf("%s: the scene format has no %s content; left out (render the master itself to keep it)", where, it.Type))
		}
	}
	for _, key := range bedKeys {
		group := beds[key]
		first := &items[group[0]]
		l := bedLayout(items, group)
		if l == nil {
			for _, i := range group {
				it := &items[i]
				name := unique(objectName(it) + " " + it.Label)
				o := objects.Object{Name: name, Gain: clampDB(dsp.GainToDB(it.Gain)),
					Positions: []objects.Keyframe{speakerKeyframe(it.Blocks[0])}}
				o.File = addStem(name, it.Tracks, [][][2]int64{active(it.Blocks)})
				s.Objects = append(s.Objects, o)
			}
			warn = append(warn, fmt.Sprintf("%s: DirectSpeakers pack %s is no layout the scene format knows; its %d channels became objects at their positions", itemName(first), first.Pack.ID, len(group)))
			continue
		}
		var tracks []int
		var act [][][2]int64
		for _, k := range l.WAVOrder() {
			for _, i := range group {
				if items[i].Label == l.Channels[k].Label {
					tracks = append(tracks, items[i].Tracks[0])
					act = append(act, active(items[i].Blocks))
				}
			}
		}
		for _, i := range group {
			for _, b := range items[i].Blocks {
				if sb := b.DirectSpeakers; sb != nil && sb.Gain != 1 {
					warn = append(warn, fmt.Sprintf("%s: DirectSpeakers block %s has gain %g; the scene's beds have no per-channel gain, dropped", itemName(&items[i]), b.ID, sb.Gain))
				}
			}
		}
		name := unique(objectName(first))
		bd := objects.Bed{Name: name, Layout: l.Name, Gain: clampDB(dsp.GainToDB(first.Gain))}
		bd.File = addStem(name, tracks, act)
		s.Beds = append(s.Beds, bd)
	}
	return s, stems, warn
}

// bedLayout returns the layout of a group of DirectSpeakers items that
// together are exactly one BS.2094 pack of a layout the scene knows, else
// nil.
func bedLayout(items []Item, group []int) *speakers.Layout {
	pack := items[group[0]].Pack
	name := ""
	for l, id := range commons().layout {
		if id == pack.ID && pack.Common {
			name = l
		}
	}
	if name == "" {
		return nil
	}
	l, err := speakers.Get(name)
	if err != nil || len(l.Channels) != len(group) {
		return nil
	}
	seen := map[string]bool{}
	for _, i := range group {
		it := &items[i]
		if l.Index(it.Label) < 0 || seen[it.Label] || it.Gain != items[group[0]].Gain {
			return nil
		}
		seen[it.Label] = true
	}
	return l
}

func itemName(it *Item) string {
	if n := len(it.Objects); n > 0 {
		return fmt.Sprintf("audioObject %s (%s) channel %s", it.Objects[n-1].ID, it.Objects[n-1].Name, it.Channels[0].ID)
	}
	return fmt.Sprintf("track %d channel %s", it.Tracks[0], it.Channels[0].ID)
}

func objectName(it *Item) string {
	if n := len(it.Objects); n > 0 {
		if o := it.Objects[n-1]; o.Name != "" {
			return o.Name
		}
		return it.Objects[n-1].ID
	}
	return it.Channels[0].Name
}

// clampDB keeps a gain within the scene format's range.
func clampDB(db float64) float64 { return math.Max(objects.MinGainDB, math.Min(objects.MaxGainDB, db)) }

// speakerKeyframe is the position of a DirectSpeakers block as a keyframe
// at time 0.
func speakerKeyframe(b TimedBlock) objects.Keyframe {
	sb := b.DirectSpeakers
	if sb.Cartesian {
		return objects.Keyframe{X: objects.F(sb.X.Value), Y: objects.F(sb.Y.Value), Z: objects.F(sb.Z.Value)}
	}
	k := objects.Keyframe{Azimuth: objects.F(sb.Azimuth.Value), Elevation: objects.F(sb.Elevation.Value)}
	if sb.Distance.Value != 1 {
		k.Distance = objects.F(sb.Distance.Value)
	}
	return k
}

// Keyframes turns the blocks of an Objects channel into scene keyframes,
// reproducing the ADM timing (BS.2127 §7.2) where the scene format can: a
// block that jumps (the first, one after a gap, jumpPosition without
// interpolationLength) is a jump keyframe at its start; a block that glides
// is a keyframe at the end of its ramp, after a keyframe holding the
// previous position at its start when that is not already the case. The
// scene glides positions and metadata where ADM ramps gains, so between
// keyframes the two differ for moving objects. The block gains become
// keyframe gains. Each metadata field some block uses (width, height,
// depth, diffuse, objectDivergence, channelLock, zoneExclusion) is given
// on every keyframe (0, no lock, no zones where a block has none), so that
// the scene's lanes follow the blocks; a divergence without azimuthRange
// takes the range the document's version implies (45 degrees before
// BS.2076-2, else 0). A jump block at the time of the keyframe before it
// that changes only the channel lock or zones (as FromScene writes a step
// of those) sets them on that keyframe. The second result names the
// metadata the scene format cannot hold, the third what was changed to fit
// the scene's ranges.
func Keyframes(blocks []TimedBlock, rate int, off *gaincalc.PositionOffset, version int) ([]objects.Keyframe, []string, []string) {
	var keys []objects.Keyframe
	dropped, fitted := map[string]bool{}, map[string]bool{}
	u := usedMetadata(blocks)
	oneSample := 1 / float64(rate)
	var prev objects.Keyframe
	add := func(k objects.Keyframe) {
		if n := len(keys); n > 0 {
			last := &keys[n-1]
			if samePlace(last, &k) {
				return
			}
			if k.Time <= last.Time {
				if !k.Jump {
					*last = k
					return
				}
				if sameButSteps(last, &k) {
					last.ChannelLock, last.ZoneExclusion = k.ChannelLock, k.ZoneExclusion
					return
				}
				k.Time = last.Time + oneSample
			}
		}
		keys = append(keys, k)
	}
	for i, b := range blocks {
		ob := b.Objects
		if ob == nil {
			continue
		}
		noteDropped(dropped, ob)
		k := blockKeyframe(ob, off)
		setKeyMetadata(&k, ob, u, version, fitted)
		start := b.Start.Seconds()
		ramp := 0.0
		contiguous := i > 0 && !blocks[i-1].Open && blocks[i-1].End.Cmp(b.Start) == 0
		switch {
		case !contiguous:
		case ob.JumpPosition && ob.InterpolationLength != nil:
			ramp = *ob.InterpolationLength
		case !ob.JumpPosition && !b.Open:
			ramp = b.End.Seconds() - start
		}
		if ramp <= 0 {
			k.Time, k.Jump = start, len(keys) > 0
			add(k)
		} else {
			if n := len(keys); n > 0 && keys[n-1].Time < start-1.5*oneSample {
				// Hold the previous position until the ramp starts.
				h := prev
				h.Time, h.Jump = start, false
				keys = append(keys, h)
			}
			k.Time = math.Round((start+ramp)*1e9) / 1e9 // the decimal sum, without binary noise
			add(k)
		}
		prev = k
	}
	return keys, sortedKeys(dropped), sortedKeys(fitted)
}

func sortedKeys(m map[string]bool) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// samePlace reports whether two keyframes hold the same position, gain
// and metadata.
func samePlace(a, b *objects.Keyframe) bool {
	x, y := *a, *b
	x.Time, y.Time, x.Jump, y.Jump = 0, 0, false, false
	return reflect.DeepEqual(x, y)
}

// sameButSteps reports whether two keyframes differ at most in channel
// lock and zone exclusion.
func sameButSteps(a, b *objects.Keyframe) bool {
	x, y := *a, *b
	x.ChannelLock, x.ZoneExclusion = y.ChannelLock, y.ZoneExclusion
	return samePlace(&x, &y)
}

// blockKeyframe is the position (with the object's offset) and gain of a
// block.
func blockKeyframe(ob *ObjectsBlock, off *gaincalc.PositionOffset) objects.Keyframe {
	p := ob.Position
	var k objects.Keyframe
	if p.Cartesian {
		x, y, z := p.X, p.Y, p.Z
		if off != nil && off.Cartesian {
			x, y, z = x+off.X, y+off.Y, z+off.Z
		}
		k.X, k.Y, k.Z = objects.F(x), objects.F(y), objects.F(z)
	} else {
		az, el, d := p.Azimuth, p.Elevation, p.Distance
		if off != nil && !off.Cartesian {
			az, el, d = az+off.Azimuth, el+off.Elevation, d+off.Distance
		}
		k.Azimuth, k.Elevation = objects.F(az), objects.F(el)
		if d != 1 {
			k.Distance = objects.F(d)
		}
	}
	if ob.Gain != 1 {
		k.Gain = objects.F(clampDB(dsp.GainToDB(ob.Gain)))
	}
	return k
}

// noteDropped records the metadata of a block that the scene format
// cannot hold.
func noteDropped(m map[string]bool, ob *ObjectsBlock) {
	if ob.ScreenRef {
		m["screenRef"] = true
	}
	if ob.Position.ScreenEdgeLock != (gaincalc.ScreenEdgeLock{}) {
		m["screenEdgeLock"] = true
	}
	if ob.Cartesian {
		m["allocentric rendering (cartesian=1; the scene pans x/y/z egocentrically)"] = true
		if ob.Width != 0 || ob.Height != 0 || ob.Depth != 0 {
			m["extent of allocentric blocks (in cube units; the scene's is in degrees)"] = true
		}
		if d := ob.Divergence; d != nil && d.Value != 0 {
			m["objectDivergence positionRange of allocentric blocks"] = true
		}
	}
}
