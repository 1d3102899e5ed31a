package ambisonics

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"immerse/geom"
	"immerse/hrtf"
	"immerse/objects"
)

// convolveAt returns Σ_k h[k]·x[i+lat-k].
func convolveAt(h []float64, x []float32, i, lat int) float64 {
	var s float64
	for k, v := range h {
		if j := i + lat - k; j >= 0 && j < len(x) {
			s += v * float64(x[j])
		}
	}
	return s
}

// The scene is encoded (world-locked objects turned, head-locked not) and
// decoded with the designed filters; the output is the sum of each stem
// convolved with the filters' response for its direction.
func TestBinauralFile(t *testing.T) {
	dir := t.TempDir()
	const frames = 4000
	st := memStems{"a.wav": noiseStem(21, 1, frames), "v.wav": noiseStem(22, 1, frames/2)}
	voice := staticObject("v", 0, 0)
	voice.HeadLocked = true
	sc := &objects.Scene{Objects: []objects.Object{staticObject("a", 0, 0), voice}}
	out := filepath.Join(dir, "bin.wav")
	set, _ := hrtf.Default().Resampled(testRate)
	rep, err := BinauralFile(sc, out, BinauralFileOptions{Order: 3, HRTF: set, Rotation: Rotation{Yaw: 90}, BitDepth: 32, Open: st.open})
	if err != nil {
		t.Fatal(err)
	}
	ears, f := readAll(t, out)
	if f.Channels != 2 || len(ears[0]) != frames || rep.Frames != frames {
		t.Fatalf("format %+v, %d frames", f, len(ears[0]))
	}
	filt, _ := DesignBinaural(set, 3, BinauralOptions{})
	al, ar := filt.Response(SH(nil, 3, geom.Cart(90, 0, 1), SN3D)) // the turned object
	vl, vr := filt.Response(SH(nil, 3, geom.Cart(0, 0, 1), SN3D))  // the head-locked one
	worst, peak := 0.0, 0.0
	for i := range frames {
		for ear, h := range [2][2][]float64{{al, vl}, {ar, vr}} {
			want := convolveAt(h[0], st["a.wav"][0], i, filt.Latency) + convolveAt(h[1], st["v.wav"][0], i, filt.Latency)
			worst = max(worst, math.Abs(float64(ears[ear][i])-want))
			peak = max(peak, math.Abs(want))
		}
	}
	if worst > 1e-4*peak {
		t.Errorf("largest difference %g (peak %g)", worst, peak)
	}
	if !strings.Contains(rep.Layout, "order 3 (magls") || rep.RealTimeFactor <= 0 {
		t.Errorf("report %+v", rep)
	}
	if _, err := BinauralFile(sc, out, BinauralFileOptions{Order: 3, HRTF: set, Open: st.open}); err == nil {
		t.Error("existing output replaced without Overwrite")
	}
	if _, err := BinauralFile(sc, filepath.Join(dir, "x.wav"), BinauralFileOptions{Order: 3, BitDepth: 20, Open: st.open}); err == nil {
		t.Error("20-bit output accepted")
	}
}
