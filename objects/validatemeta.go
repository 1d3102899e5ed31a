package objects

import "fmt"

// MaxZones is the most zones one keyframe's zoneExclusion may list.
const MaxZones = 64

// inRange reports whether lo <= v <= hi (false for NaN).
func inRange(v, lo, hi float64) bool { return v >= lo && v <= hi }

// checkMetadata checks the BS.2076 object metadata of a keyframe against
// the ranges ADM allows.
func checkMetadata(kf *Keyframe) error {
	for _, f := range []struct {
		name string
		v    *float64
		max  float64
		unit string
	}{
		{"width", kf.Width, MaxExtent, " degrees"},
		{"height", kf.Height, MaxExtent, " degrees"},
		{"depth", kf.Depth, MaxDepth, " (distance units, 1 = the loudspeaker sphere's radius)"},
		{"diffuse", kf.Diffuse, 1, " (the diffuse share of the power)"},
	} {
		if f.v != nil && !inRange(*f.v, 0, f.max) {
			return fmt.Errorf("field %q: %g is out of range; allowed 0 to %g%s", f.name, *f.v, f.max, f.unit)
		}
	}
	if d := kf.Divergence; d != nil {
		if !inRange(d.Value, 0, 1) {
			return fmt.Errorf("field \"divergence\": value %g is out of range; allowed 0 (none) to 1 (all power in the side images)", d.Value)
		}
		if !inRange(d.AzimuthRange, 0, MaxAzimuthRange) {
			return fmt.Errorf("field \"divergence\": azimuthRange %g is out of range; allowed 0 to %g degrees", d.AzimuthRange, MaxAzimuthRange)
		}
	}
	if c := kf.ChannelLock; c != nil && !c.Off && c.MaxDistance != nil && !inRange(*c.MaxDistance, 0, MaxLockDistance) {
		return fmt.Errorf("field \"channelLock\": maxDistance %g is out of range; allowed 0 to %g", *c.MaxDistance, MaxLockDistance)
	}
	if kf.ZoneExclusion != nil {
		zones := *kf.ZoneExclusion
		if len(zones) > MaxZones {
			return fmt.Errorf("field \"zoneExclusion\": %d zones; at most %d are allowed", len(zones), MaxZones)
		}
		for i := range zones {
			if err := checkZone(&zones[i]); err != nil {
				return fmt.Errorf("field \"zoneExclusion\" zone %d: %v", i+1, err)
			}
		}
	}
	return nil
}

func checkZone(z *Zone) error {
	names, vals := z.fields()
	for i, n := range names {
		v := *vals[i]
		lo, hi, unit := -1.0, 1.0, ""
		if !z.Cartesian {
			lo, hi, unit = -180, 180, " degrees"
			if i >= 2 {
				lo, hi = -90, 90
			}
		}
		if !inRange(v, lo, hi) {
			return fmt.Errorf("%s %g is out of range; allowed %g to %g%s", n, v, lo, hi, unit)
		}
	}
	// Limits come in min/max pairs; azimuth ranges may wrap through 180.
	for i := 0; i+1 < len(vals); i += 2 {
		if !z.Cartesian && i == 0 {
			continue
		}
		if *vals[i] > *vals[i+1] {
			return fmt.Errorf("%s %g is above %s %g; give the lower limit first", names[i], *vals[i], names[i+1], *vals[i+1])
		}
	}
	return nil
}
