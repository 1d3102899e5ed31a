package delivery

import (
	"math"
	"testing"

	"immerse/dsp/loudness"
)

func dialogue(t *testing.T, x []float32, block int) DialogueResult {
	t.Helper()
	m, err := NewDialogueMeter(rate, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(x); i += block {
		m.Process([][]float32{x[i:min(i+block, len(x))]})
	}
	return m.Result()
}

func integrated(t *testing.T, x []float32) float64 {
	t.Helper()
	m, err := loudness.New(rate, 1, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	m.Process([][]float32{x})
	return m.Result().IntegratedLUFS
}

// TestDialogueDetector: speech-like signals are mostly dialogue; music,
// drums and noise are not (the approximation's calibration, on synthetic
// signals).
func TestDialogueDetector(t *testing.T) {
	n := 20 * rate
	for _, c := range []struct {
		name     string
		x        []float32
		min, max float64
	}{
		{"speech 1", speech(1, n, 0.05), 70, 100},
		{"speech 2", speech(2, n, 0.02), 70, 100},
		{"speech over a quiet music bed (-15 dB)", mix(speech(3, n, 0.05), music(4, n, 0.009)), 50, 100},
		{"music", music(5, n, 0.1), 0, 10},
		{"drums", drums(6, n, 0.1), 0, 10},
		{"noise", noise(7, n, 0.05), 0, 5},
		{"tone", tone(440, 0.1, n), 0, 5},
	} {
		r := dialogue(t, c.x, 4096)
		t.Logf("%s: %.1f%% dialogue (%d of %d blocks), dialogue %.2f LUFS", c.name, r.Percent, r.DialogueBlocks, r.ActiveBlocks, r.LUFS)
		if r.Percent < c.min || r.Percent > c.max {
			t.Errorf("%s: %.1f%% dialogue, want %g to %g%%", c.name, r.Percent, c.min, c.max)
		}
	}
}

// TestDialogueLoudness: over a programme of speech, music and speech
// again (the music 10 dB louder), the dialogue-gated loudness is that of
// the speech parts (within 1 LU), not the programme's integrated
// loudness; the dialogue share is about the speech's share of the time.
func TestDialogueLoudness(t *testing.T) {
	n := 10 * rate
	sp1, mu, sp2 := speech(11, n, 0.03), music(12, n, 0.1), speech(13, n, 0.03)
	prog := concat(sp1, mu, sp2)
	r := dialogue(t, prog, 1000)
	speechOnly := integrated(t, concat(sp1, sp2))
	whole := integrated(t, prog)
	t.Logf("dialogue %.2f LUFS (%.1f%%), speech parts %.2f LUFS, whole programme %.2f LUFS", r.LUFS, r.Percent, speechOnly, whole)
	if math.Abs(r.LUFS-speechOnly) > 1 {
		t.Errorf("dialogue-gated %.2f LUFS, speech alone %.2f LUFS", r.LUFS, speechOnly)
	}
	if math.Abs(r.LUFS-whole) < 3 {
		t.Errorf("dialogue-gated %.2f LUFS is close to the integrated %.2f LUFS: the test cannot tell them apart", r.LUFS, whole)
	}
	if r.Percent < 45 || r.Percent > 70 {
		t.Errorf("dialogue %.1f%% of a programme two-thirds speech", r.Percent)
	}
	// Block size does not matter.
	if r2 := dialogue(t, prog, 1); r2 != r {
		t.Errorf("block 1: %+v, block 1000: %+v", r2, r)
	}
}

func TestDialogueMeterNoAllocs(t *testing.T) {
	m, _ := NewDialogueMeter(rate, 2, []float64{1, 1})
	x := speech(1, rate, 0.05)
	buf := [][]float32{x[:1024], x[1024:2048]}
	if a := testing.AllocsPerRun(50, func() { m.Process(buf) }); a != 0 {
		t.Errorf("%g allocations per Process", a)
	}
}
