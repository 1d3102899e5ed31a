package loudness

import (
	"fmt"
	"math"
	"testing"
)

// EBU Tech 3341 v4 (2023), Table 1 "Minimum requirements test signals",
// synthesised here at 48 kHz (the test set's rate) from the table's text.
// Not reproducible without the EBU files: cases 7 and 8 (authentic
// programmes).

var neg = math.Inf(-1)

const tol3341 = 0.1 // LU, every loudness case of Table 1

// Cases 1 and 2: M, S and I of a steady stereo 1 kHz sine.
func TestTech3341Cases1And2(t *testing.T) {
	for _, c := range []struct {
		n     int
		level float64
	}{{1, -23}, {2, -33}} {
		x := tones(48000, segment{c.level, 20})
		m, _ := New(48000, 2, nil)
		feed(m, dup(x, 2), 4096)
		r := m.Result()
		t.Logf("case %d: I %.3f  M %.3f (max %.3f)  S %.3f (max %.3f) LUFS", c.n, r.IntegratedLUFS,
			m.Momentary(), r.MaxMomentaryLUFS, m.ShortTerm(), r.MaxShortTermLUFS)
		for name, v := range map[string]float64{"I": r.IntegratedLUFS, "M": m.Momentary(), "S": m.ShortTerm(),
			"max M": r.MaxMomentaryLUFS, "max S": r.MaxShortTermLUFS} {
			if math.Abs(v-c.level) > tol3341 {
				t.Errorf("case %d: %s = %.3f LUFS, want %.1f ±0.1", c.n, name, v, c.level)
			}
		}
	}
}

// Cases 3–5: gating.
func TestTech3341Cases3To5(t *testing.T) {
	cases := []struct {
		n    int
		segs []segment
	}{
		{3, []segment{{-36, 10}, {-23, 60}, {-36, 10}}},
		{4, []segment{{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}}},
		{5, []segment{{-26, 20}, {-20, 20.1}, {-26, 20}}},
	}
	for _, c := range cases {
		r := measure(t, 48000, nil, dup(tones(48000, c.segs...), 2))
		t.Logf("case %d: I %.3f LUFS (relative gate %.2f)", c.n, r.IntegratedLUFS, r.RelativeGateLUFS)
		if math.Abs(r.IntegratedLUFS+23) > tol3341 {
			t.Errorf("case %d: I = %.3f LUFS, want -23.0 ±0.1", c.n, r.IntegratedLUFS)
		}
	}
}

// Case 6: 5.0 sine, L R C Ls Rs, with the BS.1770 weights of the 0+5+0
// layout (surrounds at ±110° weigh 1.41).
func TestTech3341Case6Surround(t *testing.T) {
	pos := []struct{ az, el float64 }{{30, 0}, {-30, 0}, {0, 0}, {110, 0}, {-110, 0}}
	levels := []float64{-28, -28, -24, -30, -30}
	w := make([]float64, 5)
	src := make([][]float32, 5)
	for c := range src {
		w[c] = ChannelWeight(pos[c].az, pos[c].el, false)
		src[c] = tones(48000, segment{levels[c], 20})
	}
	r := measure(t, 48000, w, src)
	t.Logf("case 6: weights %v, I %.3f LUFS", w, r.IntegratedLUFS)
	if math.Abs(r.IntegratedLUFS+23) > tol3341 {
		t.Errorf("case 6: I = %.3f LUFS, want -23.0 ±0.1", r.IntegratedLUFS)
	}
	// Against unit weights the surrounds' 1.41 must add exactly
	// 10·log10(Σ Gi·Ai² / Σ Ai²) (Ai the channel amplitudes).
	r1 := measure(t, 48000, nil, src)
	var sw, s1 float64
	for c, l := range levels {
		sw += w[c] * math.Pow(10, l/10)
		s1 += math.Pow(10, l/10)
	}
	want := 10 * math.Log10(sw/s1)
	if d := r.IntegratedLUFS - r1.IntegratedLUFS; math.Abs(d-want) > 0.001 {
		t.Errorf("case 6: surround weights add %.4f LU, want %.4f", d, want)
	}
	// The test set's 6-channel variant (WAVE_FORMAT_EXTENSIBLE 5.1, L R C
	// LFE Ls Rs) with a silent LFE reads the same.
	w6 := []float64{w[0], w[1], w[2], ChannelWeight(0, 0, true), w[3], w[4]}
	src6 := [][]float32{src[0], src[1], src[2], make([]float32, len(src[0])), src[3], src[4]}
	if r6 := measure(t, 48000, w6, src6); r6.IntegratedLUFS != r.IntegratedLUFS {
		t.Errorf("case 6, 6 channels: I = %.4f LUFS, 5 channels %.4f", r6.IntegratedLUFS, r.IntegratedLUFS)
	}
}

