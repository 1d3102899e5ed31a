package check

import (
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"testing"

	"immerse/bed"
)

// The last values of ffmpeg's running metadata: the integrated loudness
// (LUFS, 3 decimals) and the true peak over the whole stream (linear, 3
// decimals), finer than the one-decimal summary.
var (
	reFFI  = regexp.MustCompile(`lavfi\.r128\.I=(-?[0-9.]+)`)
	reFFTP = regexp.MustCompile(`lavfi\.r128\.true_peak=([0-9.]+)`)
)

// ffmpegLoudness runs ffmpeg's ebur128 filter on a file and returns its
// integrated loudness and true peak (dBTP).
func ffmpegLoudness(t testing.TB, path string) (integrated, truePeak float64) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-i", path,
		"-af", "ebur128=peak=true:metadata=1,ametadata=print:file=-", "-f", "null", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	last := func(re *regexp.Regexp) float64 {
		m := re.FindAllSubmatch(out, -1)
		if m == nil {
			t.Fatalf("ffmpeg printed no %s", re)
		}
		v, err := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return last(reFFI), 20 * math.Log10(last(reFFTP))
}

func needFFmpeg(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed: the ebur128 cross-check needs it (apt-get install ffmpeg)")
	}
}

// foldDown applies a downmix to planar float64-accurate samples (BS.2051
// order), independently of the check's block pipeline.
func foldDown(d *bed.Downmix, src [][]float32) [][]float32 {
	out := make([][]float32, len(d.Gains))
	for o, row := range d.Gains {
		out[o] = make([]float32, len(src[0]))
		for i := range out[o] {
			var s float64
			for k, g := range row {
				s += g * float64(src[k][i])
			}
			out[o][i] = float32(s)
		}
	}
	return out
}

// TestFFmpegStages cross-checks the integrated loudness of the 5.1, 2.0
// and 1.0 stages of a 7.1.4 file with ffmpeg's ebur128 run on the same
// downmixes written to files (within 0.1 LU; ffmpeg weighs 5.1, stereo
// and mono as we do). The 7.1.4 stage itself is not compared: ffmpeg
// weighs its BL/BR and TBL/TBR 1.41, BS.1770-5 1.0.
func TestFFmpegStages(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	l := mustLayout(t, "7.1.4")
	n := 8 * rate
	src := make([][]float32, len(l.Channels))
	for c := range src {
		src[c] = musicLike(uint64(40+c), n)
	}
	// Some common material so the fold-down sums coherently too; levels
	// that keep every stage under full scale.
	common := musicLike(99, n)
	for c := range src {
		for i := range common {
			src[c][i] = 0.35 * (src[c][i] + 0.7*common[i])
		}
	}
	r, err := File(layoutFile(t, dir, "in.wav", l, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cur, curLayout := src, l
	for _, d := range bed.FoldChain(l, bed.DefaultFold()) {
		cur, curLayout = foldDown(d, cur), d.To
		name := StageName(curLayout)
		path := layoutFile(t, dir, name+".wav", curLayout, cur)
		ffI, ffTP := ffmpegLoudness(t, path)
		st := stageByName(t, r, name)
		t.Logf("stage %s: I %.2f LUFS (ffmpeg %.2f), TP %.2f dBTP (ffmpeg %.2f)", name, st.IntegratedLUFS, ffI, st.TruePeakDBTP, ffTP)
		if math.Abs(st.IntegratedLUFS-ffI) > 0.1 {
			t.Errorf("stage %s: integrated %.2f LUFS, ffmpeg %.2f", name, st.IntegratedLUFS, ffI)
		}
		if math.Abs(st.TruePeakDBTP-ffTP) > 0.2 {
			t.Errorf("stage %s: true peak %.2f dBTP, ffmpeg %.2f", name, st.TruePeakDBTP, ffTP)
		}
	}
	if curLayout.Name != "0+1+0" {
		t.Fatalf("chain ends at %s", curLayout.Name)
	}
}
