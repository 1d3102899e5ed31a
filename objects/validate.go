package objects

import (
	"fmt"
	"math"

	"immerse/speakers"
)

// Limits of scene values.
const (
	MaxSampleRate = 768000
	MinGainDB     = -120.0
	MaxGainDB     = 24.0
	MaxDistance   = 1000.0
)

// Validate checks the scene's structure and values; messages name the scene
// file, the object and keyframe (counted from 1) and the field.
func (s *Scene) Validate() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("objects: %s: %s", s.Name(), fmt.Sprintf(format, a...))
	}
	if s.SampleRate < 0 || s.SampleRate > MaxSampleRate {
		return fail("sampleRate %d is out of range; use a rate from 8000 to %d Hz or leave it out to take the stems' rate", s.SampleRate, MaxSampleRate)
	}
	if s.SampleRate > 0 && s.SampleRate < 8000 {
		return fail("sampleRate %d is too low; use at least 8000 Hz", s.SampleRate)
	}
	if len(s.Objects) == 0 && len(s.Beds) == 0 {
		return fail("the scene has no objects and no beds")
	}
	names := map[string]string{}
	claim := func(name, what string) error {
		if prev, ok := names[name]; ok {
			return fail("%s %q: the name is already used by a %s; names must be unique", what, name, prev)
		}
		names[name] = what
		return nil
	}
	for i := range s.Objects {
		o := &s.Objects[i]
		where := fmt.Sprintf("object %q", o.Name)
		if err := claim(o.Name, "object"); err != nil {
			return err
		}
		if err := checkStartGain(o.Start, o.Gain); err != nil {
			return fail("%s: %v", where, err)
		}
		if len(o.Positions) == 0 {
			return fail("%s: \"positions\" is empty; give at least one keyframe", where)
		}
		for k := range o.Positions {
			if err := checkKeyframe(o.Positions, k); err != nil {
				return fail("%s keyframe %d: %v", where, k+1, err)
			}
		}
	}
	for i := range s.Beds {
		b := &s.Beds[i]
		where := fmt.Sprintf("bed %q", b.Name)
		if err := claim(b.Name, "bed"); err != nil {
			return err
		}
		if err := checkStartGain(b.Start, b.Gain); err != nil {
			return fail("%s: %v", where, err)
		}
		if _, err := s.BedLayout(b); err != nil {
			return fail("%s: field \"layout\": %v", where, err)
		}
	}
	return nil
}

// BedLayout resolves a bed's layout (a name, or a layout file relative to
// the scene).
func (s *Scene) BedLayout(b *Bed) (*speakers.Layout, error) {
	if l, err := speakers.Get(b.Layout); err == nil {
		return l, nil
	}
	return speakers.Resolve(s.Path(b.Layout))
}

func checkStartGain(start, gain float64) error {
	if start < 0 || math.IsNaN(start) || math.IsInf(start, 0) {
		return fmt.Errorf("field \"start\": %g s must be 0 or later", start)
	}
	if gain < MinGainDB || gain > MaxGainDB || math.IsNaN(gain) {
		return fmt.Errorf("field \"gain\": %g dB is out of range; allowed %g to %g dB", gain, MinGainDB, MaxGainDB)
	}
	return nil
}

func checkKeyframe(keys []Keyframe, k int) error {
	kf := &keys[k]
	if math.IsNaN(kf.Time) || math.IsInf(kf.Time, 0) || kf.Time < 0 {
		return fmt.Errorf("field \"time\": %g s must be a finite time of 0 or later", kf.Time)
	}
	if k > 0 {
		prev := keys[k-1].Time
		if kf.Time < prev {
			return fmt.Errorf("time %g s is before keyframe %d at %g s; keyframes must be in time order", kf.Time, k, prev)
		}
		if kf.Time == prev {
			return fmt.Errorf("time %g s equals keyframe %d's; times must increase (use \"jump\": true to move instantly)", kf.Time, k)
		}
	}
	polar := kf.Azimuth != nil || kf.Elevation != nil || kf.Distance != nil
	if polar && kf.Cartesian() {
		return fmt.Errorf("mixes polar (azimuth/elevation/distance) and cartesian (x/y/z) fields; use one or the other")
	}
	if kf.Cartesian() {
		if kf.X == nil || kf.Y == nil || kf.Z == nil {
			return fmt.Errorf("cartesian position needs all of x, y and z")
		}
		for _, c := range []struct {
			n string
			v float64
		}{{"x", *kf.X}, {"y", *kf.Y}, {"z", *kf.Z}} {
			if math.Abs(c.v) > MaxDistance {
				return fmt.Errorf("field %q: %g is out of range; allowed -%g to %g", c.n, c.v, MaxDistance, MaxDistance)
			}
		}
		if *kf.X == 0 && *kf.Y == 0 && *kf.Z == 0 {
			return fmt.Errorf("x, y, z are all 0: a position at the listener has no direction; move it off the centre")
		}
	} else {
		if kf.Azimuth == nil || kf.Elevation == nil {
			return fmt.Errorf("needs a position: azimuth and elevation (degrees), or x, y and z")
		}
		if *kf.Azimuth < -180 || *kf.Azimuth > 180 {
			return fmt.Errorf("field \"azimuth\": %g is out of range; allowed -180 to 180 degrees (positive = left)", *kf.Azimuth)
		}
		if *kf.Elevation < -90 || *kf.Elevation > 90 {
			return fmt.Errorf("field \"elevation\": %g is out of range; allowed -90 to 90 degrees", *kf.Elevation)
		}
		if kf.Distance != nil && (*kf.Distance <= 0 || *kf.Distance > MaxDistance) {
			return fmt.Errorf("field \"distance\": %g is out of range; allowed above 0 up to %g (1 = the loudspeaker sphere)", *kf.Distance, MaxDistance)
		}
	}
	if kf.Gain != nil && (*kf.Gain < MinGainDB || *kf.Gain > MaxGainDB) {
		return fmt.Errorf("field \"gain\": %g dB is out of range; allowed %g to %g dB", *kf.Gain, MinGainDB, MaxGainDB)
	}
	return checkMetadata(kf)
}
