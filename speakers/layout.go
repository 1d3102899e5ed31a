package speakers

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"immerse/geom"
)

// Channel is one loudspeaker of a layout.
type Channel struct {
	// Label is the BS.2051 label, e.g. "M+030", "U-135", "LFE1".
	Label string `json:"label"`
	// Azimuth, Elevation and Distance are the real position (degrees, ADM
	// convention; distance 1 = the reference sphere). For the standard
	// layouts they equal the nominal position.
	Azimuth   float64 `json:"azimuth"`
	Elevation float64 `json:"elevation"`
	Distance  float64 `json:"distance"`
	// NominalAzimuth and NominalElevation are the BS.2051 nominal position;
	// the panner triangulates these, so that real positions that deviate
	// within the allowed ranges keep the same speaker regions.
	NominalAzimuth   float64 `json:"nominalAzimuth"`
	NominalElevation float64 `json:"nominalElevation"`
	// AzimuthRange and ElevationRange are the real-position ranges BS.2051
	// allows; a zero-width range means the nominal value only.
	AzimuthRange   [2]float64 `json:"azimuthRange"`
	ElevationRange [2]float64 `json:"elevationRange"`
	// LFE marks a low-frequency effects channel, which has no position.
	LFE bool `json:"lfe,omitempty"`
	// WAV is the WAVE_FORMAT_EXTENSIBLE speaker name ("FL", "TBR", …) or ""
	// when the layout has no channel mask.
	WAV string `json:"wav,omitempty"`
}

// Position is the channel's real position as a cartesian vector of length
// Distance.
func (c Channel) Position() geom.Vec { return geom.Cart(c.Azimuth, c.Elevation, c.Distance) }

// Direction is the channel's real direction as a unit vector.
func (c Channel) Direction() geom.Vec { return geom.Cart(c.Azimuth, c.Elevation, 1) }

// NominalDirection is the channel's nominal direction as a unit vector.
func (c Channel) NominalDirection() geom.Vec {
	return geom.Cart(c.NominalAzimuth, c.NominalElevation, 1)
}

// Layout is a loudspeaker layout: channels in BS.2051 order.
type Layout struct {
	// Name is the BS.2051 name ("4+7+0") or the custom layout's name.
	Name string `json:"name"`
	// Aliases are other accepted names ("7.1.4").
	Aliases []string `json:"aliases,omitempty"`
	// Channels in BS.2051 order.
	Channels []Channel `json:"channels"`
	// Mask is the WAVE_FORMAT_EXTENSIBLE channel mask, 0 when the layout
	// cannot be described by one (then files keep the BS.2051 order).
	Mask uint32 `json:"mask"`
	// Custom is true for layouts read from a file.
	Custom bool `json:"custom,omitempty"`
}

// DisplayName is the alias users know best, else the name: "7.1.4" for 4+7+0.
func (l *Layout) DisplayName() string {
	if len(l.Aliases) > 0 {
		return l.Aliases[0]
	}
	return l.Name
}

// Labels returns the channel labels in BS.2051 order.
func (l *Layout) Labels() []string {
	out := make([]string, len(l.Channels))
	for i, c := range l.Channels {
		out[i] = c.Label
	}
	return out
}

// Index returns the index of the channel with the given label, or -1.
func (l *Layout) Index(label string) int {
	for i, c := range l.Channels {
		if c.Label == label {
			return i
		}
	}
	return -1
}

// NumLFE counts the LFE channels.
func (l *Layout) NumLFE() int {
	n := 0
	for _, c := range l.Channels {
		if c.LFE {
			n++
		}
	}
	return n
}

// WithoutLFE returns the layout without its LFE channels, and for each
// remaining channel its index in l.
func (l *Layout) WithoutLFE() (*Layout, []int) {
	out := &Layout{Name: l.Name, Aliases: l.Aliases, Custom: l.Custom}
	var idx []int
	for i, c := range l.Channels {
		if !c.LFE {
			out.Channels = append(out.Channels, c)
			idx = append(idx, i)
		}
	}
	return out, idx
}

