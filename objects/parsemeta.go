package objects

import (
	"fmt"
	"strings"

	"immerse/internal/fields"
)

// decodeMetadata reads a keyframe's BS.2076 object metadata fields into
// key; errors are recorded in kf (see fields.Object.Err).
func decodeMetadata(kf *fields.Object, key *Keyframe) {
	key.Width = kf.OptFloat("width")
	key.Height = kf.OptFloat("height")
	key.Depth = kf.OptFloat("depth")
	key.Diffuse = kf.OptFloat("diffuse")
	if v := kf.Raw("divergence"); v != nil {
		key.Divergence = decodeDivergence(kf, v)
	}
	if v := kf.Raw("channelLock"); v != nil {
		key.ChannelLock = decodeChannelLock(kf, v)
	}
	if v := kf.Raw("zoneExclusion"); v != nil {
		key.ZoneExclusion = decodeZones(kf, v)
	}
}

// sub views the value of field name of kf as an object; a failure is
// recorded in kf.
func sub(kf *fields.Object, name string, v any) *fields.Object {
	o, err := fields.AsObject(v, fmt.Sprintf("%s: field %q", kf.Where(), name))
	if err != nil {
		kf.Fail("field %q: want an object with named fields, found %s", name, describe(v))
		return nil
	}
	return o
}

// numbers reads the named numbers of o, all required; hints[i] says how
// to fix a missing one. A misspelt name is reported before the missing
// one it was meant to be. The error, if any, is recorded in kf.
func numbers(kf, o *fields.Object, names, hints []string) ([]float64, bool) {
	vals := make([]float64, len(names))
	missing := -1
	for i, n := range names {
		if p := o.OptFloat(n); p != nil {
			vals[i] = *p
		} else if missing < 0 {
			missing = i
		}
	}
	if err := o.Err(); err != nil {
		// o's location starts with kf's; record the rest.
		kf.Fail("%s", strings.TrimPrefix(err.Error(), kf.Where()+": "))
		return nil, false
	}
	if missing >= 0 {
		kf.Fail("%s: field %q is missing; %s", strings.TrimPrefix(o.Where(), kf.Where()+": "), names[missing], hints[missing])
		return nil, false
	}
	return vals, true
}

func decodeDivergence(kf *fields.Object, v any) *Divergence {
	o := sub(kf, "divergence", v)
	if o == nil {
		return nil
	}
	vals, ok := numbers(kf, o, []string{"value", "azimuthRange"}, []string{
		"give the divergence from 0 (none) to 1 (all power in the side images)",
		"give the angle in degrees (0 to 180) by which the side images turn"})
	if !ok {
		return nil
	}
	return &Divergence{Value: vals[0], AzimuthRange: vals[1]}
}

func decodeChannelLock(kf *fields.Object, v any) *ChannelLock {
	switch x := v.(type) {
	case bool:
		return &ChannelLock{Off: !x}
	case map[string]any:
		o := sub(kf, "channelLock", x)
		vals, ok := numbers(kf, o, []string{"maxDistance"}, []string{
			`give the largest distance (0 to 2) to a loudspeaker, or write "channelLock": true for no limit`})
		if !ok {
			return nil
		}
		return &ChannelLock{MaxDistance: &vals[0]}
	}
	kf.Fail(`field "channelLock": want true, false or {"maxDistance": d}, found %s`, describe(v))
	return nil
}

func decodeZones(kf *fields.Object, v any) *[]Zone {
	list, ok := v.([]any)
	if !ok {
		kf.Fail(`field "zoneExclusion": want a list of zones, found %s`, describe(v))
		return nil
	}
	zones := make([]Zone, 0, len(list))
	for i, zv := range list {
		where := fmt.Sprintf(`field "zoneExclusion" zone %d`, i+1)
		o, err := fields.AsObject(zv, kf.Where()+": "+where)
		if err != nil {
			kf.Fail("%s: want an object with named fields, found %s", where, describe(zv))
			return nil
		}
		var z Zone
		polar, box := hasAny(o, polarZoneKeys), hasAny(o, boxZoneKeys)
		switch {
		case polar && box:
			kf.Fail("%s: mixes polar (minAzimuth…) and cartesian (minX…) limits; use one or the other", where)
			return nil
		case !polar && !box:
			kf.Fail("%s: give minAzimuth, maxAzimuth, minElevation and maxElevation (degrees), or minX, maxX, minY, maxY, minZ and maxZ (-1 to 1)", where)
			return nil
		}
		z.Cartesian = box
		names, dst := z.fields()
		hints := make([]string, len(names))
		for j := range hints {
			hints[j] = "a zone needs all its limits"
		}
		vals, ok := numbers(kf, o, names, hints)
		if !ok {
			return nil
		}
		for j, v := range vals {
			*dst[j] = v
		}
		zones = append(zones, z)
	}
	return &zones
}

func hasAny(o *fields.Object, names []string) bool {
	for _, n := range names {
		if o.Has(n) {
			return true
		}
	}
	return false
}

// describe names the kind of a decoded value for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprint(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
