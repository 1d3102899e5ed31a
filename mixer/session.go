package mixer

import (
	"path/filepath"
	"slices"
)

// Session is a stereo mix: tracks (stems with insert chains, a fader, a
// pan and sends), buses and the master. Its JSON and YAML form is the
// session file (see the package documentation); LoadSession and
// ParseSession read it, Validate checks it, New mixes it.
type Session struct {
	// SampleRate in Hz, 8000 .. 768000; 0 takes the stems' rate. Every
	// stem must have this rate.
	SampleRate int `json:"sampleRate,omitempty" yaml:"sampleRate,omitempty"`
	// PanLaw is the level of a centred mono track on each side in dB:
	// 0, -3 (nil: the default), -4.5 or -6. See PanGains.
	PanLaw *float64 `json:"panLaw,omitempty" yaml:"panLaw,omitempty"`
	// Tracks are the stems, at least one.
	Tracks []Track `json:"tracks" yaml:"tracks"`
	// Buses receive tracks' outputs and sends and other buses.
	Buses []Bus `json:"buses,omitempty" yaml:"buses,omitempty"`
	// Master is the stereo output strip.
	Master Master `json:"master,omitzero" yaml:"master,omitempty"`

	// Source is the session file's path (for messages); Dir is the
	// directory stem paths are relative to. Neither is part of the file.
	Source string `json:"-" yaml:"-"`
	Dir    string `json:"-" yaml:"-"`
}

// Track is one stem on a mixer strip: stem -> phase invert -> inserts ->
// pan (mono) or width and balance (stereo) -> gain -> output bus, with
// sends taken before (Pre) or after the gain.
type Track struct {
	// Name identifies the track in outputs, sends, sidechains and messages;
	// unique among tracks and buses.
	Name string `json:"name" yaml:"name"`
	// File is the mono or stereo stem (WAV or FLAC), relative to the
	// session file.
	File string `json:"file" yaml:"file"`
	// Role tells tools what the track is (one of Roles); optional.
	Role string `json:"role,omitempty" yaml:"role,omitempty"`
	// Gain is the fader in dB, MinGainDB .. MaxGainDB (default 0).
	Gain float64 `json:"gain,omitempty" yaml:"gain,omitempty"`
	// Pan places a mono track: -1 hard left, 0 centre, +1 hard right
	// (default 0). Stereo tracks use Balance and Width instead.
	Pan float64 `json:"pan,omitempty" yaml:"pan,omitempty"`
	// Balance of a stereo track, -1 (left only) .. +1 (right only),
	// default 0.
	Balance float64 `json:"balance,omitempty" yaml:"balance,omitempty"`
	// Width of a stereo track: the side (L−R)/2 is scaled by it, 0 (mono)
	// .. 2; nil means 1 (unchanged).
	Width *float64 `json:"width,omitempty" yaml:"width,omitempty"`
	// Output is the bus the track feeds; "" or "master" is the master.
	Output string `json:"output,omitempty" yaml:"output,omitempty"`
	// Inserts are the effects, in order.
	Inserts []Insert `json:"inserts,omitempty" yaml:"inserts,omitempty"`
	// Sends feed buses.
	Sends []Send `json:"sends,omitempty" yaml:"sends,omitempty"`
	// Automation moves gain, pan, balance, width, send levels and insert
	// parameters over time.
	Automation Automation `json:"automation,omitempty" yaml:"automation,omitempty"`
	// Mute silences the track's output and sends (its sidechain key stays).
	Mute bool `json:"mute,omitempty" yaml:"mute,omitempty"`
	// Solo: when any track is soloed, the others are muted (buses are
	// solo-safe).
	Solo bool `json:"solo,omitempty" yaml:"solo,omitempty"`
	// PhaseInvert flips the polarity of every channel before the inserts.
	PhaseInvert bool `json:"phaseInvert,omitempty" yaml:"phaseInvert,omitempty"`
}

// Bus is a stereo strip fed by tracks and buses: sum -> inserts -> gain ->
// output, with sends (to other buses, e.g. parallel compression).
type Bus struct {
	// Name, unique among tracks and buses; "master" is reserved.
	Name string `json:"name" yaml:"name"`
	// Inserts are the effects, in order.
	Inserts []Insert `json:"inserts,omitempty" yaml:"inserts,omitempty"`
	// Sends feed other buses.
	Sends []Send `json:"sends,omitempty" yaml:"sends,omitempty"`
	// Gain is the fader in dB (default 0).
	Gain float64 `json:"gain,omitempty" yaml:"gain,omitempty"`
	// Output is the bus this one feeds; "" or "master" is the master.
	Output string `json:"output,omitempty" yaml:"output,omitempty"`
	// Automation moves gain, send levels and insert parameters.
	Automation Automation `json:"automation,omitempty" yaml:"automation,omitempty"`
}

// Master is the output strip: sum -> inserts -> gain -> the mix.
type Master struct {
	Inserts []Insert `json:"inserts,omitempty" yaml:"inserts,omitempty"`
	// Gain in dB (default 0).
	Gain float64 `json:"gain,omitempty" yaml:"gain,omitempty"`
	// Automation moves gain and insert parameters.
	Automation Automation `json:"automation,omitempty" yaml:"automation,omitempty"`
}

// IsZero reports whether the master has no settings (for omitzero).
func (m Master) IsZero() bool {
	return len(m.Inserts) == 0 && m.Gain == 0 && len(m.Automation) == 0
}

