package dsp

import (
	"math"
	"testing"
)

func TestDBConversions(t *testing.T) {
	cases := []struct{ db, gain float64 }{
		{0, 1}, {-6.020599913279624, 0.5}, {20, 10}, {-20, 0.1}, {-3.0102999566398116, math.Sqrt(0.5)},
	}
	for _, c := range cases {
		if g := DBToGain(c.db); math.Abs(g-c.gain) > 1e-12 {
			t.Errorf("DBToGain(%v) = %v, want %v", c.db, g, c.gain)
		}
		if d := GainToDB(c.gain); math.Abs(d-c.db) > 1e-9 {
			t.Errorf("GainToDB(%v) = %v, want %v", c.gain, d, c.db)
		}
	}
	if GainToDB(0) != MinDB || DBToGain(MinDB) != 0 || PowerToDB(0) != MinDB {
		t.Error("silence is not MinDB / 0")
	}
	if d := PowerToDB(0.5); math.Abs(d+3.0102999566398116) > 1e-12 {
		t.Errorf("PowerToDB(0.5) = %v", d)
	}
}

func TestBufferHelpers(t *testing.T) {
	b := NewBuffer(3, 8)
	if len(b) != 3 || Frames(b) != 8 {
		t.Fatalf("shape %d x %d", len(b), Frames(b))
	}
	b[1][7] = 1
	if b[2][0] != 0 {
		t.Error("channels overlap")
	}
	s := Slice(nil, b, 4, 8)
	if Frames(s) != 4 || s[1][3] != 1 {
		t.Error("Slice wrong")
	}
	Clear(b)
	if b[1][7] != 0 {
		t.Error("Clear left data")
	}
	defer func() {
		if recover() == nil {
			t.Error("CheckShape did not panic on a channel mismatch")
		}
	}()
	CheckShape("x", NewBuffer(2, 4), NewBuffer(3, 4), -1)
}

// gainProc scales by 2 and counts its calls.
type gainProc struct{ calls int }

func (g *gainProc) Process(dst, src [][]float32) {
	g.calls++
	for c := range src {
		for i, v := range src[c] {
			dst[c][i] = 2 * v
		}
	}
}
func (g *gainProc) Latency() int { return 0 }
func (g *gainProc) Reset()       {}

func TestProcessAll(t *testing.T) {
	x := NewBuffer(2, 10)
	for i := range x[0] {
		x[0][i], x[1][i] = float32(i), float32(-i)
	}
	g := &gainProc{}
	y := ProcessAll(g, x, 4)
	if g.calls != 3 || y[0][9] != 18 || y[1][5] != -10 || x[0][9] != 9 {
		t.Errorf("calls %d, out %v, in %v", g.calls, y, x)
	}
}
