package panner

import (
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/geom"
	"immerse/speakers"
)

type pspGrid struct {
	Layout     string                `json:"layout"`
	Variant    string                `json:"variant"`
	Real       map[string][2]float64 `json:"real_positions"`
	Channels   []string              `json:"channels_no_lfe"`
	Azimuths   []float64             `json:"azimuths"`
	Elevations []float64             `json:"elevations"`
	PV         [][][]float64         `json:"pv"`
}

// Every grid point of the EAR reference gains, to 1e-6.
func TestReferenceGrids(t *testing.T) {
	files, _ := filepath.Glob("testdata/ear-psp/*.json")
	more, _ := filepath.Glob("testdata/ear-psp-generated/*.json")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no reference grids in testdata/ear-psp")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g pspGrid
		if err := json.Unmarshal(data, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := g.Variant
		if name == "" {
			name = g.Layout
		}
		t.Run(name, func(t *testing.T) {
			l, err := speakers.Get(g.Layout)
			if err != nil {
				t.Fatal(err)
			}
			for lab, pos := range g.Real {
				c := &l.Channels[l.Index(lab)]
				c.Azimuth, c.Elevation = pos[0], pos[1]
			}
			p, err := NewPointSource(l)
			if err != nil {
				t.Fatal(err)
			}
			nl, idx := l.WithoutLFE()
			if got := nl.Labels(); len(got) != len(g.Channels) {
				t.Fatalf("channels %v, reference %v", got, g.Channels)
			}
			for i, lab := range g.Channels {
				if nl.Channels[i].Label != lab {
					t.Fatalf("channel %d is %s, reference %s", i, nl.Channels[i].Label, lab)
				}
			}
			var gains []float64
			worst, points := 0.0, 0
			for ie, el := range g.Elevations {
				for ia, az := range g.Azimuths {
					gains = p.Gains(gains, geom.Cart(az, el, 1))
					for c, want := range g.PV[ie][ia] {
						d := math.Abs(gains[idx[c]] - want)
						worst = math.Max(worst, d)
						if d > 1e-6 {
							t.Errorf("az %g el %g channel %s: gain %.9f, reference %.9f", az, el, g.Channels[c], gains[idx[c]], want)
						}
					}
					points++
				}
			}
			t.Logf("%s: %d directions, worst difference %.2e", name, points, worst)
		})
	}
}

