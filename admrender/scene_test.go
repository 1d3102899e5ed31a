package admrender

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"immerse/adm"
	"immerse/dsp"
	"immerse/geom"
	"immerse/objects"
	"immerse/panner"
	"immerse/render"
)

// memStems holds a scene's stems in memory: path -> channels.
type memStems map[string][][]float32

func (m memStems) open(path string) (*dsp.BufferSource, error) {
	d, ok := m[path]
	if !ok {
		return nil, fmt.Errorf("no stem %s", path)
	}
	return dsp.NewBufferSource(d, 48000), nil
}

// renderBoth renders scene s with the scene engine and, exported as an ADM
// master (32-bit float, so the samples are the stems'), with admrender.
func renderBoth(t *testing.T, s *objects.Scene, stems memStems, layoutName string) (scene, admOut [][]float32) {
	t.Helper()
	l := layout(t, layoutName)
	e, err := render.New(s, func(p string) (render.Stem, error) { return stems.open(p) }, render.Config{Layout: l})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	scene = dsp.NewBuffer(len(l.Channels), int(e.Length()))
	if n, err := dsp.ReadFull(e, scene); err != nil || int64(n) != e.Length() {
		t.Fatal(n, err)
	}
	master := filepath.Join(t.TempDir(), "master.wav")
	if _, err := adm.ExportFile(s, master, adm.ExportOptions{BitDepth: 32,
		Open: func(p string) (adm.Stem, error) { return stems.open(p) }}); err != nil {
		t.Fatal(err)
	}
	admOut, _ = renderAll(t, master, l)
	return scene, admOut
}

func noiseStem(seed uint64, channels, frames int, amp float64) [][]float32 {
	g := noiseGen{s: seed}
	buf := dsp.NewBuffer(channels, frames)
	for c := range buf {
		for i := range buf[c] {
			buf[c][i] = float32(amp * g.next())
		}
	}
	return buf
}

// With static metadata the ADM render of an exported scene equals the
// scene engine's render to float32 rounding: both apply the same
// point-source gains (and, on the bed's own layout, the identity) to the same
// samples; they differ only in where they round (the engine multiplies by
// float32 gains and sums in float32, admrender sums in float64), so the
// bound is 3·2⁻²⁴ of the sum of the magnitudes of the contributions.
func TestSceneEngineEquivalenceStatic(t *testing.T) {
	const frames = 24000
	f := objects.F
	s := &objects.Scene{SampleRate: 48000,
		Objects: []objects.Object{
			{Name: "a", File: "a", Gain: -3, Positions: []objects.Keyframe{{Time: 0, Azimuth: f(30), Elevation: f(10)}}},
			// On the unit sphere: BS.2127 widens objects closer than the
			// loudspeakers (distance < 1), the scene engine does not.
			{Name: "b", File: "b", Positions: []objects.Keyframe{{Time: 0, X: f(-0.6), Y: f(0), Z: f(0.8)}}},
		},
		Beds: []objects.Bed{{Name: "bed", File: "bed", Layout: "7.1.4", Gain: -6}},
	}
	stems := memStems{"a": noiseStem(1, 1, frames, 0.3), "b": noiseStem(2, 1, frames, 0.3), "bed": noiseStem(3, 12, frames, 0.2)}
	for _, name := range []string{"7.1.4", "5.1", "stereo"} {
		if name != "7.1.4" {
			// Beds on other layouts: the engine routes missing channels
			// with the point-source panner (bed.Route), BS.2127 with its
			// DirectSpeakers mapping rules; only the objects compare.
			s.Beds = nil
			clear(stems["bed"][0])
			for _, ch := range stems["bed"] {
				clear(ch)
			}
		}
		sc, am := renderBoth(t, s, stems, name)
		worst, worstBound := 0.0, 0.0
		for c := range sc {
			for i := range sc[c] {
				// Every contribution is at most its stem's magnitude.
				sum := math.Abs(float64(stems["a"][0][i])) + math.Abs(float64(stems["b"][0][i]))
				for _, ch := range stems["bed"] {
					sum += math.Abs(float64(ch[i]))
				}
				bound := 3 * sum / (1 << 24)
				d := math.Abs(float64(sc[c][i] - am[c][i]))
				if d > bound {
					t.Fatalf("%s channel %d frame %d: scene %g, ADM %g (bound %g)", name, c, i, sc[c][i], am[c][i], bound)
				}
				worst = max(worst, d)
				worstBound = max(worstBound, bound)
			}
		}
		t.Logf("%s: static scene and ADM renders %.2g apart at most (%.2f LSB at 24 bits)", name, worst, worst*(1<<23))
	}
}

// A moving object: the scene engine glides the direction (gains on a
// 256-frame grid, linear between), ADM ramps the gains linearly across the
// block. Where the object holds still both agree to rounding; while it
// glides, they differ by at most the panning difference
// max_t |psp(slerp(a, b, t)) - lerp(psp(a), psp(b), t)| per channel; over the
// 256 frames before a jump the engine already ramps towards the new
// position while ADM jumps, so they differ by at most |psp(b) - psp(a)|.
func TestSceneEngineEquivalenceMoving(t *testing.T) {
	const frames = 40000
	f := objects.F
	k0, k1, k2 := geom.Cart(0, 0, 1), geom.Cart(90, 0, 1), geom.Cart(-60, 20, 1)
	s := &objects.Scene{SampleRate: 48000, Objects: []objects.Object{{Name: "m", File: "m", Positions: []objects.Keyframe{
		{Time: 0, Azimuth: f(0), Elevation: f(0)},
		{Time: 0.256, Azimuth: f(90), Elevation: f(0)},               // frame 12288 = 48·256
		{Time: 0.512, Azimuth: f(-60), Elevation: f(20), Jump: true}, // frame 24576
	}}}}
	x := noiseStem(4, 1, frames, 0.5)
	sc, am := renderBoth(t, s, memStems{"m": x}, "7.1.4")
	l := layout(t, "7.1.4")
	psp, _ := panner.NewPointSource(l)
	g0, g1, g2 := psp.Gains(nil, k0), psp.Gains(nil, k1), psp.Gains(nil, k2)
	glide := make([]float64, len(g0))
	for k := 0; k <= 1000; k++ {
		u := float64(k) / 1000
		g := psp.Gains(nil, geom.Slerp(k0, k1, u))
		for c := range g {
			glide[c] = max(glide[c], math.Abs(g[c]-((1-u)*g0[c]+u*g1[c])))
		}
	}
	worstStill := 0.0
	for c := range sc {
		for i := range sc[c] {
			d := math.Abs(float64(sc[c][i] - am[c][i]))
			xa := math.Abs(float64(x[0][i]))
			var bound float64
			switch {
			case i < 12288: // gliding
				bound = xa*(glide[c]+1e-3) + 1e-6
			case i >= 24576-256 && i < 24576: // the engine ramps into the jump
				bound = xa*math.Abs(g2[c]-g1[c]) + 1e-6
			default: // holding still
				bound = 3 * xa / (1 << 24)
				worstStill = max(worstStill, d)
			}
			if d > bound {
				t.Fatalf("channel %s frame %d: scene %g, ADM %g, %g apart (bound %g)", l.Channels[c].Label, i, sc[c][i], am[c][i], d, bound)
			}
		}
	}
	t.Logf("moving object: where it holds still, the renders are %.2g apart at most; the glide bound per channel is up to %.3f", worstStill, maxOf(glide))
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
