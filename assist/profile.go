package assist

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"immerse/mixer"
)

//go:embed profiles/genres.yaml
var embeddedProfiles []byte

// StartingPoint is the source of a number chosen as a sensible default, to
// be tuned by ear, rather than taken from a publication.
const StartingPoint = "starting point"

// Num is a number of a profile with its source: in YAML [value, "source"]
// (the embedded profiles always cite one: a key of References with a
// note, or StartingPoint) or a plain number (user profiles).
type Num struct {
	Value  float64 `json:"value"`
	Source string  `json:"source,omitempty"`
}

// UnmarshalYAML reads 3 or [3, "source"].
func (n *Num) UnmarshalYAML(node *yaml.Node) error {
	switch node.Kind {
	case yaml.ScalarNode:
		return node.Decode(&n.Value)
	case yaml.SequenceNode:
		if len(node.Content) != 2 || node.Content[0].Kind != yaml.ScalarNode || node.Content[1].Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: want a number or [number, \"source\"]", node.Line)
		}
		if err := node.Content[0].Decode(&n.Value); err != nil {
			return fmt.Errorf("line %d: %w", node.Line, err)
		}
		return node.Content[1].Decode(&n.Source)
	}
	return fmt.Errorf("line %d: want a number or [number, \"source\"]", node.Line)
}

// Span is a frequency range with its source: [low, high, "source"].
type Span struct {
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	Source string  `json:"source,omitempty"`
}

// UnmarshalYAML reads [low, high] or [low, high, "source"].
func (s *Span) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.SequenceNode || len(node.Content) < 2 || len(node.Content) > 3 {
		return fmt.Errorf("line %d: want [low_hz, high_hz] or [low_hz, high_hz, \"source\"]", node.Line)
	}
	if err := node.Content[0].Decode(&s.Low); err != nil {
		return fmt.Errorf("line %d: %w", node.Line, err)
	}
	if err := node.Content[1].Decode(&s.High); err != nil {
		return fmt.Errorf("line %d: %w", node.Line, err)
	}
	if len(node.Content) == 3 {
		return node.Content[2].Decode(&s.Source)
	}
	return nil
}

// Profiles are the genre profiles with what they share: the references
// they cite, the assistant's settings and what each role is.
type Profiles struct {
	// References maps a citation key (PR2014) to the publication.
	References map[string]string `yaml:"references" json:"references"`
	// Settings are the thresholds and limits of the suggestions.
	Settings Settings `yaml:"settings" json:"settings"`
	// Roles describe each track role (mixer.Roles), whatever the genre.
	Roles map[string]*Role `yaml:"roles" json:"roles"`
	// Genres in listing order.
	Genres []*Genre `yaml:"genres" json:"genres"`
}

// Settings are the assistant's thresholds and limits.
type Settings struct {
	HeadroomDB        Num `yaml:"headroomDB" json:"headroomDB"`
	HeadroomSlackDB   Num `yaml:"headroomSlackDB" json:"headroomSlackDB"`
	EQCutLimitDB      Num `yaml:"eqCutLimitDB" json:"eqCutLimitDB"`
	EQBoostLimitDB    Num `yaml:"eqBoostLimitDB" json:"eqBoostLimitDB"`
	EQMinMoveDB       Num `yaml:"eqMinMoveDB" json:"eqMinMoveDB"`
	RumbleDB          Num `yaml:"rumbleDB" json:"rumbleDB"`
	NoContentDB       Num `yaml:"noContentDB" json:"noContentDB"`
	MaskingMarginDB   Num `yaml:"maskingMarginDB" json:"maskingMarginDB"`
	MaskingFraction   Num `yaml:"maskingFraction" json:"maskingFraction"`
	MaskingCutDB      Num `yaml:"maskingCutDB" json:"maskingCutDB"`
	DuckDB            Num `yaml:"duckDB" json:"duckDB"`
	RelatedCorr       Num `yaml:"relatedCorrelation" json:"relatedCorrelation"`
	InvertCorr        Num `yaml:"invertCorrelation" json:"invertCorrelation"`
	AlignMinMs        Num `yaml:"alignMinMs" json:"alignMinMs"`
	SpreadToleranceDB Num `yaml:"spreadToleranceDB" json:"spreadToleranceDB"`
	ReverbToleranceLU Num `yaml:"reverbToleranceLU" json:"reverbToleranceLU"`
	CentreMaxPan      Num `yaml:"centreMaxPan" json:"centreMaxPan"`
	TranslationLossLU Num `yaml:"translationLossLU" json:"translationLossLU"`
	PLRFloorDB        Num `yaml:"plrFloorDB" json:"plrFloorDB"`
}

