package render

import (
	"math"
	"testing"

	"immerse/dsp"
	"immerse/objects"
)

func renderBinaural(t testing.TB, sc *objects.Scene, st memStems, bc Binaural, block int) [][]float32 {
	t.Helper()
	b, _, err := NewBinaural(sc, st.open, Config{Workers: 1}, bc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	out := dsp.NewBuffer(2, int(b.Length()))
	buf := dsp.NewBuffer(2, block)
	pos := 0
	for {
		n, err := b.Read(buf)
		copy(out[0][pos:], buf[0][:n])
		copy(out[1][pos:], buf[1][:n])
		pos += n
		if err != nil {
			break
		}
	}
	if pos != int(b.Length()) {
		t.Fatalf("read %d of %d frames", pos, b.Length())
	}
	return out
}

func energyDB(x []float32) float64 {
	var e float64
	for _, v := range x {
		e += float64(v) * float64(v)
	}
	return dsp.PowerToDB(e / float64(len(x)))
}

// lagOf returns the lag (in samples, positive = b later than a) that
// maximises the cross-correlation of a and b within ±maxLag.
func lagOf(a, b []float32, maxLag int) int {
	best, at := math.Inf(-1), 0
	for lag := -maxLag; lag <= maxLag; lag++ {
		var s float64
		for i := maxLag; i < len(a)-maxLag; i++ {
			s += float64(a[i]) * float64(b[i+lag])
		}
		if s > best {
			best, at = s, lag
		}
	}
	return at
}

// A source at +90 (left) is much louder in the left ear and reaches it
// first by about 0.6-0.7 ms; -90 mirrors it; 0 is balanced.
func TestBinauralDirections(t *testing.T) {
	st := memStems{"a.wav": noise(1, 1, rate)}
	level := func(az float64) (ild float64, itdMs float64) {
		sc := &objects.Scene{Objects: []objects.Object{staticObject("a", "a.wav", az, 0)}}
		out := renderBinaural(t, sc, st, Binaural{}, 1024)
		ild = energyDB(out[0]) - energyDB(out[1])
		itdMs = float64(lagOf(out[0], out[1], 60)) / rate * 1000 // right-ear delay
		return
	}
	ild, itd := level(90)
	if ild < 10 || itd < 0.55 || itd > 0.8 {
		t.Errorf("+90: ILD %.1f dB (want > 10), ITD %.3f ms (want 0.6-0.7)", ild, itd)
	}
	mild, mitd := level(-90)
	if math.Abs(mild+ild) > 1 || math.Abs(mitd+itd) > 0.05 {
		t.Errorf("-90: ILD %.1f dB, ITD %.3f ms; want the mirror of %.1f, %.3f", mild, mitd, ild, itd)
	}
	cild, citd := level(0)
	if math.Abs(cild) > 1 || math.Abs(citd) > 0.03 {
		t.Errorf("0: ILD %.2f dB, ITD %.3f ms; want balanced", cild, citd)
	}
	t.Logf("+90: ILD %.1f dB ITD %.3f ms; -90: %.1f dB %.3f ms; 0: %.2f dB %.3f ms", ild, itd, mild, mitd, cild, citd)
}

// Reads of any size give the same output; the render lasts the stem plus
// the HRIR tail.
func TestBinauralBlockInvariance(t *testing.T) {
	sc, st := manyObjects(5, rate/3)
	ref := renderBinaural(t, sc, st, Binaural{}, 1024)
	for _, b := range []int{1, 7, 512, 4096} {
		got := renderBinaural(t, sc, st, Binaural{}, b)
		for c := range ref {
			for i := range ref[c] {
				if got[c][i] != ref[c][i] {
					t.Fatalf("read block %d: ear %d sample %d differs", b, c, i)
				}
			}
		}
	}
}

// A bed channel is a static virtual loudspeaker at its nominal position:
// the 5.1 bed's M+030 channel sounds exactly like an object at +30.
func TestBinauralBedIsVirtualSpeaker(t *testing.T) {
	sig := noise(2, 1, 9000)[0]
	bedData := dsp.NewBuffer(6, 9000)
	copy(bedData[0], sig) // FL = M+030
	st := memStems{"o.wav": {sig}, "bed.wav": bedData}
	obj := renderBinaural(t, &objects.Scene{Objects: []objects.Object{staticObject("o", "o.wav", 30, 0)}}, st, Binaural{}, 1024)
	bed := renderBinaural(t, &objects.Scene{Beds: []objects.Bed{{Name: "b", File: "bed.wav", Layout: "5.1"}}}, st, Binaural{}, 1024)
	for c := range obj {
		for i := range obj[c] {
			if math.Abs(float64(obj[c][i]-bed[c][i])) > 1e-6 {
				t.Fatalf("ear %d sample %d: object %v, bed %v", c, i, obj[c][i], bed[c][i])
			}
		}
	}
	// LFE reaches both ears at -3 dB, without HRIR.
	lfe := dsp.NewBuffer(6, 9000)
	copy(lfe[3], sig)
	st["lfe.wav"] = lfe
	out := renderBinaural(t, &objects.Scene{Beds: []objects.Bed{{Name: "b", File: "lfe.wav", Layout: "5.1"}}}, st, Binaural{}, 1024)
	g := float32(dsp.DBToGain(DefaultLFEBinauralDB))
	for i := range sig {
		if math.Abs(float64(out[0][i]-sig[i]*g)) > 1e-6 || out[0][i] != out[1][i] {
			t.Fatalf("LFE sample %d: %v %v, want %v", i, out[0][i], out[1][i], sig[i]*g)
		}
	}
}

// --virtual: rendering through virtual loudspeakers equals virtualizing the
// speaker render.
func TestBinauralVirtual(t *testing.T) {
	sc, st := manyObjects(4, rate/4)
	l := layout(t, "7.1.4")
	got := renderBinaural(t, sc, st, Binaural{Virtual: l}, 1000)
	speakers := renderAll(t, sc, st, Config{Layout: l, Workers: 1}, 1024)
	v, err := Virtualize(&memLengthSource{dsp.NewBufferSource(speakers, rate)}, l, Binaural{})
	if err != nil {
		t.Fatal(err)
	}
	want := dsp.NewBuffer(2, int(v.Length()))
	if _, err := dsp.ReadFull(v, want); err != nil {
		t.Fatal(err)
	}
	for c := range want {
		for i := range want[c] {
			if got[c][i] != want[c][i] {
				t.Fatalf("ear %d sample %d: %v, virtualized speaker render %v", c, i, got[c][i], want[c][i])
			}
		}
	}
}

type memLengthSource struct{ *dsp.BufferSource }

// A sine circling the head produces no clicks: its high-frequency energy
// (second difference) stays like that of a static source.
func TestBinauralMovingNoClicks(t *testing.T) {
	n := 2 * rate
	sine := dsp.NewBuffer(1, n)
	for i := range sine[0] {
		sine[0][i] = float32(0.5 * math.Sin(2*math.Pi*500*float64(i)/rate))
	}
	st := memStems{"s.wav": sine}
	var circle []objects.Keyframe
	for k := 0; k <= 8; k++ {
		circle = append(circle, objects.Keyframe{Time: float64(k) * 0.25, Azimuth: objects.F(wrapAz(float64(k) * 45)), Elevation: objects.F(0)})
	}
	moving := renderBinaural(t, &objects.Scene{Objects: []objects.Object{{Name: "s", File: "s.wav", Positions: circle}}}, st, Binaural{}, 1024)
	static := renderBinaural(t, &objects.Scene{Objects: []objects.Object{staticObject("s", "s.wav", 45, 0)}}, st, Binaural{}, 1024)
	jump := func(x []float32) float64 {
		// Largest second difference relative to the RMS, after the onset.
		var m, e float64
		for i := 2000; i < n-2; i++ {
			d := math.Abs(float64(x[i] - 2*x[i-1] + x[i-2]))
			m = math.Max(m, d)
			e += float64(x[i]) * float64(x[i])
		}
		return m / math.Sqrt(e/float64(n-2002))
	}
	for ear := 0; ear < 2; ear++ {
		jm, js := jump(moving[ear]), jump(static[ear])
		if jm > 1.5*js {
			t.Errorf("ear %d: moving source's largest 2nd difference is %.3f x RMS, static %.3f", ear, jm, js)
		}
	}
}

func wrapAz(a float64) float64 {
	for a > 180 {
		a -= 360
	}
	return a
}
