package dynamics

import (
	"math"
	"testing"

	"immerse/dsp"
)

// TestGateRange opens the gate with a loud passage, then feeds a quiet one
// below the threshold: after the release it is attenuated by exactly the
// range; the loud passage passes at 0 dB.
func TestGateRange(t *testing.T) {
	for _, rng := range []float64{10, 30, 80} {
		p := DefaultGateParams()
		p.ThresholdDB, p.RangeDB, p.HoldMs, p.ReleaseMs = -40, rng, 20, 30
		n := 2 * rate
		x := sine(n, 1000, 0.1) // -20 dBFS peak
		for i := rate; i < n; i++ {
			x[i] *= 0.01 // -60 dBFS peak
		}
		g := must[*Gate](t)(NewGate(p, rate, 1))
		y := run(g, [][]float32{x}, nil, 256)[0]
		open := rmsDB(y[rate/2:rate]) - rmsDB(x[rate/2:rate])
		closed := rmsDB(y[rate+rate/2:]) - rmsDB(x[rate+rate/2:])
		t.Logf("range %g dB: above threshold %.4f dB, below %.4f dB", rng, open, closed)
		if math.Abs(open) > 0.1 {
			t.Errorf("range %g: above the threshold the gain is %.3f dB", rng, open)
		}
		if math.Abs(closed+rng) > 0.1 {
			t.Errorf("range %g: below the threshold the gain is %.3f dB", rng, closed)
		}
	}
}

// TestExpanderRatio checks the downward expander's static curve on steady
// sines with an RMS detector: (R−1)(x−T) dB below the threshold, floored
// at the range.
func TestExpanderRatio(t *testing.T) {
	cases := []struct{ ratio, in, want float64 }{
		{2, -50, -10}, {3, -50, -20}, {2, -80, -30}, {1.5, -44, -2}, {GateRatio, -41, -30},
	}
	for _, c := range cases {
		p := DefaultGateParams()
		p.ThresholdDB, p.RangeDB, p.Ratio = -40, 30, c.ratio
		p.Detector, p.RMSWindowMs, p.AttackMs, p.ReleaseMs = RMS, 10, 1, 20
		if got := p.TargetGainDB(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("ratio %g at %g dB: TargetGainDB %g, want %g", c.ratio, c.in, got, c.want)
		}
		x := sine(rate, 1000, math.Sqrt2*dsp.DBToGain(c.in))
		g := must[*Gate](t)(NewGate(p, rate, 1))
		y := run(g, [][]float32{x}, nil, 512)[0]
		got := rmsDB(y[rate/2:]) - rmsDB(x[rate/2:])
		if math.Abs(got-c.want) > 0.1 {
			t.Errorf("ratio %g at %g dB RMS: measured %.3f dB, want %g", c.ratio, c.in, got, c.want)
		}
	}
}

// TestGateHold ends a burst above the threshold and finds the frame where
// the gain starts to fall: exactly HoldMs after the level dropped.
func TestGateHold(t *testing.T) {
	for _, hold := range []float64{0, 5, 50, 333} {
		p := DefaultGateParams()
		p.ThresholdDB, p.RangeDB, p.HoldMs, p.AttackMs, p.ReleaseMs = -30, 60, hold, 0.1, 20
		n0 := rate / 5
		x := alternating(rate, 0.3) // -10.5 dBFS, then -50.5 dBFS from n0
		for i := n0; i < len(x); i++ {
			x[i] *= 0.01
		}
		g := must[*Gate](t)(NewGate(p, rate, 1))
		y := run(g, [][]float32{x}, nil, 64)[0]
		ref := math.Abs(float64(y[n0-1]) / float64(x[n0-1]))
		start := -1
		for i := n0; i < len(x); i++ {
			if math.Abs(float64(y[i])/float64(x[i])) < ref*(1-1e-5) {
				start = i
				break
			}
		}
		want := n0 + int(math.Round(hold*rate/1000))
		errMs := float64(start-want) * 1000 / rate
		t.Logf("hold %g ms: release starts %d frames (%.3f ms) after the drop; error %d frames", hold, start-n0, float64(start-n0)*1000/rate, start-want)
		if math.Abs(errMs) > 1 || start-want != 0 {
			t.Errorf("hold %g ms: release starts at frame %d, want %d", hold, start, want)
		}
	}
}

func TestGateSidechainAndLookahead(t *testing.T) {
	p := DefaultGateParams()
	p.ThresholdDB, p.RangeDB, p.LookaheadMs, p.AttackMs = -30, 40, 2, 0.05
	g := must[*Gate](t)(NewGate(p, rate, 2))
	if g.Latency() != 96 {
		t.Fatalf("Latency %d, want 96", g.Latency())
	}
	// A steady quiet pad keyed by a loud mono trigger from frame 4800 on:
	// the pad opens; with the lookahead it is (nearly) open when the
	// trigger's first frame leaves the delay.
	n := 9600
	pad := [][]float32{alternating(n, 0.01), alternating(n, 0.01)}
	key := [][]float32{make([]float32, n)}
	copy(key[0][4800:], alternating(n-4800, 0.5))
	y := run(g, pad, key, 100)
	if d := rmsDB(y[0][2000:4000]) - rmsDB(pad[0][1904:3904]); math.Abs(d+40) > 0.01 {
		t.Errorf("before the trigger the pad is at %.3f dB, want -40", d)
	}
	if d := rmsDB(y[1][4800+96:5800]) - rmsDB(pad[1][4800:5800-96]); math.Abs(d) > 0.1 {
		t.Errorf("during the trigger the pad is at %.3f dB, want 0", d)
	}
}
