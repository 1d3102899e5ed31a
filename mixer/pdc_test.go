package mixer

import (
	"math"
	"math/rand"
	"testing"
)

func noise(n int, seed int64, amp float64) []float32 {
	r := rand.New(rand.NewSource(seed))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * (2*r.Float64() - 1))
	}
	return x
}

// TestParallelBusSampleAligned: a dry path summed with a parallel bus
// whose inserts add latency (a 5 ms lookahead compressor and a 4×
// oversampled saturator, both at unity) gives exactly twice the dry
// signal — no comb filtering — and the mix stays aligned with the stem.
func TestParallelBusSampleAligned(t *testing.T) {
	x := noise(testRate/2, 1, 0.25)
	stems := memStems{"t.wav": {x}}
	dry := mix(t, parse(t, `{"tracks": [{"name": "T", "file": "t.wav"}]}`), stems)
	s := parse(t, `{"tracks": [{"name": "T", "file": "t.wav", "sends": [{"bus": "Par"}]}],
	  "buses": [{"name": "Par", "inserts": [
	    {"type": "compressor", "threshold": 0, "ratio": 1, "lookahead": 5},
	    {"type": "saturation", "mix": 0}]}]}`)
	m, err := New(s, stems.open(testRate), Config{TailSeconds: -1})
	if err != nil {
		t.Fatal(err)
	}
	if want := 240 + 74; m.Latency() != want { // 5 ms + the 4× oversampler's round trip
		t.Errorf("latency %d frames, want %d", m.Latency(), want)
	}
	m.Close()
	both := mix(t, s, stems)
	for c := range dry {
		for i := range dry[c] {
			if both[c][i] != 2*dry[c][i] {
				t.Fatalf("channel %d frame %d: %g, want exactly 2 × %g", c, i, both[c][i], dry[c][i])
			}
		}
	}
	for i, v := range x {
		if dry[0][i] != float32(float64(v)*math.Cos(math.Pi/4)) {
			t.Fatalf("frame %d: the dry mix %g is not the stem %g at -3 dB: misaligned", i, dry[0][i], v)
		}
	}
}

// TestSidechainKeyAligned: a key from a track with latency (oversampled
// saturation) is lined up with the keyed insert's input: an instant-attack
// compressor starts ducking at the very frame the key's click lands, and
// the keyed track stays aligned with its stem up to there.
func TestSidechainKeyAligned(t *testing.T) {
	n := testRate / 2
	at := 12345
	for _, keyInserts := range []string{`[]`, `[{"type": "saturation", "drive": 0, "mix": 0}]`} {
		s := parse(t, `{"tracks": [
		  {"name": "Key", "file": "key.wav", "mute": true, "inserts": `+keyInserts+`},
		  {"name": "Pad", "file": "pad.wav", "inserts": [
		    {"type": "compressor", "threshold": -20, "ratio": 100, "knee": 0, "attack": 0, "release": 50, "sidechain": "Key"}]}]}`)
		pad := noise(n, 2, 0.5)
		out := mix(t, s, memStems{"key.wav": {impulse(n, at, 0.9)}, "pad.wav": {pad}})
		first := -1
		for i, v := range out[0] {
			if want := float32(float64(pad[i]) * math.Cos(math.Pi/4)); v != want {
				first = i
				break
			}
		}
		if first != at {
			t.Errorf("key inserts %s: ducking starts at frame %d, the key is at %d", keyInserts, first, at)
		}
	}
}
