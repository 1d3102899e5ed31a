package render

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/gaincalc"
	"immerse/geom"
	"immerse/objects"
)

// convolve returns y[n] = Σ h[k]·x[n-k] in float64.
func convolve(h []float64, x []float32) []float64 {
	y := make([]float64, len(x))
	for n := range y {
		var s float64
		for k := 0; k < len(h) && k <= n; k++ {
			s += h[k] * float64(x[n-k])
		}
		y[n] = s
	}
	return y
}

// The streaming decorrelator is the convolution with each channel's
// BS.2127 filter, exactly P frames late, whatever the sizes of the pieces
// it is fed (and after silence, when it skips work).
func TestDecorrelatorStreaming(t *testing.T) {
	l := layout(t, "0+5+0")
	h := gaincalc.Decorrelators(l)
	const frames = 6000
	in := noise(5, len(l.Channels), frames)
	for c := range in {
		clear(in[c][1500:3200]) // a silence longer than two partitions
	}
	clear(in[2]) // a channel that never carries anything
	r := rand.New(rand.NewSource(1))
	d := newDecorrelator(l)
	out := dsp.NewBuffer(len(in), frames)
	var inV, outV [][]float32
	for pos := 0; pos < frames; {
		n := min(frames-pos, 1+r.Intn(700))
		d.process(dsp.Slice(outV, out, pos, pos+n), dsp.Slice(inV, in, pos, pos+n))
		pos += n
	}
	p := decorrelatorLatency
	worst := 0.0
	for c := range in {
		want := convolve(h[c], in[c])
		for n := 0; n < frames; n++ {
			w := 0.0
			if n >= p {
				w = want[n-p]
			}
			worst = math.Max(worst, math.Abs(float64(out[c][n])-w))
		}
	}
	// float32 FFTs of 1024 points on noise of amplitude 0.5.
	if worst > 2e-6 {
		t.Errorf("streaming decorrelator differs from the direct convolution by %g", worst)
	}
	t.Logf("decorrelator vs float64 direct convolution: %.2g", worst)
}

// An object with a diffuse part: channel c carries the direct gain times
// the stem plus the diffuse gain times the stem filtered by channel c's
// decorrelator, aligned (BS.2127's 255-frame filter delay compensated),
// and the render is exactly as long as the stem.
func TestDiffuseObject(t *testing.T) {
	l := layout(t, "4+7+0")
	const frames = 5000
	x := noise(6, 1, frames)
	st := memStems{"a.wav": x}
	f := objects.F
	sc := &objects.Scene{Objects: []objects.Object{{Name: "a", File: "a.wav", Gain: -2, Positions: []objects.Keyframe{
		{Time: 0, Azimuth: f(40), Elevation: f(10), Width: f(30), Diffuse: f(0.6)}}}}}
	e, err := New(sc, st.open, Config{Layout: l})
	if err != nil {
		t.Fatal(err)
	}
	if e.Latency() != gaincalc.DecorrelatorDelay || e.Length() != frames {
		t.Errorf("latency %d, length %d", e.Latency(), e.Length())
	}
	e.Close()
	out := renderAll(t, sc, st, Config{Layout: l}, 777)
	calc, _ := gaincalc.New(l)
	direct, diffuse := make([]float64, len(l.Channels)), make([]float64, len(l.Channels))
	b := gaincalc.NewBlockFormat(gaincalc.Polar(40, 10, 1))
	b.Width, b.Diffuse, b.Gain = 30, 0.6, dsp.DBToGain(-2)
	if err := calc.Gains(direct, diffuse, b, gaincalc.NewExtraData()); err != nil {
		t.Fatal(err)
	}
	h := gaincalc.Decorrelators(l)
	worst := 0.0
	for c := range out {
		y := convolve(h[c], x[0])
		for n := 0; n < frames; n++ {
			want := direct[c] * float64(x[0][n])
			if n+gaincalc.DecorrelatorDelay < frames {
				want += diffuse[c] * y[n+gaincalc.DecorrelatorDelay]
			} else {
				// The aligned output ends where the stem does; the
				// filters' tail beyond it is cut, as in admrender.
				want += diffuse[c] * convolveAt(h[c], x[0], n+gaincalc.DecorrelatorDelay)
			}
			worst = math.Max(worst, math.Abs(float64(out[c][n])-want))
		}
	}
	if worst > 5e-6 {
		t.Errorf("diffuse render differs from direct + decorrelated diffuse by %g", worst)
	}
	t.Logf("diffuse object: within %.2g of the float64 model", worst)
}

// convolveAt is the convolution at n (possibly past the end of x).
func convolveAt(h []float64, x []float32, n int) float64 {
	var s float64
	for k := range h {
		if i := n - k; i >= 0 && i < len(x) {
			s += h[k] * float64(x[i])
		}
	}
	return s
}

