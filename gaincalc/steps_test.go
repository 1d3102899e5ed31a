package gaincalc

import (
	"math"
	"strings"
	"testing"

	"immerse/geom"
)

// expect runs one block on 4+5+0 (unless c is given) and compares the
// direct and diffuse gains with the labelled values (others 0) to 1e-10.
func expect(t *testing.T, c *Calculator, b BlockFormat, x ExtraData, direct, diffuse map[string]float64) {
	t.Helper()
	d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
	if err := c.Gains(d, f, b, x); err != nil {
		t.Fatal(err)
	}
	for i, ch := range c.Layout().Channels {
		if math.Abs(d[i]-direct[ch.Label]) > 1e-10 || math.Abs(f[i]-diffuse[ch.Label]) > 1e-10 {
			t.Errorf("%s: direct %.12f diffuse %.12f, want %.12f %.12f", ch.Label, d[i], f[i], direct[ch.Label], diffuse[ch.Label])
		}
	}
}

// pspGains is what the point-source panner alone gives for dir.
func pspGains(c *Calculator, dir geom.Vec) map[string]float64 {
	g := c.psp.Gains(nil, dir)
	m := map[string]float64{}
	for i, ch := range c.Layout().Channels {
		m[ch.Label] = g[i]
	}
	return m
}

var (
	r2 = math.Sqrt(0.5)
	r3 = math.Sqrt(1.0 / 3)
)

func TestPointSourceSteps(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	pb := func(az, el float64) BlockFormat { return NewBlockFormat(Polar(az, el, 1)) }
	t.Run("centre", func(t *testing.T) { expect(t, c, pb(0, 0), x, map[string]float64{"M+000": 1}, nil) })
	t.Run("left", func(t *testing.T) { expect(t, c, pb(30, 0), x, map[string]float64{"M+030": 1}, nil) })
	t.Run("left up", func(t *testing.T) { expect(t, c, pb(30, 30), x, map[string]float64{"U+030": 1}, nil) })
	t.Run("cartesian position, polar renderer", func(t *testing.T) {
		v := geom.Cart(30, 30, 1)
		expect(t, c, NewBlockFormat(Cart(v[0], v[1], v[2])), x, map[string]float64{"U+030": 1}, nil)
	})
	t.Run("diffuse half", func(t *testing.T) {
		b := pb(0, 0)
		b.Diffuse = 0.5
		expect(t, c, b, x, map[string]float64{"M+000": r2}, map[string]float64{"M+000": r2})
	})
	t.Run("diffuse full", func(t *testing.T) {
		b := pb(0, 0)
		b.Diffuse = 1
		expect(t, c, b, x, nil, map[string]float64{"M+000": 1})
	})
	t.Run("block gain", func(t *testing.T) {
		b := pb(0, 0)
		b.Gain = 0.5
		expect(t, c, b, x, map[string]float64{"M+000": 0.5}, nil)
	})
	t.Run("object gain and mute", func(t *testing.T) {
		y := x
		y.ObjectGain = 0.25
		expect(t, c, pb(0, 0), y, map[string]float64{"M+000": 0.25}, nil)
		y.ObjectMute = true
		expect(t, c, pb(0, 0), y, nil, nil)
	})
	t.Run("position offset", func(t *testing.T) {
		y := x
		y.PositionOffset = &PositionOffset{Azimuth: 20, Elevation: 25}
		expect(t, c, pb(10, 5), y, map[string]float64{"U+030": 1}, nil)
		b := NewBlockFormat(Cart(0.1, 0.2, 0.3))
		b.Cartesian = true
		y.PositionOffset = &PositionOffset{Cartesian: true, X: 0.9, Y: 0.8, Z: 0.7}
		expect(t, c, b, y, map[string]float64{"U-030": 1}, nil)
	})
}

