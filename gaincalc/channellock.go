package gaincalc

import (
	"math"
	"sort"

	"immerse/geom"
)

// channelLocker snaps a position to the nearest loudspeaker (BS.2127
// §7.3.6). Egocentric (polar) blocks measure plain distances to the
// normalised real loudspeaker positions; allocentric (cartesian) blocks use
// the allocentric positions and a distance weighted 1/16, 4, 32 in x, y, z
// (side-to-side moves are cheap, up-down ones dear).
type channelLocker struct {
	pos      []geom.Vec
	priority []int // lower wins ties: |elevation|, elevation, |azimuth|, azimuth
	weighted bool
}

// newChannelLocker ranks the channels for ties: lowest absolute elevation
// first, then elevation, absolute azimuth, azimuth.
func newChannelLocker(pos []geom.Vec, az, el []float64, weighted bool) *channelLocker {
	n := len(pos)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		ka := [4]float64{math.Abs(el[i]), el[i], math.Abs(az[i]), az[i]}
		kb := [4]float64{math.Abs(el[j]), el[j], math.Abs(az[j]), az[j]}
		for k := range ka {
			if ka[k] != kb[k] {
				return ka[k] < kb[k]
			}
		}
		return false
	})
	prio := make([]int, n)
	for rank, i := range order {
		prio[i] = rank
	}
	return &channelLocker{pos: pos, priority: prio, weighted: weighted}
}

// lock returns the position of the loudspeaker the object locks to, or pos
// unchanged when no loudspeaker lies within maxDistance. Excluded channels
// (nil: none) are not candidates.
func (l *channelLocker) lock(pos geom.Vec, cl *ChannelLock, excluded []bool) geom.Vec {
	const tol = 1e-5
	if cl == nil {
		return pos
	}
	minDist := math.Inf(1)
	any := false
	for i, p := range l.pos {
		if excluded != nil && excluded[i] {
			continue
		}
		if cl.HasMaxDistance && !(pos.Sub(p).Norm() < cl.MaxDistance+tol) {
			continue
		}
		any = true
		minDist = math.Min(minDist, l.distance(pos, p))
	}
	if !any {
		return pos
	}
	best, bestPrio := -1, math.MaxInt
	for i, p := range l.pos {
		if excluded != nil && excluded[i] {
			continue
		}
		if cl.HasMaxDistance && !(pos.Sub(p).Norm() < cl.MaxDistance+tol) {
			continue
		}
		if l.distance(pos, p) < minDist+tol && l.priority[i] < bestPrio {
			best, bestPrio = i, l.priority[i]
		}
	}
	return l.pos[best]
}

func (l *channelLocker) distance(a, b geom.Vec) float64 {
	d := a.Sub(b)
	if !l.weighted {
		return d.Norm()
	}
	return math.Sqrt(d[0]*d[0]/16 + 4*d[1]*d[1] + 32*d[2]*d[2])
}
