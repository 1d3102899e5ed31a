package speakers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is the structure of a custom layout file (JSON or YAML):
//
//	name: studio-a          # optional; defaults to the file name
//	base: 4+7+0             # optional: real positions of a BS.2051 layout
//	speakers:
//	  - {label: M+030, azimuth: 32, elevation: 0, distance: 2.4}
//	  - {label: LFE1, lfe: true}
//
// With base, the file gives the real positions of that layout's speakers:
// every channel of the base layout must appear once, by label, inside the
// ranges BS.2051 allows; the panner keeps the nominal triangulation and uses
// the real positions for the gains (BS.2127). Without base, the speakers form
// a layout of their own: nominal = real positions, any labels, any count.
type File struct {
	Name     string        `json:"name" yaml:"name"`
	Base     string        `json:"base" yaml:"base"`
	Speakers []FileSpeaker `json:"speakers" yaml:"speakers"`
}

// FileSpeaker is one speaker of a custom layout file.
type FileSpeaker struct {
	Label     string   `json:"label" yaml:"label"`
	Azimuth   float64  `json:"azimuth" yaml:"azimuth"`
	Elevation float64  `json:"elevation" yaml:"elevation"`
	Distance  *float64 `json:"distance,omitempty" yaml:"distance"`
	LFE       bool     `json:"lfe,omitempty" yaml:"lfe"`
	WAV       string   `json:"wav,omitempty" yaml:"wav"`
}

// Load reads a custom layout file (.json, .yaml or .yml).
func Load(path string) (*Layout, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("speakers: read layout file: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes a custom layout from JSON or YAML; name is used in errors
// and as the default layout name.
func Parse(data []byte, name string) (*Layout, error) {
	f, err := decodeFile(data, name)
	if err != nil {
		return nil, err
	}
	l, err := f.Layout(name)
	if err != nil {
		return nil, fmt.Errorf("speakers: %s: %w", name, err)
	}
	return l, nil
}

func decodeFile(data []byte, name string) (*File, error) {
	var f File
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("speakers: %s: %w", name, err)
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("speakers: %s: %w", name, err)
		}
	}
	return &f, nil
}

// Layout builds the layout the file describes; source names the file in
// errors and gives the default name.
func (f *File) Layout(source string) (*Layout, error) {
	if len(f.Speakers) == 0 {
		return nil, fmt.Errorf("no speakers: add a \"speakers\" list with label, azimuth and elevation for each")
	}
	if f.Base != "" {
		return f.realPositions()
	}
	name := f.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	}
	l := &Layout{Name: name, Custom: true}
	for i, s := range f.Speakers {
		d := 1.0
		if s.Distance != nil {
			d = *s.Distance
		}
		if s.Label == "" {
			return nil, fmt.Errorf("speaker %d: label is missing", i+1)
		}
		l.Channels = append(l.Channels, Channel{
			Label: s.Label, Azimuth: s.Azimuth, Elevation: s.Elevation, Distance: d,
			NominalAzimuth: s.Azimuth, NominalElevation: s.Elevation,
			AzimuthRange: [2]float64{-180, 180}, ElevationRange: [2]float64{-90, 90},
			LFE: s.LFE, WAV: s.WAV,
		})
	}
	mask, err := maskOf(l)
	if err != nil {
		return nil, err
	}
	l.Mask = mask
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return l, nil
}

func (f *File) realPositions() (*Layout, error) {
	l, err := Get(f.Base)
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	given := map[string]bool{}
	for i, s := range f.Speakers {
		k := l.Index(s.Label)
		if k < 0 {
			return nil, fmt.Errorf("speaker %d: label %q is not a channel of %s (channels: %s)", i+1, s.Label, l.Name, strings.Join(l.Labels(), " "))
		}
		if given[s.Label] {
			return nil, fmt.Errorf("speaker %d: label %q given twice", i+1, s.Label)
		}
		given[s.Label] = true
		c := &l.Channels[k]
		if c.LFE != s.LFE && s.LFE {
			return nil, fmt.Errorf("speaker %d (%s): marked lfe but %s's %s is not an LFE channel", i+1, s.Label, l.Name, s.Label)
		}
		if c.LFE {
			continue
		}
		c.Azimuth, c.Elevation = s.Azimuth, s.Elevation
		if s.Distance != nil {
			c.Distance = *s.Distance
		}
	}
	for _, c := range l.Channels {
		if !given[c.Label] && !c.LFE {
			return nil, fmt.Errorf("channel %s of %s is missing: give the real position of every speaker of the base layout", c.Label, l.Name)
		}
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return l, nil
}

// Resolve returns the layout named by s: a built-in name or alias, or the
// path of a custom layout file (anything ending in .json, .yaml or .yml).
func Resolve(s string) (*Layout, error) {
	switch strings.ToLower(filepath.Ext(s)) {
	case ".json", ".yaml", ".yml":
		return Load(s)
	}
	return Get(s)
}

// LoadRealPositions reads a layout file giving the real speaker positions of
// base (a built-in layout); a file without "base" is taken to describe base,
// and a file whose base differs is an error.
func LoadRealPositions(path string, base *Layout) (*Layout, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("speakers: read speaker positions: %w", err)
	}
	f, err := decodeFile(data, path)
	if err != nil {
		return nil, err
	}
	if base.Custom {
		return nil, fmt.Errorf("speakers: %s: real positions apply to a BS.2051 layout, not the custom layout %q", path, base.Name)
	}
	if f.Base == "" {
		f.Base = base.Name
	} else if b, err := Get(f.Base); err != nil || b.Name != base.Name {
		return nil, fmt.Errorf("speakers: %s: the file is for layout %q but the render is for %s", path, f.Base, base.DisplayName())
	}
	l, err := f.Layout(path)
	if err != nil {
		return nil, fmt.Errorf("speakers: %s: %w", path, err)
	}
	return l, nil
}