// diffuseScene mixes every kind of voice: plain and BS.2127 objects, a
// moving one with changing extent, diffuse, divergence, zones and lock, a
// jump, and a bed.
func diffuseScene(frames int) (*objects.Scene, memStems) {
	sc, st := manyObjects(12, frames)
	f := objects.F
	zones := []objects.Zone{objects.PolarZone(100, -100, -90, 90)}
	none := []objects.Zone{}
	for i := 0; i < 12; i += 3 {
		k := sc.Objects[i].Positions
		k[0].Width, k[0].Diffuse = f(float64(10*i)), f(0.3)
		k[1].Width, k[1].Height, k[1].Diffuse = f(60), f(20), f(0.1)
		k[1].ZoneExclusion = &zones
		k[2].Divergence = &objects.Divergence{Value: 0.5, AzimuthRange: 40}
		k[2].ChannelLock = &objects.ChannelLock{}
		k[2].ZoneExclusion = &none
	}
	return sc, st
}

// Block-size and worker-count invariance with the diffuse path: the
// decorrelators' partitions are on a fixed grid, so the output is
// bit-identical for any read size, engine block size and worker count.
func TestDiffuseInvariance(t *testing.T) {
	l := layout(t, "7.1.4")
	sc, st := diffuseScene(rate / 2)
	ref := renderAll(t, sc, st, Config{Layout: l, Workers: 1}, 1024)
	check := func(what string, got [][]float32) {
		for c := range ref {
			for i := range ref[c] {
				if got[c][i] != ref[c][i] {
					t.Fatalf("%s: channel %d sample %d: %v != %v", what, c, i, got[c][i], ref[c][i])
				}
			}
		}
	}
	blocks := []int{1, 7, 64, 512, 4096}
	if testing.Short() {
		blocks = blocks[1:]
	}
	for _, b := range blocks {
		check("read block "+itoa(b), renderAll(t, sc, st, Config{Layout: l, Workers: 1}, b))
	}
	for _, bs := range []int{64, 333, 4096} {
		check("engine block "+itoa(bs), renderAll(t, sc, st, Config{Layout: l, Workers: 1, BlockSize: bs}, 1000))
	}
	for _, w := range []int{2, 3, 8} {
		check("workers "+itoa(w), renderAll(t, sc, st, Config{Layout: l, Workers: w}, 1024))
	}
}

func TestDiffuseReadAllocFree(t *testing.T) {
	l := layout(t, "7.1.4")
	sc, st := diffuseScene(10 * rate)
	e, err := New(sc, st.open, Config{Layout: l, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	buf := dsp.NewBuffer(e.Channels(), 1024)
	e.Read(buf)
	if a := testing.AllocsPerRun(50, func() { e.Read(buf) }); a != 0 {
		t.Errorf("Read allocates %v times per block", a)
	}
}

// An object whose metadata has no effect (width 0) renders, through
// BS.2127, as the point-source panner renders it, to float32 rounding.
func TestBS2127ObjectMatchesPlain(t *testing.T) {
	l := layout(t, "7.1.4")
	sc, st := manyObjects(6, rate/4)
	sc.Beds = nil
	plain := renderAll(t, sc, st, Config{Layout: l}, 1024)
	for i := range sc.Objects {
		sc.Objects[i].Positions[0].Width = objects.F(0)
	}
	bs := renderAll(t, sc, st, Config{Layout: l}, 1024)
	worst := 0.0
	for c := range plain {
		for i := range plain[c] {
			worst = math.Max(worst, math.Abs(float64(plain[c][i]-bs[c][i])))
		}
	}
	if worst > 1e-6 {
		t.Errorf("BS.2127 path with no metadata differs from the panner path by %g", worst)
	}
}

// Encoder and binaural (bus) renders cannot use loudspeaker gains: they
// place the object as a point at its direction, with one warning per
// object.
func TestMetadataIgnoredWithoutLayout(t *testing.T) {
	st := memStems{"a.wav": noise(1, 1, 2000), "b.wav": noise(2, 1, 2000)}
	f := objects.F
	sc := &objects.Scene{Objects: []objects.Object{
		{Name: "wide", File: "a.wav", Positions: []objects.Keyframe{{Azimuth: f(90), Elevation: f(0), Width: f(90), Diffuse: f(0.5)}}},
		staticObject("point", "b.wav", 0, 0),
	}}
	e, err := New(sc, st.open, Config{Encoder: xyzEncoder{}})
	if err != nil {
		t.Fatal(err)
	}
	w := e.Warnings()
	e.Close()
	if len(w) != 1 || !strings.Contains(w[0], `object "wide": width, height, depth, diffuse`) || e.Latency() != 0 {
		t.Errorf("warnings %q, latency %d", w, e.Latency())
	}
	out := renderAll(t, sc, st, Config{Encoder: xyzEncoder{}}, 512)
	left := geom.Cart(90, 0, 1)
	for i := 0; i < 2000; i++ {
		if want := left[0]*float64(st["a.wav"][0][i]) + 0; math.Abs(float64(out[0][i])-want) > 1e-6 {
			t.Fatalf("x sample %d = %v, want %v (the object at its direction, full gain)", i, out[0][i], want)
		}
	}
	_, warn, err := NewBinaural(sc, st.open, Config{}, Binaural{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warn) != 1 || !strings.Contains(warn[0], `object "wide"`) {
		t.Errorf("binaural warnings %q", warn)
	}
	// Through virtual loudspeakers the metadata is rendered: no warning.
	_, warn, err = NewBinaural(sc, st.open, Config{}, Binaural{Virtual: layout(t, "7.1.4")})
	if err != nil || len(warn) != 0 {
		t.Errorf("virtual binaural: %v, warnings %q", err, warn)
	}
}