// WAVOrder returns, for each channel of a file written for this layout, the
// index of the layout channel it carries. With a mask the file follows the
// ascending mask bits (7.1.4: FL FR FC LFE BL BR SL SR TFL TFR TBL TBR);
// without one it follows BS.2051 order.
func (l *Layout) WAVOrder() []int {
	order := make([]int, len(l.Channels))
	for i := range order {
		order[i] = i
	}
	if l.Mask == 0 {
		return order
	}
	bit := func(i int) uint32 { b, _ := WAVSpeakerBit(l.Channels[i].WAV); return b }
	sort.SliceStable(order, func(a, b int) bool { return bit(order[a]) < bit(order[b]) })
	return order
}

// WAVLabels returns the channel labels in file order (see WAVOrder).
func (l *Layout) WAVLabels() []string {
	order := l.WAVOrder()
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = l.Channels[k].Label
	}
	return out
}

//go:embed data/bs2051.yaml
var bs2051YAML []byte

var standard []*Layout

func init() {
	var err error
	standard, err = parseLayouts(bs2051YAML, "data/bs2051.yaml", false)
	if err != nil {
		panic(err) // the embedded table is part of the program; tests pin it
	}
}

// Standard returns the built-in layouts (BS.2051 and the Atmos-style
// additions) in table order. The returned layouts must not be modified.
func Standard() []*Layout { return standard }

// Names returns the names of the built-in layouts.
func Names() []string {
	out := make([]string, len(standard))
	for i, l := range standard {
		out[i] = l.Name
	}
	return out
}

// Get returns a copy of the built-in layout with the given BS.2051 name or
// alias (case-insensitive), e.g. "4+7+0", "7.1.4", "stereo".
func Get(name string) (*Layout, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, l := range standard {
		if strings.ToLower(l.Name) == key {
			return l.clone(), nil
		}
		for _, a := range l.Aliases {
			if strings.ToLower(a) == key {
				return l.clone(), nil
			}
		}
	}
	var known []string
	for _, l := range standard {
		known = append(known, l.Name)
		known = append(known, l.Aliases...)
	}
	return nil, fmt.Errorf("speakers: unknown layout %q; known layouts: %s (or a custom layout file .json/.yaml)", name, strings.Join(known, ", "))
}

// FromMask finds the built-in layout whose WAV channel mask is mask and
// whose channel count is channels.
func FromMask(mask uint32, channels int) (*Layout, error) {
	if mask == 0 {
		return nil, fmt.Errorf("speakers: the file has no channel mask; name its layout (e.g. --layout 7.1.4)")
	}
	for _, l := range standard {
		if l.Mask == mask && len(l.Channels) == channels {
			return l.clone(), nil
		}
	}
	return nil, fmt.Errorf("speakers: no known layout has channel mask 0x%X (%s) with %d channels; name the layout (e.g. --layout 7.1.4)", mask, MaskString(mask), channels)
}

func (l *Layout) clone() *Layout {
	c := *l
	c.Channels = append([]Channel(nil), l.Channels...)
	c.Aliases = append([]string(nil), l.Aliases...)
	return &c
}

type yamlLayout struct {
	Name     string        `yaml:"name"`
	Aliases  []string      `yaml:"aliases"`
	Channels []yamlChannel `yaml:"channels"`
}

type yamlChannel struct {
	Label   string    `yaml:"label"`
	Az      float64   `yaml:"az"`
	El      float64   `yaml:"el"`
	AzRange []float64 `yaml:"azRange"`
	ElRange []float64 `yaml:"elRange"`
	LFE     bool      `yaml:"lfe"`
	WAV     string    `yaml:"wav"`
}

