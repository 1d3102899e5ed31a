package mixer

import (
	"fmt"
	"math"
	"testing"

	"immerse/dsp"
	"immerse/dsp/dynamics"
)

// centreDB is the -3 dB pan law's gain of a centred mono track.
var centreDB = dsp.GainToDB(math.Cos(math.Pi / 4))

// TestCompressorStaticCurveThroughSession: DC steps of rising level
// through a compressor insert settle at the static curve of Giannoulis et
// al. (threshold, ratio, soft knee).
func TestCompressorStaticCurveThroughSession(t *testing.T) {
	seg := testRate / 5
	var levels []float64
	var x []float32
	for l := -40.0; l <= 0; l += 2.5 {
		levels = append(levels, l)
		x = append(x, constant(seg, float32(dsp.DBToGain(l)))...)
	}
	s := parse(t, oneTrack(`[{"type": "compressor", "threshold": -20, "ratio": 4, "knee": 6, "attack": 1, "release": 50}]`, ""))
	out := mix(t, s, memStems{"t.wav": {x}})
	p := dynamics.DefaultCompressorParams()
	p.ThresholdDB, p.Ratio, p.KneeDB = -20, 4, 6
	for k, l := range levels {
		i := (k+1)*seg - 1
		in := dsp.GainToDB(float64(float32(dsp.DBToGain(l))))
		got := db(out[0][i]) - centreDB
		if want := p.StaticCurve(in); math.Abs(got-want) > 0.001 {
			t.Errorf("input %.1f dBFS: output %.4f dB, static curve %.4f dB", l, got, want)
		}
	}
}

// TestCompressorTimeConstantsThroughSession: after a level step the gain
// reduction covers 1-1/e of its way in the attack time, and recovers
// 1-1/e of it in the release time.
func TestCompressorTimeConstantsThroughSession(t *testing.T) {
	n := testRate / 2
	lo, hi := float32(dsp.DBToGain(-40)), float32(dsp.DBToGain(-10))
	x := append(append(constant(n, lo), constant(n, hi)...), constant(2*n, lo)...)
	s := parse(t, oneTrack(`[{"type": "compressor", "threshold": -20, "ratio": 4, "knee": 0, "attack": 10, "release": 100}]`, ""))
	out := mix(t, s, memStems{"t.wav": {x}})
	gr := func(i int) float64 { return db(x[i]) - db(out[0][i]) + centreDB }
	full := 7.5 // (-10 - -20)·(1 - 1/4)
	if g := gr(2*n - 1); math.Abs(g-full) > 1e-3 {
		t.Fatalf("steady gain reduction %.4f dB, want %.1f", g, full)
	}
	at := n
	for gr(at) < (1-1/math.E)*full {
		at++
	}
	if d := at - n; math.Abs(float64(d)-0.010*testRate) > 1 {
		t.Errorf("attack: 63%% of the gain reduction after %d frames, want %d (10 ms)", d, int(0.010*testRate))
	}
	rel := 2 * n
	for gr(rel) > full/math.E {
		rel++
	}
	if d := rel - 2*n; math.Abs(float64(d)-0.100*testRate) > 1 {
		t.Errorf("release: 63%% recovered after %d frames, want %d (100 ms)", d, int(0.100*testRate))
	}
}

// kickStem has 80 Hz thumps every 0.5 s from 1 s on (none with hits=false).
func kickStem(n int, hits bool) []float32 {
	x := make([]float32, n)
	if !hits {
		return x
	}
	for start := testRate; start < n; start += testRate / 2 {
		for i := 0; i < testRate/8 && start+i < n; i++ {
			tt := float64(i) / testRate
			x[start+i] = float32(0.9 * math.Sin(2*math.Pi*80*tt) * math.Exp(-tt/0.04))
		}
	}
	return x
}

// TestSidechainDucksBassOnKick: a compressor on the bass keyed by the kick
// (muted: a ghost trigger) pulls the bass down when the kick hits and
// leaves it alone between hits and without kicks.
func TestSidechainDucksBassOnKick(t *testing.T) {
	doc := `{"sampleRate": 48000, "tracks": [
	  {"name": "Kick", "file": "kick.wav", "mute": %v},
	  {"name": "Bass", "file": "bass.wav", "inserts": [
	    {"type": "compressor", "threshold": -30, "ratio": 10, "attack": 1, "release": 60, "knee": 0, "sidechain": "Kick"}]}]}`
	n := 4 * testRate
	bass := sine(n, 55, dsp.DBToGain(-12))
	level := func(out [][]float32, from float64) float64 { // 10 ms RMS from `from` s
		i := int(from * testRate)
		var e float64
		for _, v := range out[0][i : i+testRate/100] {
			e += float64(v) * float64(v)
		}
		return dsp.PowerToDB(e / float64(testRate/100))
	}
	// The reference: the bass through no compressor, window by window.
	ref := mix(t, parse(t, `{"tracks": [{"name": "Bass", "file": "bass.wav"}]}`), memStems{"bass.wav": {bass}})
	for _, hits := range []bool{true, false} {
		out := mix(t, parse(t, fmt.Sprintf(doc, true)), memStems{"kick.wav": {kickStem(n, hits)}, "bass.wav": {bass}})
		rel := func(at float64) float64 { return level(out, at) - level(ref, at) }
		for k := 0; k < 6; k++ {
			hit := 1 + 0.5*float64(k)
			during, between, before := rel(hit+0.01), rel(hit+0.4), rel(0.5)
			if hits && (during > -6 || math.Abs(between) > 0.5) {
				t.Errorf("kick %d: bass %.2f dB during the hit (want under -6), %.2f dB between hits (want 0)", k+1, during, between)
			}
			if math.Abs(before) > 0.01 || !hits && (math.Abs(during) > 0.01 || math.Abs(between) > 0.01) {
				t.Errorf("no kick: bass moved: %.3f / %.3f / %.3f dB", before, during, between)
			}
			if hits && k == 0 {
				t.Logf("ducking: %.2f dB 10 ms into a hit, %.3f dB 400 ms after", during, between)
			}
		}
	}
	steady := level(ref, 0.5)
	// The kick is muted, so the output holds the bass alone; unmuted, the
	// kick is heard too.
	out := mix(t, parse(t, fmt.Sprintf(doc, false)), memStems{"kick.wav": {kickStem(n, true)}, "bass.wav": {bass}})
	if l := level(out, 1.0); l < steady+3 {
		t.Errorf("unmuted kick not in the mix: %.2f dB at the hit", l)
	}
}
