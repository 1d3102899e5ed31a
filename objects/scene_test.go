package objects

import (
	"errors"
	"math"
	"strings"
	"testing"

	"immerse/geom"
)

const goodScene = `{
  "sampleRate": 48000,
  "objects": [
    {"name": "heli", "file": "stems/heli.wav", "start": 12.5, "gain": -3.0, "headLocked": false,
     "positions": [
       {"time": 0.0, "azimuth": 30, "elevation": 0},
       {"time": 4.0, "azimuth": -110, "elevation": 30, "distance": 1.0},
       {"time": 6.0, "x": 0.0, "y": 1.0, "z": 0.5, "jump": true},
       {"time": 7.0, "azimuth": 0, "elevation": 90, "gain": -6.0}
     ]}
  ],
  "beds": [{"name": "music", "file": "stems/music_712.wav", "layout": "7.1.2", "gain": 0.0}]
}`

func TestParseGood(t *testing.T) {
	s, err := Parse([]byte(goodScene), "scene.json")
	if err != nil {
		t.Fatal(err)
	}
	o := s.Objects[0]
	if s.SampleRate != 48000 || o.Name != "heli" || o.Start != 12.5 || o.Gain != -3 || len(o.Positions) != 4 {
		t.Errorf("parsed %+v", s)
	}
	if !o.Positions[2].Jump || !o.Positions[2].Cartesian() || *o.Positions[3].Gain != -6 {
		t.Errorf("keyframes %+v", o.Positions)
	}
	if s.Beds[0].Layout != "7.1.2" {
		t.Errorf("bed %+v", s.Beds[0])
	}
	// The same scene in YAML parses to the same values.
	y := `
sampleRate: 48000
objects:
  - name: heli
    file: stems/heli.wav
    start: 12.5
    gain: -3
    positions:
      - {time: 0, azimuth: 30, elevation: 0}
      - {time: 4, azimuth: -110, elevation: 30, distance: 1}
      - {time: 6, x: 0, y: 1, z: 0.5, jump: true}
      - {time: 7, azimuth: 0, elevation: 90, gain: -6}
beds:
  - {name: music, file: stems/music_712.wav, layout: "7.1.2", gain: 0}
`
	sy, err := Parse([]byte(y), "scene.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sy.Objects[0].Positions[2].Z == nil || *sy.Objects[0].Positions[2].Z != 0.5 || sy.Beds[0].Name != "music" {
		t.Errorf("yaml parsed %+v", sy)
	}
}

// Each bad input produces its own, precise message.
func TestParseErrors(t *testing.T) {
	obj := func(body string) string {
		return `{"objects": [{"name": "heli", "file": "h.wav", ` + body + `}]}`
	}
	kf := func(keys string) string { return obj(`"positions": [` + keys + `]`) }
	cases := []struct{ doc, want string }{
		{`{"objects": [], "beds": []}`, "scene.json: the scene has no objects and no beds"},
		{`{"sampleRate": 100}`, "sampleRate 100 is too low"},
		{`{"sampleRate": 44100.5}`, `field "sampleRate": want a whole number`},
		{`{"objectz": []}`, `top level: unknown field "objectz" (did you mean "objects"?)`},
		{`{"objects": [{"file": "a.wav", "positions": []}]}`, `object 1: field "name" is missing`},
		{obj(`"positions": [{"time": 0, "azimuth": 0, "elevation": 0}], "gian": 1`), `object "heli": unknown field "gian" (did you mean "gain"?)`},
		{obj(`"positions": []`), `object "heli": "positions" is empty`},
		{obj(`"headLocked": 1, "positions": [{"time": 0, "azimuth": 0, "elevation": 0}]`), `object "heli": field "headLocked": want true or false`},
		{obj(`"gain": 30, "positions": [{"time": 0, "azimuth": 0, "elevation": 0}]`), `object "heli": field "gain": 30 dB is out of range`},
		{obj(`"start": -1, "positions": [{"time": 0, "azimuth": 0, "elevation": 0}]`), `field "start": -1 s must be 0 or later`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": 0}, {"time": 3, "azimuth": 0, "elevation": 0}, {"time": 2.5, "azimuth": 0, "elevation": 0}`),
			`object "heli" keyframe 3: time 2.5 s is before keyframe 2 at 3 s`},
		{kf(`{"time": 1, "azimuth": 0, "elevation": 0}, {"time": 1, "azimuth": 0, "elevation": 0}`), `keyframe 2: time 1 s equals keyframe 1's`},
		{kf(`{"azimuth": 0, "elevation": 0}`), `keyframe 1: field "time" is missing`},
		{kf(`{"time": 0, "azimuth": 200, "elevation": 0}`), `keyframe 1: field "azimuth": 200 is out of range`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": -91}`), `field "elevation": -91 is out of range`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": 0, "distance": 0}`), `field "distance": 0 is out of range`},
		{kf(`{"time": 0, "azimuth": 0}`), `keyframe 1: needs a position`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": 0, "x": 1}`), `mixes polar`},
		{kf(`{"time": 0, "x": 1, "y": 0}`), `needs all of x, y and z`},
		{kf(`{"time": 0, "x": 0, "y": 0, "z": 0}`), `at the listener has no direction`},
		{kf(`{"time": 0, "azimuth": "left", "elevation": 0}`), `keyframe 1: field "azimuth": want a number, found the string "left"`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": 0, "jmp": true}`), `unknown field "jmp" (did you mean "jump"?)`},
		{kf(`{"time": 0, "azimuth": 0, "elevation": 0, "jump": "yes"}`), `field "jump": want true or false`},
		{`{"beds": [{"name": "m", "file": "m.wav", "layout": "7.2.4"}]}`, `bed "m": field "layout": speakers: unknown layout "7.2.4"`},
		{`{"beds": [{"name": "m", "file": "m.wav"}]}`, `bed 1: field "layout" is missing`},
		{`{"beds": [{"name": "m", "file": "m.wav", "layout": "5.1"}, {"name": "m", "file": "n.wav", "layout": "5.1"}]}`, `bed "m": the name is already used`},
		{`{"objects": [1]}`, `object 1: want an object with named fields, found the number 1`},
		{`{"objects": [ }`, `line 1 column`},
		{"objects: [name: x\n", `scene.json`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc), "scene.json")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "objects: scene.json: ") {
			t.Errorf("%s\n  error: %v\n  want it to contain %q", c.doc, err, c.want)
		}
	}
}

