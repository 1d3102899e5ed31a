package objects

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"immerse/internal/fields"
)

// Load reads and validates a scene file (JSON or YAML). Stem files are not
// opened here: see CheckStems.
func Load(path string) (*Scene, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("objects: read scene: %w", err)
	}
	s, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	s.Dir = filepath.Dir(path)
	return s, nil
}

// Parse decodes and validates a scene; source names it in errors.
// Keyframes and list entries are counted from 1 in messages.
func Parse(data []byte, source string) (*Scene, error) {
	s, err := decode(data, source)
	if err != nil {
		return nil, fmt.Errorf("objects: %s: %w", source, err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

func decode(data []byte, source string) (*Scene, error) {
	tree, err := fields.Decode(data)
	if err != nil {
		return nil, err
	}
	root, err := fields.AsObject(tree, "top level")
	if err != nil {
		return nil, err
	}
	s := &Scene{Source: source}
	s.SampleRate = root.Int("sampleRate", 0)
	objs := root.Array("objects", false)
	beds := root.Array("beds", false)
	if err := root.Err(); err != nil {
		return nil, err
	}
	for i, v := range objs {
		o, err := decodeObject(v, i)
		if err != nil {
			return nil, err
		}
		s.Objects = append(s.Objects, o)
	}
	for i, v := range beds {
		b, err := fields.AsObject(v, fmt.Sprintf("bed %d", i+1))
		if err != nil {
			return nil, err
		}
		bed := Bed{
			Name:   b.String("name", true),
			File:   b.String("file", true),
			Layout: b.String("layout", true),
			Start:  b.Float("start", 0),
			Gain:   b.Float("gain", 0),
		}
		if err := b.Err(); err != nil {
			return nil, err
		}
		s.Beds = append(s.Beds, bed)
	}
	return s, nil
}

func decodeObject(v any, i int) (Object, error) {
	o, err := fields.AsObject(v, fmt.Sprintf("object %d", i+1))
	if err != nil {
		return Object{}, err
	}
	obj := Object{Name: o.String("name", true)}
	if obj.Name != "" {
		o, _ = fields.AsObject(v, fmt.Sprintf("object %q", obj.Name))
		o.String("name", true)
	}
	obj.File = o.String("file", true)
	obj.Start = o.Float("start", 0)
	obj.Gain = o.Float("gain", 0)
	obj.HeadLocked = o.Bool("headLocked")
	pos := o.Array("positions", true)
	if err := o.Err(); err != nil {
		return Object{}, err
	}
	for k, pv := range pos {
		kf, err := fields.AsObject(pv, fmt.Sprintf("%s keyframe %d", o.Where(), k+1))
		if err != nil {
			return Object{}, err
		}
		key := Keyframe{
			Time:      kf.Float("time", math.NaN()),
			Azimuth:   kf.OptFloat("azimuth"),
			Elevation: kf.OptFloat("elevation"),
			Distance:  kf.OptFloat("distance"),
			X:         kf.OptFloat("x"),
			Y:         kf.OptFloat("y"),
			Z:         kf.OptFloat("z"),
			Jump:      kf.Bool("jump"),
			Gain:      kf.OptFloat("gain"),
		}
		decodeMetadata(kf, &key)
		if err := kf.Err(); err != nil {
			return Object{}, err
		}
		if !kf.Has("time") {
			return Object{}, fmt.Errorf("%s: field \"time\" is missing", kf.Where())
		}
		obj.Positions = append(obj.Positions, key)
	}
	return obj, nil
}
