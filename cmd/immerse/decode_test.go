package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/ambisonics"
	"immerse/encoders"
	"immerse/geom"
)

// ambiField writes a third-order AmbiX file: noise from one direction.
func ambiField(t *testing.T, dir string, order int, az, el float64) string {
	t.Helper()
	x := noiseSignal(3, 0.1, 24000)
	y := ambisonics.SH(nil, order, geom.Cart(az, el, 1), ambisonics.SN3D)
	chans := make([][]float32, len(y))
	for c := range chans {
		chans[c] = make([]float32, len(x))
		for i, v := range x {
			chans[c][i] = v * float32(y[c])
		}
	}
	return writeWAV(t, filepath.Join(dir, "field.wav"), 0, chans...)
}

func TestDecodeToLayout(t *testing.T) {
	dir := t.TempDir()
	in := ambiField(t, dir, 3, 30, 0)
	out := filepath.Join(dir, "feeds.wav")
	stdout, stderr, code := run(t, "", "decode", in, "--layout", "7.1.4", "-o", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Order             int    `json:"order"`
		Normalization     string `json:"normalization"`
		NormalizationFrom string `json:"normalizationFrom"`
		Layout            string `json:"layout"`
		Channels          []struct {
			Label    string  `json:"label"`
			WAV      string  `json:"wav"`
			PeakDBFS float64 `json:"peakDBFS"`
		} `json:"channels"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if rep.Order != 3 || rep.Normalization != "SN3D" || rep.NormalizationFrom != "default" || rep.Layout != "7.1.4" || len(rep.Channels) != 12 {
		t.Fatalf("report %+v", rep)
	}
	// The source at +30 is loudest in FL (M+030).
	loudest := 0
	for i, ch := range rep.Channels {
		if ch.PeakDBFS > rep.Channels[loudest].PeakDBFS {
			loudest = i
		}
	}
	if rep.Channels[loudest].WAV != "FL" {
		t.Errorf("loudest channel %+v", rep.Channels[loudest])
	}
	info, _, code := run(t, "", "info", out, "--json")
	if code != 0 || !strings.Contains(info, `"layout": "7.1.4"`) || !strings.Contains(info, `"channels": 12`) {
		t.Errorf("info of the feeds: %s", info)
	}
	// info reports the field's channel count.
	info, _, _ = run(t, "", "info", in)
	if !strings.Contains(info, "16 channels") {
		t.Errorf("info of the field: %s", info)
	}
	// Existing output without --force.
	if _, stderr, code := run(t, "", "decode", in, "-o", out); code == 0 || !strings.Contains(stderr, "exists") {
		t.Errorf("overwrite without --force: exit %d %s", code, stderr)
	}
}

func TestDecodeBinauralCLI(t *testing.T) {
	dir := t.TempDir()
	in := ambiField(t, dir, 3, 90, 0)
	for _, method := range []string{"magls", "virtual"} {
		out := filepath.Join(dir, method+".wav")
		_, stderr, code := run(t, "", "decode", in, "--binaural", "--method", method, "-o", out, "--quiet", "--bits", "32")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", method, code, stderr)
		}
		r, err := encoders.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		buf := [][]float32{make([]float32, 24000), make([]float32, 24000)}
		n, _ := r.Read(buf)
		r.Close()
		var el, er float64
		for i := range n {
			el += float64(buf[0][i] * buf[0][i])
			er += float64(buf[1][i] * buf[1][i])
		}
		if n != 24000 || r.Format().Channels != 2 || 10*math.Log10(el/er) < 6 {
			t.Errorf("%s: %d frames, ILD %.1f dB for a source on the left", method, n, 10*math.Log10(el/er))
		}
	}
}

func TestDecodeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	in := ambiField(t, dir, 1, 0, 0)
	five := writeWAV(t, filepath.Join(dir, "five.wav"), 0, make([]float32, 10), make([]float32, 10), make([]float32, 10), make([]float32, 10), make([]float32, 10))
	out := filepath.Join(dir, "o.wav")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"decode"}, 2, "give one ambisonic file"},
		{[]string{"decode", in}, 2, "-o FILE"},
		{[]string{"decode", in, "--binaural", "--layout", "5.1", "-o", out}, 2, "drop --layout"},
		{[]string{"decode", in, "--binaural", "--method", "nearest", "-o", out}, 2, "unknown binaural method"},
		{[]string{"decode", in, "--method", "virtual", "-o", out}, 2, "is for --binaural"},
		{[]string{"decode", in, "--normalization", "maxn", "-o", out}, 2, "unknown normalization"},
		{[]string{"decode", in, "--rotate", "left", "-o", out}, 2, "yaw,pitch,roll"},
		{[]string{"decode", in, "--weighting", "inphase", "-o", out}, 2, "max-re or basic"},
		{[]string{"decode", in, "--layout", "7.1.5", "-o", out}, 2, "--layout"},
		{[]string{"decode", five, "-o", out}, 1, "not a full-sphere ambisonic channel count"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d with %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed decode left an output")
	}
}
