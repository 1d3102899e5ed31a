package mixer

import (
	"math"
	"strings"
	"testing"

	"immerse/dsp"
)

// TestCleanupInserts: the clean-up types are listed, check their values
// and mix: a session whose track has a declick insert repairs a click in
// its stem, and the mix stays aligned with the stem (the insert's latency
// is compensated).
func TestCleanupInserts(t *testing.T) {
	names := map[string]bool{}
	for _, e := range Effects() {
		names[e.Type] = true
	}
	for _, n := range []string{"dehum", "declick", "denoise", "stripsilence"} {
		if !names[n] {
			t.Errorf("%s not listed", n)
		}
	}
	for _, c := range []struct {
		in  Insert
		msg string
	}{
		{Insert{Type: "dehum", Params: map[string]float64{"harmonics": 2.5}}, "whole number"},
		{Insert{Type: "dehum", Params: map[string]float64{"frequency": 80}}, "out of range"},
		{Insert{Type: "denoise", Params: map[string]float64{"reduction": 60}}, "out of range"},
		{Insert{Type: "declick", Params: map[string]float64{"maxclick": 1}}, `did you mean "maxClick"`},
	} {
		if err := checkInsert(&c.in, "x"); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%+v: %v, want %q", c.in, err, c.msg)
		}
	}
	// A mono stem: a sine with a click; the mix is its pan-law copy.
	n := testRate
	x := sine(n, 330, 0.2)
	clean := append([]float32(nil), x...)
	x[20000] += 0.6
	s := parse(t, `{"tracks": [{"name": "S", "file": "s.wav", "inserts": [{"type": "declick"}]}]}`)
	y := mix(t, s, memStems{"s.wav": {x}})
	gl, _ := PanGains(0, -3)
	g := float32(gl)
	var e float64
	for i := 19900; i < 20100; i++ {
		d := float64(y[0][i] - g*clean[i])
		e += d * d
	}
	if red := dsp.PowerToDB(0.36 * float64(g*g) / e); red < 20 {
		t.Errorf("click in the mix reduced by %.1f dB", red)
	}
	if math.Abs(float64(y[0][10000]-g*clean[10000])) > 1e-6 {
		t.Errorf("the mix is not aligned with the stem")
	}
}
