package gaincalc

import (
	"math"
	"testing"

	"immerse/speakers"
)

// refTol is the tolerance of the reference renderer's own tests.
const refTol = 1e-10

// knownDeviations lists reference cases we do not reproduce on purpose,
// by file and line, with the reason.
var knownDeviations = map[string]map[int]string{
	"9+10+3": {57: "T+000 is excluded; in exact arithmetic it is 1 from every upper-layer loudspeaker, " +
		"so its power goes to the nearest front/back distance (U+135, U-135); the reference renderer " +
		"orders the groups by last-bit rounding of numpy's sin/cos and picks U+180 (see TestZoneDownmixTopTie)"},
}

// checkCases runs every case through c and reports the worst difference.
func checkCases(t *testing.T, c *Calculator, cases []refCase, name string) {
	t.Helper()
	skip := knownDeviations[name]
	direct := make([]float64, c.Channels())
	diffuse := make([]float64, c.Channels())
	worst, failed := 0.0, 0
	for _, rc := range cases {
		if why, ok := skip[rc.line]; ok {
			t.Logf("%s line %d: known deviation: %s", name, rc.line, why)
			continue
		}
		if len(rc.direct) != c.Channels() {
			t.Fatalf("%s line %d: %d reference gains for %d channels", name, rc.line, len(rc.direct), c.Channels())
		}
		if err := c.Gains(direct, diffuse, rc.block, rc.extra); err != nil {
			t.Errorf("%s line %d: %v", name, rc.line, err)
			failed++
			continue
		}
		d := 0.0
		for i := range direct {
			d = math.Max(d, math.Abs(direct[i]-rc.direct[i]))
			d = math.Max(d, math.Abs(diffuse[i]-rc.diffuse[i]))
		}
		worst = math.Max(worst, d)
		if d > refTol {
			failed++
			if failed <= 5 {
				t.Errorf("%s line %d: max difference %.3g\n got direct  %v\nwant direct  %v\n got diffuse %v\nwant diffuse %v\ninput %s",
					name, rc.line, d, direct, rc.direct, diffuse, rc.diffuse, rc.raw)
			}
		}
	}
	t.Logf("%s: %d cases, %d outside %.0e, worst difference %.3g", name, len(cases), failed, refTol, worst)
}

func mustCalc(t testing.TB, layout string) *Calculator {
	t.Helper()
	l, err := speakers.Get(layout)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestReference4p5p0 runs the shared reference cases: random 4+5+0 blocks
// exercising every step, with the reference renderer's gains.
func TestReference4p5p0(t *testing.T) {
	cases := loadPairs(t, "testdata/inputs.jsonl", "testdata/outputs.jsonl")
	checkCases(t, mustCalc(t, "4+5+0"), cases, "4+5+0")
}

// realLayout returns a built-in layout with some loudspeakers moved to
// real positions (inside the BS.2051 ranges), as the generator did.
func realLayout(t testing.TB, name string, moves map[string][2]float64) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	for label, ae := range moves {
		i := l.Index(label)
		if i < 0 {
			t.Fatalf("%s has no %s", name, label)
		}
		l.Channels[i].Azimuth, l.Channels[i].Elevation = ae[0], ae[1]
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestReferenceOtherLayouts runs the cases generated with the reference
// renderer on other layouts, real loudspeaker positions and other
// reproduction screens (testdata/README.md says how).
func TestReferenceOtherLayouts(t *testing.T) {
	real470 := map[string][2]float64{
		"M+030": {35, 0}, "M-030": {-40, 0}, "M+090": {100, 0}, "M-090": {-95, 0},
		"M+135": {140, 0}, "M-135": {-125, 0}, "U+045": {40, 35}, "U-045": {-35, 40},
		"U+135": {120, 45}, "U-135": {-145, 32},
	}
	tests := []struct {
		file   string
		layout func(t *testing.T) *speakers.Layout
		opt    Options
	}{
		{file: "0+2+0"}, {file: "0+5+0"}, {file: "2+5+0"}, {file: "4+7+0"}, {file: "3+7+0"},
		{file: "4+5+1"}, {file: "9+10+3"}, {file: "4+9+0"},
		{file: "4+7+0_real", layout: func(t *testing.T) *speakers.Layout { return realLayout(t, "4+7+0", real470) }},
		{file: "4+9+0_sc45", layout: func(t *testing.T) *speakers.Layout {
			return realLayout(t, "4+9+0", map[string][2]float64{"M+SC": {45, 0}, "M-SC": {-45, 0}})
		}},
		{file: "4+5+0_noscreen", opt: Options{NoScreen: true}},
		{file: "4+5+0_polarscreen", opt: Options{Screen: &Screen{AspectRatio: 1.5, CentreAzimuth: 10, CentreElevation: 5, CentreDistance: 2, WidthAzimuth: 70}}},
		{file: "4+7+0_cartscreen", opt: Options{Screen: &Screen{Cartesian: true, AspectRatio: 1.6, CentreX: 0.1, CentreY: 0.9, CentreZ: 0.05, WidthX: 0.8}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var l *speakers.Layout
			if tc.layout != nil {
				l = tc.layout(t)
			} else {
				name := tc.file
				if i := len("4+5+0"); len(name) > i && name[i] == '_' {
					name = name[:i]
				}
				var err error
				if l, err = speakers.Get(name); err != nil {
					t.Fatal(err)
				}
			}
			c, err := NewWithOptions(l, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkCases(t, c, loadCombined(t, "testdata/cases_"+tc.file+".jsonl"), tc.file)
		})
	}
}
