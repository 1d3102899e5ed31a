package check

import (
	"fmt"
	"math"
	"testing"

	"immerse/dsp"
)

// TestFold714 puts a 1 kHz tone (peak 0.5) in one channel of a real 7.1.4
// WAV file at a time (WAV order) and checks, through File, that it lands
// in the expected 5.1, 2.0 and 1.0 channels at the documented gains: the
// per-channel sample peaks of every stage (the tone's samples hit its
// crests, so the peak is the amplitude) against gains written out here
// from the documentation, not taken from package bed.
func TestFold714(t *testing.T) {
	const h = math.Sqrt2 / 2 // -3 dB
	// Each WAV channel of 7.1.4 and its 5.1 destinations (bed.ToFiveOne's
	// documented sectors; heights and unmatched mid channels at -3 dB).
	to51 := []struct {
		wav   string
		label string
		gains map[string]float64
	}{
		{"FL", "M+030", map[string]float64{"M+030": 1}},
		{"FR", "M-030", map[string]float64{"M-030": 1}},
		{"FC", "M+000", map[string]float64{"M+000": 1}},
		{"LFE", "LFE1", map[string]float64{"LFE1": 1}},
		{"BL", "M+135", map[string]float64{"M+110": h}},
		{"BR", "M-135", map[string]float64{"M-110": h}},
		{"SL", "M+090", map[string]float64{"M+110": h}},
		{"SR", "M-090", map[string]float64{"M-110": h}},
		{"TFL", "U+045", map[string]float64{"M+030": h}},
		{"TFR", "U-045", map[string]float64{"M-030": h}},
		{"TBL", "U+135", map[string]float64{"M+110": h}},
		{"TBR", "U-135", map[string]float64{"M-110": h}},
	}
	l := mustLayout(t, "7.1.4")
	names := l.WAVLabels()
	dir := t.TempDir()
	const amp, n = 0.5, rate / 2
	for f, c := range to51 {
		t.Run(c.wav, func(t *testing.T) {
			if names[f] != c.label {
				t.Fatalf("WAV channel %d of 7.1.4 is %s, the test expects %s (%s)", f, names[f], c.label, c.wav)
			}
			src := make([][]float32, 12)
			for k := range src {
				src[k] = zeros(n)
			}
			src[f] = sine(1000, amp, n)
			path := writeFile(t, dir, c.wav+".wav", l.Mask, src)
			r, err := File(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := stageNames(r); fmt.Sprint(got) != "[7.1.4 5.1 2.0 1.0]" {
				t.Fatalf("stages %v", got)
			}
			// Lo/Ro (BS.775-3): L = L + 0.7071 C + 0.7071 Ls (LFE dropped);
			// mono: M = 0.7071 (L + R).
			g := c.gains
			lo := g["M+030"] + h*g["M+000"] + h*g["M+110"]
			ro := g["M-030"] + h*g["M+000"] + h*g["M-110"]
			want := map[string]map[string]float64{
				"7.1.4": {c.label: 1},
				"5.1":   g,
				"2.0":   {"M+030": lo, "M-030": ro},
				"1.0":   {"M+000": h * (lo + ro)},
			}
			for _, st := range r.Stages {
				for _, ch := range st.PerChannel {
					wantDB := dsp.GainToDB(amp * want[st.Name][ch.Label])
					if math.Abs(ch.SamplePeakDBFS-wantDB) > 0.011 {
						t.Errorf("stage %s channel %s: peak %.2f dBFS, want %.2f", st.Name, ch.Label, ch.SamplePeakDBFS, wantDB)
					}
				}
			}
		})
	}
}
