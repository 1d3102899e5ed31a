package normalize

import (
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"immerse/dsp/loudness"
	"immerse/encoders"
)

const rate = 48000

// writeFile writes planar samples as a WAV of the given bit depth (32 =
// float) and channel mask.
func writeFile(t testing.TB, path string, bits int, mask uint32, src [][]float32) {
	t.Helper()
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: rate, Channels: len(src), BitDepth: bits, Float: bits == 32, ChannelMask: mask}, src, encoders.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

// readFile reads a whole file (planar, file order).
func readFile(t testing.TB, path string) (encoders.Format, [][]float32) {
	t.Helper()
	out, f, err := encoders.ReadAll(path)
	if err != nil {
		t.Fatal(err)
	}
	return f, out
}

// measure returns our meter's integrated loudness and true peak of a file
// (weights: 1, or 5.1's when it has six channels).
func measure(t testing.TB, path string) (lufs, tp float64) {
	t.Helper()
	_, x := readFile(t, path)
	var w []float64
	if len(x) == 6 {
		w = []float64{1, 1, 1, 0, 1.41, 1.41}
	}
	m, err := loudness.New(rate, len(x), w)
	if err != nil {
		t.Fatal(err)
	}
	m.Process(x)
	r := m.Result()
	return r.IntegratedLUFS, r.TruePeakDBTP
}

// The last values of ffmpeg's running metadata: integrated loudness
// (LUFS, 3 decimals) and the true peak over the whole stream (linear, 3
// decimals: about ±0.005 dB near full scale), finer than its summary.
var (
	reI  = regexp.MustCompile(`lavfi\.r128\.I=(-?[0-9.]+)`)
	reTP = regexp.MustCompile(`lavfi\.r128\.true_peak=([0-9.]+)`)
)

// ffmpegMeasure runs ffmpeg's ebur128 filter; ok is false (and the test
// logs why) when ffmpeg is not installed.
func ffmpegMeasure(t testing.TB, path string) (lufs, tp float64, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Log("ffmpeg not installed: skipping the ebur128 cross-check (apt-get install ffmpeg)")
		return 0, 0, false
	}
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
		v, _ := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
		return v
	}
	return last(reI), 20 * math.Log10(last(reTP)), true
}

// musicLike is level-varying low-passed noise with a slow envelope.
func musicLike(seed uint64, n int, level float64) []float32 {
	r := rand.New(rand.NewPCG(seed, 3))
	x := make([]float32, n)
	var lp float64
	for i := range x {
		w := r.NormFloat64()
		lp = 0.9*lp + 0.1*w
		env := 0.6 + 0.4*math.Sin(2*math.Pi*float64(i)/(2.3*rate))
		x[i] = float32(level * env * (lp + 0.1*w))
	}
	return x
}

// withHits adds short full-band bursts (drum-like hits, 5 ms) of the
// given peak every period frames starting at first, on every channel.
func withHits(x [][]float32, first, period int, peak float64) {
	r := rand.New(rand.NewPCG(9, 9))
	for at := first; at < len(x[0]); at += period {
		for i := 0; i < 240 && at+i < len(x[0]); i++ {
			decay := math.Exp(-float64(i) / 60)
			v := peak * decay * (2*r.Float64() - 1)
			for c := range x {
				x[c][at+i] += float32(v)
			}
		}
	}
}

func tempPath(t testing.TB, name string) string { return filepath.Join(t.TempDir(), name) }
