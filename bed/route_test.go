package bed

import (
	"math"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/speakers"
)

func get(t *testing.T, name string) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRouteSharedChannelsDirect(t *testing.T) {
	from, to := get(t, "7.1.2"), get(t, "7.1.4")
	m, warn, err := Route(from, to, Options{})
	if err != nil || len(warn) != 0 {
		t.Fatal(err, warn)
	}
	for i, c := range from.Channels {
		k := to.Index(c.Label)
		if k < 0 {
			// U+090/U-090: panned at their position, power 1, mostly into
			// the upper layer (the great circle U+045..U+135 passes above
			// 30 degrees elevation, so M+090 takes a little too).
			var p, upper float64
			for _, tp := range m.Taps[i] {
				p += tp.Gain * tp.Gain
				if strings.HasPrefix(to.Channels[tp.Out].Label, "U") {
					upper += tp.Gain * tp.Gain
				}
			}
			if math.Abs(p-1) > 1e-9 || len(m.Taps[i]) < 2 || upper < 0.8 {
				t.Errorf("%s panned with taps %v (upper-layer power %.3f)", c.Label, m.Taps[i], upper)
			}
			continue
		}
		if len(m.Taps[i]) != 1 || m.Taps[i][0].Out != k || m.Taps[i][0].Gain != 1 {
			t.Errorf("%s routed %v, want straight to channel %d", c.Label, m.Taps[i], k)
		}
	}
	// Bit exact: Mix with gain 1 copies shared channels unchanged (the
	// panned U+090/U-090 stay silent here, since they feed M+090/M-090).
	src := dsp.NewBuffer(len(from.Channels), 64)
	for c := range src {
		if to.Index(from.Channels[c].Label) < 0 {
			continue
		}
		for n := range src[c] {
			src[c][n] = float32(math.Sin(float64(n*(c+1)))) * 0.7
		}
	}
	dst := dsp.NewBuffer(len(to.Channels), 64)
	m.Mix(dst, src, 1)
	for i, c := range from.Channels {
		if k := to.Index(c.Label); k >= 0 {
			for n := range src[i] {
				if dst[k][n] != src[i][n] {
					t.Fatalf("%s sample %d: %v != %v", c.Label, n, dst[k][n], src[i][n])
				}
			}
		}
	}
}

func TestRouteToStereo(t *testing.T) {
	from, to := get(t, "5.1"), get(t, "stereo")
	m, warn, err := Route(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warn) != 1 || !strings.Contains(warn[0], "LFE1 dropped") || !strings.Contains(warn[0], "--lfe-to-mains") {
		t.Errorf("warnings %v", warn)
	}
	d := m.Dense()
	// Centre: equal in both, panned by the 0+2+0 panner (centre source).
	c := from.Index("M+000")
	if math.Abs(d[0][c]-d[1][c]) > 1e-12 || math.Abs(d[0][c]-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("centre -> %v %v", d[0][c], d[1][c])
	}
	// Left surround: mostly left, 3 dB down at the back at most.
	ls := from.Index("M+110")
	if !(d[0][ls] > d[1][ls]) || d[1][ls] != 0 {
		t.Errorf("M+110 -> L %v R %v", d[0][ls], d[1][ls])
	}
	m, warn, _ = Route(from, to, Options{LFEToMains: true})
	lfe := from.Index("LFE1")
	if len(warn) != 0 || len(m.Taps[lfe]) != 2 || math.Abs(m.Taps[lfe][0].Gain-dsp.DBToGain(-3)) > 1e-12 {
		t.Errorf("LFE to mains: %v %v", m.Taps[lfe], warn)
	}
}

func TestRouteLFE(t *testing.T) {
	from, to := get(t, "22.2"), get(t, "7.1.4")
	m, _, err := Route(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l1, l2 := from.Index("LFE1"), from.Index("LFE2")
	if m.Taps[l1][0].Out != 3 || m.Taps[l2][0].Out != 3 {
		t.Errorf("LFE1 %v LFE2 %v, want both on LFE1 (channel 3)", m.Taps[l1], m.Taps[l2])
	}
}
