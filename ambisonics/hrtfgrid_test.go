package ambisonics

import (
	"math"
	"testing"

	"immerse/geom"
	"immerse/hrtf"
)

// The six axis directions split the sphere into six equal cells.
func TestVoronoiWeightsOctahedron(t *testing.T) {
	dirs := []geom.Vec{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}
	w, covered := voronoiWeights(dirs)
	if math.Abs(covered-1) > 1e-12 {
		t.Errorf("covered %g", covered)
	}
	for i, v := range w {
		if math.Abs(v-4*math.Pi/6)/(4*math.Pi/6) > 5e-3 { // cells counted on a 1.1° grid
			t.Errorf("cell %d: %g sr, want %g", i, v, 4*math.Pi/6)
		}
	}
	// A duplicate shares its cell.
	w, _ = voronoiWeights(append(dirs, geom.Vec{1, 0, 0}))
	if math.Abs(w[0]-w[6]) > 1e-12 || math.Abs(w[0]+w[6]-4*math.Pi/6) > 0.01 {
		t.Errorf("duplicate cells %g %g", w[0], w[6])
	}
}

// KEMAR has no measurements below -40°: the cap below about -55° is left
// uncovered, everything else is.
func TestVoronoiWeightsKEMAR(t *testing.T) {
	set := hrtf.Default()
	w, covered := voronoiWeights(set.Directions)
	var sum float64
	for _, v := range w {
		sum += v
	}
	// The cap below elevation e has area 2π(1 - sin|e|).
	capEl := math.Asin(1 - 2*(1-covered))
	t.Logf("KEMAR: %d directions cover %.1f%% of the sphere (uncovered: the cap below %.1f°)", set.Len(), covered*100, -geom.Degrees(capEl))
	if math.Abs(sum-covered*4*math.Pi) > 1e-9 {
		t.Errorf("weights sum to %g, covered area %g", sum, covered*4*math.Pi)
	}
	if covered < 0.85 || covered > 0.97 {
		t.Errorf("covered fraction %g", covered)
	}
}
