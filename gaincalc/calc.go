package gaincalc

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// Calculator computes BS.2127 object gains for one loudspeaker layout. The
// configuration is immutable; the scratch space is not, so a Calculator
// must not be used by two goroutines at once (Clone gives another that
// shares the configuration).
type Calculator struct {
	*config
	scr *scratch
}

// config is the per-layout state built by New.
type config struct {
	layout *speakers.Layout
	n      int   // non-LFE channels
	outIdx []int // layout index of each non-LFE channel

	psp    *panner.PointSource
	extent *polarExtent

	egoLock  *channelLocker
	alloLock *channelLocker
	alloPos  []geom.Vec
	allo     *alloPanner
	zones    *zoneExcluder

	hasScreen       bool
	screen          screenEdges // reproduction screen
	defaultRefEdges screenEdges // the default reference screen
	hasU045         bool
}

// scratch is the working space of one Gains call.
type scratch struct {
	img        [maxImages][]float64 // gains per divergence image
	g          []float64            // accumulated gains
	t1, t2     []float64
	pt, ext    []float64
	full       []float64 // all layout channels
	ex, alloEx []bool
	allo       *alloScratch
}

func newScratch(n, channels int) *scratch {
	s := &scratch{
		g: make([]float64, n), t1: make([]float64, n), t2: make([]float64, n),
		pt: make([]float64, n), ext: make([]float64, n), full: make([]float64, channels),
		ex: make([]bool, n), alloEx: make([]bool, n), allo: newAlloScratch(n),
	}
	for i := range s.img {
		s.img[i] = make([]float64, n)
	}
	return s
}

// Options configure a Calculator.
type Options struct {
	// Screen is the reproduction screen in the room; nil means the ADM
	// default screen (DefaultScreen).
	Screen *Screen
	// NoScreen disables screen scaling and screen edge lock (a room
	// without a screen).
	NoScreen bool
}

// New configures a Calculator for layout (LFE channels get gain 0) with
// the default reproduction screen.
func New(layout *speakers.Layout) (*Calculator, error) {
	return NewWithOptions(layout, Options{})
}

// NewWithOptions configures a Calculator for layout with the given
// reproduction screen.
func NewWithOptions(layout *speakers.Layout, o Options) (*Calculator, error) {
	psp, err := panner.NewPointSource(layout)
	if err != nil {
		return nil, fmt.Errorf("gaincalc: %w", err)
	}
	nl, idx := layout.WithoutLFE()
	cfg := &config{layout: layout, n: len(idx), outIdx: idx, psp: psp}
	cfg.extent = newPolarExtent(psp, idx)

	n := cfg.n
	realPos := make([]geom.Vec, n)
	nomPos := make([]geom.Vec, n)
	az, el := make([]float64, n), make([]float64, n)
	nomAz, nomEl := make([]float64, n), make([]float64, n)
	cfg.alloPos = make([]geom.Vec, n)
	for i := range nl.Channels {
		ch := &nl.Channels[i]
		realPos[i] = ch.Direction()
		nomPos[i] = ch.NominalDirection()
		az[i], el[i] = ch.Azimuth, ch.Elevation
		nomAz[i], nomEl[i] = ch.NominalAzimuth, ch.NominalElevation
		cfg.alloPos[i] = alloPosition(ch)
		if ch.Label == "U+045" {
			cfg.hasU045 = true
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			if cfg.alloPos[i] == cfg.alloPos[j] {
				return nil, fmt.Errorf("gaincalc: layout %q: channels %s and %s take the same allocentric position; the allocentric (cartesian) panner needs distinct ones", layout.Name, nl.Channels[j].Label, nl.Channels[i].Label)
			}
		}
	}
	cfg.egoLock = newChannelLocker(realPos, az, el, false)
	cfg.alloLock = newChannelLocker(cfg.alloPos, az, el, true)
	cfg.allo = newAlloPanner(cfg.alloPos)
	cfg.zones = newZoneExcluder(nomPos, nomAz, nomEl)

	if cfg.defaultRefEdges, err = edgesOf(&DefaultScreen); err != nil {
		return nil, fmt.Errorf("gaincalc: default screen: %w", err)
	}
	if !o.NoScreen {
		scr := &DefaultScreen
		if o.Screen != nil {
			scr = o.Screen
		}
		if cfg.screen, err = edgesOf(scr); err != nil {
			return nil, fmt.Errorf("gaincalc: reproduction screen: %w", err)
		}
		cfg.hasScreen = true
	}
	return &Calculator{config: cfg, scr: newScratch(n, len(layout.Channels))}, nil
}

// Clone returns a Calculator sharing c's configuration with its own
// scratch space, for use on another goroutine.
func (c *Calculator) Clone() *Calculator {
	return &Calculator{config: c.config, scr: newScratch(c.n, len(c.layout.Channels))}
}

// Layout returns the layout the Calculator was configured for.
func (c *Calculator) Layout() *speakers.Layout { return c.layout }

// Channels is the length of the gain vectors (all layout channels).
func (c *Calculator) Channels() int { return len(c.layout.Channels) }

