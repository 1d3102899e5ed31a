package render

import (
	"math"
	"strings"
	"testing"

	"immerse/geom"
	"immerse/objects"
)

// xyzEncoder encodes a direction as its cartesian components.
type xyzEncoder struct{}

func (xyzEncoder) Channels() int { return 3 }
func (xyzEncoder) Gains(dst []float64, d geom.Vec) []float64 {
	dst = append(dst[:0], d[0], d[1], d[2])
	return dst
}

func TestEncoderTarget(t *testing.T) {
	st := memStems{"a.wav": noise(1, 1, 2000), "bed.wav": noise(2, 6, 2000)}
	sc := &objects.Scene{
		Objects: []objects.Object{staticObject("a", "a.wav", 90, 0)},
		Beds:    []objects.Bed{{Name: "b", File: "bed.wav", Layout: "5.1"}},
	}
	e, err := New(sc, st.open, Config{Encoder: xyzEncoder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Channels() != 3 || e.Layout() != nil {
		t.Fatalf("channels %d layout %v", e.Channels(), e.Layout())
	}
	if w := e.Warnings(); len(w) != 1 || !strings.Contains(w[0], "LFE1 dropped") {
		t.Errorf("warnings %v", w)
	}
	out := renderAll(t, sc, st, Config{Encoder: xyzEncoder{}}, 512)
	// x: the object (at +90 = -x) plus the bed's left/right channels.
	bed := st["bed.wav"] // file order FL FR FC LFE BL BR
	l30, r30 := geom.Cart(30, 0, 1), geom.Cart(-30, 0, 1)
	l110, r110 := geom.Cart(110, 0, 1), geom.Cart(-110, 0, 1)
	for i := 0; i < 2000; i++ {
		want := -float64(st["a.wav"][0][i]) + l30[0]*float64(bed[0][i]) + r30[0]*float64(bed[1][i]) + l110[0]*float64(bed[4][i]) + r110[0]*float64(bed[5][i])
		if math.Abs(float64(out[0][i])-want) > 1e-5 {
			t.Fatalf("x sample %d = %v, want %v", i, out[0][i], want)
		}
	}
}
