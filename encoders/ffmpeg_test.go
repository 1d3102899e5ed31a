package encoders

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tool returns the path of an external program or skips the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed: skipping the cross-check with it", name)
	}
	return p
}

// run runs a command and returns its standard output.
func run(t *testing.T, prog string, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(prog, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// probe returns ffprobe's stream fields for path as a map.
func probe(t *testing.T, path string) map[string]string {
	out := run(t, tool(t, "ffprobe"), "-v", "error", "-show_streams", "-of", "flat", path)
	m := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[strings.TrimPrefix(k, "streams.stream.0.")] = strings.Trim(v, `"`)
		}
	}
	return m
}

// TestFFprobeLayouts checks that ffprobe names the layouts our masks give:
// 7.1.4 (0x2D63F) as 12 channels FL FR FC LFE BL BR SL SR TFL TFR TBL TBR,
// 5.1(side) (0x60F) in WAV, RF64 and FLAC.
func TestFFprobeLayouts(t *testing.T) {
	tool(t, "ffprobe")
	dir := t.TempDir()
	f12 := Format{SampleRate: 48000, Channels: 12, BitDepth: 24, ChannelMask: 0x2D63F}
	p12 := filepath.Join(dir, "714.wav")
	writeAll(t, p12, f12, WriteOptions{}, codes(1, 12, 4800, 24), 1024)
	m := probe(t, p12)
	if m["channels"] != "12" || m["codec_name"] != "pcm_s24le" || m["duration_ts"] != "4800" {
		t.Errorf("7.1.4: ffprobe says %v", m)
	}
	layout := m["channel_layout"]
	if layout != "7.1.4" {
		want := []string{"FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR", "TFL", "TFR", "TBL", "TBR"}
		names := strings.FieldsFunc(strings.TrimSuffix(strings.TrimPrefix(layout, "12 channels ("), ")"), func(r rune) bool { return r == '+' || r == ' ' })
		if fmt.Sprint(names) != fmt.Sprint(want) {
			t.Errorf("7.1.4: channel_layout %q, want 7.1.4 or the 12 names %v", layout, want)
		}
	}
	t.Logf("ffprobe 0x2D63F: %s", layout)
	f6 := Format{SampleRate: 48000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F}
	for _, c := range []struct {
		name  string
		opt   WriteOptions
		codec string
	}{{"51.wav", WriteOptions{}, "pcm_s24le"}, {"51.rf64", WriteOptions{}, "pcm_s24le"}, {"51.flac", WriteOptions{}, "flac"}} {
		p := filepath.Join(dir, c.name)
		writeAll(t, p, f6, c.opt, codes(2, 6, 4800, 24), 1024)
		m := probe(t, p)
		if l := m["channel_layout"]; m["channels"] != "6" || (l != "5.1(side)" && l != "5.1") || m["codec_name"] != c.codec || m["duration_ts"] != "4800" {
			t.Errorf("%s: ffprobe says channels=%s layout=%q codec=%s duration_ts=%s", c.name, m["channels"], l, m["codec_name"], m["duration_ts"])
		}
	}
}

