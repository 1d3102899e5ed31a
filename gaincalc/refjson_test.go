package gaincalc

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// This file decodes the reference renderer's JSON form of its gain
// calculation inputs: every object carries "_type" naming the ADM element;
// absent fields take the ADM defaults.

type jsonObj map[string]any

func (o jsonObj) num(key string, def float64) float64 {
	if v, ok := o[key].(float64); ok {
		return v
	}
	return def
}

func (o jsonObj) has(key string) bool { v, ok := o[key]; return ok && v != nil }

func (o jsonObj) obj(key string) jsonObj {
	if v, ok := o[key].(map[string]any); ok {
		return v
	}
	return nil
}

func (o jsonObj) str(key string) string {
	s, _ := o[key].(string)
	return s
}

func (o jsonObj) boolean(key string) bool {
	b, _ := o[key].(bool)
	return b
}

// refCase is one reference case.
type refCase struct {
	block           BlockFormat
	extra           ExtraData
	direct, diffuse []float64
	line            int
	raw             string
}

func decodeScreen(o jsonObj) *Screen {
	if o == nil {
		return nil
	}
	c := o.obj("centrePosition")
	s := &Screen{AspectRatio: o.num("aspectRatio", 1.78)}
	switch o.str("_type") {
	case "PolarScreen":
		s.CentreAzimuth, s.CentreElevation, s.CentreDistance = c.num("azimuth", 0), c.num("elevation", 0), c.num("distance", 1)
		s.WidthAzimuth = o.num("widthAzimuth", 58)
	case "CartesianScreen":
		s.Cartesian = true
		s.CentreX, s.CentreY, s.CentreZ = c.num("X", 0), c.num("Y", 1), c.num("Z", 0)
		s.WidthX = o.num("widthX", 0)
	default:
		panic("unknown screen " + o.str("_type"))
	}
	return s
}

func decodeInput(o jsonObj) (BlockFormat, ExtraData) {
	bf := o.obj("block_format")
	p := bf.obj("position")
	var pos Position
	if p.str("_type") == "ObjectCartesianPosition" {
		pos = Cart(p.num("X", 0), p.num("Y", 0), p.num("Z", 0))
	} else {
		pos = Polar(p.num("azimuth", 0), p.num("elevation", 0), p.num("distance", 1))
	}
	if l := p.obj("screenEdgeLock"); l != nil {
		pos.ScreenEdgeLock = ScreenEdgeLock{Horizontal: l.str("horizontal"), Vertical: l.str("vertical")}
	}
	b := NewBlockFormat(pos)
	b.Cartesian = bf.boolean("cartesian")
	b.Width, b.Height, b.Depth = bf.num("width", 0), bf.num("height", 0), bf.num("depth", 0)
	b.Gain = bf.num("gain", 1)
	b.Diffuse = bf.num("diffuse", 0)
	b.ScreenRef = bf.boolean("screenRef")
	if cl := bf.obj("channelLock"); cl != nil {
		b.ChannelLock = &ChannelLock{HasMaxDistance: cl.has("maxDistance"), MaxDistance: cl.num("maxDistance", 0)}
	}
	if d := bf.obj("objectDivergence"); d != nil {
		b.Divergence = &Divergence{
			Value:           d.num("value", 0),
			HasAzimuthRange: d.has("azimuthRange"), AzimuthRange: d.num("azimuthRange", 0),
			HasPositionRange: d.has("positionRange"), PositionRange: d.num("positionRange", 0),
		}
	}
	if zs, ok := bf["zoneExclusion"].([]any); ok {
		for _, zi := range zs {
			z := jsonObj(zi.(map[string]any))
			if z.str("_type") == "CartesianZone" {
				b.ZoneExclusion = append(b.ZoneExclusion, Zone{Cartesian: true,
					MinX: z.num("minX", 0), MaxX: z.num("maxX", 0), MinY: z.num("minY", 0),
					MaxY: z.num("maxY", 0), MinZ: z.num("minZ", 0), MaxZ: z.num("maxZ", 0)})
			} else {
				b.ZoneExclusion = append(b.ZoneExclusion, Zone{
					MinAzimuth: z.num("minAzimuth", 0), MaxAzimuth: z.num("maxAzimuth", 0),
					MinElevation: z.num("minElevation", 0), MaxElevation: z.num("maxElevation", 0)})
			}
		}
	}
	x := NewExtraData()
	x.DocumentVersion = 0 // the reference cases carry no document version
	if ed := o.obj("extra_data"); ed != nil {
		x.ReferenceScreen = decodeScreen(ed.obj("reference_screen"))
		x.ObjectGain = ed.num("object_gain", 1)
		x.ObjectMute = ed.boolean("object_mute")
		if po := ed.obj("object_positionOffset"); po != nil {
			if po.str("_type") == "CartesianPositionOffset" {
				x.PositionOffset = &PositionOffset{Cartesian: true, X: po.num("X", 0), Y: po.num("Y", 0), Z: po.num("Z", 0)}
			} else {
				x.PositionOffset = &PositionOffset{Azimuth: po.num("azimuth", 0), Elevation: po.num("elevation", 0), Distance: po.num("distance", 0)}
			}
		}
		if v := ed.obj("document_version"); v != nil {
			x.DocumentVersion = int(v.num("version", 0))
		}
	}
	return b, x
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) > 0 {
			out = append(out, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func floats(v any) []float64 {
	a := v.([]any)
	out := make([]float64, len(a))
	for i, x := range a {
		out[i] = x.(float64)
	}
	return out
}

// loadPairs reads parallel inputs/outputs files.
func loadPairs(t testing.TB, inPath, outPath string) []refCase {
	in, out := readLines(t, inPath), readLines(t, outPath)
	if len(in) != len(out) {
		t.Fatalf("%s has %d lines, %s %d", inPath, len(in), outPath, len(out))
	}
	cases := make([]refCase, len(in))
	for i := range in {
		var o, r jsonObj
		if err := json.Unmarshal([]byte(in[i]), &o); err != nil {
			t.Fatalf("%s:%d: %v", inPath, i+1, err)
		}
		if err := json.Unmarshal([]byte(out[i]), &r); err != nil {
			t.Fatalf("%s:%d: %v", outPath, i+1, err)
		}
		b, x := decodeInput(o)
		cases[i] = refCase{block: b, extra: x, direct: floats(r["direct"]), diffuse: floats(r["diffuse"]), line: i + 1, raw: in[i]}
	}
	return cases
}

// loadCombined reads a file whose lines hold {"input", "direct", "diffuse"}.
func loadCombined(t testing.TB, path string) []refCase {
	lines := readLines(t, path)
	cases := make([]refCase, len(lines))
	for i, l := range lines {
		var o jsonObj
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		b, x := decodeInput(o.obj("input"))
		cases[i] = refCase{block: b, extra: x, direct: floats(o["direct"]), diffuse: floats(o["diffuse"]), line: i + 1, raw: fmt.Sprint(o["input"])}
	}
	return cases
}
