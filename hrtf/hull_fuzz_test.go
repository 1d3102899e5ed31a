package hrtf

import (
	"math"
	"testing"

	"immerse/geom"
)

// FuzzMesh builds meshes from up to 80 directions on a coarse 15° grid
// (decoded from the input: many duplicates, coplanar rings, poles and
// half-empty spheres) and checks that meshing either fails with an error
// or gives a mesh in which every lookup finds weights that are
// non-negative, sum to one and reproduce the direction.
func FuzzMesh(f *testing.F) {
	f.Add([]byte{0, 0, 6, 0, 12, 0, 18, 0, 0, 6, 0, 12})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{0, 6, 3, 6, 6, 6, 9, 6, 12, 6, 15, 6, 18, 6, 21, 6})       // a horizontal ring
	f.Add([]byte{0, 12, 0, 0, 0, 9, 6, 9, 12, 9, 18, 9, 3, 3, 9, 3, 15, 3}) // upper half only
	f.Fuzz(func(t *testing.T, data []byte) {
		var pts []geom.Vec
		for i := 0; i+1 < len(data) && len(pts) < 80; i += 2 {
			d := geom.Cart(15*float64(data[i]%24), 15*float64(data[i+1]%13)-90, 1)
			dup := false
			for _, q := range pts {
				if q.Sub(d).Norm() < dupChord {
					dup = true
				}
			}
			if !dup {
				pts = append(pts, d)
			}
		}
		if len(pts) < 2 {
			return
		}
		s := &Set{SampleRate: 8000, Directions: pts}
		for _, d := range pts {
			l, r := make([]float32, 16), make([]float32, 16)
			l[4+int(2*d[0]+2)], r[4+int(2-2*d[0])] = float32(1.5-d[0]), float32(1.5+d[0])
			s.IR = append(s.IR, [2][]float32{l, r})
		}
		ip, err := NewInterpolator(s)
		if err != nil {
			return
		}
		for _, d := range fibonacciSphere(50) {
			n := ip.weights(d)
			var sum float64
			var rec geom.Vec
			for k := 0; k < n; k++ {
				w := ip.w[k]
				if w < 0 || math.IsNaN(w) {
					t.Fatalf("weight %v", w)
				}
				sum += w
				rec = rec.Add(ip.mesh.pts[ip.vert[k]].Scale(w))
			}
			if math.Abs(sum-1) > 1e-9 || rec.Angle(d) > 1e-6 {
				t.Fatalf("direction %v: weights sum to %v and reproduce a direction %.3g° away", d, sum, rec.Angle(d))
			}
		}
	})
}