// Role is what the assistant knows of a kind of track.
type Role struct {
	// Priority decides masking conflicts: the lower-priority track gets
	// the cut or the ducking.
	Priority Num `yaml:"priority" json:"priority"`
	// LowHz is the lowest useful frequency: energy below it is rumble
	// (a high-pass there fixes it).
	LowHz Num `yaml:"lowHz" json:"lowHz"`
	// Centre: the track stays in the centre (kick, bass, lead vocal).
	Centre bool `yaml:"centre" json:"centre"`
	// KeyBands are where the track must stay audible: the masking check
	// looks there.
	KeyBands []Span `yaml:"keyBands" json:"keyBands"`
	// BodyBands are where its natural body and resonances live: never
	// called mud or harshness.
	BodyBands []Span `yaml:"bodyBands" json:"bodyBands"`
	// MudDB and HarshDB are the bumps (dB over the spectrum's local
	// median) tolerated in 200–500 Hz and 2–5 kHz.
	MudDB   Num `yaml:"mudDB" json:"mudDB"`
	HarshDB Num `yaml:"harshDB" json:"harshDB"`
	// AirDB, when set, is the expected level of 10–16 kHz relative to
	// 2–5 kHz (dB); a track short of it by more than the genre's
	// allowance is dull.
	AirDB *Num `yaml:"airDB" json:"airDB,omitempty"`
	// CrestFloorDB: a crest factor (sample peak over RMS) below it warns
	// of over-compression.
	CrestFloorDB Num `yaml:"crestFloorDB" json:"crestFloorDB"`
	// AttackMs and ReleaseMs of a compressor suggested for the role.
	AttackMs  Num `yaml:"attackMs" json:"attackMs"`
	ReleaseMs Num `yaml:"releaseMs" json:"releaseMs"`
	// LowEnd: the role's job is the low end (bass, kick): the
	// translation check flags it when small speakers lose it.
	LowEnd bool `yaml:"lowEnd" json:"lowEnd"`
}

// Genre is one genre profile: what it changes.
type Genre struct {
	Name string `yaml:"name" json:"name"`
	Doc  string `yaml:"doc" json:"doc"`
	// Focus is the role the balance is measured against (default
	// lead-vocal); --focus picks a track instead.
	Focus string `yaml:"focus" json:"focus"`
	// FocusOverRestLU is the focus track's loudness over the rest of the
	// mix, measured where they play together.
	FocusOverRestLU Num `yaml:"focusOverRestLU" json:"focusOverRestLU"`
	// BalanceToleranceLU: fader moves smaller than this are not made.
	BalanceToleranceLU Num `yaml:"balanceToleranceLU" json:"balanceToleranceLU"`
	// Shares are the roles' loudness shares of the rest of the mix, in
	// dB relative to one another ("default" for roles not listed; 0 for
	// all is the equal-loudness balance of PG2009).
	Shares map[string]Num `yaml:"shares" json:"shares"`
	// Spread is the largest level spread (95th minus 50th percentile of
	// the 85 ms RMS levels, dB) a role keeps before a compressor is
	// suggested ("default" for roles not listed).
	Spread map[string]Num `yaml:"spread" json:"spread"`
	// Reverb is the reverb return each role gets, LU relative to its dry
	// signal ("default"; a role not listed with no default gets none).
	Reverb map[string]Num `yaml:"reverbLU" json:"reverbLU"`
	// Delay is the delay return each role gets (LU relative to its dry
	// signal) on the session's delay buses; the assistant creates none.
	Delay map[string]Num `yaml:"delayLU" json:"delayLU"`
	// ReverbDecayS is the decay of a reverb bus the assistant creates.
	ReverbDecayS Num `yaml:"reverbDecayS" json:"reverbDecayS"`
	// CreateReverb: add a reverb bus when the session has none.
	CreateReverb bool `yaml:"createReverb" json:"createReverb"`
	// MudAdjustDB, HarshAdjustDB and AirAdjustDB shift the roles'
	// allowances (negative: stricter).
	MudAdjustDB   Num `yaml:"mudAdjustDB" json:"mudAdjustDB"`
	HarshAdjustDB Num `yaml:"harshAdjustDB" json:"harshAdjustDB"`
	AirAdjustDB   Num `yaml:"airAdjustDB" json:"airAdjustDB"`
	// AirAllowanceDB is how far below its AirDB a track may sit.
	AirAllowanceDB Num `yaml:"airAllowanceDB" json:"airAllowanceDB"`
	// SidechainKickBass: kick/bass masking is fixed by ducking the bass
	// under the kick rather than by a complementary cut.
	SidechainKickBass bool `yaml:"sidechainKickBass" json:"sidechainKickBass"`
	// PanSpread is where stacked same-role tracks are spread to (±).
	PanSpread Num `yaml:"panSpread" json:"panSpread"`
}

