package adm

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"immerse/gaincalc"
	"immerse/objects"
)

// metaScene uses every BS.2076 metadata field: a static object, and a
// moving one whose extent, diffuse and divergence glide, whose lock and
// zones step at gliding keyframes, and which jumps.
func metaScene() *objects.Scene {
	f := objects.F
	back := []objects.Zone{objects.PolarZone(100, -100, -90, 90), objects.BoxZone(-1, 1, -1, -0.5, 0.5, 1)}
	top := []objects.Zone{objects.PolarZone(-180, 180, 30, 90)}
	none := []objects.Zone{}
	return &objects.Scene{SampleRate: 48000, Objects: []objects.Object{
		{Name: "pad", File: "pad.wav", Gain: -4, Positions: []objects.Keyframe{{
			Time: 0, Azimuth: f(20), Elevation: f(10), Width: f(40), Height: f(15), Depth: f(0.3), Diffuse: f(0.4),
			Divergence: &objects.Divergence{Value: 0.3, AzimuthRange: 25}, ZoneExclusion: &back,
		}}},
		{Name: "fly", File: "fly.wav", Positions: []objects.Keyframe{
			{Time: 0, Azimuth: f(0), Elevation: f(0), Width: f(10), Diffuse: f(0), Divergence: &objects.Divergence{Value: 0, AzimuthRange: 30},
				ChannelLock: &objects.ChannelLock{MaxDistance: f(0.4)}, ZoneExclusion: &top},
			{Time: 0.25, Azimuth: f(90), Elevation: f(20), Width: f(70), Height: f(30), Diffuse: f(0.5), Gain: f(-3),
				Divergence: &objects.Divergence{Value: 0.8, AzimuthRange: 60}, ChannelLock: &objects.ChannelLock{Off: true}, ZoneExclusion: &none},
			{Time: 0.5, Azimuth: f(-60), Elevation: f(0), Distance: f(2), Width: f(0), Height: f(0), Depth: f(0.5), Diffuse: f(0.2),
				Divergence: &objects.Divergence{Value: 0, AzimuthRange: 30}, ChannelLock: &objects.ChannelLock{}, Jump: true},
			{Time: 0.75, X: f(0.5), Y: f(0.5), Z: f(0.2), Depth: f(0), Diffuse: f(0.9), ZoneExclusion: &back},
		}},
	}}
}

// stateEqual compares two states to within tol for the numbers; lock and
// zones by value.
func stateEqual(a, b objects.State, tol float64) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= tol }
	lock := func(l *objects.ChannelLock) string {
		if l == nil {
			return "off"
		}
		if l.MaxDistance == nil {
			return "on"
		}
		return fmt.Sprint(*l.MaxDistance)
	}
	return a.Dir.Sub(b.Dir).Norm() <= tol && near(a.Distance, b.Distance) && near(a.GainDB, b.GainDB) &&
		near(a.Width, b.Width) && near(a.Height, b.Height) && near(a.Depth, b.Depth) && near(a.Diffuse, b.Diffuse) &&
		near(a.Divergence.Value, b.Divergence.Value) && near(a.Divergence.AzimuthRange, b.Divergence.AzimuthRange) &&
		lock(a.ChannelLock) == lock(b.ChannelLock) &&
		len(a.ZoneExclusion) == len(b.ZoneExclusion) && (len(a.ZoneExclusion) == 0 || reflect.DeepEqual(a.ZoneExclusion, b.ZoneExclusion))
}

