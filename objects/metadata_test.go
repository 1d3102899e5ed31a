package objects

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// metaScene uses every BS.2076 metadata field, on several keyframes.
const metaScene = `{
  "objects": [
    {"name": "pad", "file": "pad.wav", "positions": [
      {"time": 0, "azimuth": 30, "elevation": 0, "width": 20, "height": 10, "depth": 0.2, "diffuse": 0.5,
       "divergence": {"value": 0.4, "azimuthRange": 30},
       "channelLock": {"maxDistance": 0.5},
       "zoneExclusion": [{"minAzimuth": 100, "maxAzimuth": -100, "minElevation": -90, "maxElevation": 90},
                         {"minX": -1, "maxX": 1, "minY": -1, "maxY": -0.5, "minZ": 0.5, "maxZ": 1}]},
      {"time": 1, "azimuth": 30, "elevation": 0, "width": 60, "diffuse": 0},
      {"time": 2, "azimuth": 30, "elevation": 0, "height": 30, "channelLock": false, "zoneExclusion": []},
      {"time": 3, "azimuth": 30, "elevation": 0, "width": 0, "jump": true, "channelLock": true,
       "divergence": {"value": 0, "azimuthRange": 90}}
    ]}
  ]
}`

const metaSceneYAML = `
objects:
  - name: pad
    file: pad.wav
    positions:
      - time: 0
        azimuth: 30
        elevation: 0
        width: 20
        height: 10
        depth: 0.2
        diffuse: 0.5
        divergence: {value: 0.4, azimuthRange: 30}
        channelLock: {maxDistance: 0.5}
        zoneExclusion:
          - {minAzimuth: 100, maxAzimuth: -100, minElevation: -90, maxElevation: 90}
          - {minX: -1, maxX: 1, minY: -1, maxY: -0.5, minZ: 0.5, maxZ: 1}
      - {time: 1, azimuth: 30, elevation: 0, width: 60, diffuse: 0}
      - {time: 2, azimuth: 30, elevation: 0, height: 30, channelLock: false, zoneExclusion: []}
      - {time: 3, azimuth: 30, elevation: 0, width: 0, jump: true, channelLock: true, divergence: {value: 0, azimuthRange: 90}}
`

