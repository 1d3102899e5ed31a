package loudness

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// writeFloatWAV writes src as a 32-bit float WAVE_FORMAT_EXTENSIBLE file
// with the given channel mask, so ffmpeg sees the exact samples and knows
// the layout.
func writeFloatWAV(path string, fs int, mask uint32, src [][]float32) error {
	ch, n := len(src), len(src[0])
	data := make([]byte, 0, ch*n*4)
	for i := range n {
		for c := range src {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(src[c][i]))
		}
	}
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(4 + (8 + 40) + (8 + 4) + (8 + len(data))))
	b.WriteString("WAVEfmt ")
	w(uint32(40))
	w(uint16(0xFFFE)) // WAVE_FORMAT_EXTENSIBLE
	w(uint16(ch))
	w(uint32(fs))
	w(uint32(fs * ch * 4))
	w(uint16(ch * 4))
	w(uint16(32))
	w(uint16(22))
	w(uint16(32))
	w(mask)
	// KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
	b.Write([]byte{3, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71})
	b.WriteString("fact")
	w(uint32(4))
	w(uint32(n))
	b.WriteString("data")
	w(uint32(len(data)))
	b.Write(data)
	return os.WriteFile(path, b.Bytes(), 0o644)
}

type ffmpegR128 struct{ integrated, lra, truePeak float64 }

var (
	reI    = regexp.MustCompile(`(?s)Summary:.*?\bI:\s+(-?[0-9.]+|-?inf) LUFS`)
	reLRA  = regexp.MustCompile(`(?s)Summary:.*?\bLRA:\s+(-?[0-9.]+) LU`)
	rePeak = regexp.MustCompile(`(?s)True peak:\s+Peak:\s+(-?[0-9.]+|-?inf) dBFS`)
)

// ffmpegEBUR128 runs ffmpeg's ebur128 filter on a WAV file and parses the
// summary it prints on stderr. framelog=verbose keeps the per-frame lines
// out of the output at the default log level (ffmpeg 5 rejects "quiet").
func ffmpegEBUR128(t *testing.T, path string) ffmpegR128 {
	t.Helper()
	cmd := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", path,
		"-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	num := func(re *regexp.Regexp) float64 {
		m := re.FindSubmatch(out)
		if m == nil {
			t.Fatalf("ffmpeg output has no %s:\n%s", re, out)
		}
		v, err := strconv.ParseFloat(string(m[1]), 64)
		if err != nil {
			t.Fatalf("ffmpeg output: %v", err)
		}
		return v
	}
	return ffmpegR128{integrated: num(reI), lra: num(reLRA), truePeak: num(rePeak)}
}

// Cross-check with ffmpeg's ebur128 filter. ffmpeg prints one decimal, so
// each tolerance is widened by the 0.05 of its rounding: integrated loudness
// within 0.1 LU, true peak within 0.2 dB, LRA within 0.5 LU. The weights are
// the ones both agree on (ffmpeg weighs 5.1's BL/BR by name, 1.41, as
// BS.1770 weighs M±110; LFE 0 in both).
func TestAgainstFFmpeg(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed: skipping the cross-check with ffmpeg's ebur128 filter")
	}
	const fs = 48000
	rng := rand.New(rand.NewPCG(3, 4))
	stereo := func(rate int, seconds float64) [][]float32 {
		return [][]float32{musicLike(rng, rate, seconds), musicLike(rng, rate, seconds)}
	}
	clipped := func(x []float32, gain float64) []float32 {
		out := make([]float32, len(x))
		for i, v := range x {
			out[i] = float32(max(-0.98, min(0.98, gain*float64(v))))
		}
		return out
	}
	lfe := sine(fs, 50, 0.5, 0, 30, 0.01)
	cases := []struct {
		name    string
		rate    int
		mask    uint32
		weights []float64
		src     [][]float32
	}{
		{"stereo pink noise", fs, 0x3, nil, [][]float32{pinkish(rng, fs, 20*fs, 0.1), pinkish(rng, fs, 20*fs, 0.1)}},
		{"stereo noise level steps", fs, 0x3, nil, [][]float32{
			stepNoise(rng, fs, 6, -20, -32, -26, neg, -40, -18, -28),
			stepNoise(rng, fs, 6, -22, -30, -27, neg, -38, -19, -30)}},
		{"stereo music-like", fs, 0x3, nil, stereo(fs, 40)},
		{"mono music-like", fs, 0x4, nil, [][]float32{musicLike(rng, fs, 30)}},
		{"5.1 music-like", fs, 0x3F, []float64{1, 1, 1, 0, 1.41, 1.41}, [][]float32{
			musicLike(rng, fs, 30), musicLike(rng, fs, 30), musicLike(rng, fs, 30), lfe,
			musicLike(rng, fs, 30), pinkish(rng, fs, 30*fs, 0.03)}},
		{"stereo clipped (inter-sample overs)", fs, 0x3, nil, [][]float32{
			clipped(musicLike(rng, fs, 20), 4), clipped(musicLike(rng, fs, 20), 4)}},
		{"stereo music-like, 44.1 kHz", 44100, 0x3, nil, stereo(44100, 30)},
		{"stereo music-like, 96 kHz", 96000, 0x3, nil, stereo(96000, 30)},
	}
	if testing.Short() {
		cases = cases[:2]
	}
	dir := t.TempDir()
	for i, c := range cases {
		path := filepath.Join(dir, strconv.Itoa(i)+".wav")
		if err := writeFloatWAV(path, c.rate, c.mask, c.src); err != nil {
			t.Fatal(err)
		}
		ff := ffmpegEBUR128(t, path)
		r := measure(t, c.rate, c.weights, c.src)
		t.Logf("%-36s I %7.3f (ffmpeg %5.1f)  LRA %6.3f (ffmpeg %4.1f)  TP %+7.3f (ffmpeg %+5.1f)",
			c.name, r.IntegratedLUFS, ff.integrated, r.LoudnessRangeLU, ff.lra, r.TruePeakDBTP, ff.truePeak)
		if d := math.Abs(r.IntegratedLUFS - ff.integrated); d > 0.1+0.05 {
			t.Errorf("%s: integrated %.3f LUFS, ffmpeg %.1f", c.name, r.IntegratedLUFS, ff.integrated)
		}
		if d := math.Abs(r.LoudnessRangeLU - ff.lra); d > 0.5+0.05 {
			t.Errorf("%s: LRA %.3f LU, ffmpeg %.1f", c.name, r.LoudnessRangeLU, ff.lra)
		}
		if d := math.Abs(r.TruePeakDBTP - ff.truePeak); d > 0.2+0.05 {
			t.Errorf("%s: true peak %.3f dBTP, ffmpeg %.1f", c.name, r.TruePeakDBTP, ff.truePeak)
		}
	}
}