func TestChannelLock(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	lock := func(az, el float64, max float64) BlockFormat {
		b := NewBlockFormat(Polar(az, el, 1))
		b.ChannelLock = &ChannelLock{HasMaxDistance: max >= 0, MaxDistance: max}
		return b
	}
	expect(t, c, lock(14, 0, 1), x, map[string]float64{"M+000": 1}, nil)
	// Just out of reach: the chord to M+000 is 2·sin(7.5°).
	expect(t, c, lock(15, 0, geom.Cart(0, 0, 1).Sub(geom.Cart(15, 0, 1)).Norm()-0.01), x, map[string]float64{"M+000": r2, "M+030": r2}, nil)
	// Ties: lowest |elevation| first, then azimuth (negative first).
	expect(t, c, lock(30, 15, -1), x, map[string]float64{"M+030": 1}, nil)
	expect(t, c, lock(15, 0, -1), x, map[string]float64{"M+000": 1}, nil)
	expect(t, c, lock(0, 30, -1), x, map[string]float64{"U-030": 1}, nil)
	expect(t, c, lock(180, 30, -1), x, map[string]float64{"U-110": 1}, nil)
	expect(t, c, lock(180, 0, -1), x, map[string]float64{"M-110": 1}, nil)

	cart := func(px, py, pz, max float64) BlockFormat {
		b := NewBlockFormat(Cart(px, py, pz))
		b.Cartesian = true
		b.ChannelLock = &ChannelLock{HasMaxDistance: max >= 0, MaxDistance: max}
		return b
	}
	expect(t, c, cart(1, 1, 0, 0.01), x, map[string]float64{"M-030": 1}, nil)
	expect(t, c, cart(0.5, 1, 0, 0.01), x, map[string]float64{"M-030": r2, "M+000": r2}, nil)
	expect(t, c, cart(0.6, 1, 0, -1), x, map[string]float64{"M-030": 1}, nil)
	// An excluded loudspeaker is no candidate.
	b := cart(0.1, 1, 0, -1)
	b.ZoneExclusion = []Zone{{}} // azimuth 0..0, elevation 0..0: M+000
	expect(t, c, b, x, map[string]float64{"M-030": 1}, nil)
	// The weighted distance prefers moving sideways: in 22.2 the centre of
	// the room locks to M-090 (the first of the side pair by priority).
	c2 := mustCalc(t, "9+10+3")
	expect(t, c2, cart(0, 0, 0, -1), x, map[string]float64{"M-090": 1}, nil)
}

func TestDivergence(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	div := func(az, el, v, rng float64) BlockFormat {
		b := NewBlockFormat(Polar(az, el, 1))
		b.Divergence = &Divergence{Value: v, HasAzimuthRange: true, AzimuthRange: rng}
		return b
	}
	expect(t, c, div(0, 0, 0.5, 30), x, map[string]float64{"M+000": r3, "M+030": r3, "M-030": r3}, nil)
	expect(t, c, div(0, 0, 1, 30), x, map[string]float64{"M+030": r2, "M-030": r2}, nil)
	expect(t, c, div(70, 0, 1, 40), x, map[string]float64{"M+030": r2, "M+110": r2}, nil)
	// In the object's own frame: an object above the front pair diverges
	// to the two upper loudspeakers.
	up := geom.Cart(30, 30, 1)
	elev := geom.Vec{0, up[1], up[2]}.Elevation()
	rng := geom.Degrees(math.Asin(geom.Cart(-30, 30, 1)[0]))
	expect(t, c, div(0, elev, 1, rng), x, map[string]float64{"U+030": r2, "U-030": r2}, nil)
	// Cartesian divergence moves the side images along X.
	b := NewBlockFormat(Polar(0, 0, 1))
	b.Cartesian = true
	b.Divergence = &Divergence{Value: 0.5, HasPositionRange: true, PositionRange: 1}
	expect(t, c, b, x, map[string]float64{"M+000": r3, "M+030": r3, "M-030": r3}, nil)
	// The default azimuthRange: 45 degrees before BS.2076-2, 0 from it.
	b = NewBlockFormat(Polar(0, 0, 1))
	b.Divergence = &Divergence{Value: 1}
	y := x
	y.DocumentVersion = 2
	expect(t, c, b, y, map[string]float64{"M+000": 1}, nil)
	y.DocumentVersion = 1
	// Half the power at +45 and half at -45 degrees.
	g45 := pspGains(c, geom.Cart(45, 0, 1))
	want := map[string]float64{
		"M+030": r2 * g45["M+030"], "M-030": r2 * g45["M+030"],
		"M+110": r2 * g45["M+110"], "M-110": r2 * g45["M+110"],
	}
	expect(t, c, b, y, want, nil)
}