// ffmpegDecode decodes path with ffmpeg to interleaved signed 32-bit
// samples (integer codes shifted to the top) or float32 (float files).
func ffmpegDecode(t *testing.T, path string, float bool) []uint32 {
	format := "s32le"
	if float {
		format = "f32le"
	}
	raw := run(t, tool(t, "ffmpeg"), "-v", "error", "-i", path, "-f", format, "-")
	out := make([]uint32, len(raw)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	return out
}

// TestFFmpegDecodesOurFiles decodes our WAV, RF64 and FLAC files with
// ffmpeg and compares every sample with what we wrote.
func TestFFmpegDecodesOurFiles(t *testing.T) {
	tool(t, "ffmpeg")
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		f    Format
	}{
		{"a.flac", Format{SampleRate: 48000, Channels: 2, BitDepth: 16}},
		{"b.flac", Format{SampleRate: 44100, Channels: 2, BitDepth: 24}},
		{"c.flac", Format{SampleRate: 96000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F}},
		{"d.flac", Format{SampleRate: 48000, Channels: 8, BitDepth: 16, ChannelMask: 0x63F}},
		{"e.wav", Format{SampleRate: 48000, Channels: 12, BitDepth: 24, ChannelMask: 0x2D63F}},
		{"f.rf64", Format{SampleRate: 48000, Channels: 2, BitDepth: 32}},
		{"g.bw64", Format{SampleRate: 48000, Channels: 3, BitDepth: 32, Float: true}},
		{"h.wav", Format{SampleRate: 22050, Channels: 1, BitDepth: 16}},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n = 9000
			var data [][]float32
			if c.name[0] == 'a' || c.name[0] == 'b' {
				data = music(c.f.Channels, n, c.f.SampleRate)
			} else if c.f.Float {
				data = floats(5, c.f.Channels, n)
			} else {
				data = codes(5, c.f.Channels, n, c.f.BitDepth)
			}
			p := filepath.Join(dir, c.name)
			writeAll(t, p, c.f, WriteOptions{}, data, 1000)
			got := ffmpegDecode(t, p, c.f.Float)
			if len(got) != n*c.f.Channels {
				t.Fatalf("ffmpeg decoded %d samples, want %d", len(got), n*c.f.Channels)
			}
			for i := 0; i < n; i++ {
				for ch := 0; ch < c.f.Channels; ch++ {
					var want uint32
					if c.f.Float {
						want = math.Float32bits(data[ch][i])
					} else {
						want = uint32(quantize(data[ch][i], uint(c.f.BitDepth))) << (32 - c.f.BitDepth)
					}
					if g := got[i*c.f.Channels+ch]; g != want {
						t.Fatalf("frame %d channel %d: ffmpeg decodes 0x%08X, we wrote 0x%08X", i, ch, g, want)
					}
				}
			}
		})
	}
}

// TestReadFFmpegFiles reads files ffmpeg wrote (its FLAC encoder with LPC,
// a WAV streamed to a pipe with 0xFFFFFFFF sizes, RF64) and compares them
// with the source.
func TestReadFFmpegFiles(t *testing.T) {
	ff := tool(t, "ffmpeg")
	dir := t.TempDir()
	src := filepath.Join(dir, "src.wav")
	f := Format{SampleRate: 48000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F}
	data := music(6, 30000, 48000)
	for c := range data {
		for i, x := range data[c] {
			data[c][i] = float32(float64(quantize(x, 24)) / (1 << 23))
		}
	}
	writeAll(t, src, f, WriteOptions{}, data, 4096)
	for _, c := range []struct {
		name string
		args []string
		cont Container
	}{
		{"ff.flac", []string{"-c:a", "flac"}, FLAC},
		{"ff8.flac", []string{"-c:a", "flac", "-compression_level", "8"}, FLAC},
		{"ff.rf64", []string{"-c:a", "pcm_s24le", "-rf64", "always", "-f", "wav"}, RF64},
	} {
		out := filepath.Join(dir, c.name)
		run(t, ff, append(append([]string{"-v", "error", "-i", src}, c.args...), out)...)
		got, r := readAll(t, out, 1000)
		sameSamples(t, c.name, got, data)
		if r.Container() != c.cont || r.Format().Channels != 6 || r.Format().BitDepth != 24 {
			t.Errorf("%s: %v %v", c.name, r.Container(), r.Format())
		}
		t.Logf("%s: mask 0x%X", c.name, r.Format().ChannelMask)
	}
	// A WAV written to a pipe cannot have its sizes filled in.
	pipe := run(t, ff, "-v", "error", "-i", src, "-c:a", "pcm_s24le", "-f", "wav", "-")
	if binary.LittleEndian.Uint32(pipe[4:8]) != 0xFFFFFFFF {
		t.Fatalf("ffmpeg's piped WAV has RIFF size 0x%X; the test expects 0xFFFFFFFF", binary.LittleEndian.Uint32(pipe[4:8]))
	}
	r, err := OpenReader(bytes.NewReader(pipe), "pipe.wav")
	if err != nil {
		t.Fatal(err)
	}
	sameSamples(t, "piped WAV", drain(t, r, 999), data)
	if r.Format() != f {
		t.Errorf("piped WAV format %v, want %v", r.Format(), f)
	}
	// Piped RF64: the ds64 sizes stay 0.
	pipe = run(t, ff, "-v", "error", "-i", src, "-c:a", "pcm_s24le", "-rf64", "always", "-f", "wav", "-")
	if string(pipe[0:4]) != "RF64" || binary.LittleEndian.Uint64(pipe[28:36]) != 0 {
		t.Fatalf("ffmpeg's piped RF64 starts %q with ds64 data size %d; the test expects RF64 and 0", pipe[0:4], binary.LittleEndian.Uint64(pipe[28:36]))
	}
	r, err = OpenReader(bytes.NewReader(pipe), "pipe.rf64")
	if err != nil {
		t.Fatal(err)
	}
	sameSamples(t, "piped RF64", drain(t, r, 999), data)
}

