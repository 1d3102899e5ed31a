package assist

import (
	"math"
	"path/filepath"
	"testing"

	"immerse/mixer"
)

// octaveBands are the octave bands the reference test compares.
var octaveBands = [][2]float64{{44, 88}, {88, 177}, {177, 355}, {355, 710}, {710, 1420}, {1420, 2840}, {2840, 5680}, {5680, 11360}}

// relativeOctaves returns each octave band's energy relative to their sum
// (dB): the spectrum's shape, whatever the level.
func relativeOctaves(x [][]float32) []float64 {
	p := bandPowers(x, octaveBands)
	total := 0.0
	for _, v := range p {
		total += v
	}
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = db10(v / total)
	}
	return out
}

// TestReferenceMatching: the demo mix is the reference; the same session
// with a known tilt (a low shelf +4 dB at 250 Hz and a high shelf -4 dB
// at 2 kHz at the end of the master), 4 dB more side and 6 dB less level
// is matched to it, and the matched mix comes back to the reference's
// octave-band shape within 1 dB, its side-to-mid ratio and its loudness.
func TestReferenceMatching(t *testing.T) {
	if testing.Short() {
		t.Skip("mixes the demo several times")
	}
	t.Parallel()
	f := demoFixture()
	dir := t.TempDir()
	refPath := filepath.Join(dir, "reference.wav")
	ref := f.s.Clone()
	if _, err := mixer.MixFile(ref, refPath, mixer.FileOptions{Open: f.open(), BitDepth: 32, Config: mixer.Config{TailSeconds: -1}}); err != nil {
		t.Fatal(err)
	}
	tilted := f.s.Clone()
	tilted.Master.Inserts = append(tilted.Master.Inserts,
		mixer.Insert{Type: "eq", Bands: []mixer.Band{
			{Type: "lowshelf", Params: map[string]float64{"freq": 250, "gain": 4}},
			{Type: "highshelf", Params: map[string]float64{"freq": 2000, "gain": -4}},
		}},
		mixer.Insert{Type: "midside", Params: map[string]float64{"side": 4}})
	tilted.Master.Gain -= 6
	r := f.with(tilted).assist(t, Options{Reference: refPath})
	if r.Reference == nil || len(suggestionsFor(r, mixer.MasterName, KindReference)) != 3 {
		t.Fatalf("want tone, width and loudness edits on the master; got %+v", r.Suggestions)
	}
	want := relativeOctaves(f.render(t, ref))
	before := relativeOctaves(f.render(t, tilted))
	after := relativeOctaves(f.render(t, r.Assisted))
	for i, b := range octaveBands {
		t.Logf("octave %5.0f-%5.0f Hz: tilted %+5.2f dB, matched %+5.2f dB against the reference", b[0], b[1], before[i]-want[i], after[i]-want[i])
		if d := math.Abs(after[i] - want[i]); d > 1 {
			t.Errorf("octave %g-%g Hz: %.2f dB from the reference after matching; want within 1 dB", b[0], b[1], d)
		}
	}
	if tilt := (before[0] - want[0]) - (before[len(before)-1] - want[len(want)-1]); tilt < 6 {
		t.Errorf("the planted tilt shows only %.2f dB from end to end", tilt)
	}
	for _, b := range r.Reference.Bands {
		if b.CentreHz >= 63 && b.CentreHz <= 8000 && math.Abs(b.RemainingDB) > 1 {
			t.Errorf("report: %g Hz remains %.2f dB apart", b.CentreHz, b.RemainingDB)
		}
	}
	// Width and loudness, measured again on the matched session.
	a := f.with(r.Assisted).analyze(t)
	refA, err := analyzeReference(refPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, sm := midSideSpectra(a.Master, a.f)
	t.Logf("side-to-mid: reference %.2f dB, tilted %.2f dB, matched %.2f dB; loudness: reference %.2f, tilted %.2f, matched %.2f LUFS",
		refA.sideToMid, r.Reference.MixSideToMidDB, sm, refA.sa.IntegratedLUFS, r.Reference.MixLUFS, a.Master.IntegratedLUFS)
	if math.Abs(sm-refA.sideToMid) > 0.5 {
		t.Errorf("side-to-mid %.2f dB after matching; the reference's is %.2f", sm, refA.sideToMid)
	}
	if math.Abs(a.Master.IntegratedLUFS-refA.sa.IntegratedLUFS) > 0.5 {
		t.Errorf("loudness %.2f LUFS after matching; the reference's is %.2f", a.Master.IntegratedLUFS, refA.sa.IntegratedLUFS)
	}
}

func TestReferenceErrors(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	_, err := Assist(f.s, Options{Open: f.open(), Reference: filepath.Join(t.TempDir(), "missing.wav")})
	if err == nil {
		t.Fatal("a missing reference was accepted")
	}
	t.Log(err)
	if _, err := Assist(f.s, Options{Open: f.open(), Reference: "x.wav", Match: []string{"tone,colour"}}); err == nil {
		t.Error("--match colour was accepted")
	}
	if _, err := Assist(f.s, Options{Open: f.open(), Genre: "polka"}); err == nil {
		t.Error("an unknown genre was accepted")
	}
	if _, err := Assist(f.s, Options{Open: f.open(), Focus: "Nobody"}); err == nil {
		t.Error("an unknown focus track was accepted")
	}
}