func TestZoneExclusion(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	zb := func(az float64, z Zone) BlockFormat {
		b := NewBlockFormat(Polar(az, 0, 1))
		b.ZoneExclusion = []Zone{z}
		return b
	}
	expect(t, c, zb(0, Zone{}), x, map[string]float64{"M+030": r2, "M-030": r2}, nil)
	mid := Zone{MinAzimuth: -180, MaxAzimuth: 180}
	expect(t, c, zb(0, mid), x, map[string]float64{"U+030": r2, "U-030": r2}, nil)
	expect(t, c, zb(180, mid), x, map[string]float64{"U+110": r2, "U-110": r2}, nil)
	// Everything excluded: nothing is.
	all := Zone{MinAzimuth: -180, MaxAzimuth: 180, MinElevation: -90, MaxElevation: 90}
	expect(t, c, zb(0, all), x, map[string]float64{"M+000": 1}, nil)
}

// TestZoneDownmixTopTie pins the grouping of equal distances: in 9+10+3 a
// source overhead, with T+000 and the front half excluded, goes to U+135
// and U-135 (equally far from the top as U+180, but nearer front to back).
func TestZoneDownmixTopTie(t *testing.T) {
	c := mustCalc(t, "9+10+3")
	b := NewBlockFormat(Polar(0, 90, 1))
	b.ZoneExclusion = []Zone{{Cartesian: true, MinX: -1, MaxX: 1, MinY: 0, MaxY: 1, MinZ: -1, MaxZ: 1}}
	expect(t, c, b, NewExtraData(), map[string]float64{"U+135": r2, "U-135": r2}, nil)
}

func TestZoneExcludedSets(t *testing.T) {
	c := mustCalc(t, "9+10+3")
	ex := make([]bool, c.n)
	labels := func() string {
		var s []string
		for i, e := range ex {
			if e {
				s = append(s, c.layout.Channels[c.outIdx[i]].Label)
			}
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		z    Zone
		want string
	}{
		{Zone{MinAzimuth: 40, MaxAzimuth: 50, MinElevation: 25, MaxElevation: 35}, "U+045"},
		{Zone{MinAzimuth: 45, MaxAzimuth: 45, MinElevation: 30, MaxElevation: 30}, "U+045"},
		{Zone{MinAzimuth: 45.1, MaxAzimuth: 50, MinElevation: 25, MaxElevation: 35}, ""},
		{Zone{MinAzimuth: 180, MaxAzimuth: -180}, "M+180"},
		{Zone{MinAzimuth: 175, MaxAzimuth: -175}, "M+180"},
		{Zone{MinAzimuth: -179.9, MaxAzimuth: -175}, ""},
		{Zone{MinAzimuth: 90, MaxAzimuth: 90, MinElevation: 90, MaxElevation: 90}, "T+000"},
		{Zone{Cartesian: true, MinX: 1, MaxX: 1}, "M-090"},
		{Zone{Cartesian: true, MinX: -0.1, MaxX: 0.1, MinY: -0.1, MaxY: 0.1, MinZ: 0.9, MaxZ: 1.1}, "T+000"},
	} {
		c.zones.excluded(ex, []Zone{tc.z})
		if got := labels(); got != tc.want {
			t.Errorf("%+v excludes %q, want %q", tc.z, got, tc.want)
		}
	}
}

func TestScreen(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	b := NewBlockFormat(Polar(0, 0, 1))
	b.ScreenRef = true
	expect(t, c, b, x, map[string]float64{"M+000": 1}, nil)
	// Content made for a screen centred at 30 degrees, 30 wide: its centre
	// moves to the centre of the default screen.
	b = NewBlockFormat(Polar(30, 0, 1))
	b.ScreenRef = true
	y := x
	y.ReferenceScreen = &Screen{AspectRatio: 1.5, CentreAzimuth: 30, CentreDistance: 1, WidthAzimuth: 30}
	expect(t, c, b, y, map[string]float64{"M+000": 1}, nil)
	// Without a screen in the room nothing moves.
	c0, err := NewWithOptions(c.Layout(), Options{NoScreen: true})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, c0, b, y, map[string]float64{"M+030": 1}, nil)

	// Edge lock: the default screen is 58 degrees wide, aspect 1.78.
	top := geom.Degrees(math.Atan(math.Tan(geom.Radians(29)) / 1.78))
	for _, tc := range []struct {
		lock ScreenEdgeLock
		dir  geom.Vec
	}{
		{ScreenEdgeLock{Horizontal: "right"}, geom.Cart(-29, 0, 1)},
		{ScreenEdgeLock{Horizontal: "left"}, geom.Cart(29, 0, 1)},
		{ScreenEdgeLock{Vertical: "top"}, geom.Cart(0, top, 1)},
		{ScreenEdgeLock{Vertical: "bottom"}, geom.Cart(0, -top, 1)},
		{ScreenEdgeLock{Horizontal: "right", Vertical: "top"}, geom.Cart(-29, top, 1)},
	} {
		p := Polar(0, 0, 1)
		p.ScreenEdgeLock = tc.lock
		expect(t, c, NewBlockFormat(p), x, pspGains(c, tc.dir), nil)
	}
	p := Polar(0, 0, 1)
	p.ScreenEdgeLock = ScreenEdgeLock{Horizontal: "right"}
	expect(t, c0, NewBlockFormat(p), x, map[string]float64{"M+000": 1}, nil)
}

