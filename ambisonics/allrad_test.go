package ambisonics

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"immerse/dsp"
	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

func getLayout(t testing.TB, name string) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// energyVector returns r_E = Σ g²·u / Σ g² of loudspeaker gains g.
func energyVector(l *speakers.Layout, g []float64) geom.Vec {
	var r geom.Vec
	var e float64
	for i, c := range l.Channels {
		if c.LFE {
			continue
		}
		p := g[i] * g[i]
		r = r.Add(c.Direction().Scale(p))
		e += p
	}
	return r.Scale(1 / e)
}

// rEStats holds energy-vector statistics of a decoder on a layout.
type rEStats struct {
	meanErr, maxErr   float64 // angle between r_E and the source, degrees
	meanVBAP, maxVBAP float64 // angle between r_E and VBAP's r_E
	meanLen           float64 // |r_E|
	spkMean, spkMax   float64 // r_E error for sources at the loudspeakers
}

// measureRE decodes plane waves from every 15° of azimuth at elevations
// 0, 15 and 30° (inside the hull of 7.1.4's real loudspeakers) and from
// every loudspeaker's direction.
func measureRE(l *speakers.Layout, gains func(dst []float64, d geom.Vec) []float64) rEStats {
	psp, _ := panner.NewPointSource(l)
	var s rEStats
	var g, gv []float64
	n := 0
	for _, el := range []float64{0, 15, 30} {
		for az := -180.0; az < 180; az += 15 {
			d := geom.Cart(az, el, 1)
			r := energyVector(l, gains(g, d))
			rv := energyVector(l, psp.Gains(gv, d))
			e, ev := r.Angle(d), r.Angle(rv)
			s.meanErr += e
			s.maxErr = max(s.maxErr, e)
			s.meanVBAP += ev
			s.maxVBAP = max(s.maxVBAP, ev)
			s.meanLen += r.Norm()
			n++
		}
	}
	s.meanErr /= float64(n)
	s.meanVBAP /= float64(n)
	s.meanLen /= float64(n)
	ns := 0
	for _, c := range l.Channels {
		if c.LFE {
			continue
		}
		d := c.Direction()
		e := energyVector(l, gains(g, d)).Angle(d)
		s.spkMean += e
		s.spkMax = max(s.spkMax, e)
		ns++
	}
	s.spkMean /= float64(ns)
	return s
}

