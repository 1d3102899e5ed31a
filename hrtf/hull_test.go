package hrtf

import (
	"math"
	"math/rand/v2"
	"testing"

	"immerse/geom"
)

func randomDirs(n int, seed uint64) []geom.Vec {
	r := rand.New(rand.NewPCG(seed, 3))
	dirs := make([]geom.Vec, n)
	for i := range dirs {
		for {
			v := geom.Vec{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
			if v.Norm() > 1e-3 {
				dirs[i] = v.Unit()
				break
			}
		}
	}
	return dirs
}

// checkHull verifies a hull: Euler's formula for a triangulated sphere
// (F = 2V - 4), every point a vertex, every point on or below every face
// plane, and symmetric adjacency.
func checkHull(t *testing.T, name string, pts []geom.Vec) {
	t.Helper()
	h, err := newHull(pts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	faces := h.alive()
	if len(faces) != 2*len(pts)-4 {
		t.Errorf("%s: %d faces for %d points, want %d", name, len(faces), len(pts), 2*len(pts)-4)
	}
	used := make([]bool, len(pts))
	for _, fi := range faces {
		f := &h.faces[fi]
		for e, v := range f.v {
			used[v] = true
			g := &h.faces[f.nb[e]]
			if g.dead {
				t.Fatalf("%s: face %d has a dead neighbour", name, fi)
			}
			back := false
			for ge := 0; ge < 3; ge++ {
				if g.nb[ge] == fi && g.v[ge] == f.v[(e+1)%3] && g.v[(ge+1)%3] == v {
					back = true
				}
			}
			if !back {
				t.Fatalf("%s: adjacency of face %d edge %d is not mutual", name, fi, e)
			}
		}
		for i, p := range pts {
			if d := f.dist(p); d > 1e-9 {
				t.Fatalf("%s: point %d lies %.2e above face %d", name, i, d, fi)
			}
		}
	}
	for i, u := range used {
		if !u {
			t.Errorf("%s: point %d is not a hull vertex", name, i)
		}
	}
}

func TestHullRandom(t *testing.T) {
	for _, n := range []int{4, 5, 50, 500} {
		checkHull(t, "random", randomDirs(n, uint64(n)))
	}
	checkHull(t, "fibonacci 2354", fibonacciSphere(2354))
}

// TestHullCocircular runs the hull on grids full of cocircular and
// coplanar points: the KEMAR grid (trapezoids between rings with equal
// azimuths, a planar ring bounding the uncovered cap) and the staggered
// grid with poles.
func TestHullCocircular(t *testing.T) {
	checkHull(t, "kemar", kemarGrid())
	checkHull(t, "staggered", staggeredGrid(15, 24))
}

// TestMeshPolygons checks the merged polygons: Euler's V - E + F = 2, every
// corner in its polygon's plane, the 288 quadrilaterals between the five
// 72-direction rings of the KEMAR grid, and one 56-gon closing the cap
// below -40°, whose circumcircle has a radius of 50°.
func TestMeshPolygons(t *testing.T) {
	m, err := newMesh(kemarGrid())
	if err != nil {
		t.Fatal(err)
	}
	edges, quads := 0, 0
	for _, p := range m.polys {
		edges += int(p.n)
		if p.n == 4 {
			quads++
		}
		for c := p.start; c < p.start+p.n; c++ {
			if d := math.Abs(p.normal.Dot(m.pts[m.vert[c]]) - p.off); d > 1e-12 {
				t.Errorf("corner %d is %.2e off its polygon's plane", c, d)
			}
		}
	}
	v, e, f := len(m.pts), edges/2, len(m.polys)
	if v-e+f != 2 {
		t.Errorf("V-E+F = %d-%d+%d = %d, want 2", v, e, f, v-e+f)
	}
	if quads != 288 {
		t.Errorf("%d quadrilaterals, want 288", quads)
	}
	if m.maxN != 56 {
		t.Errorf("largest polygon has %d corners, want 56 (the -40° ring)", m.maxN)
	}
	for _, p := range m.polys {
		if p.n == 56 {
			if r := m.radius(p); math.Abs(r-50) > 1e-6 {
				t.Errorf("cap radius %.6f°, want 50°", r)
			}
			if a := p.normal.Angle(geom.Vec{0, 0, -1}); a > 1e-6 {
				t.Errorf("cap centre is %.2e° from the south pole", a)
			}
		}
	}
	// A cube's corners: six square faces.
	var cube []geom.Vec
	for _, s := range [8][3]float64{{-1, -1, -1}, {1, -1, -1}, {-1, 1, -1}, {1, 1, -1}, {-1, -1, 1}, {1, -1, 1}, {-1, 1, 1}, {1, 1, 1}} {
		cube = append(cube, geom.Vec(s).Unit())
	}
	mc, err := newMesh(cube)
	if err != nil {
		t.Fatal(err)
	}
	if len(mc.polys) != 6 || mc.maxN != 4 {
		t.Errorf("cube: %d polygons of up to %d corners, want 6 squares", len(mc.polys), mc.maxN)
	}
}

// TestLookup: for random directions the walk finds a polygon that contains
// the direction (every edge test non-negative), the weights are
// non-negative, sum to 1 and reproduce the direction (linear precision:
// Σ w_i·v_i is parallel to d).
func TestLookup(t *testing.T) {
	for _, c := range []struct {
		name string
		dirs []geom.Vec
	}{{"kemar", kemarGrid()}, {"staggered", staggeredGrid(15, 24)}, {"fibonacci", fibonacciSphere(2354)}, {"octahedron", []geom.Vec{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}}} {
		m, err := newMesh(c.dirs)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		vert, w, prod := make([]int32, m.maxN), make([]float64, m.maxN), make([]float64, m.maxN)
		for i, d := range append(randomDirs(2000, 9), c.dirs...) {
			p := m.polys[m.locate(d, m.grid[m.cell(d)])]
			for cc := p.start; cc < p.start+p.n; cc++ {
				if e := d.Dot(m.edge[cc]) * m.edgeInv[cc]; e < -1e-12 {
					t.Fatalf("%s: direction %d: located polygon does not contain it (edge %.2e)", c.name, i, e)
				}
			}
			n := m.lookup(d, vert, w, prod)
			var sum float64
			var rec geom.Vec
			for k := 0; k < n; k++ {
				if w[k] < 0 {
					t.Fatalf("%s: negative weight %v", c.name, w[k])
				}
				sum += w[k]
				rec = rec.Add(m.pts[vert[k]].Scale(w[k]))
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("%s: weights sum to %v", c.name, sum)
			}
			if a := rec.Angle(d); a > 1e-6 {
				t.Fatalf("%s: direction %d: weights reproduce a direction %.2e° away", c.name, i, a)
			}
		}
	}
}
