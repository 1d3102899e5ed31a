package render

import (
	"fmt"

	"immerse/gaincalc"
	"immerse/objects"
)

// objectGains computes the loudspeaker gains of an object that uses the
// BS.2076 object metadata (width, height, depth, diffuse, divergence,
// channel lock, zone exclusion) with the BS.2127 object gain calculation
// of package gaincalc: the object's state becomes an Objects
// audioBlockFormat (polar position with the object's distance, block gain
// 1; the scene's gains are applied on top), whose direct gains go to the
// first channels of the bus and, when the bus has room for them, the
// diffuse gains to the channels after. An object that holds still is
// calculated once.
type objectGains struct {
	name            string
	calc            *gaincalc.Calculator
	bf              gaincalc.BlockFormat
	extra           gaincalc.ExtraData
	direct, diffuse []float64
	zones           []gaincalc.Zone
	lock            gaincalc.ChannelLock
	div             gaincalc.Divergence
	last            objects.State
	valid           bool
}

// newObjectGains prepares the gains of object o with calc (its own:
// Calculators are not safe for concurrent use).
func newObjectGains(o *objects.Object, calc *gaincalc.Calculator) *objectGains {
	n := calc.Channels()
	maxZones := 0
	for i := range o.Positions {
		if z := o.Positions[i].ZoneExclusion; z != nil {
			maxZones = max(maxZones, len(*z))
		}
	}
	return &objectGains{name: o.Name, calc: calc, extra: gaincalc.NewExtraData(),
		direct: make([]float64, n), diffuse: make([]float64, n), zones: make([]gaincalc.Zone, 0, maxZones)}
}

// sameBlock reports whether two states give the same block (the gain
// automation is applied after the gain calculation).
func sameBlock(a, b *objects.State) bool {
	return a.Dir == b.Dir && a.Distance == b.Distance && a.Width == b.Width && a.Height == b.Height &&
		a.Depth == b.Depth && a.Diffuse == b.Diffuse && a.Divergence == b.Divergence &&
		a.ChannelLock == b.ChannelLock && len(a.ZoneExclusion) == len(b.ZoneExclusion) &&
		(len(a.ZoneExclusion) == 0 || &a.ZoneExclusion[0] == &b.ZoneExclusion[0])
}

// gains writes the direct gains times lin into dst[:n] and, when dst is
// longer, the diffuse gains times lin into dst[n:2n] (n = the layout's
// channels).
func (g *objectGains) gains(dst []float32, st *objects.State, lin float64) error {
	if !g.valid || !sameBlock(st, &g.last) {
		g.valid = false
		g.block(st)
		if err := g.calc.Gains(g.direct, g.diffuse, g.bf, g.extra); err != nil {
			return fmt.Errorf("render: object %q: %w", g.name, err)
		}
		g.last, g.valid = *st, true
	}
	n := len(g.direct)
	for c, v := range g.direct {
		dst[c] = float32(v * lin)
	}
	if len(dst) >= 2*n {
		for c, v := range g.diffuse {
			dst[n+c] = float32(v * lin)
		}
	}
	return nil
}

// block fills bf from the state, without allocating.
func (g *objectGains) block(st *objects.State) {
	b := &g.bf
	*b = gaincalc.NewBlockFormat(gaincalc.Polar(st.Dir.Azimuth(), st.Dir.Elevation(), st.Distance))
	b.Width, b.Height, b.Depth, b.Diffuse = st.Width, st.Height, st.Depth, st.Diffuse
	if d := st.Divergence; d.Value > 0 {
		g.div = gaincalc.Divergence{Value: d.Value, HasAzimuthRange: true, AzimuthRange: d.AzimuthRange}
		b.Divergence = &g.div
	}
	if l := st.ChannelLock; l != nil {
		g.lock = gaincalc.ChannelLock{}
		if l.MaxDistance != nil {
			g.lock = gaincalc.ChannelLock{HasMaxDistance: true, MaxDistance: *l.MaxDistance}
		}
		b.ChannelLock = &g.lock
	}
	g.zones = g.zones[:0]
	for _, z := range st.ZoneExclusion {
		g.zones = append(g.zones, gaincalc.Zone{Cartesian: z.Cartesian,
			MinAzimuth: z.MinAzimuth, MaxAzimuth: z.MaxAzimuth, MinElevation: z.MinElevation, MaxElevation: z.MaxElevation,
			MinX: z.MinX, MaxX: z.MaxX, MinY: z.MinY, MaxY: z.MaxY, MinZ: z.MinZ, MaxZ: z.MaxZ})
	}
	if len(g.zones) > 0 {
		b.ZoneExclusion = g.zones
	}
}
