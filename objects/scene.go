package objects

import (
	"path/filepath"
)

// Scene is an object-based scene.
type Scene struct {
	// SampleRate in Hz; 0 means "take it from the stems".
	SampleRate int `json:"sampleRate,omitempty" yaml:"sampleRate,omitempty"`
	// Objects are mono stems with trajectories.
	Objects []Object `json:"objects,omitempty" yaml:"objects,omitempty"`
	// Beds are multichannel stems in a named layout.
	Beds []Bed `json:"beds,omitempty" yaml:"beds,omitempty"`

	// Source is the scene file's path (for error messages); Dir the
	// directory stem paths are relative to. Neither is part of the file.
	Source string `json:"-" yaml:"-"`
	Dir    string `json:"-" yaml:"-"`
}

// Object is one audio object.
type Object struct {
	Name string `json:"name" yaml:"name"`
	// File is the mono stem, relative to the scene file.
	File string `json:"file" yaml:"file"`
	// Start places the stem on the scene timeline (seconds, default 0).
	Start float64 `json:"start,omitempty" yaml:"start,omitempty"`
	// Gain in dB (default 0).
	Gain float64 `json:"gain,omitempty" yaml:"gain,omitempty"`
	// Positions are keyframes in scene time.
	Positions []Keyframe `json:"positions" yaml:"positions"`
	// HeadLocked marks an object that moves with the listener's head
	// (narration, music in VR): ambisonic renders write such objects to a
	// separate head-locked stereo file instead of the sound field.
	HeadLocked bool `json:"headLocked,omitempty" yaml:"headLocked,omitempty"`
}

// Keyframe is a position of an object at a scene time: polar (Azimuth,
// Elevation, optional Distance) or cartesian (X, Y, Z), never both.
type Keyframe struct {
	Time      float64  `json:"time" yaml:"time"`
	Azimuth   *float64 `json:"azimuth,omitempty" yaml:"azimuth,omitempty"`
	Elevation *float64 `json:"elevation,omitempty" yaml:"elevation,omitempty"`
	Distance  *float64 `json:"distance,omitempty" yaml:"distance,omitempty"`
	X         *float64 `json:"x,omitempty" yaml:"x,omitempty"`
	Y         *float64 `json:"y,omitempty" yaml:"y,omitempty"`
	Z         *float64 `json:"z,omitempty" yaml:"z,omitempty"`
	// Jump moves the object instantly at Time instead of gliding from the
	// previous keyframe.
	Jump bool `json:"jump,omitempty" yaml:"jump,omitempty"`
	// Gain is an optional gain automation point in dB (on top of the
	// object's Gain).
	Gain *float64 `json:"gain,omitempty" yaml:"gain,omitempty"`

	// The BS.2076 object metadata, each optional and, like Gain, an
	// automation lane of its own: a keyframe that leaves a field out
	// neither sets nor interrupts it (see the package documentation).

	// Width and Height are the object's extent in degrees (0..360), as
	// seen from the listener at distance 1; Depth its extent in distance
	// (0..1), around its distance.
	Width  *float64 `json:"width,omitempty" yaml:"width,omitempty"`
	Height *float64 `json:"height,omitempty" yaml:"height,omitempty"`
	Depth  *float64 `json:"depth,omitempty" yaml:"depth,omitempty"`
	// Diffuse is the share (0..1) of the object's power that is rendered
	// diffuse (decorrelated over the loudspeakers).
	Diffuse *float64 `json:"diffuse,omitempty" yaml:"diffuse,omitempty"`
	// Divergence spreads the object into three images.
	Divergence *Divergence `json:"divergence,omitempty" yaml:"divergence,omitempty"`
	// ChannelLock snaps the object to the nearest loudspeaker from this
	// keyframe on (or, with Off, stops doing so).
	ChannelLock *ChannelLock `json:"channelLock,omitempty" yaml:"channelLock,omitempty"`
	// ZoneExclusion, when not nil, replaces the zones whose loudspeakers
	// the object avoids from this keyframe on; an empty list clears them.
	ZoneExclusion *[]Zone `json:"zoneExclusion,omitempty" yaml:"zoneExclusion,omitempty"`
}

// Cartesian reports whether the keyframe gives x, y, z.
func (k *Keyframe) Cartesian() bool { return k.X != nil || k.Y != nil || k.Z != nil }

// Bed is a multichannel stem in a loudspeaker layout.
type Bed struct {
	Name string `json:"name" yaml:"name"`
	// File is the stem, relative to the scene file, with one channel per
	// layout channel in the layout's file order (the WAV channel-mask order
	// where the layout has one, else BS.2051 order).
	File string `json:"file" yaml:"file"`
	// Layout is a BS.2051 name or alias ("7.1.2") or a custom layout file.
	Layout string `json:"layout" yaml:"layout"`
	// Start (seconds) and Gain (dB) as for objects.
	Start float64 `json:"start,omitempty" yaml:"start,omitempty"`
	Gain  float64 `json:"gain,omitempty" yaml:"gain,omitempty"`
}

// Path resolves a stem path of the scene against the scene's directory.
func (s *Scene) Path(file string) string {
	if filepath.IsAbs(file) || s.Dir == "" {
		return file
	}
	return filepath.Join(s.Dir, file)
}

// Name is the scene's file name for messages ("scene" when it has none).
func (s *Scene) Name() string {
	if s.Source == "" {
		return "scene"
	}
	return s.Source
}

// F is a convenience for building keyframes in Go: objects.F(30) is a
// *float64 pointing at 30.
func F(v float64) *float64 { return &v }