// An encoded plane wave decoded to 7.1.4 points its energy vector at the
// source about as well as the layout allows: no worse on average than the
// point-source panner itself (whose r_E, on a layout with 60-90° gaps, is
// off by up to 13°). |r_E| grows with the order; for sources at the
// loudspeakers the error falls with the order.
func TestAllRADEnergyVector714(t *testing.T) {
	l := getLayout(t, "7.1.4")
	psp, _ := panner.NewPointSource(l)
	base := measureRE(l, psp.Gains)
	t.Logf("7.1.4 VBAP (direct panning): r_E error mean %.2f° max %.2f°, |r_E| %.3f", base.meanErr, base.maxErr, base.meanLen)
	var prev rEStats
	for order := 1; order <= MaxOrder; order++ {
		dec, err := NewDecoder(l, order, DecoderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := measureRE(l, dec.Gains)
		t.Logf("7.1.4 order %d: r_E error mean %.2f° max %.2f°; from VBAP's r_E mean %.2f° max %.2f°; at the speakers mean %.2f° max %.2f°; |r_E| %.3f",
			order, s.meanErr, s.maxErr, s.meanVBAP, s.maxVBAP, s.spkMean, s.spkMax, s.meanLen)
		if order >= 3 && (s.meanErr > 5.5 || s.maxErr > 12.5 || s.meanErr > base.meanErr || s.spkMax > 7.5) {
			t.Errorf("order %d: r_E error mean %.2f° max %.2f°, at the speakers max %.2f°", order, s.meanErr, s.maxErr, s.spkMax)
		}
		if order > 1 && (s.meanLen <= prev.meanLen || s.spkMax >= prev.spkMax || s.meanVBAP >= prev.meanVBAP) {
			t.Errorf("order %d: |r_E| %.3f, speaker error %.2f°, distance from VBAP %.2f° do not improve on order %d (%.3f, %.2f°, %.2f°)",
				order, s.meanLen, s.spkMax, s.meanVBAP, order-1, prev.meanLen, prev.spkMax, prev.meanVBAP)
		}
		prev = s
	}
}

// On a dense layout (22.2) the energy vector is within a few degrees of
// every source direction from order 3 on.
func TestAllRADEnergyVector222(t *testing.T) {
	l := getLayout(t, "22.2")
	for order := 1; order <= MaxOrder; order++ {
		dec, err := NewDecoder(l, order, DecoderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := measureRE(l, dec.Gains)
		t.Logf("22.2 order %d: r_E error mean %.2f° max %.2f°, |r_E| %.3f", order, s.meanErr, s.maxErr, s.meanLen)
		if order >= 3 && (s.meanErr > 2.5 || s.maxErr > 6.5) {
			t.Errorf("order %d: r_E error mean %.2f° max %.2f°", order, s.meanErr, s.maxErr)
		}
	}
}

// Energy preservation: the mean over all directions of the sum of squared
// gains is 1, checked on an independent grid.
func TestAllRADEnergyPreserving(t *testing.T) {
	g, _ := GaussGrid(31)
	for _, name := range []string{"7.1.4", "5.1", "0+2+0", "22.2"} {
		l := getLayout(t, name)
		for _, in := range []Normalization{SN3D, N3D} {
			dec, err := NewDecoder(l, 3, DecoderOptions{Input: in})
			if err != nil {
				t.Fatal(err)
			}
			var e float64
			var gains []float64
			for k, d := range g.Directions {
				gains = dec.Gains(gains, d)
				for _, v := range gains {
					e += g.Weights[k] * v * v
				}
			}
			e /= 4 * math.Pi
			if math.Abs(e-1) > 1e-12 {
				t.Errorf("%s %v: mean energy %.15f", name, in, e)
			}
		}
	}
}

// Decoding W only: each loudspeaker gets the share of the sphere that VBAP
// gives it, (1/4π)∫ g_o — not equal energies on an irregular layout. The
// share is checked against an independent integration (a spherical
// Fibonacci grid of 20000 points), and the spread on 7.1.4 is reported.
func TestAllRADOmni(t *testing.T) {
	l := getLayout(t, "7.1.4")
	dec, _ := NewDecoder(l, 3, DecoderOptions{Level: Unnormalized, Weighting: Basic})
	m := dec.Matrix()
	psp, _ := panner.NewPointSource(l)
	const n = 20000
	share := make([]float64, len(l.Channels))
	var g []float64
	golden := math.Pi * (3 - math.Sqrt(5))
	for i := range n {
		z := 1 - (2*float64(i)+1)/n
		r := math.Sqrt(1 - z*z)
		s, c := math.Sincos(golden * float64(i))
		g = psp.Gains(g, geom.Vec{r * c, r * s, z})
		for o, v := range g {
			share[o] += v / n
		}
	}
	for o := range share {
		if math.Abs(m[o][0]-share[o]) > 2e-4 {
			t.Errorf("%s: W gain %.5f, VBAP share %.5f", l.Channels[o].Label, m[o][0], share[o])
		}
	}
	en, _ := NewDecoder(l, 3, DecoderOptions{})
	lo, hi := math.Inf(1), math.Inf(-1)
	var s string
	for o, row := range en.Matrix() {
		if l.Channels[o].LFE {
			if row[0] != 0 {
				t.Errorf("LFE gets W gain %g", row[0])
			}
			continue
		}
		db := dsp.GainToDB(row[0])
		lo, hi = min(lo, db), max(hi, db)
		s += l.Channels[o].Label + " " + strconvF(db) + "  "
	}
	t.Logf("7.1.4 order 3 W-only levels (dB): %s; spread %.1f dB", s, hi-lo)
	if hi-lo > 5 {
		t.Errorf("W-only spread %.1f dB", hi-lo)
	}
}

func strconvF(x float64) string { return fmtFloat(x, 1) }

// Process equals the matrix applied sample by sample, and decoding a
// rotated field equals decoding at the rotated direction.
func TestDecoderProcessAndRotation(t *testing.T) {
	l := getLayout(t, "7.1.4")
	r := Rotation{Yaw: 70, Pitch: 10, Roll: -5}
	for _, in := range []Normalization{SN3D, N3D, FuMa} {
		order := 3
		if in == FuMa {
			order = 1
		}
		plain, _ := NewDecoder(l, order, DecoderOptions{Input: in})
		turned, err := NewDecoder(l, order, DecoderOptions{Input: in, Rotation: r})
		if err != nil {
			t.Fatal(err)
		}
		m := r.Matrix()
		rng := rand.New(rand.NewPCG(3, 4))
		for range 20 {
			d := geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			a := turned.Gains(nil, d)
			b := plain.Gains(nil, m.Apply(d))
			for o := range a {
				if math.Abs(a[o]-b[o]) > 1e-12 {
					t.Fatalf("%v: rotated decoder %g, decoder at rotated direction %g", in, a[o], b[o])
				}
			}
		}
		// Process: a block holding plane waves from several directions.
		const frames = 64
		src := dsp.NewBuffer(Channels(order), frames)
		dirs := make([]geom.Vec, frames)
		var y []float64
		for i := range frames {
			dirs[i] = geom.Vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			y = SH(y, order, dirs[i], in)
			for c := range src {
				src[c][i] = float32(y[c])
			}
		}
		dst := dsp.NewBuffer(len(l.Channels), frames)
		plain.Process(dst, src)
		for i, d := range dirs {
			want := plain.Gains(nil, d)
			for o := range want {
				if math.Abs(float64(dst[o][i])-want[o]) > 1e-5 {
					t.Fatalf("%v frame %d channel %d: %g, want %g", in, i, o, dst[o][i], want[o])
				}
			}
		}
		if a := testing.AllocsPerRun(10, func() { plain.Process(dst, src) }); a != 0 {
			t.Errorf("Process allocates %g times", a)
		}
	}
}

// The same field in SN3D, N3D and FuMa decodes to the same feeds.
func TestDecoderNormalizations(t *testing.T) {
	l := getLayout(t, "5.1")
	d := geom.Cart(-50, 20, 1)
	var ref []float64
	for _, in := range []Normalization{SN3D, N3D, FuMa} {
		dec, err := NewDecoder(l, 1, DecoderOptions{Input: in})
		if err != nil {
			t.Fatal(err)
		}
		g := dec.Gains(nil, d)
		if ref == nil {
			ref = g
			continue
		}
		for o := range g {
			if math.Abs(g[o]-ref[o]) > 1e-13 {
				t.Errorf("%v: channel %d %g, SN3D %g", in, o, g[o], ref[o])
			}
		}
	}
}

func TestDecoderLayouts(t *testing.T) {
	for _, l := range speakers.Standard() {
		dec, err := NewDecoder(l, 2, DecoderOptions{})
		if err != nil {
			t.Errorf("%s: %v", l.Name, err)
			continue
		}
		g := dec.Gains(nil, geom.Cart(0, 0, 1))
		var e float64
		for _, v := range g {
			e += v * v
		}
		if e < 0.3 || e > 3 {
			t.Errorf("%s: frontal energy %g", l.Name, e)
		}
	}
}

func TestDecoderErrors(t *testing.T) {
	l := getLayout(t, "7.1.4")
	if _, err := NewDecoder(l, 0, DecoderOptions{}); err == nil {
		t.Error("order 0 accepted")
	}
	if _, err := NewDecoder(l, 8, DecoderOptions{}); err == nil {
		t.Error("order 8 accepted")
	}
	if _, err := NewDecoder(l, 2, DecoderOptions{Input: FuMa}); err == nil {
		t.Error("FuMa order 2 accepted")
	}
	if _, err := NewDecoder(l, 5, DecoderOptions{GridDegree: 9}); err == nil {
		t.Error("grid degree 9 for order 5 accepted")
	}
	dec, _ := NewDecoder(l, 1, DecoderOptions{})
	defer func() {
		if recover() == nil {
			t.Error("wrong shape did not panic")
		}
	}()
	dec.Process(dsp.NewBuffer(12, 8), dsp.NewBuffer(9, 8))
}

func fmtFloat(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// The 2048-point grid is dense enough: the decoding matrix moves by less
// than 1e-3 on a 32768-point grid.
func TestAllRADGridConvergence(t *testing.T) {
	l := getLayout(t, "7.1.4")
	for _, order := range []int{1, 3, 7} {
		a, _ := NewDecoder(l, order, DecoderOptions{})
		b, _ := NewDecoder(l, order, DecoderOptions{GridDegree: 255})
		ma, mb := a.Matrix(), b.Matrix()
		worst := 0.0
		for o := range ma {
			for j := range ma[o] {
				worst = max(worst, math.Abs(ma[o][j]-mb[o][j]))
			}
		}
		t.Logf("order %d: grid of degree 63 vs 255: largest matrix difference %.2g", order, worst)
		if worst > 1e-3 {
			t.Errorf("order %d: matrix moves by %g on a denser grid", order, worst)
		}
	}
}

// Decoding in blocks of 1, 7, 64, 512 or 4096 frames gives the same feeds.
func TestDecoderBlockSizes(t *testing.T) {
	l := getLayout(t, "7.1.4")
	dec, _ := NewDecoder(l, 3, DecoderOptions{})
	src := noiseBuffer(rand.New(rand.NewPCG(11, 12)), 16, 8192)
	ref := dsp.NewBuffer(12, 8192)
	dec.Process(ref, src)
	for _, bs := range []int{1, 7, 64, 512, 4096} {
		out := dsp.NewBuffer(12, 8192)
		var sv, dv [][]float32
		for off := 0; off < 8192; off += bs {
			end := min(8192, off+bs)
			sv, dv = dsp.Slice(sv, src, off, end), dsp.Slice(dv, out, off, end)
			dec.Process(dv, sv)
		}
		for c := range out {
			for i := range out[c] {
				if out[c][i] != ref[c][i] {
					t.Fatalf("blocks of %d: channel %d frame %d differs", bs, c, i)
				}
			}
		}
	}
}
