package mixer

import (
	"math"
	"testing"
)

// TestGainAutomationOnTime: a gain ramp in dB reaches each breakpoint at
// its sample exactly — also behind a latency-compensated insert — and
// moves by no more than the ramp's slope from one sample to the next
// (no zipper steps).
func TestGainAutomationOnTime(t *testing.T) {
	sat := `[{"type": "saturation", "mix": 0}]`
	for _, where := range []struct{ track, master string }{{`[]`, `{}`}, {sat, `{}`}, {`[]`, `{"inserts": ` + sat + `}`}} {
		master := where.track + " " + where.master
		s := parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "inserts": `+where.track+`,
		  "automation": {"gain": [[0, 0], [0.5, 0], [1.0, -12], [1.5, -12], [1.75, 6]]}}], "master": `+where.master+`}`)
		out := mix(t, s, memStems{"t.wav": {constant(2*testRate, 0.5)}})
		g := func(i int) float64 { return db(out[0][i]) - db(0.5) - centreDB }
		for _, c := range []struct {
			frame int
			want  float64
		}{{0, 0}, {24000, 0}, {36000, -6}, {48000, -12}, {60000, -12}, {72000, -12}, {78000, -3}, {84000, 6}, {95999, 6}} {
			if got := g(c.frame); math.Abs(got-c.want) > 1e-4 {
				t.Errorf("inserts %s: frame %d at %.5f dB, want %g", master, c.frame, got, c.want)
			}
		}
		if g(47999) <= -12+1e-5 || g(24001) >= -1e-5 {
			t.Errorf("the ramp does not start and end at its breakpoints: %.6f %.6f", g(24001), g(47999))
		}
		for i := 1; i < len(out[0]); i++ {
			slope := 12.0 / 24000 // dB per frame from 0.5 s to 1 s
			if i > 72000 {
				slope = 18.0 / 12000
			}
			if d := math.Abs(g(i) - g(i-1)); d > slope*(1+1e-3)+1e-5 {
				t.Fatalf("frame %d: a step of %.6f dB, more than the ramp's %.6f dB per frame", i, d, slope)
			}
		}
	}
}

// TestPanAutomation: a pan sweep from hard left to hard right is at
// centre (-3.01 dB both sides) halfway.
func TestPanAutomation(t *testing.T) {
	s := parse(t, oneTrack("", `"automation": {"pan": [[0, -1], [1, 1]]}`))
	out := mix(t, s, memStems{"t.wav": {constant(testRate, 0.5)}})
	l, r := db(out[0][24000])-db(0.5), db(out[1][24000])-db(0.5)
	if math.Abs(l-centreDB) > 1e-4 || math.Abs(r-centreDB) > 1e-4 || out[1][0] != 0 || out[0][47999] > 1e-4 {
		t.Errorf("centre %.4f/%.4f dB; start R %g; end L %g", l, r, out[1][0], out[0][47999])
	}
}

// TestSendAutomation: a post-fader send level rises from silence to 0 dB;
// with the dry path, the output doubles at the last breakpoint.
func TestSendAutomation(t *testing.T) {
	s := parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "sends": [{"bus": "B", "level": -120}],
	  "automation": {"sends.B": [[0, -120], [1, 0]]}}], "buses": [{"name": "B"}]}`)
	out := mix(t, s, memStems{"t.wav": {constant(testRate+100, 0.5)}})
	c := 0.5 * math.Cos(math.Pi/4)
	for _, k := range []struct {
		frame int
		send  float64 // dB
	}{{0, -120}, {24000, -60}, {48000, 0}, {48050, 0}} {
		want := c * (1 + math.Pow(10, k.send/20))
		if math.Abs(float64(out[0][k.frame])-want) > 1e-7 {
			t.Errorf("frame %d: %.8f, want %.8f (send at %g dB)", k.frame, out[0][k.frame], want, k.send)
		}
	}
}

// TestInsertAutomation: an EQ band's gain automated from 0 to +12 dB
// reaches +12 dB at its breakpoint (set on the 64-frame grid), measured
// on a sine at the band's frequency.
func TestInsertAutomation(t *testing.T) {
	s := parse(t, oneTrack(`[{"type": "eq", "bands": [{"type": "peak", "freq": 1000, "gain": 0, "q": 1}]}]`,
		`"automation": {"inserts.0.bands.0.gain": [[0, 0], [0.5, 0], [1.0, 12]]}`))
	x := sine(3*testRate/2, 1000, 0.25)
	out := mix(t, s, memStems{"t.wav": {x}})
	level := func(from, to float64) float64 {
		a, b := int(from*testRate), int(to*testRate)
		return toneDB(out[0][a:b], 1000) - toneDB(x[a:b], 1000) - centreDB
	}
	if l := level(0.2, 0.45); math.Abs(l) > 0.01 {
		t.Errorf("before the ramp: %.3f dB", l)
	}
	if l := level(0.74, 0.76); math.Abs(l-6) > 0.3 {
		t.Errorf("mid-ramp: %.3f dB, want about +6", l)
	}
	if l := level(1.0, 1.45); math.Abs(l-12) > 0.01 {
		t.Errorf("after the ramp: %.3f dB, want +12", l)
	}
	// A utility's gain automated to drop after 1 s starts moving on the
	// first grid point after it, and glides (the utility ramps changes).
	s = parse(t, oneTrack(`[{"type": "utility"}]`, `"automation": {"inserts.0.gain": [[0, 0], [1.0, 0], [1.5, -24]]}`))
	out = mix(t, s, memStems{"t.wav": {constant(2*testRate, 0.5)}})
	first := -1
	for i := 1; i < len(out[0]); i++ {
		if out[0][i] != out[0][0] {
			first = i
			break
		}
	}
	if first < testRate || first > testRate+AutomationGrid {
		t.Errorf("utility gain starts moving at frame %d, want within a grid step after %d", first, testRate)
	}
	if l := db(out[0][2*testRate-1]) - db(0.5) - centreDB; math.Abs(l+24) > 1e-3 {
		t.Errorf("utility gain ends at %.4f dB, want -24", l)
	}
}

func TestEnvelope(t *testing.T) {
	e := newEnvelope([]Breakpoint{{1, 10}, {2, 20}, {4, 0}}, 10)
	for _, c := range []struct{ f, want float64 }{{0, 10}, {10, 10}, {15, 15}, {20, 20}, {30, 10}, {40, 0}, {99, 0}, {12, 12}} {
		if got := e.value(c.f); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("value(%g) = %g, want %g", c.f, got, c.want)
		}
	}
	if !e.constantFrom(0, 11) || e.constantFrom(0, 12) || !e.constantFrom(40, 100) || e.constantFrom(15, 2) {
		t.Error("constantFrom")
	}
}
