package objects

import (
	"encoding/json"
)

// Limits of the BS.2076 object metadata of keyframes (the ranges ADM
// allows for polar audioBlockFormats).
const (
	// MaxExtent is the largest width or height, in degrees.
	MaxExtent = 360.0
	// MaxDepth is the largest depth, in distance units.
	MaxDepth = 1.0
	// MaxAzimuthRange is the largest divergence azimuthRange, in degrees.
	MaxAzimuthRange = 180.0
	// MaxLockDistance is the largest channelLock maxDistance.
	MaxLockDistance = 2.0
)

// Divergence is the ADM objectDivergence of a keyframe: the object becomes
// three images of the same signal, at its position and turned by
// ±AzimuthRange degrees about the listener, with power shares
// Value/(Value+1) for each side image and (1-Value)/(Value+1) for the
// centre one (all in the centre at 0, half in each side at 1).
type Divergence struct {
	// Value is 0..1.
	Value float64 `json:"value" yaml:"value"`
	// AzimuthRange is 0..180 degrees.
	AzimuthRange float64 `json:"azimuthRange" yaml:"azimuthRange"`
}

// ChannelLock is the ADM channelLock of a keyframe: the object snaps to
// the nearest loudspeaker (within MaxDistance, when given). In a scene
// file it is written `true` (lock, no limit), `false` (no lock) or
// `{"maxDistance": 0.5}`.
type ChannelLock struct {
	// Off turns locking off (the file's `false`).
	Off bool
	// MaxDistance, when not nil, is the largest distance (0..2, between
	// unit vectors) at which a loudspeaker is locked to.
	MaxDistance *float64
}

// MarshalJSON writes the lock as the scene format does: true, false or
// {"maxDistance": d}.
func (c ChannelLock) MarshalJSON() ([]byte, error) { return json.Marshal(c.fileValue()) }

// MarshalYAML writes the lock as MarshalJSON does.
func (c ChannelLock) MarshalYAML() (any, error) { return c.fileValue(), nil }

func (c ChannelLock) fileValue() any {
	switch {
	case c.Off:
		return false
	case c.MaxDistance == nil:
		return true
	}
	return map[string]float64{"maxDistance": *c.MaxDistance}
}

// Zone is one zone of an ADM zoneExclusion: the loudspeakers inside it
// stay silent and their share goes to the nearest others. A polar zone
// covers the nominal loudspeaker directions from MinAzimuth anticlockwise
// (to the left) round to MaxAzimuth (so -30..30 is the front, 30..-30 all
// but the front) and from MinElevation to MaxElevation, in degrees; a
// cartesian zone (Cartesian true) is the box MinX..MaxX, MinY..MaxY,
// MinZ..MaxZ around the loudspeakers' nominal positions on the cube of
// side 2.
type Zone struct {
	Cartesian bool
	// Polar zone, degrees.
	MinAzimuth, MaxAzimuth, MinElevation, MaxElevation float64
	// Cartesian zone, -1..1.
	MinX, MaxX, MinY, MaxY, MinZ, MaxZ float64
}

// PolarZone returns a polar zone.
func PolarZone(minAz, maxAz, minEl, maxEl float64) Zone {
	return Zone{MinAzimuth: minAz, MaxAzimuth: maxAz, MinElevation: minEl, MaxElevation: maxEl}
}

// BoxZone returns a cartesian zone.
func BoxZone(minX, maxX, minY, maxY, minZ, maxZ float64) Zone {
	return Zone{Cartesian: true, MinX: minX, MaxX: maxX, MinY: minY, MaxY: maxY, MinZ: minZ, MaxZ: maxZ}
}

// zoneKeys are the field names of zones in a scene file, polar then
// cartesian.
var (
	polarZoneKeys = []string{"minAzimuth", "maxAzimuth", "minElevation", "maxElevation"}
	boxZoneKeys   = []string{"minX", "maxX", "minY", "maxY", "minZ", "maxZ"}
)

// fields returns the zone's file field names and pointers to its values.
func (z *Zone) fields() ([]string, []*float64) {
	if z.Cartesian {
		return boxZoneKeys, []*float64{&z.MinX, &z.MaxX, &z.MinY, &z.MaxY, &z.MinZ, &z.MaxZ}
	}
	return polarZoneKeys, []*float64{&z.MinAzimuth, &z.MaxAzimuth, &z.MinElevation, &z.MaxElevation}
}

// MarshalJSON writes the zone's four polar or six cartesian fields.
func (z Zone) MarshalJSON() ([]byte, error) { return json.Marshal(z.fileValue()) }

// MarshalYAML writes the zone as MarshalJSON does.
func (z Zone) MarshalYAML() (any, error) { return z.fileValue(), nil }

func (z Zone) fileValue() map[string]float64 {
	names, vals := z.fields()
	m := make(map[string]float64, len(names))
	for i, n := range names {
		m[n] = *vals[i]
	}
	return m
}

// Extended reports whether any keyframe of the object gives one of the
// BS.2076 object metadata fields (width, height, depth, diffuse,
// divergence, channelLock, zoneExclusion). Loudspeaker renders pan such
// objects with the BS.2127 object gain calculation.
func (o *Object) Extended() bool {
	for i := range o.Positions {
		if o.Positions[i].extended() {
			return true
		}
	}
	return false
}

func (k *Keyframe) extended() bool {
	return k.Width != nil || k.Height != nil || k.Depth != nil || k.Diffuse != nil ||
		k.Divergence != nil || k.ChannelLock != nil || k.ZoneExclusion != nil
}

// HasDiffuse reports whether some keyframe gives the object a diffuse part
// (diffuse > 0), which loudspeaker renders decorrelate.
func (o *Object) HasDiffuse() bool {
	for i := range o.Positions {
		if d := o.Positions[i].Diffuse; d != nil && *d > 0 {
			return true
		}
	}
	return false
}
