package gaincalc

import (
	"math"
	"math/rand"
	"testing"

	"immerse/speakers"
)

// randomBlock draws a block with every feature but gains and zones (which
// change the power on purpose).
func randomBlock(r *rand.Rand) BlockFormat {
	var b BlockFormat
	if r.Intn(2) == 0 {
		b = NewBlockFormat(Polar(r.Float64()*360-180, r.Float64()*180-90, r.Float64()*1.5))
		b.Width, b.Height, b.Depth = r.Float64()*360, r.Float64()*360, r.Float64()
	} else {
		b = NewBlockFormat(Cart(r.Float64()*2-1, r.Float64()*2-1, r.Float64()*2-1))
		b.Cartesian = true
		b.Width, b.Height, b.Depth = r.Float64()*2, r.Float64()*2, r.Float64()*2
	}
	if r.Intn(3) == 0 {
		b.Width, b.Height, b.Depth = 0, 0, 0
	}
	if r.Intn(3) == 0 {
		b.Divergence = &Divergence{Value: r.Float64(), HasAzimuthRange: true, AzimuthRange: r.Float64() * 90,
			HasPositionRange: true, PositionRange: r.Float64()}
	}
	b.Diffuse = r.Float64()
	return b
}

// TestPowerEveryLayout checks, on every built-in layout, that the gains
// are finite and non-negative, that LFE channels stay silent and that the
// power of direct plus diffuse is 1 (every step preserves power; 0+2+0
// loses up to half for rear sources by design).
func TestPowerEveryLayout(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	for _, l := range speakers.Standard() {
		t.Run(l.Name, func(t *testing.T) {
			c, err := New(l)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewSource(1))
			d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
			for k := 0; k < n; k++ {
				b := randomBlock(r)
				if err := c.Gains(d, f, b, NewExtraData()); err != nil {
					t.Fatal(err)
				}
				var p float64
				for i := range d {
					if d[i] < 0 || f[i] < 0 || math.IsNaN(d[i]+f[i]) {
						t.Fatalf("block %+v: channel %d gains %g %g", b, i, d[i], f[i])
					}
					if l.Channels[i].LFE && d[i]+f[i] != 0 {
						t.Fatalf("LFE channel %s gets %g", l.Channels[i].Label, d[i]+f[i])
					}
					p += d[i]*d[i] + f[i]*f[i]
				}
				// 0+2+0 pans on 0+5+0 and folds rear sources down by up
				// to 3 dB (BS.2127 §6.1.2.5): power between 1/2 and 1.
				if l.Name == "0+2+0" && p > 0.5-1e-9 && p < 1+1e-9 {
					continue
				}
				if math.Abs(p-1) > 1e-9 {
					t.Fatalf("block %+v: power %.12f, want 1", b, p)
				}
			}
		})
	}
}

// TestMirror: a source at azimuth a on a symmetric layout gets the mirrored
// gains of one at -a.
func TestMirror(t *testing.T) {
	c := mustCalc(t, "4+7+0")
	r := rand.New(rand.NewSource(2))
	d1, f1 := make([]float64, c.Channels()), make([]float64, c.Channels())
	d2, f2 := make([]float64, c.Channels()), make([]float64, c.Channels())
	mirror := func(label string) int {
		m := []byte(label)
		for i, ch := range m {
			if ch == '+' {
				m[i] = '-'
			} else if ch == '-' {
				m[i] = '+'
			}
		}
		if j := c.layout.Index(string(m)); j >= 0 {
			return j
		}
		return c.layout.Index(label)
	}
	for k := 0; k < 50; k++ {
		b := NewBlockFormat(Polar(r.Float64()*170+5, r.Float64()*120-60, 1))
		b.Width, b.Height = r.Float64()*90, r.Float64()*90
		c.Gains(d1, f1, b, NewExtraData())
		b.Position.Azimuth = -b.Position.Azimuth
		c.Gains(d2, f2, b, NewExtraData())
		for i, ch := range c.layout.Channels {
			if j := mirror(ch.Label); math.Abs(d1[i]-d2[j]) > 1e-9 {
				t.Fatalf("az %g: %s %.12f vs mirrored %s %.12f", -b.Position.Azimuth, ch.Label, d1[i], c.layout.Channels[j].Label, d2[j])
			}
		}
	}
}