// DefaultProfiles returns the embedded genre profiles.
func DefaultProfiles() *Profiles {
	p, err := ParseProfiles(embeddedProfiles, "genres.yaml")
	if err != nil {
		panic("assist: the embedded profiles do not parse: " + err.Error())
	}
	return p
}

// maxProfileBytes bounds a profile file.
const maxProfileBytes = 1 << 20

// LoadProfiles reads a user's profile file: its genres are added to the
// embedded ones (replacing genres of the same name); the sections it
// leaves out (settings, roles, references) are the embedded ones.
func LoadProfiles(path string) (*Profiles, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("assist: profile: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProfileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("assist: profile %s: %w", path, err)
	}
	if len(data) > maxProfileBytes {
		return nil, fmt.Errorf("assist: profile %s: larger than %d bytes; a profile is a short YAML file", path, maxProfileBytes)
	}
	user, err := ParseProfiles(data, path)
	if err != nil {
		return nil, err
	}
	return DefaultProfiles().merge(user, path)
}

// ParseProfiles decodes and checks a profile file; name locates it in
// messages. Sections it leaves out stay empty (LoadProfiles fills them).
func ParseProfiles(data []byte, name string) (*Profiles, error) {
	var p Profiles
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("assist: profile %s: empty file; see `immerse genres --yaml` for the format", name)
		}
		return nil, fmt.Errorf("assist: profile %s: %w", name, err)
	}
	if err := p.check(name, false); err != nil {
		return nil, err
	}
	return &p, nil
}

// merge returns p with user's genres (and any section user gives).
func (p *Profiles) merge(user *Profiles, name string) (*Profiles, error) {
	out := *p
	if user.References != nil {
		out.References = user.References
	}
	if user.Settings != (Settings{}) {
		out.Settings = user.Settings
	}
	if user.Roles != nil {
		out.Roles = map[string]*Role{}
		for k, v := range p.Roles {
			out.Roles[k] = v
		}
		for k, v := range user.Roles {
			out.Roles[k] = v
		}
	}
	out.Genres = slices.Clone(p.Genres)
	for _, g := range user.Genres {
		if i := slices.IndexFunc(out.Genres, func(x *Genre) bool { return x.Name == g.Name }); i >= 0 {
			out.Genres[i] = g
		} else {
			out.Genres = append(out.Genres, g)
		}
	}
	if err := out.check(name, true); err != nil {
		return nil, err
	}
	return &out, nil
}

// Genre returns the genre named name (case-insensitive) or an error
// listing the genres.
func (p *Profiles) Genre(name string) (*Genre, error) {
	for _, g := range p.Genres {
		if strings.EqualFold(g.Name, name) {
			return g, nil
		}
	}
	return nil, fmt.Errorf("assist: unknown genre %q; use one of %s (see `immerse genres`), or give your own with --profile", name, strings.Join(p.GenreNames(), ", "))
}