func TestTrajectory(t *testing.T) {
	s, err := Parse([]byte(goodScene), "scene.json")
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Objects[0].Trajectory(1000) // 1 kHz keeps sample indices readable
	near := func(v geom.Vec, az, el float64) bool {
		return v.Angle(geom.Cart(az, el, 1)) < 1e-9
	}
	// Holds the first keyframe before it (none before 0 here) and at it.
	if st := tr.At(0); !near(st.Dir, 30, 0) || st.Distance != 1 {
		t.Errorf("t=0: %+v", st)
	}
	// Halfway along the great circle from (30,0) to (-110,30).
	a, b := geom.Cart(30, 0, 1), geom.Cart(-110, 30, 1)
	if st := tr.At(2000); st.Dir.Angle(geom.Slerp(a, b, 0.5)) > 1e-9 || math.Abs(st.Dir.Angle(a)-st.Dir.Angle(b)) > 1e-9 {
		t.Errorf("t=2: %+v", st.Dir.Polar())
	}
	// Jump: holds keyframe 2 until 6 s, then (0,1,0.5).
	if st := tr.At(5999); !near(st.Dir, -110, 30) {
		t.Errorf("t=5.999 moved before the jump: %+v", st.Dir.Polar())
	}
	jump := geom.Vec{0, 1, 0.5}
	if st := tr.At(6000); st.Dir.Angle(jump) > 1e-9 || math.Abs(st.Distance-jump.Norm()) > 1e-12 {
		t.Errorf("t=6: %+v", st)
	}
	// Distance moves linearly to keyframe 4's 1.0.
	if st := tr.At(6500); math.Abs(st.Distance-(jump.Norm()+1)/2) > 1e-12 {
		t.Errorf("t=6.5 distance %v", st.Distance)
	}
	// After the last keyframe: holds it. Gain: one point, -6 dB throughout.
	if st := tr.At(100000); !near(st.Dir, 0, 90) || st.GainDB != -6 {
		t.Errorf("t=100: %+v", st)
	}
}

func TestGainAutomation(t *testing.T) {
	doc := `{"objects": [{"name": "a", "file": "a.wav", "positions": [
		{"time": 1, "azimuth": 0, "elevation": 0, "gain": 0},
		{"time": 2, "azimuth": 0, "elevation": 0},
		{"time": 3, "azimuth": 0, "elevation": 0, "gain": -12},
		{"time": 4, "azimuth": 0, "elevation": 0, "gain": 6, "jump": true}]}]}`
	s, err := Parse([]byte(doc), "g.json")
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Objects[0].Trajectory(100)
	for _, c := range []struct {
		n    int64
		want float64
	}{{0, 0}, {100, 0}, {150, -3}, {200, -6}, {300, -12}, {399, -12}, {400, 6}, {1000, 6}} {
		if g := tr.At(c.n).GainDB; math.Abs(g-c.want) > 1e-12 {
			t.Errorf("gain at sample %d = %v dB, want %v", c.n, g, c.want)
		}
	}
}