// scene -> ADM (through the XML bytes) -> scene keeps every metadata
// field: the trajectories agree at every sample, with no warnings.
func TestSceneRoundTripMetadata(t *testing.T) {
	s := metaScene()
	const frames = 48000
	e, err := FromScene(s, 48000, frames)
	if err != nil {
		t.Fatal(err)
	}
	chna, _ := e.Chna.Bytes()
	axml := e.Doc.MarshalAXML()
	for _, tag := range []string{"<width>", "<height>", "<depth>", "<diffuse>", `<objectDivergence azimuthRange="25">0.3</objectDivergence>`,
		`<channelLock maxDistance="0.4">1</channelLock>`, `<zone minAzimuth="100" maxAzimuth="-100" minElevation="-90" maxElevation="90"`,
		`<zone minX="-1" maxX="1" minY="-1" maxY="-0.5" minZ="0.5" maxZ="1"`} {
		if !strings.Contains(string(axml), tag) {
			t.Errorf("the axml lacks %s", tag)
		}
	}
	d, err := FromChunks(axml, chna)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back, _, warn := d.SceneOf(items, 48000, frames, func(i int, name string) string { return fmt.Sprintf("%d.wav", i) })
	if len(warn) != 0 {
		t.Errorf("warnings %v", warn)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	for i := range s.Objects {
		a, b := &s.Objects[i], &back.Objects[i]
		ta, tb := a.Trajectory(48000), b.Trajectory(48000)
		for n := int64(0); n < frames; n++ {
			if sa, sb := ta.At(n), tb.At(n); !stateEqual(sa, sb, 1e-9) {
				t.Fatalf("object %q at sample %d:\n%+v\ncame back as\n%+v", a.Name, n, sa, sb)
			}
		}
	}
	// The static object is one keyframe again.
	if k := back.Objects[0].Positions; len(k) != 1 || *k[0].Width != 40 || *k[0].Divergence != (objects.Divergence{Value: 0.3, AzimuthRange: 25}) {
		t.Errorf("static object came back as %+v", k)
	}
}

// ADM values outside the scene's ranges are fitted, with a warning; an
// azimuthRange missing from a divergence takes the default of the
// document's BS.2076 version.
func TestKeyframesFitMetadata(t *testing.T) {
	blk := keyBlock("00:00:00.00000", "00:00:01.00000", 0, false, nil, 1)
	ob := blk.Objects
	ob.Width, ob.Depth = 400, 1.5
	ob.Divergence = &gaincalc.Divergence{Value: 0.5}
	ob.ChannelLock = &gaincalc.ChannelLock{HasMaxDistance: true, MaxDistance: 3}
	ob.ZoneExclusion = []gaincalc.Zone{
		{MinAzimuth: -200, MaxAzimuth: 200, MinElevation: -100, MaxElevation: 100},
		{MinAzimuth: 0, MaxAzimuth: 10, MinElevation: 20, MaxElevation: 10},
		{Cartesian: true, MinX: -2, MaxX: 2, MinY: 0, MaxY: 3, MinZ: -1, MaxZ: 0},
	}
	for _, c := range []struct {
		version int
		rng     float64
	}{{0, 45}, {1, 45}, {2, 0}} {
		keys, dropped, fitted := Keyframes([]TimedBlock{blk}, 48000, nil, c.version)
		k := keys[0]
		if len(dropped) != 0 || *k.Width != 360 || *k.Depth != 1 || k.Divergence.AzimuthRange != c.rng || *k.ChannelLock.MaxDistance != 2 {
			t.Errorf("version %d: %+v divergence %+v lock %v, dropped %v", c.version, k, *k.Divergence, *k.ChannelLock.MaxDistance, dropped)
		}
		want := []objects.Zone{objects.PolarZone(160, -160, -90, 90), objects.BoxZone(-1, 1, 0, 1, -1, 0)}
		if !reflect.DeepEqual(*k.ZoneExclusion, want) {
			t.Errorf("zones %+v", *k.ZoneExclusion)
		}
		got := strings.Join(fitted, "; ")
		for _, w := range []string{"width clamped to 0..360", "depth clamped to 0..1", "channelLock maxDistance clamped to 0..2", "empty zones (a minimum above its maximum) left out"} {
			if !strings.Contains(got, w) {
				t.Errorf("fitted %q lacks %q", got, w)
			}
		}
		s := &objects.Scene{Objects: []objects.Object{{Name: "o", File: "o", Positions: keys}}}
		if err := s.Validate(); err != nil {
			t.Errorf("fitted keyframes do not validate: %v", err)
		}
	}
	// Divergence ranges fold into 0..180 without changing the images.
	ob.Divergence = &gaincalc.Divergence{Value: 0.5, HasAzimuthRange: true, AzimuthRange: -200}
	keys, _, _ := Keyframes([]TimedBlock{blk}, 48000, nil, 2)
	if r := keys[0].Divergence.AzimuthRange; r != 160 {
		t.Errorf("azimuthRange -200 folded to %g, want 160", r)
	}
	// Allocentric blocks: their extent (cube units) is dropped with a
	// warning, not read as degrees.
	ob.Cartesian, ob.Width = true, 0.5
	keys, dropped, _ := Keyframes([]TimedBlock{blk}, 48000, nil, 2)
	if keys[0].Width != nil || !strings.Contains(strings.Join(dropped, "; "), "extent of allocentric blocks") {
		t.Errorf("allocentric extent: width %v, dropped %v", keys[0].Width, dropped)
	}
}
