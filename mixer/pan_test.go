package mixer

import (
	"fmt"
	"math"
	"testing"

	"immerse/dsp"
)

// TestPanLawsThroughSession: a centred mono track sits at the law's level
// on each side; hard left silences the right exactly (and vice versa).
func TestPanLawsThroughSession(t *testing.T) {
	x := constant(4800, 0.5)
	for _, c := range []struct{ law, centreDB float64 }{{-3, -3.0103}, {-4.5, -4.5154}, {-6, -6.0206}, {0, 0}} {
		for _, pan := range []float64{0, -1, 1} {
			doc := fmt.Sprintf(`{"panLaw": %g, "tracks": [{"name": "T", "file": "t.wav", "pan": %g}]}`, c.law, pan)
			out := mix(t, parse(t, doc), memStems{"t.wav": {x}})
			l, r := db(out[0][100])-db(0.5), db(out[1][100])-db(0.5)
			switch pan {
			case 0:
				if math.Abs(l-c.centreDB) > 1e-3 || math.Abs(r-c.centreDB) > 1e-3 {
					t.Errorf("law %g: centre at %.4f / %.4f dB, want %.4f", c.law, l, r, c.centreDB)
				}
			case -1:
				if out[1][100] != 0 || math.Abs(l) > 1e-6 {
					t.Errorf("law %g hard left: L %.4f dB, R %g", c.law, l, out[1][100])
				}
			case 1:
				if out[0][100] != 0 || math.Abs(r) > 1e-6 {
					t.Errorf("law %g hard right: L %g, R %.4f dB", c.law, out[0][100], r)
				}
			}
		}
	}
}

// TestPanGains: the -3 dB law is constant power, the -6 dB law constant
// amplitude, the -4.5 law between; gains move monotonically.
func TestPanGains(t *testing.T) {
	for p := -1.0; p <= 1; p += 0.125 {
		l, r := PanGains(p, -3)
		if math.Abs(l*l+r*r-1) > 1e-12 {
			t.Errorf("-3 law at %g: power %g", p, l*l+r*r)
		}
		l, r = PanGains(p, -6)
		if math.Abs(l+r-1) > 1e-12 {
			t.Errorf("-6 law at %g: sum %g", p, l+r)
		}
		l3, _ := PanGains(p, -3)
		l6, _ := PanGains(p, -6)
		l45, _ := PanGains(p, -4.5)
		if l45 < l6-1e-12 || l45 > l3+1e-12 || math.Abs(l45-math.Sqrt(l3*l6)) > 1e-12 {
			t.Errorf("-4.5 law at %g: %g not the geometric mean of %g and %g", p, l45, l3, l6)
		}
		pl, pr := PanGains(p-0.125, -3)
		if p > -1 && (l3 > pl || panRight(p) < pr) {
			t.Errorf("-3 law not monotonic at %g", p)
		}
	}
	if l, r := PanGains(0, -3); dsp.GainToDB(l) > -3.0102 || dsp.GainToDB(r) < -3.0104 {
		t.Errorf("-3 law centre %g %g", l, r)
	}
}

// panRight is the right gain of the -3 dB law.
func panRight(p float64) float64 { _, r := PanGains(p, -3); return r }

// TestStereoTrackWidthAndBalance: width 0 folds a stereo track to mono,
// width 1 keeps it, balance -1 keeps only the left.
func TestStereoTrackWidthAndBalance(t *testing.T) {
	l, r := constant(4800, 0.6), constant(4800, 0.2)
	stems := memStems{"t.wav": {l, r}}
	run := func(extra string) (float32, float32) {
		out := mix(t, parse(t, fmt.Sprintf(`{"tracks": [{"name": "T", "file": "t.wav"%s}]}`, extra)), stems)
		return out[0][10], out[1][10]
	}
	if a, b := run(""); a != 0.6 || b != 0.2 {
		t.Errorf("unity: %g %g", a, b)
	}
	if a, b := run(`, "width": 0`); a != 0.4 || b != 0.4 {
		t.Errorf("width 0: %g %g, want the mid 0.4 on both", a, b)
	}
	if a, b := run(`, "width": 2`); math.Abs(float64(a)-0.8) > 1e-6 || math.Abs(float64(b)) > 1e-6 {
		t.Errorf("width 2: %g %g, want 0.8 and 0", a, b)
	}
	if a, b := run(`, "balance": -1`); a != 0.6 || b != 0 {
		t.Errorf("balance -1: %g %g", a, b)
	}
	if a, b := run(`, "balance": 0.5`); math.Abs(float64(a)-0.3) > 1e-6 || b != 0.2 {
		t.Errorf("balance 0.5: %g %g, want 0.3 and 0.2", a, b)
	}
	_, err := New(parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "pan": 0.3}]}`), stems.open(testRate), Config{})
	wantErr(t, err, `track "T": field "pan": stem "t.wav" is stereo; place a stereo track with "balance"`)
	mono := memStems{"t.wav": {l}}
	_, err = New(parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "balance": 0.3}]}`), mono.open(testRate), Config{})
	wantErr(t, err, `track "T": field "balance": stem "t.wav" is mono; balance is for stereo tracks, use "pan"`)
	_, err = New(parse(t, oneTrack(`[{"type": "midside"}]`, "")), mono.open(testRate), Config{})
	wantErr(t, err, `track "T" insert 1 (midside): midside needs a stereo signal and this strip is mono`)
}

// TestDSPMessagesUseSessionNames: errors the effects raise at build time
// name parameters as session files do.
func TestDSPMessagesUseSessionNames(t *testing.T) {
	mono := memStems{"t.wav": {constant(100, 0)}}
	_, err := New(parse(t, oneTrack(`[{"type": "delay", "pingPong": true}]`, "")), mono.open(testRate), Config{})
	wantErr(t, err, `track "T" insert 1 (delay): delay: pingPong needs 2 channels`)
	s := parse(t, oneTrack(`[{"type": "limiter", "lookahead": 1}]`, ""))
	s.SampleRate = 8000
	_, err = New(s, mono.open(8000), Config{})
	wantErr(t, err, `track "T" insert 1 (limiter): dynamics: limiter: lookahead = 1 ms is 8 frames at 8000 Hz`)
	_, err = ParseSession([]byte(`{"tracks": [{"name": "T", "file": "t.wav"}], "master": {"inserts": [{"type": "midside", "bands": [{"type": "peak"}]}]}}`), "s.json")
	wantErr(t, err, `master insert 1 (midside): the bands apply to nothing; set "eqTarget" to "mid" or "side"`)
}