func allLayouts(t testing.TB) []*speakers.Layout {
	var out []*speakers.Layout
	for _, name := range speakers.Names() {
		l, err := speakers.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

// A source at a speaker's position gives that speaker 1 and the others 0.
func TestSourceAtSpeaker(t *testing.T) {
	for _, l := range allLayouts(t) {
		p, err := NewPointSource(l)
		if err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		for k, c := range l.Channels {
			if c.LFE {
				continue
			}
			g := p.Gains(nil, c.Direction())
			for j, v := range g {
				want := 0.0
				if j == k {
					want = 1
				}
				if math.Abs(v-want) > 1e-9 {
					t.Errorf("%s: source at %s: gain of %s = %.12f, want %g", l.Name, c.Label, l.Channels[j].Label, v, want)
				}
			}
		}
	}
}

// Gains are non-negative and power normalised, LFE gets nothing, for many
// random directions on every layout.
func TestPowerAndSign(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, l := range allLayouts(t) {
		p, _ := NewPointSource(l)
		var g []float64
		for i := 0; i < 5000; i++ {
			d := geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			g = p.Gains(g, d)
			var s float64
			for k, v := range g {
				if v < 0 || math.IsNaN(v) {
					t.Fatalf("%s: direction %v: gain %d = %v", l.Name, d, k, v)
				}
				if l.Channels[k].LFE && v != 0 {
					t.Fatalf("%s: LFE gets %v", l.Name, v)
				}
				s += v * v
			}
			if p.stereo != nil {
				// 0+2+0 is power normalised at the front and 3 dB down at
				// the back by design (BS.2127 §6.1.2.5).
				if s < 0.5-1e-9 || s > 1+1e-9 {
					t.Fatalf("%s: direction %v: sum of squares %v outside [0.5, 1]", l.Name, d, s)
				}
			} else if math.Abs(s-1) > 1e-9 {
				t.Fatalf("%s: direction %v: sum of squares %v", l.Name, d, s)
			}
		}
	}
}

// Inside a real triangle (all three gains from one VBAP triplet, no extra or
// virtual speaker involved) the velocity vector Σ g_i·l_i points exactly at
// the source.
func TestVelocityVectorInTriangles(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	total := 0
	for _, l := range allLayouts(t) {
		p, _ := NewPointSource(l)
		if p.stereo != nil {
			continue
		}
		checked := 0
		for i := 0; i < 20000 && checked < 300; i++ {
			d := geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}.Unit()
			for ri := range p.triplets {
				tr := &p.triplets[ri]
				if _, in := tr.gains(d); !in {
					continue
				}
				real := true
				for _, c := range tr.ch {
					if c >= p.nReal {
						real = false
					}
				}
				if !real {
					break
				}
				g := p.Gains(nil, d)
				var v geom.Vec
				for k, gk := range g {
					if !l.Channels[k].LFE {
						v = v.Add(l.Channels[k].Direction().Scale(gk))
					}
				}
				if a := v.Angle(d); a > 1e-6 {
					t.Errorf("%s: source %v: velocity vector off by %g degrees", l.Name, d.Polar(), a)
				}
				checked++
				break
			}
		}
		total += checked
		t.Logf("%s: %d directions in real triangles", l.Name, checked)
	}
	// 0+5+0 and 0+7+0 have none: every face touches a virtual speaker.
	if total < 1000 {
		t.Errorf("only %d directions checked", total)
	}
}

// Continuity: a small move of the source gives a small change of gains.
func TestContinuity(t *testing.T) {
	for _, l := range allLayouts(t) {
		p, _ := NewPointSource(l)
		var a, b []float64
		worst := 0.0
		for el := -89.5; el <= 89.5; el += 1 {
			for az := -180.0; az < 180; az += 0.5 {
				a = p.Gains(a, geom.Cart(az, el, 1))
				b = p.Gains(b, geom.Cart(az+0.05, el, 1))
				for k := range a {
					worst = math.Max(worst, math.Abs(a[k]-b[k]))
				}
				b = p.Gains(b, geom.Cart(az, el+0.05, 1))
				for k := range a {
					worst = math.Max(worst, math.Abs(a[k]-b[k]))
				}
			}
		}
		// 0.05 degrees moves a VBAP gain by well under 1%.
		if worst > 0.01 {
			t.Errorf("%s: a 0.05 degree move changed a gain by %g", l.Name, worst)
		}
	}
}

// Left/right symmetry: mirrored sources give mirrored gains on symmetric
// layouts.
func TestLeftRightSymmetry(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, l := range allLayouts(t) {
		mirror := make([]int, len(l.Channels))
		ok := true
		for k, c := range l.Channels {
			m := -1
			for j, o := range l.Channels {
				if o.LFE == c.LFE && math.Abs(geom.WrapAzimuth(o.Azimuth+c.Azimuth)) < 1e-9 && o.Elevation == c.Elevation {
					m = j
				}
			}
			if c.LFE {
				m = k
			}
			if m < 0 {
				ok = false
			}
			mirror[k] = m
		}
		if !ok {
			continue
		}
		p, _ := NewPointSource(l)
		for i := 0; i < 2000; i++ {
			d := geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			md := geom.Vec{-d[0], d[1], d[2]}
			g, mg := p.Gains(nil, d), p.Gains(nil, md)
			for k := range g {
				if math.Abs(g[k]-mg[mirror[k]]) > 1e-9 {
					t.Fatalf("%s: direction %v: %s=%g but mirrored %s=%g", l.Name, d.Polar(), l.Channels[k].Label, g[k], l.Channels[mirror[k]].Label, mg[mirror[k]])
				}
			}
		}
	}
}

func TestGainsAllocFree(t *testing.T) {
	l, _ := speakers.Get("7.1.4")
	p, _ := NewPointSource(l)
	g := make([]float64, p.Channels())
	d := geom.Cart(30, 15, 1)
	if a := testing.AllocsPerRun(100, func() { g = p.Gains(g, d) }); a != 0 {
		t.Errorf("Gains allocates %v times", a)
	}
}

// GainsHint gives the gains of Gains along a moving path, whatever the
// hint holds.
func TestGainsHint(t *testing.T) {
	for _, l := range allLayouts(t) {
		p, _ := NewPointSource(l)
		hint := -1
		var a, b []float64
		for s := 0; s < 3000; s++ {
			az := float64(s%720)/2 - 180
			el := 80 * math.Sin(float64(s)/300)
			d := geom.Cart(az, el, 1)
			a = p.Gains(a, d)
			b = p.GainsHint(b, d, &hint)
			for k := range a {
				if math.Abs(a[k]-b[k]) > 1e-12 {
					t.Fatalf("%s az %g el %g: hinted gain %d = %v, Gains %v", l.Name, az, el, k, b[k], a[k])
				}
			}
		}
		bad := 1 << 20
		if g := p.GainsHint(nil, geom.Cart(10, 10, 1), &bad); math.Abs(g[0]-p.Gains(nil, geom.Cart(10, 10, 1))[0]) > 1e-12 {
			t.Errorf("%s: out-of-range hint changed the gains", l.Name)
		}
	}
}

// Layouts VBAP cannot pan over are refused with a message that says why.
func TestBadLayouts(t *testing.T) {
	cases := []struct {
		file, want string
	}{
		// Two speakers at ±45 and the virtual top/bottom do not surround the listener.
		{"speakers:\n - {label: L, azimuth: 45}\n - {label: R, azimuth: -45}\n", "do not surround the listener"},
		// Everything in front, nothing behind.
		{"speakers:\n - {label: A, azimuth: 30}\n - {label: B, azimuth: -30}\n - {label: C, azimuth: 0, elevation: 40}\n", "do not surround the listener"},
	}
	for _, c := range cases {
		l, err := speakers.Parse([]byte(c.file), "room.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewPointSource(l); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.file, err, c.want)
		}
	}
	// Screen speakers outside 5-25 or 35-60 degrees.
	l, _ := speakers.Get("4+9+0")
	l.Channels[l.Index("M+SC")].Azimuth = 30
	l.Channels[l.Index("M+SC")].AzimuthRange = [2]float64{0, 90}
	if _, err := NewPointSource(l); err == nil || !strings.Contains(err.Error(), "screen speakers must be 5 to 25 or 35 to 60 degrees") {
		t.Errorf("screen speaker at 30 degrees: %v", err)
	}
	// A quad in the horizontal plane is fine (virtual speakers above and below).
	quad, _ := speakers.Parse([]byte("speakers:\n - {label: A, azimuth: 45}\n - {label: B, azimuth: -45}\n - {label: C, azimuth: 135}\n - {label: D, azimuth: -135}\n"), "quad.yaml")
	p, err := NewPointSource(quad)
	if err != nil {
		t.Fatal(err)
	}
	if g := p.Gains(nil, geom.Cart(90, 0, 1)); math.Abs(g[0]-math.Sqrt(0.5)) > 1e-12 || math.Abs(g[2]-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("quad, source at +90: %v", g)
	}
}
