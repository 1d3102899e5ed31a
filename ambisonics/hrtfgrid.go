package ambisonics

import (
	"math"
	"slices"

	"immerse/geom"
)

// voronoiDegree is the Gauss grid the Voronoi areas are counted on: 128
// rings × 256 azimuths = 32768 cells of about 1.1° × 1.4°.
const voronoiDegree = 255

// uncoveredFactor: a point of the sphere farther than this many median
// nearest-neighbour spacings from every measurement is not covered.
const uncoveredFactor = 3

// voronoiWeights returns quadrature weights for an irregular set of
// measurement directions: the area of each direction's spherical Voronoi
// cell, counted on a dense Gauss grid (each grid point's weight goes to
// its nearest direction), leaving out the parts of the sphere farther than
// uncoveredFactor × the median nearest-neighbour spacing from every
// measurement — the unmeasured cap below -40° of KEMAR, CIPIC or LISTEN,
// which a fit must not pretend to know. It also returns the covered
// fraction of the sphere. Duplicate directions share their cell.
func voronoiWeights(dirs []geom.Vec) (w []float64, covered float64) {
	n := len(dirs)
	w = make([]float64, n)
	if n == 0 {
		return w, 0
	}
	if n == 1 {
		w[0] = 4 * math.Pi
		return w, 1
	}
	// Median angular spacing to the nearest other (distinct) direction.
	nn := make([]float64, n)
	for i := range dirs {
		best := -2.0
		for j := range dirs {
			if d := dirs[i].Dot(dirs[j]); j != i && d < 1-1e-12 && d > best {
				best = d
			}
		}
		nn[i] = math.Acos(max(-1, min(1, best)))
	}
	slices.Sort(nn)
	limit := math.Cos(min(math.Pi, uncoveredFactor*nn[n/2]))
	g, _ := GaussGrid(voronoiDegree)
	share := make([]int, 0, 4) // indices of equally near duplicates
	for k, p := range g.Directions {
		best := -2.0
		share = share[:0]
		for i, d := range dirs {
			dot := p.Dot(d)
			switch {
			case dot > best+1e-12:
				best = dot
				share = append(share[:0], i)
			case dot >= best-1e-12:
				share = append(share, i)
			}
		}
		if best < limit {
			continue
		}
		for _, i := range share {
			w[i] += g.Weights[k] / float64(len(share))
		}
		covered += g.Weights[k]
	}
	return w, covered / (4 * math.Pi)
}
