package loudness

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refResult is what the direct implementation below computes.
type refResult struct {
	integrated, lra, maxM, maxS float64
}

// reference measures src (48 kHz) the slow, obvious way: the BS.1770 table
// filters in direct form I, every gating block and short-term value stored,
// gates applied to the stored lists, LRA by sorting (the Tech 3342 MATLAB
// algorithm), maxima over windows ending every 10 ms.
func reference(src [][]float32, weights []float64) refResult {
	const fs = 48000
	n := len(src[0])
	// z[i] = Σ_c G_c·y_c[i]², the weighted K-filtered power of frame i.
	z := make([]float64, n)
	for c, x := range src {
		if weights[c] == 0 {
			continue
		}
		var x1, x2, y1, y2, w1, w2 float64
		s, h := tableShelf, tableHighPass
		for i, v := range x {
			in := float64(v)
			y := s.B0*in + s.B1*x1 + s.B2*x2 - s.A1*y1 - s.A2*y2
			x2, x1 = x1, in
			w := h.B0*y + h.B1*y1 + h.B2*y2 - h.A1*w1 - h.A2*w2
			y2, y1 = y1, y
			w2, w1 = w1, w
			z[i] += weights[c] * w * w
		}
	}
	prefix := make([]float64, n+1)
	for i, v := range z {
		prefix[i+1] = prefix[i] + v
	}
	power := func(end, length int) float64 { return (prefix[end] - prefix[end-length]) / float64(length) }
	loud := func(p float64) float64 { return -0.691 + 10*math.Log10(p) }

	var r refResult
	r.maxM, r.maxS = math.Inf(-1), math.Inf(-1)
	for end := 480; end <= n; end += 480 {
		if end >= 19200 {
			r.maxM = max(r.maxM, loud(power(end, 19200)))
		}
		if end >= 144000 {
			r.maxS = max(r.maxS, loud(power(end, 144000)))
		}
	}
	// BS.1770-5 eqs. (3)–(7).
	var blocks []float64
	for end := 19200; end <= n; end += 4800 {
		blocks = append(blocks, power(end, 19200))
	}
	gated := func(gate float64, list []float64) []float64 {
		var out []float64
		for _, p := range list {
			if loud(p) > gate {
				out = append(out, p)
			}
		}
		return out
	}
	mean := func(list []float64) float64 {
		var s float64
		for _, p := range list {
			s += p
		}
		return s / float64(len(list))
	}
	abs := gated(-70, blocks)
	rel := gated(loud(mean(abs))-10, abs)
	r.integrated = loud(mean(rel))
	// EBU Tech 3342 §5 (MATLAB): short-term values every 100 ms.
	var st []float64
	for end := 144000; end <= n; end += 4800 {
		if l := loud(power(end, 144000)); l >= -70 {
			st = append(st, l)
		}
	}
	var pw float64
	for _, l := range st {
		pw += math.Pow(10, l/10)
	}
	gate := 10*math.Log10(pw/float64(len(st))) - 20
	var kept []float64
	for _, l := range st {
		if l >= gate {
			kept = append(kept, l)
		}
	}
	slices.Sort(kept)
	k := float64(len(kept) - 1)
	r.lra = kept[int(math.Round(k*0.95))] - kept[int(math.Round(k*0.10))]
	return r
}

// The histogram-based meter agrees with the direct implementation.
func TestMeterMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const fs = 48000
	progs := []struct {
		name    string
		src     [][]float32
		weights []float64
	}{
		{"stereo noise steps", [][]float32{
			stepNoise(rng, fs, 7, -20, -30, neg, -25, -45, -18, -60, -22),
			stepNoise(rng, fs, 7, -22, -28, neg, -26, -40, -20, -58, -21)}, []float64{1, 1}},
		{"5.1 music-like", [][]float32{
			musicLike(rng, fs, 50), musicLike(rng, fs, 50), musicLike(rng, fs, 50),
			musicLike(rng, fs, 50), musicLike(rng, fs, 50), musicLike(rng, fs, 50)},
			[]float64{1, 1, 1, 0, 1.41, 1.41}},
	}
	if testing.Short() {
		progs = progs[:1]
	}
	for _, p := range progs {
		want := reference(p.src, p.weights)
		got := measure(t, fs, p.weights, p.src, WithTruePeak(false))
		t.Logf("%s: I %.6f (ref %.6f), LRA %.5f (ref %.5f), max M %.6f (ref %.6f), max S %.6f (ref %.6f)",
			p.name, got.IntegratedLUFS, want.integrated, got.LoudnessRangeLU, want.lra,
			got.MaxMomentaryLUFS, want.maxM, got.MaxShortTermLUFS, want.maxS)
		if d := math.Abs(got.IntegratedLUFS - want.integrated); d > 0.001 {
			t.Errorf("%s: integrated %.5f, reference %.5f", p.name, got.IntegratedLUFS, want.integrated)
		}
		if d := math.Abs(got.LoudnessRangeLU - want.lra); d > 0.01 {
			t.Errorf("%s: LRA %.4f, reference %.4f", p.name, got.LoudnessRangeLU, want.lra)
		}
		if d := math.Abs(got.MaxMomentaryLUFS - want.maxM); d > 1e-6 {
			t.Errorf("%s: max momentary %.7f, reference %.7f", p.name, got.MaxMomentaryLUFS, want.maxM)
		}
		if d := math.Abs(got.MaxShortTermLUFS - want.maxS); d > 1e-6 {
			t.Errorf("%s: max short-term %.7f, reference %.7f", p.name, got.MaxShortTermLUFS, want.maxS)
		}
	}
}
