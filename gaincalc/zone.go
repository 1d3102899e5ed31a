package gaincalc

import (
	"math"
	"sort"

	"immerse/geom"
)

// zoneExcluder implements zone exclusion (BS.2127 §7.3.12): which
// loudspeakers a block's zones exclude, and the downmix that moves the
// power of an excluded loudspeaker to its nearest allowed neighbours.
type zoneExcluder struct {
	pos    []geom.Vec // nominal positions
	az, el []float64  // nominal azimuth and elevation
	// groups[i] lists, best first, the groups of channels that channel i
	// may hand its power to (§7.3.12.2.1); group k of channel i holds
	// members[i][start[i][k]:start[i][k+1]].
	members [][]int
	start   [][]int
}

const zoneEps = 1e-6

// newZoneExcluder ranks, for each channel, every channel by the key of
// §7.3.12.2.1: layer change (same layer, then up, then down), change
// between front and back, distance, front-back distance. Channels whose
// keys agree within 1e-6 form one group and share the power equally.
func newZoneExcluder(pos []geom.Vec, az, el []float64) *zoneExcluder {
	n := len(pos)
	z := &zoneExcluder{pos: pos, az: az, el: el, members: make([][]int, n), start: make([][]int, n)}
	layerPrio := [4][4]float64{{0, 1, 2, 3}, {3, 0, 1, 2}, {3, 2, 0, 1}, {3, 2, 1, 0}}
	layer := func(e float64) int {
		switch {
		case e < -10:
			return 0
		case e < 10:
			return 1
		case e < 75:
			return 2
		}
		return 3
	}
	sgn := func(x float64) float64 {
		if x > zoneEps {
			return 1
		} else if x < -zoneEps {
			return -1
		}
		return 0
	}
	type group struct {
		key [4]float64
		chs []int
	}
	for i := 0; i < n; i++ {
		var groups []group
		for j := 0; j < n; j++ {
			key := [4]float64{
				layerPrio[layer(el[i])][layer(el[j])],
				math.Abs(sgn(pos[i][1]) - sgn(pos[j][1])),
				pos[i].Sub(pos[j]).Norm(),
				math.Abs(pos[i][1] - pos[j][1]),
			}
			found := false
			for g := range groups {
				same := true
				for k := range key {
					if math.Abs(key[k]-groups[g].key[k]) >= zoneEps {
						same = false
					}
				}
				if same {
					groups[g].chs = append(groups[g].chs, j)
					found = true
					break
				}
			}
			if !found {
				groups = append(groups, group{key: key, chs: []int{j}})
			}
		}
		// Order the groups by key, elements within 1e-6 counting as equal:
		// distances that are equal in exact arithmetic (the top speaker
		// to every upper-layer speaker, say) must not be ordered by their
		// last-bit rounding.
		sort.SliceStable(groups, func(a, b int) bool {
			ka, kb := groups[a].key, groups[b].key
			for k := range ka {
				if math.Abs(ka[k]-kb[k]) >= zoneEps {
					return ka[k] < kb[k]
				}
			}
			return false
		})
		z.start[i] = append(z.start[i], 0)
		for _, g := range groups {
			z.members[i] = append(z.members[i], g.chs...)
			z.start[i] = append(z.start[i], len(z.members[i]))
		}
	}
	return z
}

// excluded marks in ex the channels inside any of the zones: nominal
// positions inside a box (with a 1e-6 margin), or nominal directions inside
// a polar zone (loudspeakers at the poles match any azimuth range).
func (z *zoneExcluder) excluded(ex []bool, zones []Zone) {
	clear(ex)
	for zi := range zones {
		zn := &zones[zi]
		for i, p := range z.pos {
			if zn.Cartesian {
				if p[0]-zoneEps < zn.MaxX && p[1]-zoneEps < zn.MaxY && p[2]-zoneEps < zn.MaxZ &&
					p[0]+zoneEps > zn.MinX && p[1]+zoneEps > zn.MinY && p[2]+zoneEps > zn.MinZ {
					ex[i] = true
				}
				continue
			}
			e := z.el[i]
			if e-zoneEps < zn.MaxElevation && e+zoneEps > zn.MinElevation &&
				(math.Abs(e) > 90-zoneEps || insideAngleRange(z.az[i], zn.MinAzimuth, zn.MaxAzimuth, zoneEps)) {
				ex[i] = true
			}
		}
	}
}

// downmix applies the zone-exclusion downmix to the power of gains g
// (in place), for the exclusion mask ex: each excluded channel's power goes
// equally to the non-excluded members of its best group that has any. With
// nothing or everything excluded, g is left alone. tmp is scratch of len(g).
func (z *zoneExcluder) downmix(g []float64, ex []bool, tmp []float64) {
	nEx := 0
	for _, e := range ex {
		if e {
			nEx++
		}
	}
	if nEx == 0 || nEx == len(ex) {
		return
	}
	clear(tmp)
	for i, gi := range g {
		p := gi * gi
		st, m := z.start[i], z.members[i]
		for k := 0; k+1 < len(st); k++ {
			grp := m[st[k]:st[k+1]]
			cnt := 0
			for _, j := range grp {
				if !ex[j] {
					cnt++
				}
			}
			if cnt == 0 {
				continue
			}
			share := p * (1 / float64(cnt))
			for _, j := range grp {
				if !ex[j] {
					tmp[j] += share
				}
			}
			break
		}
	}
	for j := range g {
		g[j] = math.Sqrt(tmp[j])
	}
}
