package demo

import (
	"io"
	"math"
	"testing"

	"immerse/dsp"
	"immerse/mixer"
)

func TestSession(t *testing.T) {
	s, st := Session(48000)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"kick.wav": 1, "snare.wav": 1, "hats.wav": 1, "bass.wav": 1, "gtr_l.wav": 1, "gtr_r.wav": 1, "keys.wav": 2, "vox.wav": 1}
	if len(s.Tracks) != len(want) || len(st) != len(want) {
		t.Fatalf("%d tracks, %d stems", len(s.Tracks), len(st))
	}
	for _, tr := range s.Tracks {
		d := st[tr.File]
		if len(d) != want[tr.File] || len(d[0]) != int(SessionDuration*48000) {
			t.Fatalf("track %s: %d channels of %d frames", tr.Name, len(d), len(d[0]))
		}
		var peak, e float64
		for _, ch := range d {
			for _, v := range ch {
				peak = math.Max(peak, math.Abs(float64(v)))
				e += float64(v) * float64(v)
			}
		}
		rms := math.Sqrt(e / float64(len(d)*len(d[0])))
		if peak > 0.91 || rms < 0.01 {
			t.Errorf("%s: peak %.3f rms %.4f", tr.Name, peak, rms)
		}
	}
	// The groove: kick on beats 1 and 3, snare on 2 and 4 (120 bpm).
	energy := func(x []float32, at float64) float64 {
		i := int(at * 48000)
		var e float64
		for _, v := range x[i : i+2400] {
			e += float64(v) * float64(v)
		}
		return e
	}
	kick, snare := st["kick.wav"][0], st["snare.wav"][0]
	for b := 0; b < bars; b++ {
		t0 := float64(b) * 2
		if energy(kick, t0) < 10*energy(kick, t0+0.5) || energy(snare, t0+0.5) < 100*energy(snare, t0+0.45) {
			t.Errorf("bar %d: kick/snare not on the beats", b+1)
		}
	}
	_, st2 := Session(48000)
	if st2["vox.wav"][0][123456] != st["vox.wav"][0][123456] || st2["gtr_l.wav"][0][99999] != st["gtr_l.wav"][0][99999] {
		t.Error("demo stems not deterministic")
	}
	if st["gtr_l.wav"][0][99999] == st["gtr_r.wav"][0][99999] {
		t.Error("the two guitar takes are identical")
	}
}

// TestSessionMixes: the demo session mixes at 44.1 kHz too, with its
// reverb tail, under -6 dBFS as delivered for mastering.
func TestSessionMixes(t *testing.T) {
	if testing.Short() {
		t.Skip("mixes 18 s of audio")
	}
	s, st := Session(44100)
	m, err := mixer.New(s, func(p string) (mixer.Stem, error) { return st.Source(p, 44100) }, mixer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	buf := dsp.NewBuffer(2, 4096)
	var n int64
	peak := 0.0
	for {
		k, err := m.Read(buf)
		for c := range buf {
			for _, v := range buf[c][:k] {
				peak = math.Max(peak, math.Abs(float64(v)))
			}
		}
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if n != m.Length() || n <= int64(SessionDuration*44100) || dsp.GainToDB(peak) > -6 || dsp.GainToDB(peak) < -12 {
		t.Errorf("%d frames (Length %d), peak %.2f dBFS", n, m.Length(), dsp.GainToDB(peak))
	}
}