func TestParseMetadata(t *testing.T) {
	s, err := Parse([]byte(metaScene), "meta.json")
	if err != nil {
		t.Fatal(err)
	}
	k := s.Objects[0].Positions
	if *k[0].Width != 20 || *k[0].Height != 10 || *k[0].Depth != 0.2 || *k[0].Diffuse != 0.5 {
		t.Errorf("extent/diffuse %+v", k[0])
	}
	if *k[0].Divergence != (Divergence{0.4, 30}) || *k[0].ChannelLock.MaxDistance != 0.5 || k[0].ChannelLock.Off {
		t.Errorf("divergence/lock %+v %+v", *k[0].Divergence, *k[0].ChannelLock)
	}
	wantZones := []Zone{PolarZone(100, -100, -90, 90), BoxZone(-1, 1, -1, -0.5, 0.5, 1)}
	if !reflect.DeepEqual(*k[0].ZoneExclusion, wantZones) {
		t.Errorf("zones %+v", *k[0].ZoneExclusion)
	}
	if k[1].Height != nil || k[1].ChannelLock != nil || k[1].ZoneExclusion != nil {
		t.Errorf("keyframe 2 has fields it does not give: %+v", k[1])
	}
	if !k[2].ChannelLock.Off || k[2].ZoneExclusion == nil || len(*k[2].ZoneExclusion) != 0 {
		t.Errorf("keyframe 3: lock %+v zones %v", k[2].ChannelLock, k[2].ZoneExclusion)
	}
	if c := k[3].ChannelLock; c.Off || c.MaxDistance != nil {
		t.Errorf("keyframe 4: lock %+v", c)
	}
	if !s.Objects[0].Extended() || !s.Objects[0].HasDiffuse() {
		t.Error("Extended/HasDiffuse false")
	}
	// YAML gives the same scene.
	y, err := Parse([]byte(metaSceneYAML), "meta.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y.Source = s.Source
	if !reflect.DeepEqual(s, y) {
		t.Errorf("YAML parsed differently:\n%+v\n%+v", s.Objects[0].Positions, y.Objects[0].Positions)
	}
	// Written back (JSON and YAML, as adm to-scene writes scenes) and
	// parsed again: the same scene.
	for _, enc := range []struct {
		name string
		fn   func(any) ([]byte, error)
	}{{"json", json.Marshal}, {"yaml", yaml.Marshal}} {
		data, err := enc.fn(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(data, "back."+enc.name)
		if err != nil {
			t.Fatalf("%s: %v\n%s", enc.name, err, data)
		}
		back.Source = s.Source
		if !reflect.DeepEqual(s, back) {
			t.Errorf("%s round trip differs:\n%s", enc.name, data)
		}
	}
	plain, _ := Parse([]byte(goodScene), "scene.json")
	if plain.Objects[0].Extended() || plain.Objects[0].HasDiffuse() {
		t.Error("a plain object reports metadata")
	}
}

// Numbers glide between the keyframes that give them (and hold until a
// jump, where they step); channelLock and zoneExclusion step at the keyframes that give
// them. Worked out by hand at 1 kHz.
func TestMetadataLanes(t *testing.T) {
	s, err := Parse([]byte(metaScene), "meta.json")
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Objects[0].Trajectory(1000)
	cases := []struct {
		n                            int64
		width, height, diffuse, divV float64
		divR                         float64
		lock                         string // "0.5", "off" or "on"
		zones                        int
	}{
		{0, 20, 10, 0.5, 0.4, 30, "0.5", 2},
		{500, 40, 15, 0.25, 0.4, 30, "0.5", 2},
		{1000, 60, 20, 0, 0.4, 30, "0.5", 2},
		// Keyframe 4 jumps: width and divergence hold until it.
		{1999, 60, 10 + 20*1999.0/2000, 0, 0.4, 30, "0.5", 2},
		{2000, 60, 30, 0, 0.4, 30, "off", 0},
		{2999, 60, 30, 0, 0.4, 30, "off", 0},
		{3000, 0, 30, 0, 0, 90, "on", 0},
		{9000, 0, 30, 0, 0, 90, "on", 0},
	}
	for _, c := range cases {
		st := tr.At(c.n)
		for _, f := range []struct {
			name      string
			got, want float64
		}{{"width", st.Width, c.width}, {"height", st.Height, c.height}, {"diffuse", st.Diffuse, c.diffuse},
			{"divergence", st.Divergence.Value, c.divV}, {"azimuthRange", st.Divergence.AzimuthRange, c.divR},
			{"depth", st.Depth, 0.2}} {
			if math.Abs(f.got-f.want) > 1e-12 {
				t.Errorf("sample %d: %s %v, want %v", c.n, f.name, f.got, f.want)
			}
		}
		lock := "off"
		if st.ChannelLock != nil {
			lock = "on"
			if st.ChannelLock.MaxDistance != nil {
				lock = "0.5"
			}
		}
		if lock != c.lock || len(st.ZoneExclusion) != c.zones {
			t.Errorf("sample %d: lock %s zones %d, want %s and %d", c.n, lock, len(st.ZoneExclusion), c.lock, c.zones)
		}
	}
	// A plain object's state has no metadata.
	plain, _ := Parse([]byte(goodScene), "scene.json")
	st := plain.Objects[0].Trajectory(1000).At(500)
	if st.Width != 0 || st.Diffuse != 0 || st.Divergence != (Divergence{}) || st.ChannelLock != nil || st.ZoneExclusion != nil {
		t.Errorf("plain state %+v", st)
	}
}

// Each bad metadata value gets its own message, naming the keyframe and
// the field.
func TestParseMetadataErrors(t *testing.T) {
	kf := func(fields string) string {
		return `{"objects": [{"name": "o", "file": "o.wav", "positions": [{"time": 0, "azimuth": 0, "elevation": 0}, {"time": 1, "azimuth": 0, "elevation": 0, ` + fields + `}]}]}`
	}
	cases := []struct{ doc, want string }{
		{kf(`"width": 400`), `object "o" keyframe 2: field "width": 400 is out of range; allowed 0 to 360 degrees`},
		{kf(`"height": -1`), `field "height": -1 is out of range; allowed 0 to 360 degrees`},
		{kf(`"depth": 1.5`), `field "depth": 1.5 is out of range; allowed 0 to 1`},
		{kf(`"diffuse": 2`), `field "diffuse": 2 is out of range; allowed 0 to 1`},
		{kf(`"width": "wide"`), `keyframe 2: field "width": want a number, found the string "wide"`},
		{kf(`"divergence": 0.5`), `keyframe 2: field "divergence": want an object with named fields, found the number 0.5`},
		{kf(`"divergence": {"value": 0.5}`), `keyframe 2: field "divergence": field "azimuthRange" is missing; give the angle in degrees`},
		{kf(`"divergence": {"azimuthRange": 30}`), `field "divergence": field "value" is missing`},
		{kf(`"divergence": {"value": 0.5, "azimuthrange": 30}`), `field "divergence": unknown field "azimuthrange" (did you mean "azimuthRange"?)`},
		{kf(`"divergence": {"value": 1.5, "azimuthRange": 30}`), `keyframe 2: field "divergence": value 1.5 is out of range; allowed 0 (none) to 1`},
		{kf(`"divergence": {"value": 0.5, "azimuthRange": 200}`), `field "divergence": azimuthRange 200 is out of range; allowed 0 to 180 degrees`},
		{kf(`"channelLock": "yes"`), `keyframe 2: field "channelLock": want true, false or {"maxDistance": d}, found the string "yes"`},
		{kf(`"channelLock": {}`), `field "channelLock": field "maxDistance" is missing`},
		{kf(`"channelLock": {"maxDistance": 3}`), `field "channelLock": maxDistance 3 is out of range; allowed 0 to 2`},
		{kf(`"channelLock": {"maxDist": 1}`), `field "channelLock": unknown field "maxDist" (known fields: maxDistance)`},
		{kf(`"zoneExclusion": {"minX": 0}`), `field "zoneExclusion": want a list of zones, found an object`},
		{kf(`"zoneExclusion": [3]`), `field "zoneExclusion" zone 1: want an object with named fields, found the number 3`},
		{kf(`"zoneExclusion": [{}]`), `field "zoneExclusion" zone 1: give minAzimuth, maxAzimuth, minElevation and maxElevation`},
		{kf(`"zoneExclusion": [{"minAzimuth": 0, "maxAzimuth": 10, "minElevation": 0, "maxElevation": 10, "minX": 0}]`), `zone 1: mixes polar (minAzimuth…) and cartesian (minX…) limits`},
		{kf(`"zoneExclusion": [{"minAzimuth": 0, "maxAzimuth": 10, "minElevation": 0}]`), `field "zoneExclusion" zone 1: field "maxElevation" is missing`},
		{kf(`"zoneExclusion": [{"minAzimuth": 0, "maxAzimuth": 10, "minElevation": 0, "maxElevation": 10, "maxElevaton": 3}]`), `zone 1: unknown field "maxElevaton" (did you mean "maxElevation"?)`},
		{kf(`"zoneExclusion": [{"minAzimuth": 0, "maxAzimuth": 10, "minElevation": 0, "maxElevation": 10}, {"minAzimuth": -200, "maxAzimuth": 10, "minElevation": 0, "maxElevation": 10}]`),
			`keyframe 2: field "zoneExclusion" zone 2: minAzimuth -200 is out of range; allowed -180 to 180 degrees`},
		{kf(`"zoneExclusion": [{"minAzimuth": 0, "maxAzimuth": 10, "minElevation": 30, "maxElevation": 10}]`), `zone 1: minElevation 30 is above maxElevation 10; give the lower limit first`},
		{kf(`"zoneExclusion": [{"minX": 0, "maxX": 1, "minY": 0, "maxY": 1, "minZ": 0, "maxZ": 2}]`), `zone 1: maxZ 2 is out of range; allowed -1 to 1`},
		{kf(`"zoneExclusion": [{"minX": 0.5, "maxX": 0, "minY": 0, "maxY": 1, "minZ": 0, "maxZ": 1}]`), `zone 1: minX 0.5 is above maxX 0`},
		{kf(`"widht": 10`), `unknown field "widht" (did you mean "width"?)`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc), "scene.json")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "objects: scene.json: ") {
			t.Errorf("%s\n  error: %v\n  want it to contain %q", c.doc, err, c.want)
		}
	}
	// Go-built scenes are checked too (NaN fails every range).
	s := &Scene{Objects: []Object{{Name: "o", File: "o.wav", Positions: []Keyframe{{Azimuth: F(0), Elevation: F(0), Width: F(math.NaN())}}}}}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), `keyframe 1: field "width": NaN is out of range`) {
		t.Errorf("NaN width: %v", err)
	}
	many := make([]Zone, MaxZones+1)
	s.Objects[0].Positions[0].Width = nil
	s.Objects[0].Positions[0].ZoneExclusion = &many
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), `field "zoneExclusion": 65 zones; at most 64`) {
		t.Errorf("too many zones: %v", err)
	}
}
