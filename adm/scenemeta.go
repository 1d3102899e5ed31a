package adm

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/objects"
)

// metaUse says which BS.2076 metadata fields the blocks of a channel use.
type metaUse struct {
	width, height, depth, diffuse, divergence, lock, zones bool
}

// usedMetadata finds the metadata fields some block of the channel uses
// (the extent of allocentric blocks, in cube units, does not count: the
// scene's is in degrees).
func usedMetadata(blocks []TimedBlock) metaUse {
	var u metaUse
	for _, b := range blocks {
		ob := b.Objects
		if ob == nil {
			continue
		}
		if !ob.Cartesian {
			u.width = u.width || ob.Width != 0
			u.height = u.height || ob.Height != 0
			u.depth = u.depth || ob.Depth != 0
		}
		u.diffuse = u.diffuse || ob.Diffuse != 0
		u.divergence = u.divergence || ob.Divergence != nil
		u.lock = u.lock || ob.ChannelLock != nil
		u.zones = u.zones || len(ob.ZoneExclusion) > 0
	}
	return u
}

// setKeyMetadata gives keyframe k the block's value of every field the
// channel uses, clamped into the scene's ranges (fitted records what
// changed). Divergence azimuth ranges fold into 0..180 degrees and zone
// limits into the scene's ranges without changing what they do; zones
// that exclude nothing (a minimum above its maximum) are left out.
func setKeyMetadata(k *objects.Keyframe, ob *ObjectsBlock, u metaUse, version int, fitted map[string]bool) {
	clamp := func(name string, v, lo, hi float64) *float64 {
		if v < lo || v > hi {
			fitted[fmt.Sprintf("%s clamped to %g..%g", name, lo, hi)] = true
			v = math.Max(lo, math.Min(hi, v))
		}
		return &v
	}
	b := &ob.BlockFormat
	w, h, d := b.Width, b.Height, b.Depth
	if b.Cartesian {
		w, h, d = 0, 0, 0
	}
	if u.width {
		k.Width = clamp("width", w, 0, objects.MaxExtent)
	}
	if u.height {
		k.Height = clamp("height", h, 0, objects.MaxExtent)
	}
	if u.depth {
		k.Depth = clamp("depth", d, 0, objects.MaxDepth)
	}
	if u.diffuse {
		k.Diffuse = clamp("diffuse", b.Diffuse, 0, 1)
	}
	if u.divergence {
		v, r := 0.0, 0.0
		if version < 2 {
			r = 45 // BS.2076-2 changed the default from 45 degrees to 0
		}
		if dv := b.Divergence; dv != nil {
			v = *clamp("objectDivergence", dv.Value, 0, 1)
			if dv.HasAzimuthRange {
				r = dv.AzimuthRange
			}
		}
		// The side images at ±r are those at ±|r|, and r and 360-r give
		// the same pair.
		r = math.Mod(math.Abs(r), 360)
		if r > 180 {
			r = 360 - r
		}
		k.Divergence = &objects.Divergence{Value: v, AzimuthRange: r}
	}
	if u.lock {
		k.ChannelLock = &objects.ChannelLock{Off: true}
		if cl := b.ChannelLock; cl != nil {
			k.ChannelLock = &objects.ChannelLock{}
			if cl.HasMaxDistance {
				k.ChannelLock.MaxDistance = clamp("channelLock maxDistance", cl.MaxDistance, 0, objects.MaxLockDistance)
			}
		}
	}
	if u.zones {
		zones := []objects.Zone{}
		for _, z := range b.ZoneExclusion {
			if z.MinElevation > z.MaxElevation || z.Cartesian && (z.MinX > z.MaxX || z.MinY > z.MaxY || z.MinZ > z.MaxZ) {
				fitted["empty zones (a minimum above its maximum) left out"] = true
				continue
			}
			if z.Cartesian {
				// Nominal positions lie in the cube, so limits beyond it
				// exclude the same loudspeakers.
				c := func(v float64) float64 { return math.Max(-1, math.Min(1, v)) }
				zones = append(zones, objects.BoxZone(c(z.MinX), c(z.MaxX), c(z.MinY), c(z.MaxY), c(z.MinZ), c(z.MaxZ)))
				continue
			}
			// Azimuth ranges are periodic; elevations beyond the poles
			// exclude what the poles do.
			wrap := func(a float64) float64 {
				if a < -180 || a > 180 {
					return geom.WrapAzimuth(a)
				}
				return a
			}
			e := func(v float64) float64 { return math.Max(-90, math.Min(90, v)) }
			zones = append(zones, objects.PolarZone(wrap(z.MinAzimuth), wrap(z.MaxAzimuth), e(z.MinElevation), e(z.MaxElevation)))
		}
		k.ZoneExclusion = &zones
	}
}