// TestSoxLibFLAC cross-checks FLAC with sox, which uses libFLAC (the
// reference codec): libFLAC decodes our files to the samples we wrote, and
// we decode libFLAC's files (with its LPC, seek table and padding) to the
// source samples, seeking included.
func TestSoxLibFLAC(t *testing.T) {
	sox := tool(t, "sox")
	dir := t.TempDir()
	for _, f := range []Format{
		{SampleRate: 48000, Channels: 2, BitDepth: 16},
		{SampleRate: 44100, Channels: 2, BitDepth: 24},
		{SampleRate: 48000, Channels: 6, BitDepth: 24, ChannelMask: 0x60F},
	} {
		const n = 30000
		data := music(f.Channels, n, f.SampleRate)
		for c := range data {
			for i, x := range data[c] {
				data[c][i] = float32(float64(quantize(x, uint(f.BitDepth))) / float64(int64(1)<<(f.BitDepth-1)))
			}
		}
		ours := filepath.Join(dir, fmt.Sprintf("ours%d_%d.flac", f.Channels, f.BitDepth))
		writeAll(t, ours, f, WriteOptions{}, data, 1000)
		raw := run(t, sox, ours, "-t", "s32", "-")
		if len(raw) != 4*n*f.Channels {
			t.Fatalf("sox decoded %d bytes, want %d", len(raw), 4*n*f.Channels)
		}
		for i := 0; i < n*f.Channels; i++ {
			want := uint32(quantize(data[i%f.Channels][i/f.Channels], uint(f.BitDepth))) << (32 - f.BitDepth)
			if got := binary.LittleEndian.Uint32(raw[4*i:]); got != want {
				t.Fatalf("%s: sample %d: libFLAC decodes 0x%08X, we wrote 0x%08X", ours, i, got, want)
			}
		}
		wav := filepath.Join(dir, fmt.Sprintf("src%d_%d.wav", f.Channels, f.BitDepth))
		writeAll(t, wav, f, WriteOptions{}, data, 1000)
		theirs := filepath.Join(dir, fmt.Sprintf("sox%d_%d.flac", f.Channels, f.BitDepth))
		run(t, sox, wav, theirs)
		got, r := readAll(t, theirs, 777)
		sameSamples(t, theirs, got, data)
		if r.Format().SampleRate != f.SampleRate || r.Format().BitDepth != f.BitDepth {
			t.Errorf("%s: format %v", theirs, r.Format())
		}
		r2, err := Open(theirs)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([][]float32, f.Channels)
		for c := range buf {
			buf[c] = make([]float32, 50)
		}
		for _, at := range []int64{25000, 4608, 1, 29999} {
			if err := r2.SeekFrame(at); err != nil {
				t.Fatalf("%s: Seek(%d): %v", theirs, at, err)
			}
			k, err := r2.Read(buf)
			if err != nil || k < 1 {
				t.Fatalf("%s: Read after Seek(%d) = %d, %v", theirs, at, k, err)
			}
			for c := range buf {
				sameSamples(t, fmt.Sprintf("%s seek %d", theirs, at), [][]float32{buf[c][:k]}, [][]float32{data[c][at : at+int64(k)]})
			}
		}
		r2.Close()
	}
}
