package panner

import (
	"fmt"
	"math"

	"immerse/geom"
	"immerse/speakers"
)

// stereoPanner pans for 0+2+0 as BS.2127 §6.1.2.5 specifies: pan on 0+5+0,
// fold down as ITU-R BS.775 does (surrounds at -3 dB) but with the centre at
// √3/3 so the velocity vector of a centre source is kept, power normalise,
// then lower the level from 0 dB at the front to -3 dB at the back.
type stereoPanner struct {
	psp         *PointSource // 0+5+0, without LFE
	left, right int          // indices of M+030 and M-030 in the stereo layout
}

func newStereoPanner(l *speakers.Layout) (*stereoPanner, error) {
	five, err := speakers.Get("0+5+0")
	if err != nil {
		return nil, err
	}
	nl, _ := five.WithoutLFE()
	psp := &PointSource{layout: nl, nReal: len(nl.Channels)}
	for i := range nl.Channels {
		psp.outIdx = append(psp.outIdx, i)
	}
	if err := psp.configureFull(nl); err != nil {
		return nil, err
	}
	s := &stereoPanner{psp: psp, left: l.Index("M+030"), right: l.Index("M-030")}
	if s.left < 0 || s.right < 0 {
		return nil, fmt.Errorf("panner: stereo layout %q needs channels M+030 and M-030", l.Name)
	}
	return s, nil
}

// Fold-down coefficients from 0+5+0 (M+030 M-030 M+000 M+110 M-110).
var (
	stereoCentre   = math.Sqrt(3) / 3
	stereoSurround = math.Sqrt(0.5)
)

func (s *stereoPanner) gains(dir geom.Vec, out []float64) {
	var g [5]float64
	s.psp.gainsInto(g[:], dir, nil)
	l := g[0] + stereoCentre*g[2] + stereoSurround*g[3]
	r := g[1] + stereoCentre*g[2] + stereoSurround*g[4]
	n := math.Hypot(l, r)
	front := math.Max(g[0], math.Max(g[1], g[2]))
	back := math.Max(g[3], g[4])
	level := math.Pow(0.5, 0.5*back/(front+back))
	out[s.left] = l / n * level
	out[s.right] = r / n * level
}
