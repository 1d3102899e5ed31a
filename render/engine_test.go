package render

import (
	"errors"
	"math"
	"math/rand"
	"testing"

	"immerse/dsp"
	"immerse/geom"
	"immerse/objects"
	"immerse/speakers"
)

const rate = 48000

// memStems serves stems from memory: path -> planar samples.
type memStems map[string][][]float32

func (m memStems) open(path string) (Stem, error) {
	d, ok := m[path]
	if !ok {
		return nil, errors.New("no such stem")
	}
	return dsp.NewBufferSource(d, rate), nil
}

func noise(seed int64, channels, frames int) [][]float32 {
	r := rand.New(rand.NewSource(seed))
	b := dsp.NewBuffer(channels, frames)
	for c := range b {
		for i := range b[c] {
			b[c][i] = float32(r.Float64()*2-1) * 0.5
		}
	}
	return b
}

func layout(t testing.TB, name string) *speakers.Layout {
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func renderAll(t testing.TB, sc *objects.Scene, st memStems, cfg Config, block int) [][]float32 {
	t.Helper()
	e, err := New(sc, st.open, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	out := dsp.NewBuffer(e.Channels(), int(e.Length()))
	buf := dsp.NewBuffer(e.Channels(), block)
	pos := 0
	for {
		n, err := e.Read(buf)
		for c := range buf {
			copy(out[c][pos:], buf[c][:n])
		}
		pos += n
		if err != nil {
			break
		}
	}
	if pos != int(e.Length()) {
		t.Fatalf("rendered %d of %d frames", pos, e.Length())
	}
	return out
}

func staticObject(name, file string, az, el float64) objects.Object {
	return objects.Object{Name: name, File: file, Positions: []objects.Keyframe{{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(el)}}}
}

// An object fixed at a speaker's position lands only on that channel,
// unchanged.
func TestObjectAtSpeaker(t *testing.T) {
	for _, name := range []string{"7.1.4", "5.1", "22.2", "stereo"} {
		l := layout(t, name)
		for k, c := range l.Channels {
			if c.LFE {
				continue
			}
			st := memStems{"a.wav": noise(1, 1, 3000)}
			sc := &objects.Scene{Objects: []objects.Object{staticObject("a", "a.wav", c.Azimuth, c.Elevation)}}
			out := renderAll(t, sc, st, Config{Layout: l}, 1024)
			for j := range out {
				for i, v := range out[j] {
					want := float32(0)
					if j == k {
						want = st["a.wav"][0][i]
					}
					if math.Abs(float64(v-want)) > 1e-6 {
						t.Fatalf("%s: object at %s: channel %s sample %d = %v, want %v", name, c.Label, l.Channels[j].Label, i, v, want)
					}
				}
			}
		}
	}
}

// A moving object's energy moves through the channels in order: front left,
// side left, back left, as it travels from +30 to +135 degrees.
func TestMovingObjectOrder(t *testing.T) {
	l := layout(t, "7.1.4")
	frames := 3 * rate
	st := memStems{"a.wav": noise(2, 1, frames)}
	sc := &objects.Scene{Objects: []objects.Object{{Name: "a", File: "a.wav", Positions: []objects.Keyframe{
		{Time: 0, Azimuth: objects.F(30), Elevation: objects.F(0)},
		{Time: 3, Azimuth: objects.F(135), Elevation: objects.F(0)},
	}}}}
	out := renderAll(t, sc, st, Config{Layout: l}, 1024)
	peakAt := func(label string) int {
		ch := out[l.Index(label)]
		best, at := 0.0, 0
		win := rate / 10
		for s := 0; s+win <= len(ch); s += win {
			var e float64
			for _, v := range ch[s : s+win] {
				e += float64(v * v)
			}
			if e > best {
				best, at = e, s
			}
		}
		return at
	}
	a, b, c := peakAt("M+030"), peakAt("M+090"), peakAt("M+135")
	if !(a < b && b < c) {
		t.Errorf("energy peaks at %d (M+030), %d (M+090), %d (M+135) samples; want increasing", a, b, c)
	}
	// The right side and the heights stay silent.
	for _, lab := range []string{"M-030", "M-090", "M-135", "U+045", "U-135"} {
		for _, v := range out[l.Index(lab)] {
			if v != 0 {
				t.Fatalf("%s carries signal", lab)
			}
		}
	}
	// The object crosses 90 degrees (M+090 alone) at 60/105 of the way.
	at := int(float64(frames) * 60 / 105)
	g := math.Abs(float64(out[l.Index("M+090")][at] / st["a.wav"][0][at]))
	if math.Abs(g-1) > 0.01 {
		t.Errorf("gain of M+090 at the crossing = %v", g)
	}
}

func manyObjects(n, frames int) (*objects.Scene, memStems) {
	st := memStems{}
	sc := &objects.Scene{}
	for i := 0; i < n; i++ {
		f := "o" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".wav"
		st[f] = noise(int64(10+i), 1, frames-i*37)
		az := float64(i*47%360) - 180
		sc.Objects = append(sc.Objects, objects.Object{Name: f, File: f, Start: float64(i) * 0.003, Gain: -float64(i % 7),
			Positions: []objects.Keyframe{
				{Time: 0, Azimuth: objects.F(az), Elevation: objects.F(float64(i%5) * 10)},
				{Time: 0.2, Azimuth: objects.F(geom.WrapAzimuth(az + 150)), Elevation: objects.F(40), Gain: objects.F(-3)},
				{Time: 0.3, Azimuth: objects.F(-az / 2), Elevation: objects.F(-10), Jump: true},
			}})
	}
	st["bed.wav"] = noise(99, 10, frames/2)
	sc.Beds = []objects.Bed{{Name: "bed", File: "bed.wav", Layout: "7.1.2", Start: 0.1, Gain: -6}}
	return sc, st
}

// Block-size and worker-count invariance: bit-identical output.
func TestInvariance(t *testing.T) {
	l := layout(t, "7.1.4")
	sc, st := manyObjects(20, rate/2)
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
	for _, b := range []int{1, 7, 64, 512, 4096} {
		check("read block "+itoa(b), renderAll(t, sc, st, Config{Layout: l, Workers: 1}, b))
	}
	for _, bs := range []int{64, 333, 4096} {
		check("engine block "+itoa(bs), renderAll(t, sc, st, Config{Layout: l, Workers: 1, BlockSize: bs}, 1000))
	}
	for _, w := range []int{2, 3, 8} {
		check("workers "+itoa(w), renderAll(t, sc, st, Config{Layout: l, Workers: w}, 1024))
	}
}

func itoa(i int) string {
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

// Objects are silent before their start and after their end; the render
// lasts until the latest end.
func TestStartAndEnd(t *testing.T) {
	l := layout(t, "5.1")
	st := memStems{"a.wav": noise(3, 1, 1000)}
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", "a.wav", 0, 0)}}
	sc.Objects[0].Start = 0.5 // 24000 frames
	out := renderAll(t, sc, st, Config{Layout: l}, 4096)
	c := out[l.Index("M+000")]
	if len(c) != 25000 {
		t.Fatalf("length %d, want 25000", len(c))
	}
	for i := 0; i < 24000; i++ {
		if c[i] != 0 {
			t.Fatalf("signal at %d before the start", i)
		}
	}
	if c[24000] != st["a.wav"][0][0] || c[24999] != st["a.wav"][0][999] {
		t.Error("stem not placed at its start")
	}
}

// A 7.1.2 bed rendered to 7.1.4 is bit-exact on the shared channels.
func TestBedBitExact(t *testing.T) {
	from, to := layout(t, "7.1.2"), layout(t, "7.1.4")
	data := noise(4, 10, 5000)
	// Silence the top-middle pair, which VBAP spreads partly into M+090/M-090.
	for _, lab := range []string{"U+090", "U-090"} {
		clear(data[from.WAVOrder()[0]*0+indexInFile(from, lab)])
	}
	st := memStems{"bed.wav": data}
	sc := &objects.Scene{Beds: []objects.Bed{{Name: "b", File: "bed.wav", Layout: "7.1.2"}}}
	out := renderAll(t, sc, st, Config{Layout: to}, 1000)
	shared := 0
	for f, k := range from.WAVOrder() {
		lab := from.Channels[k].Label
		j := to.Index(lab)
		if j < 0 {
			continue
		}
		shared++
		for i := range data[f] {
			if out[j][i] != data[f][i] {
				t.Fatalf("%s sample %d: %v != %v", lab, i, out[j][i], data[f][i])
			}
		}
	}
	if shared != 8 {
		t.Errorf("%d shared channels, want 8", shared)
	}
}

func indexInFile(l *speakers.Layout, label string) int {
	for f, k := range l.WAVOrder() {
		if l.Channels[k].Label == label {
			return f
		}
	}
	return -1
}

// Gains ramp: a moving object's per-sample gain never steps by more than a
// small amount (no zipper), even across a jump keyframe.
func TestNoZipper(t *testing.T) {
	l := layout(t, "7.1.4")
	frames := rate
	one := dsp.NewBuffer(1, frames)
	for i := range one[0] {
		one[0][i] = 1 // DC: the output is the gain itself
	}
	st := memStems{"a.wav": one}
	sc := &objects.Scene{Objects: []objects.Object{{Name: "a", File: "a.wav", Positions: []objects.Keyframe{
		{Time: 0, Azimuth: objects.F(0), Elevation: objects.F(0)},
		{Time: 0.5, Azimuth: objects.F(180), Elevation: objects.F(60)},
		{Time: 0.7, Azimuth: objects.F(-90), Elevation: objects.F(0), Jump: true},
	}}}}
	out := renderAll(t, sc, st, Config{Layout: l}, 1024)
	worst := 0.0
	for c := range out {
		for i := 1; i < frames; i++ {
			worst = math.Max(worst, math.Abs(float64(out[c][i]-out[c][i-1])))
		}
	}
	// A full jump (gain 0 -> 1) spread over GainInterval frames.
	if worst > 1.0/GainInterval+1e-6 {
		t.Errorf("largest per-sample gain step %g > 1/%d", worst, GainInterval)
	}
}

func TestReadAllocFree(t *testing.T) {
	l := layout(t, "7.1.4")
	sc, st := manyObjects(4, 10*rate)
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

func TestNewErrors(t *testing.T) {
	l := layout(t, "7.1.4")
	st := memStems{"stereo.wav": noise(5, 2, 100)}
	sc := &objects.Scene{Source: "s.json", Objects: []objects.Object{staticObject("a", "stereo.wav", 0, 0)}}
	if _, err := New(sc, st.open, Config{Layout: l}); err == nil || err.Error() != `render: objects: s.json: object "a": stem "stereo.wav" has 2 channels; objects take mono stems (split it, or use it as a bed)` {
		t.Errorf("error %v", err)
	}
	sc.Objects[0].File = "missing.wav"
	if _, err := New(sc, st.open, Config{Layout: l}); err == nil || err.Error() != `render: objects: s.json: object "a": stem "missing.wav": no such stem` {
		t.Errorf("error %v", err)
	}
}
