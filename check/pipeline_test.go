package check

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"immerse/bed"
	"immerse/dsp"
	"immerse/encoders"
)

// TestStreamingAllocatesNothing: reading a block from a 7.1.4 file and
// running it through every stage allocates nothing.
func TestStreamingAllocatesNothing(t *testing.T) {
	l := mustLayout(t, "7.1.4")
	src := make([][]float32, 12)
	for c := range src {
		src[c] = musicLike(uint64(c), 2*rate)
	}
	path := layoutFile(t, t.TempDir(), "a.wav", l, src)
	r, err := encoders.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := newPipeline(rate, 1024, l, bed.FoldChain(l, bed.DefaultFold()), DefaultThresholds(), DefaultSilenceDBFS)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	fs := &fileSource{r: r, order: l.WAVOrder()}
	in := p.input()
	step := func() {
		n, err := fs.read(in)
		if err == io.EOF {
			if err := r.SeekFrame(0); err != nil {
				t.Fatal(err)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		p.process(n)
	}
	step() // the first read sets up the header slice
	if a := testing.AllocsPerRun(200, step); a != 0 {
		t.Errorf("%.1f allocations per block", a)
	}
}

// TestBlockSizeInvariance: blocks of 1, 7, 64, 512 and 4096 frames give
// the same report, series included (a stereo file, where the stereometer
// is fed in hop-aligned pieces, and a 5.1 file with the whole chain).
func TestBlockSizeInvariance(t *testing.T) {
	dir := t.TempDir()
	x := noise(1, 0.1, 3*rate)
	y := musicLike(2, 3*rate)
	for i := rate; i < 2*rate; i++ {
		y[i] = -x[i]
	}
	stereo := writeFile(t, dir, "st.wav", 0, [][]float32{x, y})
	l := mustLayout(t, "5.1")
	src := make([][]float32, 6)
	for c := range src {
		src[c] = musicLike(uint64(20+c), 3*rate)
	}
	surround := layoutFile(t, dir, "51.wav", l, src)
	for _, path := range []string{stereo, surround} {
		var want *Report
		for _, block := range []int{4096, 1, 7, 64, 512} {
			if block == 1 && testing.Short() {
				continue
			}
			r, err := File(path, Options{BlockSize: block})
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = r
				continue
			}
			if a, b := mustJSON(t, r), mustJSON(t, want); a != b {
				t.Errorf("%s: block %d:\n%s\nblock 4096:\n%s", path, block, a, b)
			}
			for i := range r.Stages {
				g, w := r.Stages[i], want.Stages[i]
				if !reflect.DeepEqual(g.ShortTerm, w.ShortTerm) || !reflect.DeepEqual(g.CorrelationSeries, w.CorrelationSeries) {
					t.Errorf("%s: block %d: stage %s series differ", path, block, g.Name)
				}
			}
		}
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSourceMatchesFile: Source on a stream in BS.2051 order gives the
// same report as File on the file written from it (in WAV order).
func TestSourceMatchesFile(t *testing.T) {
	l := mustLayout(t, "7.1.4")
	src := make([][]float32, 12)
	for c := range src {
		src[c] = musicLike(uint64(60+c), 2*rate)
	}
	path := layoutFile(t, t.TempDir(), "a.wav", l, src)
	var calls int
	var last, total int64
	fromFile, err := File(path, Options{Progress: func(d, tot int64) { calls, last, total = calls+1, d, tot }})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != 2*rate || total != 2*rate {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
	fromSource, err := Source(dsp.NewBufferSource(src, rate), l, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromSource.File = path
	if a, b := mustJSON(t, fromSource), mustJSON(t, fromFile); a != b {
		t.Errorf("Source:\n%s\nFile:\n%s", a, b)
	}
}

// TestFileErrors: bad input gets precise errors.
func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	three := writeFile(t, dir, "three.wav", 0, [][]float32{zeros(100), zeros(100), zeros(100)})
	stereo := writeFile(t, dir, "st.wav", 0, [][]float32{zeros(100), zeros(100)})
	cases := []struct {
		path string
		opt  Options
		want string
	}{
		{three, Options{}, "check: " + three + ": the file has 3 channels and no channel mask; name its layout (e.g. --layout 7.1.4)"},
		{stereo, Options{Layout: mustLayout(t, "5.1")}, "check: " + stereo + ": the file has 2 channels but layout 5.1 has 6 (M+030 M-030 M+000 LFE1 M+110 M-110)"},
		{dir + "/none.wav", Options{}, "none.wav"},
		{stereo, Options{SilenceDBFS: 3}, "silence level 3 dBFS"},
	}
	for _, c := range cases {
		_, err := File(c.path, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v\nwant %q", err, c.want)
		}
	}
}

// TestExtras: DC offset, leading/trailing silence and clipping after
// summing are measured where they are.
func TestExtras(t *testing.T) {
	n := 3 * rate
	l, r := zeros(n), zeros(n)
	// 0.5 s of silence, a tone to 2.25 s, then 0.75 s of silence; a DC of
	// 0.0005 (-66 dBFS, under the -60 dBFS silence level) on the left
	// throughout.
	tone := sine(1000, 0.8, n)
	for i := rate / 2; i < 9*rate/4; i++ {
		l[i], r[i] = tone[i], tone[i]
	}
	for i := range l {
		l[i] += 0.0005
	}
	path := writeFile(t, t.TempDir(), "x.wav", 0, [][]float32{l, r})
	rep, err := File(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := rep.Stages[0]
	if st.PerChannel[0].DCOffset != 0.0005 || st.PerChannel[1].DCOffset != 0 {
		t.Errorf("DC offsets %g %g", st.PerChannel[0].DCOffset, st.PerChannel[1].DCOffset)
	}
	// The first non-silent sample is the tone's second one (the first is
	// sin(0) = 0 plus the DC); the last is the tone's last non-zero one.
	if st.LeadingSilenceSeconds != 0.5 || st.TrailingSilenceSeconds != 0.75 {
		t.Errorf("silence %.3f s leading, %.3f s trailing; want 0.5 and 0.75", st.LeadingSilenceSeconds, st.TrailingSilenceSeconds)
	}
	// 0.8 + 0.8 in phase: the mono fold-down 0.7071·1.6 = 1.13 clips.
	mono := rep.Stages[1]
	if mono.ClippedSamples == 0 || st.ClippedSamples != 0 || mono.FirstClipTime == nil || *mono.FirstClipTime < 0.5 || *mono.FirstClipTime > 0.501 {
		t.Errorf("clipping: 2.0 %d, 1.0 %d first at %v", st.ClippedSamples, mono.ClippedSamples, mono.FirstClipTime)
	}
	found := ""
	for _, p := range rep.Problems {
		found += fmt.Sprintf("%s/%s/%s ", p.Stage, p.Metric, p.Severity)
	}
	if found != "1.0/truePeakDBTP/fail 1.0/clippedSamples/warn " && found != "2.0/truePeakDBTP/fail 1.0/truePeakDBTP/fail 1.0/clippedSamples/warn " {
		t.Errorf("problems: %s", found)
	}
}

// TestEmptyFile: a file without frames checks (nothing to measure: silent
// stages, pass) rather than failing.
func TestEmptyFile(t *testing.T) {
	path := writeFile(t, t.TempDir(), "empty.wav", 0, [][]float32{{}, {}})
	r, err := File(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Duration != 0 || r.Verdict != Pass || r.Stages[0].IntegratedLUFS != -200 || r.Stages[0].TruePeakDBTP != -200 {
		t.Errorf("empty file: %s", mustJSON(t, r))
	}
	validateReport(t, []byte(mustJSON(t, r)))
}