// GenreNames lists the genres in order.
func (p *Profiles) GenreNames() []string {
	var n []string
	for _, g := range p.Genres {
		n = append(n, g.Name)
	}
	return n
}

// Role returns the role's profile ("other" for unknown roles).
func (p *Profiles) Role(name string) *Role {
	if r, ok := p.Roles[name]; ok {
		return r
	}
	return p.Roles["other"]
}

// lookup returns m[role], or m["default"], and whether either exists.
func lookup(m map[string]Num, role string) (Num, bool) {
	if v, ok := m[role]; ok {
		return v, true
	}
	v, ok := m["default"]
	return v, ok
}

// check validates a profile; complete asks for every section.
func (p *Profiles) check(name string, complete bool) error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("assist: profile %s: %s", name, fmt.Sprintf(format, a...))
	}
	if complete {
		if len(p.Roles) == 0 || len(p.Genres) == 0 || p.Settings == (Settings{}) {
			return fail("needs settings, roles and genres")
		}
		if _, ok := p.Roles["other"]; !ok {
			return fail("roles: role \"other\" is missing (it describes tracks of unknown role)")
		}
	}
	for _, r := range sortedKeys(p.Roles) {
		if !slices.Contains(mixer.Roles, r) {
			return fail("roles: unknown role %q; roles are %s", r, strings.Join(mixer.Roles, ", "))
		}
		ro := p.Roles[r]
		if ro == nil {
			return fail("role %q is empty", r)
		}
		if ro.LowHz.Value < 0 || ro.LowHz.Value > 2000 || !finite(ro.Priority.Value) {
			return fail("role %q: lowHz %g Hz out of range 0 .. 2000", r, ro.LowHz.Value)
		}
		for _, s := range append(slices.Clone(ro.KeyBands), ro.BodyBands...) {
			if !(s.Low > 0 && s.High > s.Low && s.High <= 24000) {
				return fail("role %q: key band [%g, %g] Hz: want 0 < low < high <= 24000", r, s.Low, s.High)
			}
		}
	}
	seen := map[string]bool{}
	for i, g := range p.Genres {
		if g == nil || g.Name == "" {
			return fail("genre %d has no name", i+1)
		}
		if seen[strings.ToLower(g.Name)] {
			return fail("genre %q is defined twice", g.Name)
		}
		seen[strings.ToLower(g.Name)] = true
		if g.Focus != "" && !slices.Contains(mixer.Roles, g.Focus) {
			return fail("genre %q: focus: unknown role %q", g.Name, g.Focus)
		}
		for _, m := range []map[string]Num{g.Shares, g.Spread, g.Reverb, g.Delay} {
			for _, k := range sortedKeys(m) {
				if k != "default" && !slices.Contains(mixer.Roles, k) {
					return fail("genre %q: unknown role %q (roles are %s, or \"default\")", g.Name, k, strings.Join(mixer.Roles, ", "))
				}
				if v := m[k].Value; !finite(v) || math.Abs(v) > 60 {
					return fail("genre %q: role %q: %g is out of range -60 .. 60", g.Name, k, v)
				}
			}
		}
		if t := g.BalanceToleranceLU.Value; !(t >= 0 && t <= 20) {
			return fail("genre %q: balanceToleranceLU %g: want 0 .. 20", g.Name, t)
		}
		if d := g.ReverbDecayS.Value; g.CreateReverb && !(d >= 0.1 && d <= 20) {
			return fail("genre %q: reverbDecayS %g s: want 0.1 .. 20", g.Name, d)
		}
		if s := g.PanSpread.Value; !(s >= 0 && s <= 1) {
			return fail("genre %q: panSpread %g: want 0 .. 1", g.Name, s)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// EmbeddedProfiles returns the built-in profile file (YAML, with its
// comments): the format of a user's own profile.
func EmbeddedProfiles() []byte { return append([]byte(nil), embeddedProfiles...) }
