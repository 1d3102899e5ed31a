package cleanup

import (
	"math"
	"testing"

	"immerse/dsp"
)

// phrases returns stereo audio: 0.5 s of near-silence, then music phrases
// of 0.8 s separated by gaps of low noise (-70 dBFS peak) of 0.6 s, 0.1 s
// (shorter than the minimum) and 1.2 s.
func phrases(n int) [][]float32 {
	l, r := musicLike(11, n, testRate), musicLike(12, n, testRate)
	noise := whiteNoise(13, 0.0001, n)
	quiet := func(a, b int) {
		for i := a; i < b && i < n; i++ {
			l[i], r[i] = noise[i], -noise[i]/2
		}
	}
	s := testRate / 10
	quiet(0, 5*s)
	quiet(13*s, 19*s)
	quiet(27*s, 28*s)
	quiet(36*s, 48*s)
	return [][]float32{l, r}
}

// quietRuns is the reference: maximal runs [s, e) of frames where every
// channel's |x| is under thr, at least minN long.
func quietRuns(x [][]float32, thr float32, minN int) []Region {
	var out []Region
	start := -1
	for i := 0; i <= len(x[0]); i++ {
		q := i < len(x[0])
		for c := range x {
			if q && float32(math.Abs(float64(x[c][i]))) >= thr {
				q = false
			}
		}
		switch {
		case q && start < 0:
			start = i
		case !q && start >= 0:
			if i-start >= minN {
				out = append(out, Region{int64(start), int64(i)})
			}
			start = -1
		}
	}
	return out
}

func stripRun(t *testing.T, x [][]float32, p StripParams, block int) ([][]float32, []Region, *Stripper) {
	t.Helper()
	s, err := NewStripper(p, testRate, len(x))
	if err != nil {
		t.Fatal(err)
	}
	n := len(x[0])
	lat := s.Latency()
	buf := dsp.NewBuffer(len(x), n+lat)
	for c := range x {
		copy(buf[c], x[c])
	}
	var regions []Region
	var view [][]float32
	for i := 0; i < n+lat; i += block {
		view = dsp.Slice(view, buf, i, min(i+block, n+lat))
		s.Process(view, view)
		regions = s.TakeRegions(regions)
	}
	out := make([][]float32, len(x))
	for c := range out {
		out[c] = buf[c][lat:]
	}
	return out, regions, s
}

// TestStripSilence: the output keeps the length, the reported regions are
// exact zeros, their fades lie in the quiet runs, and every other sample
// is bit-identical to the input, for any block size.
func TestStripSilence(t *testing.T) {
	n := 6 * testRate
	x := phrases(n)
	p := DefaultStripParams()
	var first [][]float32
	for _, block := range []int{1, 7, 64, 512, 4096} {
		y, regions, s := stripRun(t, x, p, block)
		if len(y[0]) != n {
			t.Fatalf("length %d, want %d", len(y[0]), n)
		}
		if block == 1 {
			first = y
		} else {
			for c := range y {
				for i := range y[c] {
					if math.Float32bits(y[c][i]) != math.Float32bits(first[c][i]) {
						t.Fatalf("block %d: channel %d frame %d differs from block 1", block, c, i)
					}
				}
			}
			continue
		}
		runs := quietRuns(x, float32(dsp.DBToGain(p.ThresholdDB)), msFrames(p.MinSilenceMs, testRate))
		if len(runs) != 3 {
			t.Fatalf("reference found %d quiet runs: %v", len(runs), runs)
		}
		// The flush of Latency zero frames after the end is a quiet run
		// still open: its region starts after the end of the file.
		open, ok := s.OpenRegion()
		if len(regions) != 3 || !ok || open.Start < int64(n) {
			t.Fatalf("regions %v open %v %v", regions, open, ok)
		}
		post, pre, fade := int64(msFrames(p.PostRollMs, testRate)), int64(msFrames(p.PreRollMs, testRate)), int64(msFrames(p.FadeMs, testRate))
		touched := make([]bool, n)
		for k, r := range regions {
			wantStart, wantEnd := runs[k].Start+post+fade, runs[k].End-pre-fade
			if runs[k].Start == 0 {
				wantStart = 0
			}
			if r.Start != wantStart || r.End != wantEnd {
				t.Errorf("region %d = %v, want [%d, %d) from quiet run %v", k, r, wantStart, wantEnd, runs[k])
			}
			for i := max(0, r.Start-fade); i < min(int64(n), r.End+fade); i++ {
				touched[i] = true
				for c := range y {
					if i >= r.Start && i < r.End && math.Float32bits(y[c][i]) != 0 {
						t.Fatalf("region %d frame %d channel %d = %g, want exact 0", k, i, c, y[c][i])
					}
					if (i < r.Start || i >= r.End) && math.Abs(float64(y[c][i])) > math.Abs(float64(x[c][i])) {
						t.Fatalf("fade frame %d louder than the input", i)
					}
				}
			}
			if r.Start > 0 && r.Start-fade < runs[k].Start || r.End+fade > runs[k].End {
				t.Errorf("region %d's fades leave the quiet run %v", k, runs[k])
			}
		}
		changed := 0
		for i := 0; i < n; i++ {
			for c := range y {
				if !touched[i] && math.Float32bits(y[c][i]) != math.Float32bits(x[c][i]) {
					t.Fatalf("frame %d channel %d outside the regions changed: %g -> %g", i, c, x[c][i], y[c][i])
				}
				if touched[i] {
					changed++
				}
			}
		}
		t.Logf("regions %v (%d samples touched), latency %d frames", regions, changed, s.Latency())
	}
}

// TestStripSilenceNoAllocs: Process allocates nothing.
func TestStripSilenceNoAllocs(t *testing.T) {
	x := phrases(testRate)
	s, _ := NewStripper(DefaultStripParams(), testRate, 2)
	buf := dsp.NewBuffer(2, 512)
	i := 0
	allocs := testing.AllocsPerRun(50, func() {
		for c := range buf {
			copy(buf[c], x[c][i:i+512])
		}
		s.Process(buf, buf)
		i = (i + 512) % (testRate - 512)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per Process", allocs)
	}
}