func TestExtent(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	x := NewExtraData()
	d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
	gains := func(b BlockFormat) []float64 {
		if err := c.Gains(d, f, b, x); err != nil {
			t.Fatal(err)
		}
		return append([]float64(nil), d...)
	}
	b := NewBlockFormat(Polar(0, 0, 1))
	b.Width, b.Height = 360, 360
	all := gains(b)
	var p float64
	for i, g := range all {
		p += g * g
		if !c.layout.Channels[i].LFE && g < 0.1 {
			t.Errorf("360x360 source: %s gets only %.3f", c.layout.Channels[i].Label, g)
		}
	}
	if math.Abs(p-1) > 1e-12 {
		t.Errorf("360x360 source: power %.15f, want 1", p)
	}
	// A source at the listener's position fills the room the same way.
	for _, pos := range []Position{Polar(0, 0, 0), Cart(0, 0, 0)} {
		got := gains(NewBlockFormat(pos))
		for i := range got {
			if math.Abs(got[i]-all[i]) > 1e-7 {
				t.Errorf("source at %+v: %s %.9f, want %.9f", pos, c.layout.Channels[i].Label, got[i], all[i])
			}
		}
	}
	// Closer sources spread more: the energy vector shortens steadily.
	for _, size := range []float64{0, 30} {
		prev := -1.0
		for k := 0; k <= 9; k++ {
			b := NewBlockFormat(Polar(0, 0, float64(k)/9))
			b.Width, b.Height = size, size
			g := gains(b)
			var ev geom.Vec
			for i, ch := range c.layout.Channels {
				if !ch.LFE {
					ev = ev.Add(ch.Direction().Scale(g[i] * g[i]))
				}
			}
			if ev.Norm() <= prev {
				t.Errorf("size %g distance %d/9: energy vector %.6f not longer than %.6f", size, k, ev.Norm(), prev)
			}
			prev = ev.Norm()
		}
	}
	// extentMod: unchanged at distance 1, 360 at 0, narrower beyond.
	if v := extentMod(40, 1); math.Abs(v-40) > 1e-12 {
		t.Errorf("extentMod(40, 1) = %g", v)
	}
	if v := extentMod(40, 0); v != 360 {
		t.Errorf("extentMod(40, 0) = %g", v)
	}
	if v := extentMod(40, 2); v >= 40 {
		t.Errorf("extentMod(40, 2) = %g, want < 40", v)
	}
}

// TestVirtualSources pins the spreading panner's grid: 37 rows, 72 points
// on the equator (1652 in all, as in the reference renderer), one at each pole.
func TestVirtualSources(t *testing.T) {
	vs := spreadPositions(spreadRows)
	if len(vs) != 1652 {
		t.Errorf("%d virtual sources, want 1654", len(vs))
	}
	if vs[0] != geom.Cart(0, -90, 1) || vs[len(vs)-1] != geom.Cart(0, 90, 1) {
		t.Errorf("poles: %v %v", vs[0], vs[len(vs)-1])
	}
}

