package bed

import (
	"math"
	"testing"

	"immerse/dsp"
)

const h = 0.7071067811865476 // -3 dB

// A signal in each 7.1.4 channel lands in the expected 5.1, 2.0 and 1.0
// channels at the documented gains.
func TestFoldChain714(t *testing.T) {
	l := get(t, "7.1.4")
	chain := FoldChain(l, DefaultFold())
	if len(chain) != 3 || chain[0].To.Name != "0+5+0" || chain[1].To.Name != "0+2+0" || chain[2].To.Name != "0+1+0" {
		t.Fatalf("chain %v", chain)
	}
	// Per 7.1.4 channel: expected 5.1 gains by label.
	want51 := map[string]map[string]float64{
		"M+030": {"M+030": 1}, "M-030": {"M-030": 1}, "M+000": {"M+000": 1}, "LFE1": {"LFE1": 1},
		"M+090": {"M+110": h}, "M-090": {"M-110": h}, "M+135": {"M+110": h}, "M-135": {"M-110": h},
		"U+045": {"M+030": h}, "U-045": {"M-030": h}, "U+135": {"M+110": h}, "U-135": {"M-110": h},
	}
	five := chain[0]
	for in, outs := range want51 {
		for _, o := range five.To.Channels {
			if g := five.Gain(o.Label, in); math.Abs(g-outs[o.Label]) > 1e-12 {
				t.Errorf("7.1.4 %s -> 5.1 %s = %v, want %v", in, o.Label, g, outs[o.Label])
			}
		}
	}
	// Run an impulse per channel through the whole chain.
	for i, c := range l.Channels {
		src := dsp.NewBuffer(len(l.Channels), 1)
		src[i][0] = 1
		s51 := dsp.NewBuffer(6, 1)
		s20 := dsp.NewBuffer(2, 1)
		s10 := dsp.NewBuffer(1, 1)
		chain[0].Apply(s51, src)
		chain[1].Apply(s20, s51)
		chain[2].Apply(s10, s20)
		var wantL, wantR float64
		switch c.Label {
		case "M+030":
			wantL = 1
		case "M+000":
			wantL, wantR = h, h // BS.775: centre at -3 dB
		case "M+090", "M+135", "U+045":
			wantL = h * h // -3 dB into 5.1, then Ls -> L at -3 dB (or U+045 -> L -> L)
			if c.Label == "U+045" {
				wantL = h
			}
		case "LFE1":
			// dropped in 2.0 (BS.775)
		case "U+135":
			wantL = h * h
		default:
			continue // right-hand channels mirror the left
		}
		if math.Abs(float64(s20[0][0])-wantL) > 1e-6 || math.Abs(float64(s20[1][0])-wantR) > 1e-6 {
			t.Errorf("%s -> 2.0 = %v %v, want %v %v", c.Label, s20[0][0], s20[1][0], wantL, wantR)
		}
		if m := float64(s10[0][0]); math.Abs(m-h*(wantL+wantR)) > 1e-6 {
			t.Errorf("%s -> 1.0 = %v, want %v", c.Label, m, h*(wantL+wantR))
		}
	}
}

func TestFoldOptions(t *testing.T) {
	opt := DefaultFold()
	lfe := dsp.DBToGain(-10)
	opt.LFE = &lfe
	opt.LtRt = true
	st := FiveOneToStereo(opt)
	if g := st.Gain("M+030", "M+110"); math.Abs(g+0.5) > 1e-12 {
		t.Errorf("Lt from Ls = %v, want -0.5", g)
	}
	if g := st.Gain("M-030", "M+110"); math.Abs(g-0.5) > 1e-12 {
		t.Errorf("Rt from Ls = %v, want +0.5", g)
	}
	if g := st.Gain("M+030", "LFE1"); math.Abs(g-dsp.DBToGain(-10)) > 1e-12 {
		t.Errorf("LFE gain %v", g)
	}
	// 22.2: back centre and top centre split with power kept.
	f := ToFiveOne(get(t, "22.2"), DefaultFold())
	if g := f.Gain("M+110", "M+180"); math.Abs(g-h*h) > 1e-12 {
		t.Errorf("M+180 -> Ls = %v, want 0.5", g)
	}
	var p float64
	for _, o := range f.To.Channels {
		g := f.Gain(o.Label, "T+000")
		p += g * g
	}
	if math.Abs(p-0.5) > 1e-12 {
		t.Errorf("T+000 folds with power %v, want 0.5 (-3 dB)", p)
	}
	if got := FoldChain(get(t, "stereo"), DefaultFold()); len(got) != 1 {
		t.Errorf("stereo chain has %d stages", len(got))
	}
	if got := FoldChain(get(t, "5.1"), DefaultFold()); len(got) != 2 {
		t.Errorf("5.1 chain has %d stages", len(got))
	}
	// Every built-in layout folds with every channel going somewhere.
	for _, name := range []string{"5.1.2", "5.1.4", "4+5+1", "3+7+0", "4+9+0", "22.2", "7.1", "7.1.2", "9.1.6"} {
		d := ToFiveOne(get(t, name), DefaultFold())
		for i, c := range d.From.Channels {
			var p float64
			for o := range d.Gains {
				p += d.Gains[o][i] * d.Gains[o][i]
			}
			if p < 0.49 {
				t.Errorf("%s %s folds into 5.1 with power %v", name, c.Label, p)
			}
		}
	}
}