// Gains computes the direct and diffuse gains of every layout channel
// (BS.2051 order, LFE 0) for block b of an Objects channel, following
// BS.2127 §7.3 step by step. direct and diffuse must have length
// Channels(). It fails only for metadata the standard cannot render (a
// position offset of the other coordinate kind, an impossible reference
// screen, non-finite numbers); the outputs are then zero.
func (c *Calculator) Gains(direct, diffuse []float64, b BlockFormat, x ExtraData) error {
	if len(direct) != c.Channels() || len(diffuse) != c.Channels() {
		panic(fmt.Sprintf("gaincalc: Gains needs outputs of %d channels, got %d and %d", c.Channels(), len(direct), len(diffuse)))
	}
	clear(direct)
	clear(diffuse)
	s := c.scr

	// §7.3.2: position offset and coordinate transformation.
	pos, err := transformPosition(&b.Position, x.PositionOffset)
	if err != nil {
		return err
	}
	// §7.3.3 and §7.3.4: screen scaling, screen edge lock.
	if pos, err = c.screenScale(pos, &b, &x); err != nil {
		return err
	}
	pos = c.screenEdgeLock(pos, &b)

	// §7.3.6: channel lock; for cartesian blocks after working out which
	// loudspeakers the zones exclude (§7.3.12.1), since those are not
	// candidates.
	var ex []bool
	if b.Cartesian {
		c.zones.excluded(s.ex, b.ZoneExclusion)
		alloExcluded(s.alloEx, s.ex, c.alloPos)
		ex = s.alloEx
		pos = c.alloLock.lock(pos, b.ChannelLock, ex)
	} else {
		pos = c.egoLock.lock(pos, b.ChannelLock, nil)
	}

	// §7.3.7: divergence.
	var w [maxImages]float64
	var imgs [maxImages]geom.Vec
	n := diverge(&w, &imgs, pos, b.Divergence, b.Cartesian, x.DocumentVersion)

	// §7.3.8–§7.3.10: extent panning of each image, summed in power.
	g := s.g
	clear(g)
	for k := 0; k < n; k++ {
		gi := s.img[k]
		if b.Cartesian {
			c.alloExtentPan(gi, imgs[k], b.Width, b.Height, b.Depth, ex)
		} else {
			c.extent.gains(gi, imgs[k], b.Width, b.Height, b.Depth, s)
		}
		for j, v := range gi {
			g[j] += w[k] * v * v
		}
	}
	for j := range g {
		g[j] = math.Sqrt(g[j])
	}

	// §7.3.12: zone exclusion downmix (polar blocks; cartesian blocks
	// were panned on the remaining loudspeakers only).
	if !b.Cartesian {
		c.zones.excluded(s.ex, b.ZoneExclusion)
		c.zones.downmix(g, s.ex, s.t1)
	}

	// §7.3.13: block gain and the audioObject's gain and mute.
	gain := b.Gain * x.ObjectGain
	if x.ObjectMute {
		gain = 0
	}
	// §7.3.14: direct/diffuse split.
	dir, dif := math.Sqrt(1-b.Diffuse), math.Sqrt(b.Diffuse)
	for j, k := range c.outIdx {
		v := g[j]
		if math.IsNaN(v) {
			v = 0
		}
		v *= gain
		direct[k] = v * dir
		diffuse[k] = v * dif
	}
	return nil
}

// transformPosition applies the audioObject's position offset and turns
// the position into a vector (§7.3.2): polar positions onto the sphere of
// their distance, cartesian ones clipped to the cube.
func transformPosition(p *Position, off *PositionOffset) (geom.Vec, error) {
	if off != nil && off.Cartesian != p.Cartesian {
		return geom.Vec{}, fmt.Errorf("gaincalc: a %s positionOffset cannot apply to a %s position; use the coordinates of the block's position", kind(off.Cartesian), kind(p.Cartesian))
	}
	var v geom.Vec
	if p.Cartesian {
		x, y, z := p.X, p.Y, p.Z
		if off != nil {
			x, y, z = x+off.X, y+off.Y, z+off.Z
		}
		v = geom.Vec{clip(x, -1, 1), clip(y, -1, 1), clip(z, -1, 1)}
	} else {
		az, el, d := p.Azimuth, p.Elevation, p.Distance
		if off != nil {
			az, el, d = az+off.Azimuth, el+off.Elevation, d+off.Distance
		}
		v = geom.Cart(az, el, d)
	}
	for _, c := range v {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return geom.Vec{}, fmt.Errorf("gaincalc: position %+v is not finite", *p)
		}
	}
	return v, nil
}

func kind(cart bool) string {
	if cart {
		return "cartesian"
	}
	return "polar"
}

// alloExtentPan is the allocentric panner for one image (§7.3.9): the
// point-source panner for an object without extent, else the allocentric
// extent panner (§7.3.10), both over the loudspeakers not excluded.
func (c *Calculator) alloExtentPan(g []float64, p geom.Vec, w, h, d float64, ex []bool) {
	if w == 0 && h == 0 && d == 0 {
		c.allo.gains(g, p, ex)
		return
	}
	c.alloExtentGains(g, p, w, h, d, ex)
}