// TestAllocationFree: Gains allocates nothing, for every kind of block.
func TestAllocationFree(t *testing.T) {
	c := mustCalc(t, "4+7+0")
	d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
	blocks := benchBlocks()
	x := NewExtraData()
	x.ReferenceScreen = &Screen{AspectRatio: 1.5, CentreAzimuth: 10, CentreDistance: 1, WidthAzimuth: 40}
	for name, b := range blocks {
		if a := testing.AllocsPerRun(20, func() { c.Gains(d, f, b, x) }); a != 0 {
			t.Errorf("%s: %g allocations per Gains", name, a)
		}
	}
}

// TestClone: a clone computes the same gains.
func TestClone(t *testing.T) {
	c := mustCalc(t, "4+5+0")
	c2 := c.Clone()
	d1, f1 := make([]float64, c.Channels()), make([]float64, c.Channels())
	d2, f2 := make([]float64, c.Channels()), make([]float64, c.Channels())
	for name, b := range benchBlocks() {
		c.Gains(d1, f1, b, NewExtraData())
		c2.Gains(d2, f2, b, NewExtraData())
		for i := range d1 {
			if d1[i] != d2[i] || f1[i] != f2[i] {
				t.Fatalf("%s: clone differs at %d", name, i)
			}
		}
	}
}

func benchBlocks() map[string]BlockFormat {
	point := NewBlockFormat(Polar(37, 12, 1))
	extent := NewBlockFormat(Polar(37, 12, 0.8))
	extent.Width, extent.Height, extent.Depth = 60, 30, 0.2
	div := extent
	div.Divergence = &Divergence{Value: 0.4, HasAzimuthRange: true, AzimuthRange: 30}
	div.ZoneExclusion = []Zone{{MinAzimuth: -180, MaxAzimuth: 180, MinElevation: 20, MaxElevation: 90}}
	div.ScreenRef = true
	div.Position.ScreenEdgeLock = ScreenEdgeLock{Horizontal: "left"}
	cp := NewBlockFormat(Cart(0.3, 0.6, 0.2))
	cp.Cartesian = true
	ce := cp
	ce.Width, ce.Height, ce.Depth = 0.4, 0.3, 0.2
	ce.ChannelLock = &ChannelLock{HasMaxDistance: true, MaxDistance: 0.1}
	ce.ZoneExclusion = []Zone{{Cartesian: true, MinX: -1, MaxX: 1, MinY: -1, MaxY: -0.5, MinZ: 0.5, MaxZ: 1}}
	return map[string]BlockFormat{
		"polar point": point, "polar extent": extent, "polar all steps": div,
		"cartesian point": cp, "cartesian extent": ce,
	}
}

func BenchmarkGains(b *testing.B) {
	blocks := benchBlocks()
	for _, layout := range []string{"4+5+0", "4+7+0", "9+10+3"} {
		c := mustCalc(b, layout)
		d, f := make([]float64, c.Channels()), make([]float64, c.Channels())
		for _, name := range []string{"polar point", "polar extent", "polar all steps", "cartesian point", "cartesian extent"} {
			blk := blocks[name]
			b.Run(layout+"/"+name, func(b *testing.B) {
				x := NewExtraData()
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					c.Gains(d, f, blk, x)
				}
			})
		}
	}
}

func BenchmarkNew(b *testing.B) {
	l, _ := speakers.Get("4+7+0")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(l); err != nil {
			b.Fatal(err)
		}
	}
}