// Case 9: short-term loudness constant at −23.0 after 3 s.
func TestTech3341Case9(t *testing.T) {
	var segs []segment
	for range 5 {
		segs = append(segs, segment{-20, 1.34}, segment{-30, 1.66})
	}
	m, _ := New(48000, 2, nil)
	feed(m, dup(tones(48000, segs...), 2), 4096)
	lo, hi := rangeFrom(m.ShortTermSeries(), 29) // windows ending at 3.0 s and later
	t.Logf("case 9: S after 3 s in [%.3f, %.3f] LUFS", lo, hi)
	if lo < -23-tol3341 || hi > -23+tol3341 {
		t.Errorf("case 9: S after 3 s spans [%.3f, %.3f], want -23.0 ±0.1", lo, hi)
	}
}

// Case 12: momentary loudness constant at −23.0 after 1 s.
func TestTech3341Case12(t *testing.T) {
	var segs []segment
	for range 25 {
		segs = append(segs, segment{-20, 0.18}, segment{-30, 0.22})
	}
	m, _ := New(48000, 2, nil)
	feed(m, dup(tones(48000, segs...), 2), 4096)
	lo, hi := rangeFrom(m.MomentarySeries(), 9) // windows ending at 1.0 s and later
	t.Logf("case 12: M after 1 s in [%.3f, %.3f] LUFS", lo, hi)
	if lo < -23-tol3341 || hi > -23+tol3341 {
		t.Errorf("case 12: M after 1 s spans [%.3f, %.3f], want -23.0 ±0.1", lo, hi)
	}
}