func TestConversion(t *testing.T) {
	for _, tc := range []struct {
		az, el float64
		want   geom.Vec
	}{
		{0, 0, geom.Vec{0, 1, 0}}, {30, 0, geom.Vec{-1, 1, 0}}, {-30, 0, geom.Vec{1, 1, 0}},
		{110, 0, geom.Vec{-1, -1, 0}}, {-110, 0, geom.Vec{1, -1, 0}}, {30, 30, geom.Vec{-1, 1, 1}},
		{0, 90, geom.Vec{0, 0, 1}}, {180, 0, geom.Vec{0, -1, 0}},
	} {
		got := PointPolarToCart(tc.az, tc.el, 1)
		if got.Sub(tc.want).Norm() > 1e-12 {
			t.Errorf("PointPolarToCart(%g, %g) = %v, want %v", tc.az, tc.el, got, tc.want)
		}
		az, el, d := PointCartToPolar(tc.want[0], tc.want[1], tc.want[2])
		if math.Abs(geom.WrapAzimuth(az-tc.az)) > 1e-9 || math.Abs(el-tc.el) > 1e-9 || math.Abs(d-1) > 1e-12 {
			t.Errorf("PointCartToPolar(%v) = %g %g %g", tc.want, az, el, d)
		}
	}
	for az := -175.0; az < 180; az += 17 {
		for el := -85.0; el < 90; el += 13 {
			v := PointPolarToCart(az, el, 0.7)
			a, e, d := PointCartToPolar(v[0], v[1], v[2])
			if math.Abs(geom.WrapAzimuth(a-az)) > 1e-9 || math.Abs(e-el) > 1e-9 || math.Abs(d-0.7) > 1e-12 {
				t.Errorf("round trip of (%g, %g, 0.7): %g %g %g", az, el, a, e, d)
			}
		}
	}
}

func TestHelpers(t *testing.T) {
	xp, fp := []float64{0, 1, 3}, []float64{10, 20, 0}
	for _, tc := range [][2]float64{{-1, 10}, {0, 10}, {0.5, 15}, {1, 20}, {2, 10}, {3, 0}, {9, 0}} {
		if got := interp(tc[0], xp, fp); got != tc[1] {
			t.Errorf("interp(%g) = %g, want %g", tc[0], got, tc[1])
		}
	}
	for _, tc := range []struct {
		x, a, b float64
		in      bool
	}{
		{0, -180, 180, true}, {180, 175, -175, true}, {-179.9, 175, -175, true}, {170, 175, -175, false},
		{0, 0, 0, true}, {1, 0, 0, false}, {90, 0, 180, true}, {-90, 0, 180, false},
	} {
		if got := insideAngleRange(tc.x, tc.a, tc.b, 0); got != tc.in {
			t.Errorf("insideAngleRange(%g, %g, %g) = %v", tc.x, tc.a, tc.b, got)
		}
	}
}

func TestErrors(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
	x := NewExtraData()
	x.PositionOffset = &PositionOffset{Cartesian: true, X: 0.1}
	if err := c.Gains(d, f, NewBlockFormat(Polar(0, 0, 1)), x); err == nil || !strings.Contains(err.Error(), "cartesian positionOffset cannot apply to a polar position") {
		t.Errorf("offset of the wrong kind: %v", err)
	}
	x = NewExtraData()
	x.ReferenceScreen = &Screen{AspectRatio: 0, CentreDistance: 1, WidthAzimuth: 50}
	b := NewBlockFormat(Polar(0, 0, 1))
	b.ScreenRef = true
	if err := c.Gains(d, f, b, x); err == nil || !strings.Contains(err.Error(), "aspect ratio") {
		t.Errorf("bad reference screen: %v", err)
	}
	if err := c.Gains(d, f, NewBlockFormat(Polar(math.NaN(), 0, 1)), NewExtraData()); err == nil {
		t.Error("NaN azimuth accepted")
	}
	if _, err := NewWithOptions(c.Layout(), Options{Screen: &Screen{AspectRatio: 1, CentreAzimuth: 170, CentreDistance: 1, WidthAzimuth: 60}}); err == nil {
		t.Error("screen behind the listener accepted")
	}
	defer func() {
		if recover() == nil {
			t.Error("short outputs did not panic")
		}
	}()
	c.Gains(d[:3], f, NewBlockFormat(Polar(0, 0, 1)), NewExtraData())
}
