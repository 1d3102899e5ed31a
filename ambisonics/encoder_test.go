package ambisonics

import (
	"math"
	"testing"

	"immerse/dsp"
	"immerse/geom"
	"immerse/objects"
	"immerse/render"
)

var _ render.Encoder = (*Encoder)(nil)
var _ render.Labeler = (*Encoder)(nil)

func TestEncoderLabels(t *testing.T) {
	e, err := NewEncoder(3, SN3D, Rotation{})
	if err != nil {
		t.Fatal(err)
	}
	lb := e.Labels()
	if e.Channels() != 16 || len(lb) != 16 || lb[0] != "ACN0" || lb[15] != "ACN15" || e.Name() != "AmbiX order 3 (SN3D)" {
		t.Errorf("channels %d labels %v name %q", e.Channels(), lb, e.Name())
	}
	n, _ := NewEncoder(5, N3D, Rotation{})
	if n.Name() != "ambisonics order 5 (ACN, N3D)" || n.Channels() != 36 {
		t.Errorf("N3D name %q", n.Name())
	}
	for _, bad := range []struct {
		order int
		norm  Normalization
	}{{0, SN3D}, {8, SN3D}, {2, FuMa}, {1, Normalization(9)}} {
		if _, err := NewEncoder(bad.order, bad.norm, Rotation{}); err == nil {
			t.Errorf("order %d %v accepted", bad.order, bad.norm)
		}
	}
}

func TestEncoderGains(t *testing.T) {
	e, _ := NewEncoder(7, SN3D, Rotation{Yaw: 90})
	dst := make([]float64, e.Channels())
	d := geom.Cart(0, 0, 1)
	if a := testing.AllocsPerRun(100, func() { dst = e.Gains(dst, d) }); a != 0 {
		t.Errorf("Gains allocates %g times", a)
	}
	want := SH(nil, 7, geom.Cart(90, 0, 1), SN3D)
	for k := range want {
		if math.Abs(dst[k]-want[k]) > 1e-14 {
			t.Fatalf("ACN%d = %g, want %g (yaw 90 takes front to left)", k, dst[k], want[k])
		}
	}
}

// Through the render engine, a moving object's channels at the gain grid
// points are the stem times the harmonics of its position there; in
// between, the gains ramp linearly.
func TestEncoderInEngine(t *testing.T) {
	const frames = 4096
	st := memStems{"a.wav": noiseStem(31, 1, frames)}
	sc := &objects.Scene{SampleRate: testRate, Objects: []objects.Object{{Name: "a", File: "a.wav", Positions: []objects.Keyframe{
		{Time: 0, Azimuth: objects.F(-60), Elevation: objects.F(0)},
		{Time: float64(frames) / testRate, Azimuth: objects.F(60), Elevation: objects.F(40)},
	}}}}
	enc, _ := NewEncoder(3, SN3D, Rotation{})
	e, err := render.New(sc, st.open, render.Config{Encoder: enc, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	out := dsp.NewBuffer(16, frames)
	if _, err := dsp.ReadFull(e, out); err != nil {
		t.Fatal(err)
	}
	tr := sc.Objects[0].Trajectory(testRate)
	x := st["a.wav"][0]
	for n := 0; n+render.GainInterval < frames; n += render.GainInterval {
		y0 := SH(nil, 3, tr.At(int64(n)).Dir, SN3D)
		y1 := SH(nil, 3, tr.At(int64(n+render.GainInterval)).Dir, SN3D)
		for _, off := range []int{0, 100} {
			w := float64(off) / render.GainInterval
			for c := range out {
				want := float64(x[n+off]) * (y0[c] + w*(y1[c]-y0[c]))
				if math.Abs(float64(out[c][n+off])-want) > 1e-5 {
					t.Fatalf("frame %d ACN%d: %g, want %g", n+off, c, out[c][n+off], want)
				}
			}
		}
	}
}