func rangeFrom(s []float64, from int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range s[from:] {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// Cases 10 and 13 (file-based meters): 20 files each, a burst after
// i·150 ms (3 s burst, case 10) or i·20 ms (400 ms burst, case 13) of
// silence; max S (case 10) or max M (case 13) must read −23.0 in each.
func TestTech3341Cases10And13(t *testing.T) {
	var worst10, worst13 float64
	for i := range 20 {
		x := tones(48000, segment{neg, float64(i) * 0.15}, segment{-23, 3}, segment{neg, 1})
		r := measure(t, 48000, nil, dup(x, 2))
		worst10 = max(worst10, math.Abs(r.MaxShortTermLUFS+23))
		if math.Abs(r.MaxShortTermLUFS+23) > tol3341 {
			t.Errorf("case 10 file %d: max S = %.3f, want -23.0 ±0.1", i+1, r.MaxShortTermLUFS)
		}
		x = tones(48000, segment{neg, float64(i) * 0.02}, segment{-23, 0.4}, segment{neg, 1})
		r = measure(t, 48000, nil, dup(x, 2))
		worst13 = max(worst13, math.Abs(r.MaxMomentaryLUFS+23))
		if math.Abs(r.MaxMomentaryLUFS+23) > tol3341 {
			t.Errorf("case 13 file %d: max M = %.3f, want -23.0 ±0.1", i+1, r.MaxMomentaryLUFS)
		}
	}
	t.Logf("case 10: max S within %.4f LU of -23 in all 20 files; case 13: max M within %.4f LU", worst10, worst13)
}

// Cases 11 and 14 ('live' meters): one file of 20 bursts at −38+i dBFS; the
// max S (case 11) or max M (case 14) read after each segment must step
// through −38, −37, …, −19.
func TestTech3341Cases11And14(t *testing.T) {
	for _, c := range []struct {
		n             int
		gap, burst    float64
		maxOf         func(Result) float64
		segmentLength float64
	}{
		{11, 0.15, 3, func(r Result) float64 { return r.MaxShortTermLUFS }, 6},
		{14, 0.02, 0.4, func(r Result) float64 { return r.MaxMomentaryLUFS }, 0.8},
	} {
		m, _ := New(48000, 2, nil)
		var worst float64
		for i := range 20 {
			g := float64(i) * c.gap
			x := tones(48000, segment{neg, g}, segment{-38 + float64(i), c.burst}, segment{neg, c.burst - g})
			feed(m, dup(x, 2), 1000)
			got, want := c.maxOf(m.Result()), -38+float64(i)
			worst = max(worst, math.Abs(got-want))
			if math.Abs(got-want) > tol3341 {
				t.Errorf("case %d segment %d: max = %.3f, want %.1f ±0.1", c.n, i+1, got, want)
			}
		}
		t.Logf("case %d: all 20 successive maxima within %.4f LU", c.n, worst)
	}
}

// Cases 15–19: true peak of sines with inter-sample peaks; expected level
// +0.2/−0.4 dB. Tapered with 10 ms fades as the table asks.
func TestTech3341TruePeak15To19(t *testing.T) {
	const fs = 48000
	cases := []struct {
		n                   int
		freq, amp, phaseDeg float64
		want                float64
	}{
		{15, fs / 4.0, 0.5, 0, -6},
		{16, fs / 4.0, 0.5, 45, -6},
		{17, fs / 6.0, 0.5, 60, -6},
		{18, fs / 8.0, 0.5, 67.5, -6},
		{19, fs / 4.0, 1.41, 45, 3},
	}
	for _, c := range cases {
		x := sine(fs, c.freq, c.amp, c.phaseDeg, 1, 0.01)
		r := measure(t, fs, nil, dup(x, 2))
		t.Logf("case %d: true peak %+.3f dBTP (sample peak %+.3f dBFS), want %+.1f +0.2/-0.4",
			c.n, r.TruePeakDBTP, r.SamplePeakDBFS, c.want)
		if !within(r.TruePeakDBTP, c.want, 0.4, 0.2) {
			t.Errorf("case %d: true peak %.3f dBTP, want %.1f +0.2/-0.4", c.n, r.TruePeakDBTP, c.want)
		}
	}
}

// Cases 20–23: a 0.5 FFS sine at fs/6 holding one period of a 1.0 FFS sine
// at fs/4, continuous in phase, synthesised at 4·fs, low-pass filtered and
// decimated with offsets 0–3. Expected 0.0 dBTP +0.2/−0.4.
func TestTech3341TruePeak20To23(t *testing.T) {
	const fs = 48000
	hi := burstAt4x(fs)
	var ref float64 // true peak of the band-limited signal, on the 4·fs grid
	for _, v := range hi {
		ref = max(ref, math.Abs(v))
	}
	for off := range 4 {
		x := make([]float32, 0, len(hi)/4)
		for i := off; i < len(hi); i += 4 {
			x = append(x, float32(hi[i]))
		}
		r := measure(t, fs, nil, dup(x, 2))
		t.Logf("case %d: true peak %+.3f dBTP (sample peak %+.3f dBFS; band-limited peak %+.3f dB)",
			20+off, r.TruePeakDBTP, r.SamplePeakDBFS, 20*math.Log10(ref))
		if !within(r.TruePeakDBTP, 0, 0.4, 0.2) {
			t.Errorf("case %d: true peak %.3f dBTP, want 0.0 +0.2/-0.4", 20+off, r.TruePeakDBTP)
		}
	}
}

// burstAt4x synthesises the signal of cases 20–23 at 4·fs and low-passes it
// (windowed sinc, cutoff 0.45·fs, Blackman window, 511 taps).
func burstAt4x(fs int) []float64 {
	hr := 4 * fs
	perSlow := hr / (fs / 6) // samples per period of fs/6 at 4·fs: 24
	perFast := hr / (fs / 4) // and of fs/4: 16
	n1, n2 := 200*perSlow, 200*perSlow
	x := make([]float64, 0, n1+perFast+n2)
	for i := range n1 {
		x = append(x, 0.5*math.Sin(2*math.Pi*float64(i)/float64(perSlow)))
	}
	for i := range perFast {
		x = append(x, math.Sin(2*math.Pi*float64(i)/float64(perFast)))
	}
	for i := range n2 {
		x = append(x, 0.5*math.Sin(2*math.Pi*float64(i)/float64(perSlow)))
	}
	fade := hr / 200 // 5 ms
	for i := range fade {
		g := 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(fade))
		x[i] *= g
		x[len(x)-1-i] *= g
	}
	const taps = 511
	cut := 0.45 * float64(fs) / float64(hr) // cycles per sample at 4·fs
	h := make([]float64, taps)
	var sum float64
	for i := range h {
		k := float64(i - taps/2)
		s := 2 * cut
		if k != 0 {
			s = math.Sin(2*math.Pi*cut*k) / (math.Pi * k)
		}
		w := 0.42 - 0.5*math.Cos(2*math.Pi*float64(i)/(taps-1)) + 0.08*math.Cos(4*math.Pi*float64(i)/(taps-1))
		h[i] = s * w
		sum += h[i]
	}
	y := make([]float64, len(x))
	for i := range y {
		var acc float64
		for j, c := range h {
			if k := i + taps/2 - j; k >= 0 && k < len(x) {
				acc += c * x[k]
			}
		}
		y[i] = acc / sum
	}
	return y
}

// BS.1770-5 §2: a 0 dBFS 997 Hz sine in one front channel reads −3.01 LKFS.
func TestFullScale997Hz(t *testing.T) {
	for _, fs := range []int{44100, 48000, 96000, 192000} {
		r := measure(t, fs, nil, [][]float32{sine(fs, 997, 1, 0, 5, 0)})
		if math.Abs(r.IntegratedLUFS+3.01) > 0.01 {
			t.Errorf("%d Hz: 0 dBFS 997 Hz reads %.3f LKFS, want -3.01", fs, r.IntegratedLUFS)
		}
	}
}

// Case 1 at other sample rates (the K-weighting is derived per rate). At
// 8 kHz the shelf sits too close to Nyquist: 1 kHz reads 0.2 dB low there.
func TestTech3341Case1AtOtherRates(t *testing.T) {
	for _, fs := range []int{16000, 22050, 32000, 44100, 88200, 96000, 192000} {
		r := measure(t, fs, nil, dup(tones(fs, segment{-23, 20}), 2))
		msg := fmt.Sprintf("%d Hz: I %.3f, max M %.3f, max S %.3f", fs, r.IntegratedLUFS, r.MaxMomentaryLUFS, r.MaxShortTermLUFS)
		t.Log(msg)
		for _, v := range []float64{r.IntegratedLUFS, r.MaxMomentaryLUFS, r.MaxShortTermLUFS} {
			if math.Abs(v+23) > tol3341 {
				t.Errorf("%s; want -23.0 ±0.1", msg)
				break
			}
		}
	}
}
