package objects

import (
	"math"

	"immerse/geom"
)

// State is where an object is, its keyframe gain and its BS.2076 object
// metadata, at one instant.
type State struct {
	// Dir is the unit direction vector (ADM frame).
	Dir geom.Vec
	// Distance from the listener (1 = loudspeaker sphere).
	Distance float64
	// GainDB is the keyframe gain automation at this instant (0 without
	// any), to be added to the object's Gain.
	GainDB float64
	// Width and Height (degrees) and Depth (distance units) are the
	// object's extent; 0 without.
	Width, Height, Depth float64
	// Diffuse is the diffuse share of the power (0..1).
	Diffuse float64
	// Divergence is the object's divergence (Value 0: none).
	Divergence Divergence
	// ChannelLock is the channel lock in force, nil when the object is not
	// locked. It is shared with the Trajectory: do not modify it.
	ChannelLock *ChannelLock
	// ZoneExclusion lists the zones in force (none: empty). It is shared
	// with the Trajectory: do not modify it.
	ZoneExclusion []Zone
}

type posKey struct {
	at   int64
	dir  geom.Vec
	dist float64
	jump bool
}

// laneKey is an automation point of a number that glides between points
// (gain, extent, diffuse, divergence).
type laneKey struct {
	at   int64
	v    float64
	jump bool
}

// lane is a number's automation: linear between its points, held before
// the first and after the last, stepping at a point marked jump; 0 without
// points.
type lane []laneKey

// stepKey is an automation point of a value that steps (channel lock,
// zone exclusion).
type stepKey[T any] struct {
	at int64
	v  T
}

// stepLane holds each point's value from its time until the next point;
// before the first point, the first point's value; the zero value without
// points.
type stepLane[T any] []stepKey[T]

// Trajectory evaluates an object's keyframes at sample times. It is
// immutable and safe for concurrent use.
type Trajectory struct {
	pos                                 []posKey
	gain, width, height, depth, diffuse lane
	divValue, divRange                  lane
	lock                                stepLane[*ChannelLock]
	zones                               stepLane[[]Zone]
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
		t.gain.add(at, k.Gain, k.Jump)
		t.width.add(at, k.Width, k.Jump)
		t.height.add(at, k.Height, k.Jump)
		t.depth.add(at, k.Depth, k.Jump)
		t.diffuse.add(at, k.Diffuse, k.Jump)
		if d := k.Divergence; d != nil {
			t.divValue.add(at, &d.Value, k.Jump)
			t.divRange.add(at, &d.AzimuthRange, k.Jump)
		}
		if c := k.ChannelLock; c != nil {
			var lock *ChannelLock
			if !c.Off {
				lock = &ChannelLock{}
				if c.MaxDistance != nil {
					d := *c.MaxDistance
					lock.MaxDistance = &d
				}
			}
			t.lock = append(t.lock, stepKey[*ChannelLock]{at, lock})
		}
		if z := k.ZoneExclusion; z != nil {
			t.zones = append(t.zones, stepKey[[]Zone]{at, append([]Zone(nil), *z...)})
		}
	}
	return t
}

func (l *lane) add(at int64, v *float64, jump bool) {
	if v != nil {
		*l = append(*l, laneKey{at: at, v: *v, jump: jump})
	}
}

// At returns the state at scene sample index n.
func (t *Trajectory) At(n int64) State {
	var s State
	s.Dir, s.Distance = t.position(n)
	s.GainDB = t.gain.value(n)
	s.Width, s.Height, s.Depth = t.width.value(n), t.height.value(n), t.depth.value(n)
	s.Diffuse = t.diffuse.value(n)
	s.Divergence = Divergence{Value: t.divValue.value(n), AzimuthRange: t.divRange.value(n)}
	s.ChannelLock = t.lock.value(n)
	s.ZoneExclusion = t.zones.value(n)
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

func posAt(k *posKey) int64             { return k.at }
func laneAt(k *laneKey) int64           { return k.at }
func stepAt[T any](k *stepKey[T]) int64 { return k.at }

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
	dir := a.dir
	if b.dir != a.dir { // an object holding still keeps its exact direction
		dir = geom.Slerp(a.dir, b.dir, f)
	}
	return dir, a.dist + (b.dist-a.dist)*f
}

// value evaluates the lane at sample n.
func (l lane) value(n int64) float64 {
	if len(l) == 0 {
		return 0
	}
	i := segment(l, laneAt, n)
	if i < 0 {
		return l[0].v
	}
	if i == len(l)-1 || l[i+1].jump {
		return l[i].v
	}
	a, b := &l[i], &l[i+1]
	f := float64(n-a.at) / float64(b.at-a.at)
	return a.v + (b.v-a.v)*f
}

// value evaluates the step lane at sample n.
func (l stepLane[T]) value(n int64) T {
	var zero T
	if len(l) == 0 {
		return zero
	}
	return l[max(segment(l, stepAt[T], n), 0)].v
}
