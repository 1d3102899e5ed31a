package admrender

import (
	"math"
	"testing"

	"immerse/adm"
	"immerse/gaincalc"
	"immerse/geom"
	"immerse/panner"
)

// dsGains runs the DirectSpeakers panner for one block on a layout.
func dsGains(t *testing.T, layoutName string, b *adm.SpeakersBlock, ch *adm.ChannelFormat, pack *adm.PackFormat) map[string]float64 {
	t.Helper()
	l := layout(t, layoutName)
	psp, err := panner.NewPointSource(l)
	if err != nil {
		t.Fatal(err)
	}
	calc, err := gaincalc.New(l)
	if err != nil {
		t.Fatal(err)
	}
	p := newDSPanner(l, psp, calc)
	g := make([]float64, len(l.Channels))
	p.gains(g, b, ch, pack)
	out := map[string]float64{}
	for i, v := range g {
		if v != 0 {
			out[l.Channels[i].Label] = v
		}
	}
	return out
}

func sameMap(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if math.Abs(b[k]-v) > 1e-12 {
			return false
		}
	}
	return true
}

// Channels of BS.2094 packs follow the mapping rules of BS.2127 §8.
func TestDirectSpeakersRules(t *testing.T) {
	common := func(pack, ch string) (*adm.SpeakersBlock, *adm.ChannelFormat, *adm.PackFormat) {
		c := adm.CommonChannel(ch)
		return c.Blocks[0].DirectSpeakers, c, adm.CommonPack(pack)
	}
	h, t3 := math.Sqrt(0.5), math.Sqrt(1.0/3)
	for _, c := range []struct {
		pack, channel, layout string
		want                  map[string]float64
	}{
		{"AP_00010003", "AC_00010005", "4+7+0", map[string]float64{"M+135": 1}},                                             // 5.1 M+110 on 7.1.4
		{"AP_00010003", "AC_00010003", "0+2+0", map[string]float64{"M+030": h, "M-030": h}},                                 // centre on stereo
		{"AP_00010009", "AC_0001000c", "4+7+0", map[string]float64{"U+045": 0.5, "U-045": 0.5, "U+135": 0.5, "U-135": 0.5}}, // 22.2 T+000
		{"AP_00010009", "AC_0001000a", "0+5+0", map[string]float64{"M+030": t3, "M+110": math.Sqrt(2.0 / 3)}},               // 22.2 M+090, a 22.2-only rule
		{"AP_00010017", "AC_0001000a", "0+5+0", map[string]float64{"M+030": h, "M+110": h}},                                 // 7.1.4 M+090
		{"AP_00010009", "AC_00010019", "0+5+0", map[string]float64{"M-030": math.Sqrt(2.0 / 3), "M-110": t3}},               // 22.2 M-060: a mirrored rule
		{"AP_00010009", "AC_00010021", "0+5+0", map[string]float64{"LFE1": h}},                                              // 22.2 LFE2
		{"AP_00010009", "AC_00010004", "0+5+0", map[string]float64{"LFE1": h}},                                              // 22.2 LFE1
		{"AP_00010003", "AC_00010004", "4+7+0", map[string]float64{"LFE1": 1}},                                              // 5.1 LFE
		{"AP_00010003", "AC_00010004", "0+2+0", map[string]float64{}},                                                       // no LFE: dropped
	} {
		b, ch, pk := common(c.pack, c.channel)
		if got := dsGains(t, c.layout, b, ch, pk); !sameMap(got, c.want) {
			t.Errorf("%s %s (%s) on %s: %v, want %v", c.pack, c.channel, b.Labels[0], c.layout, got, c.want)
		}
	}
}

func f(v float64) *float64 { return &v }

// Outside ITU packs: a matching label, else the closest loudspeaker within
// the bounds (unique within 1e-5), else the point-source panner; LFE
// channels go to LFE1.
func TestDirectSpeakersCustom(t *testing.T) {
	h := math.Sqrt(0.5)
	polar := func(az, el float64, labels ...string) *adm.SpeakersBlock {
		return &adm.SpeakersBlock{Labels: labels, Azimuth: adm.Bound{Value: az}, Elevation: adm.Bound{Value: el}, Distance: adm.Bound{Value: 1}, Gain: 1}
	}
	bounded := polar(100, 0, "X1")
	bounded.Azimuth.Min, bounded.Azimuth.Max = f(80), f(140)
	tie := polar(0, 0)
	tie.Azimuth.Min, tie.Azimuth.Max = f(-40), f(40)
	lfeCh := &adm.ChannelFormat{LowPass: 120}
	cart := &adm.SpeakersBlock{Cartesian: true, X: adm.Bound{Value: 1}, Y: adm.Bound{Value: 1}, Gain: 1}
	for _, c := range []struct {
		name   string
		layout string
		b      *adm.SpeakersBlock
		ch     *adm.ChannelFormat
		want   map[string]float64
	}{
		{"label", "4+7+0", polar(0, 0, "urn:itu:bs:2051:0:speaker:U-135"), nil, map[string]float64{"U-135": 1}},
		{"second label", "0+5+0", polar(0, 0, "U-135", "M-110"), nil, map[string]float64{"M-110": 1}},
		{"bounds", "4+7+0", bounded, nil, map[string]float64{"M+090": 1}},
		{"exact position", "4+7+0", polar(-135, 0), nil, map[string]float64{"M-135": 1}},
		{"tie: panned", "0+2+0", tie, nil, map[string]float64{"M+030": h, "M-030": h}},
		{"panned", "4+7+0", polar(-30, 10), nil, nil},
		{"LFE by frequency", "4+7+0", polar(0, -30, "sub"), lfeCh, map[string]float64{"LFE1": 1}},
		{"LFE label, no LFE", "0+2+0", polar(0, -30, "LFE"), nil, map[string]float64{}},
		{"cartesian", "4+7+0", cart, nil, map[string]float64{"M-030": 1}},
	} {
		got := dsGains(t, c.layout, c.b, c.ch, nil)
		if c.want == nil {
			// Not a speaker position: the point-source panner's gains.
			l := layout(t, c.layout)
			psp, _ := panner.NewPointSource(l)
			c.want = map[string]float64{}
			for i, g := range psp.Gains(nil, geom.Cart(c.b.Azimuth.Value, c.b.Elevation.Value, 1)) {
				if g != 0 {
					c.want[l.Channels[i].Label] = g
				}
			}
			if len(c.want) < 2 {
				t.Fatalf("%s: the panner gives %v", c.name, c.want)
			}
		}
		if !sameMap(got, c.want) {
			t.Errorf("%s on %s: %v, want %v", c.name, c.layout, got, c.want)
		}
	}
}