func parseLayouts(data []byte, file string, custom bool) ([]*Layout, error) {
	var raw []yamlLayout
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("speakers: %s: %w", file, err)
	}
	var out []*Layout
	for _, r := range raw {
		l := &Layout{Name: r.Name, Aliases: r.Aliases, Custom: custom}
		for _, c := range r.Channels {
			ch := Channel{
				Label: c.Label, Azimuth: c.Az, Elevation: c.El, Distance: 1,
				NominalAzimuth: c.Az, NominalElevation: c.El,
				AzimuthRange: [2]float64{c.Az, c.Az}, ElevationRange: [2]float64{c.El, c.El},
				LFE: c.LFE, WAV: c.WAV,
			}
			if len(c.AzRange) == 2 {
				ch.AzimuthRange = [2]float64{c.AzRange[0], c.AzRange[1]}
			}
			if len(c.ElRange) == 2 {
				ch.ElevationRange = [2]float64{c.ElRange[0], c.ElRange[1]}
			}
			l.Channels = append(l.Channels, ch)
		}
		mask, err := maskOf(l)
		if err != nil {
			return nil, fmt.Errorf("speakers: %s: layout %s: %w", file, l.Name, err)
		}
		l.Mask = mask
		if err := l.Validate(); err != nil {
			return nil, fmt.Errorf("speakers: %s: %w", file, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// maskOf derives the channel mask: all channels must have distinct WAV names,
// or none may have one.
func maskOf(l *Layout) (uint32, error) {
	var mask uint32
	named := 0
	for _, c := range l.Channels {
		if c.WAV == "" {
			continue
		}
		b, err := WAVSpeakerBit(c.WAV)
		if err != nil {
			return 0, fmt.Errorf("channel %s: %w", c.Label, err)
		}
		if mask&b != 0 {
			return 0, fmt.Errorf("channel %s: WAV speaker %s used twice", c.Label, c.WAV)
		}
		mask |= b
		named++
	}
	if named != 0 && named != len(l.Channels) {
		return 0, fmt.Errorf("%d of %d channels have a WAV speaker name; name all or none", named, len(l.Channels))
	}
	return mask, nil
}

// Validate checks a layout: at least one channel, unique labels, finite
// positions in range, distances positive, real positions inside the allowed
// ranges.
func (l *Layout) Validate() error {
	if len(l.Channels) == 0 {
		return fmt.Errorf("layout %q has no channels", l.Name)
	}
	if len(l.Channels) > MaxChannels {
		return fmt.Errorf("layout %q has %d channels; at most %d are supported", l.Name, len(l.Channels), MaxChannels)
	}
	seen := map[string]bool{}
	for i, c := range l.Channels {
		where := fmt.Sprintf("layout %q channel %d (%s)", l.Name, i+1, c.Label)
		if c.Label == "" {
			return fmt.Errorf("layout %q channel %d: label is empty", l.Name, i+1)
		}
		if seen[c.Label] {
			return fmt.Errorf("%s: label used twice", where)
		}
		seen[c.Label] = true
		for _, v := range []float64{c.Azimuth, c.Elevation, c.Distance, c.NominalAzimuth, c.NominalElevation} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s: position is not a finite number", where)
			}
		}
		if c.LFE {
			continue
		}
		if c.Azimuth < -180 || c.Azimuth > 180 {
			return fmt.Errorf("%s: azimuth %g is outside [-180, 180]", where, c.Azimuth)
		}
		if c.Elevation < -90 || c.Elevation > 90 {
			return fmt.Errorf("%s: elevation %g is outside [-90, 90]", where, c.Elevation)
		}
		if c.Distance <= 0 {
			return fmt.Errorf("%s: distance %g must be positive", where, c.Distance)
		}
		if !inAzRange(c.Azimuth, c.AzimuthRange) {
			return fmt.Errorf("%s: azimuth %g is outside the range %g..%g that BS.2051 allows for it", where, c.Azimuth, c.AzimuthRange[0], c.AzimuthRange[1])
		}
		if c.Elevation < c.ElevationRange[0]-1e-9 || c.Elevation > c.ElevationRange[1]+1e-9 {
			return fmt.Errorf("%s: elevation %g is outside the range %g..%g that BS.2051 allows for it", where, c.Elevation, c.ElevationRange[0], c.ElevationRange[1])
		}
	}
	return nil
}

// inAzRange reports whether az lies in the range r (anticlockwise from r[0]
// to r[1]), within a small tolerance; ±180 are the same direction.
func inAzRange(az float64, r [2]float64) bool {
	const tol = 1e-9
	if r[0] == r[1] {
		d := math.Abs(geom.WrapAzimuth(az - r[0]))
		return d <= tol
	}
	lo, hi := r[0], r[1]
	for hi < lo {
		hi += 360
	}
	for az < lo-tol {
		az += 360
	}
	for az-360 >= lo-tol {
		az -= 360
	}
	return az <= hi+tol
}

// MaxChannels is the largest layout the panner and engine support.
const MaxChannels = 64
