package loudness

import (
	"math"
	"testing"
)

// EBU Tech 3342 v4 (2023), Table 1: loudness range of stereo 1 kHz tone
// sequences, 20 s per tone, expected ±1 LU. Cases 5 and 6 are authentic
// programmes (EBU files) and cannot be synthesised.
func TestTech3342(t *testing.T) {
	cases := []struct {
		n      int
		levels []float64
		want   float64
	}{
		{1, []float64{-20, -30}, 10},
		{2, []float64{-20, -15}, 5},
		{3, []float64{-40, -20}, 20},
		{4, []float64{-50, -35, -20, -35, -50}, 15},
	}
	for _, c := range cases {
		var segs []segment
		for _, l := range c.levels {
			segs = append(segs, segment{l, 20})
		}
		r := measure(t, 48000, nil, dup(tones(48000, segs...), 2))
		t.Logf("case %d: LRA %.3f LU (low %.3f, high %.3f LUFS), want %g ±1", c.n,
			r.LoudnessRangeLU, r.LRALowLUFS, r.LRAHighLUFS, c.want)
		if math.Abs(r.LoudnessRangeLU-c.want) > 1 {
			t.Errorf("case %d: LRA %.3f LU, want %g ±1", c.n, r.LoudnessRangeLU, c.want)
		}
	}
}
