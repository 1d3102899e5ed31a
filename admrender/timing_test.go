package admrender

import (
	"math"
	"strings"
	"testing"

	"immerse/adm"
	"immerse/gaincalc"
)

func at(s string) adm.Time {
	t, err := adm.ParseTime(s)
	if err != nil {
		panic(err)
	}
	return t
}

func objBlock(start, end string, jump bool, interp *float64) adm.TimedBlock {
	ob := &adm.ObjectsBlock{BlockFormat: gaincalc.NewBlockFormat(gaincalc.Polar(0, 0, 1)), JumpPosition: jump, InterpolationLength: interp}
	return adm.TimedBlock{BlockFormat: &adm.BlockFormat{ID: "AB_x", Objects: ob}, Start: at(start), End: at(end)}
}

// Spans at 48 kHz worked out by hand from BS.2127 §7.2.
func TestObjectSpans(t *testing.T) {
	il := 0.025
	whole := 0.35
	blocks := []adm.TimedBlock{
		objBlock("00:00:00.00000", "00:00:00.200004", false, nil),  // first: jumps
		objBlock("00:00:00.200004", "00:00:00.50000", true, &il),   // ramps over 25 ms from sample 9600.192
		objBlock("00:00:00.50000", "00:00:00.85000", true, nil),    // jumps
		objBlock("00:00:00.85000", "00:00:01.20000", true, &whole), // ramps over the whole block
		objBlock("00:00:01.30000", "00:00:01.40000", false, nil),   // after a gap: jumps
		objBlock("00:00:01.40000", "00:00:01.40000", false, nil),   // empty
		// Sample-form times: 1 + 19200/48000 s = 1.4 s continues the
		// previous block exactly; it ends 1/48000 s after 2 s.
		objBlock("00:00:01.19200S48000", "00:00:02.00001S48000", false, nil),
	}
	spans, err := objectSpans(blocks, 48000)
	if err != nil {
		t.Fatal(err)
	}
	want := []span{
		{first: 0, target: 0, last: 9601},
		{first: 9601, target: 10801, last: 24000, interp: true, p0: 0.808 / 1200, dp: 1.0 / 1200},
		{first: 24000, target: 24000, last: 40800},
		{first: 40800, target: 57600, last: 57600, interp: true, p0: 0, dp: 1.0 / 16800},
		{first: 62400, target: 62400, last: 67200},
		{first: 67200, target: 67200, last: 67200, interp: false},
		{first: 67200, target: 96001, last: 96001, interp: true, p0: 0, dp: 1.0 / 28801},
	}
	for i, w := range want {
		g := spans[i]
		if g.first != w.first || g.target != w.target || g.last != w.last || g.interp != w.interp ||
			math.Abs(g.p0-w.p0) > 1e-15 || math.Abs(g.dp-w.dp) > 1e-15 {
			t.Errorf("block %d: %+v, want %+v", i, g, w)
		}
	}
	// The ramp ends exactly at p = 1 at the fractional target sample.
	s := spans[1]
	if p := s.p0 + float64(10800.192-9601)*s.dp; math.Abs(p-1) > 1e-12 {
		t.Errorf("ramp reaches %g at the target", p)
	}
}

func TestObjectSpansErrors(t *testing.T) {
	il := 0.5
	_, err := objectSpans([]adm.TimedBlock{objBlock("00:00:00.00000", "00:00:00.10000", true, &il)}, 48000)
	if err == nil || !strings.Contains(err.Error(), "interpolationLength 0.5 s is longer than the block (0.1 s)") {
		t.Errorf("error %v", err)
	}
}

// An ADM decimal time is kept exactly: 0.05 s is 1/20, not the nearest
// double.
func TestSecondsRat(t *testing.T) {
	if r := secondsRat(0.05); r.String() != "1/20" {
		t.Errorf("0.05 s read as %s", r)
	}
	if n := ceilRat(ratOf(at("00:00:00.10000"), 48000)); n != 4800 {
		t.Errorf("0.1 s at 48 kHz is sample %d", n)
	}
}
