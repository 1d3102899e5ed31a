package objects

import (
	"math"

	"immerse/geom"
)

// State is where an object is, and its keyframe gain, at one instant.
type State struct {
	// Dir is the unit direction vector (ADM frame).
	Dir geom.Vec
	// Distance from the listener (1 = loudspeaker sphere).
	Distance float64
	// GainDB is the keyframe gain automation at this instant (0 without
	// any), to be added to the object's Gain.
	GainDB float64
}

type posKey struct {
	at   int64
	dir  geom.Vec
	dist float64
	jump bool
}

type gainKey struct {
	at   int64
	db   float64
	jump bool
}

// Trajectory evaluates an object's keyframes at sample times. It is
// immutable and safe for concurrent use.
type Trajectory struct {
	pos  []posKey
	gain []gainKey
}

// SampleIndex converts a time in seconds to the nearest sample index.
func SampleIndex(seconds float64, rate int) int64 {
	return int64(math.Round(seconds * float64(rate)))
}

// Trajectory compiles the object's keyframes for a sample rate. The object
// must have passed Validate.
func (o *Object) Trajectory(rate int) *Trajectory {
	t := &Trajectory{}
	for _, k := range o.Positions {
		at := SampleIndex(k.Time, rate)
		var v geom.Vec
		if k.Cartesian() {
			v = geom.Vec{*k.X, *k.Y, *k.Z}
		} else {
			d := 1.0
			if k.Distance != nil {
				d = *k.Distance
			}
			v = geom.Cart(*k.Azimuth, *k.Elevation, d)
		}
		t.pos = append(t.pos, posKey{at: at, dir: v.Unit(), dist: v.Norm(), jump: k.Jump})
		if k.Gain != nil {
			t.gain = append(t.gain, gainKey{at: at, db: *k.Gain, jump: k.Jump})
		}
	}
	return t
}

// At returns the state at scene sample index n.
func (t *Trajectory) At(n int64) State {
	var s State
	s.Dir, s.Distance = t.position(n)
	s.GainDB = t.gainAt(n)
	return s
}

// segment finds i such that at(i) <= n < at(i+1); -1 before the first key;
// count-1 at or after the last. (A plain binary search: sort.Search's
// closure would allocate on this hot path.)
func segment[K any](keys []K, at func(*K) int64, n int64) int {
	lo, hi := 0, len(keys)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if at(&keys[mid]) > n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo - 1
}

func posAt(k *posKey) int64   { return k.at }
func gainAt(k *gainKey) int64 { return k.at }

func (t *Trajectory) position(n int64) (geom.Vec, float64) {
	p := t.pos
	i := segment(p, posAt, n)
	if i < 0 {
		return p[0].dir, p[0].dist
	}
	if i == len(p)-1 || p[i+1].jump {
		return p[i].dir, p[i].dist
	}
	a, b := &p[i], &p[i+1]
	f := float64(n-a.at) / float64(b.at-a.at)
	return geom.Slerp(a.dir, b.dir, f), a.dist + (b.dist-a.dist)*f
}

func (t *Trajectory) gainAt(n int64) float64 {
	g := t.gain
	if len(g) == 0 {
		return 0
	}
	i := segment(g, gainAt, n)
	if i < 0 {
		return g[0].db
	}
	if i == len(g)-1 || g[i+1].jump {
		return g[i].db
	}
	a, b := &g[i], &g[i+1]
	f := float64(n-a.at) / float64(b.at-a.at)
	return a.db + (b.db-a.db)*f
}