func TestCheckStems(t *testing.T) {
	s, err := Parse([]byte(goodScene), "scene.json")
	if err != nil {
		t.Fatal(err)
	}
	s.Dir = "/proj"
	stems := map[string]StemInfo{
		"/proj/stems/heli.wav":      {Channels: 1, SampleRate: 48000, Frames: 48000},
		"/proj/stems/music_712.wav": {Channels: 10, SampleRate: 48000, Frames: 96000 * 10},
	}
	stat := func(p string) (StemInfo, error) {
		if i, ok := stems[p]; ok {
			return i, nil
		}
		return StemInfo{}, errors.New("no such file")
	}
	tl, err := s.CheckStems(stat)
	if err != nil {
		t.Fatal(err)
	}
	// heli starts at 12.5 s and lasts 1 s: 13.5 s > the bed's 20 s? no: bed is 20 s.
	if tl.SampleRate != 48000 || tl.Frames != 960000 {
		t.Errorf("timeline %+v", tl)
	}
	stems["/proj/stems/heli.wav"] = StemInfo{Channels: 1, SampleRate: 48000, Frames: 48000 * 10}
	if tl, _ := s.CheckStems(stat); tl.Frames != 48000*12.5+480000 {
		t.Errorf("length with a late object: %d", tl.Frames)
	}
	bad := []struct {
		key  string
		info StemInfo
		want string
	}{
		{"/proj/stems/heli.wav", StemInfo{Channels: 2, SampleRate: 48000}, `object "heli": stem "stems/heli.wav" has 2 channels; objects take mono stems`},
		{"/proj/stems/heli.wav", StemInfo{Channels: 1, SampleRate: 44100}, `is 44100 Hz but the scene's sampleRate is 48000 Hz`},
		{"/proj/stems/music_712.wav", StemInfo{Channels: 12, SampleRate: 48000}, `bed "music": stem "stems/music_712.wav" has 12 channels but layout 7.1.2 has 10`},
		{"/proj/stems/heli.wav", StemInfo{}, `object "heli": stem "stems/heli.wav": no such file`},
	}
	for _, b := range bad {
		old := stems[b.key]
		if b.info.Channels == 0 {
			delete(stems, b.key)
		} else {
			stems[b.key] = b.info
		}
		_, err := s.CheckStems(stat)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("error %v, want %q", err, b.want)
		}
		stems[b.key] = old
	}
	// Without a scene rate, the first stem sets it and a disagreeing one is named.
	s.SampleRate = 0
	stems["/proj/stems/music_712.wav"] = StemInfo{Channels: 10, SampleRate: 44100}
	_, err = s.CheckStems(stat)
	if err == nil || !strings.Contains(err.Error(), `object "heli" (stems/heli.wav) is 48000 Hz`) {
		t.Errorf("rate mismatch error %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodScene))
	f.Add([]byte("objects:\n  - name: a\n    file: a.wav\n    positions: [{time: 0, azimuth: 0, elevation: 0}]\n"))
	f.Add([]byte(`{"objects": [{"name": "a", "file": "a", "positions": [{"time": 0, "x": 1e308, "y": 1e308, "z": 1e308}]}]}`))
	f.Add([]byte(`{"beds": [{"name": "b", "file": "b", "layout": "x.yaml"}]}`))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte(metaScene))
	f.Add([]byte(metaSceneYAML))
	f.Add([]byte(`{"objects": [{"name": "a", "file": "a", "positions": [{"time": 0, "azimuth": 0, "elevation": 0, "channelLock": {"maxDistance": 2}, "zoneExclusion": [{"minX": -1, "maxX": 1, "minY": -1, "maxY": 1, "minZ": -1, "maxZ": 1}], "divergence": {"value": 1, "azimuthRange": 180}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "objects: fuzz.json: ") {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		// A valid scene must evaluate without NaNs.
		for i := range s.Objects {
			tr := s.Objects[i].Trajectory(48000)
			for _, n := range []int64{0, 1, 48000, 1 << 40} {
				st := tr.At(n)
				if math.IsNaN(st.Dir[0]+st.Dir[1]+st.Dir[2]+st.Distance+st.GainDB) || math.Abs(st.Dir.Norm()-1) > 1e-9 {
					t.Fatalf("object %d at %d: %+v", i, n, st)
				}
				// Interpolated metadata stays within the ranges validated.
				if !(st.Width >= 0 && st.Width <= MaxExtent && st.Height >= 0 && st.Height <= MaxExtent &&
					st.Depth >= 0 && st.Depth <= MaxDepth && st.Diffuse >= 0 && st.Diffuse <= 1 &&
					st.Divergence.Value >= 0 && st.Divergence.Value <= 1 &&
					st.Divergence.AzimuthRange >= 0 && st.Divergence.AzimuthRange <= MaxAzimuthRange) {
					t.Fatalf("object %d at %d: metadata out of range %+v", i, n, st)
				}
			}
		}
	})
}