// Send feeds a bus from a track or a bus.
type Send struct {
	// Bus is the destination bus.
	Bus string `json:"bus" yaml:"bus"`
	// Level in dB, MinGainDB .. MaxGainDB (default 0).
	Level float64 `json:"level,omitempty" yaml:"level,omitempty"`
	// Pre takes the signal before the strip's gain (after its pan);
	// default false: after the gain (post-fader).
	Pre bool `json:"pre,omitempty" yaml:"pre,omitempty"`
}

// Automation maps a parameter path to its breakpoints, in increasing time:
// "gain", "pan", "balance", "width", "sends.<bus>", "inserts.<i>.<param>"
// and "inserts.<i>.bands.<j>.<param>" (i and j count from 0).
type Automation map[string][]Breakpoint

// Breakpoint is one automation point: [time in seconds, value]. Values
// between points are linear in the parameter's unit (dB parameters in dB).
type Breakpoint [2]float64

// Insert is one effect of a strip: a Type from Effects() with its
// parameters by their session names.
type Insert struct {
	// Type is the effect ("compressor", "eq", …; see Effects).
	Type string
	// Params holds numeric parameters; booleans are 0 or 1. Absent
	// parameters take their defaults.
	Params map[string]float64
	// Choices holds text parameters (e.g. "detector": "rms").
	Choices map[string]string
	// Bands are the filter bands of "eq" and "midside".
	Bands []Band
	// Sidechain names the track or bus keying a compressor or gate ("" =
	// the insert's own input).
	Sidechain string
}

// Band is one EQ band: Type is a filter kind ("peak", "lowshelf",
// "highshelf", "lowpass", "highpass", "bandpass", "notch", "allpass") and
// Params its numeric parameters (freq, gain, q, slope, shelfSlope).
type Band struct {
	Type   string
	Params map[string]float64
}

// Roles are the values Track.Role takes: what a track holds, for tools
// (such as a mix assistant) that treat kinds of sources differently.
var Roles = []string{
	"kick", "snare", "hihat", "toms", "overheads", "room", "percussion", "drums",
	"bass", "guitar", "keys", "piano", "synth", "pad", "strings", "brass", "woodwinds",
	"lead-vocal", "backing-vocal", "vocal", "dialogue", "fx", "ambience", "other",
}

// Limits of session values.
const (
	MinGainDB     = -120.0 // lowest gain and send level (dB)
	MaxGainDB     = 24.0   // highest gain and send level (dB)
	MaxSampleRate = 768000
	MaxTracks     = 1024
	MaxBuses      = 256
	MaxInserts    = 32 // per strip
	MaxSends      = 64 // per strip
	MaxPoints     = 1 << 20
)

// MasterName is the name outputs and sends use for the master.
const MasterName = "master"

// Path resolves a stem path against the session's directory.
func (s *Session) Path(file string) string {
	if filepath.IsAbs(file) || s.Dir == "" {
		return file
	}
	return filepath.Join(s.Dir, file)
}

// Name is the session's file name for messages ("session" when it has none).
func (s *Session) Name() string {
	if s.Source == "" {
		return "session"
	}
	return s.Source
}

// Law returns the pan law in dB (the default -3 when PanLaw is nil).
func (s *Session) Law() float64 {
	if s.PanLaw == nil {
		return -3
	}
	return *s.PanLaw
}

// WidthValue is the track's width (1 when Width is nil).
func (t *Track) WidthValue() float64 {
	if t.Width == nil {
		return 1
	}
	return *t.Width
}

// Clone returns a deep copy of the session (tools edit copies).
func (s *Session) Clone() *Session {
	c := *s
	if s.PanLaw != nil {
		v := *s.PanLaw
		c.PanLaw = &v
	}
	c.Tracks = slices.Clone(s.Tracks)
	for i := range c.Tracks {
		t := &c.Tracks[i]
		if t.Width != nil {
			v := *t.Width
			t.Width = &v
		}
		t.Inserts = cloneInserts(t.Inserts)
		t.Sends = slices.Clone(t.Sends)
		t.Automation = t.Automation.clone()
	}
	c.Buses = slices.Clone(s.Buses)
	for i := range c.Buses {
		b := &c.Buses[i]
		b.Inserts = cloneInserts(b.Inserts)
		b.Sends = slices.Clone(b.Sends)
		b.Automation = b.Automation.clone()
	}
	c.Master.Inserts = cloneInserts(s.Master.Inserts)
	c.Master.Automation = s.Master.Automation.clone()
	return &c
}

func cloneInserts(in []Insert) []Insert {
	if in == nil {
		return nil
	}
	out := make([]Insert, len(in))
	for i, x := range in {
		out[i] = Insert{Type: x.Type, Sidechain: x.Sidechain,
			Params: cloneMap(x.Params), Choices: cloneMap(x.Choices)}
		if x.Bands != nil {
			out[i].Bands = make([]Band, len(x.Bands))
			for j, b := range x.Bands {
				out[i].Bands[j] = Band{Type: b.Type, Params: cloneMap(b.Params)}
			}
		}
	}
	return out
}

func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	c := make(map[string]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (a Automation) clone() Automation {
	if a == nil {
		return nil
	}
	c := make(Automation, len(a))
	for k, v := range a {
		c[k] = slices.Clone(v)
	}
	return c
}

// F is a convenience for Go-built sessions: mixer.F(-4.5) is a *float64.
func F(v float64) *float64 { return &v }
