package demo

import (
	"math"
	"testing"
)

func TestScene(t *testing.T) {
	sc, st := Scene(48000)
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, o := range sc.Objects {
		d, ok := st[o.File]
		if !ok || len(d) != 1 {
			t.Fatalf("object %s: stem %v", o.Name, ok)
		}
		var peak, e float64
		for _, v := range d[0] {
			peak = math.Max(peak, math.Abs(float64(v)))
			e += float64(v) * float64(v)
		}
		rms := math.Sqrt(e / float64(len(d[0])))
		if peak > 0.51 || rms < 0.01 {
			t.Errorf("%s: peak %.3f rms %.4f", o.Name, peak, rms)
		}
	}
	if len(st["ambience_712.wav"]) != 10 {
		t.Error("ambience bed is not 10 channels (7.1.2)")
	}
	// Deterministic.
	_, st2 := Scene(48000)
	if st2["voice.wav"][0][12345] != st["voice.wav"][0][12345] {
		t.Error("demo not deterministic")
	}
}
