package encoders

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// codes returns ch channels of n random b-bit integer codes as floats
// (code / 2^(b-1)), including both full-scale extremes at the start.
// For b = 32 the values are the float32 images of the codes, which a
// write/read cycle reproduces exactly.
func codes(seed uint64, ch, n, b int) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	full := float64(int64(1) << (b - 1))
	out := make([][]float32, ch)
	for c := range out {
		out[c] = make([]float32, n)
		for i := range out[c] {
			k := rng.Int64N(2*int64(full)) - int64(full)
			switch i {
			case 0:
				k = -int64(full)
			case 1:
				k = int64(full) - 1
			}
			out[c][i] = float32(float64(k) / full)
		}
	}
	return out
}

// floats returns ch channels of n random float32 samples in [-1.5, 1.5)
// with ±1 and 0 at the start.
func floats(seed uint64, ch, n int) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 11))
	out := make([][]float32, ch)
	for c := range out {
		out[c] = make([]float32, n)
		for i := range out[c] {
			out[c][i] = float32(rng.Float64()*3 - 1.5)
		}
		out[c][0], out[c][1], out[c][2] = -1, 1, 0
	}
	return out
}

// music returns a deterministic music-like test signal: a few decaying
// harmonic notes per channel plus a little noise at about -80 dBFS, peaking
// near -6 dBFS.
func music(ch, n, rate int) [][]float32 {
	rng := rand.New(rand.NewPCG(3, 5))
	out := make([][]float32, ch)
	notes := []float64{110, 146.83, 196, 261.63, 329.63, 440}
	for c := range out {
		out[c] = make([]float32, n)
		for i := range out[c] {
			t := float64(i) / float64(rate)
			var v float64
			for j, f := range notes {
				onset := float64(j) * 0.15
				if t < onset {
					continue
				}
				env := math.Exp(-3 * (t - onset))
				for h := 1; h <= 4; h++ {
					v += env * 0.08 / float64(h) * math.Sin(2*math.Pi*f*float64(h)*(1+0.002*float64(c))*t)
				}
			}
			out[c][i] = float32(v + 1e-4*(rng.Float64()-0.5))
		}
	}
	return out
}

// writeAll writes data to path in blocks of block frames and closes.
func writeAll(t testing.TB, path string, f Format, opt WriteOptions, data [][]float32, block int) *Writer {
	t.Helper()
	w, err := Create(path, f, opt)
	if err != nil {
		t.Fatal(err)
	}
	n := len(data[0])
	buf := make([][]float32, len(data))
	for off := 0; off < n; off += block {
		end := min(off+block, n)
		for c := range data {
			buf[c] = data[c][off:end]
		}
		if err := w.Write(buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

// readAll opens path and reads every frame in blocks of block frames.
func readAll(t testing.TB, path string, block int) ([][]float32, Reader) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return drain(t, r, block), r
}

// drain reads r to io.EOF in blocks of block frames.
func drain(t testing.TB, r Reader, block int) [][]float32 {
	t.Helper()
	out := make([][]float32, r.Channels())
	buf := make([][]float32, r.Channels())
	for c := range buf {
		buf[c] = make([]float32, block)
	}
	for {
		n, err := r.Read(buf)
		for c := range out {
			out[c] = append(out[c], buf[c][:n]...)
		}
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// sameSamples fails unless a and b are bit-identical.
func sameSamples(t testing.TB, what string, got, want [][]float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d channels, want %d", what, len(got), len(want))
	}
	for c := range want {
		if len(got[c]) != len(want[c]) {
			t.Fatalf("%s: channel %d has %d frames, want %d", what, c, len(got[c]), len(want[c]))
		}
		for i := range want[c] {
			if math.Float32bits(got[c][i]) != math.Float32bits(want[c][i]) {
				t.Fatalf("%s: channel %d frame %d = %v, want %v", what, c, i, got[c][i], want[c][i])
			}
		}
	}
}

// riffBuilder assembles WAV files chunk by chunk for fixtures.
type riffBuilder struct {
	id     string
	chunks bytes.Buffer
}

// chunk appends a chunk with its pad byte; size overrides the header's
// size field when >= 0.
func (b *riffBuilder) chunk(id string, payload []byte, size int64) *riffBuilder {
	b.chunks.WriteString(id)
	if size < 0 {
		size = int64(len(payload))
	}
	binary.Write(&b.chunks, binary.LittleEndian, uint32(size))
	b.chunks.Write(payload)
	if len(payload)%2 == 1 {
		b.chunks.WriteByte(0)
	}
	return b
}

// bytes returns the file: RIFF header (id, size) + "WAVE" + chunks.
func (b *riffBuilder) bytes() []byte {
	var out bytes.Buffer
	out.WriteString(b.id)
	binary.Write(&out, binary.LittleEndian, uint32(4+b.chunks.Len()))
	out.WriteString("WAVE")
	out.Write(b.chunks.Bytes())
	return out.Bytes()
}

// pcmFmt is a plain 16-byte fmt payload.
func pcmFmt(tag uint16, ch, rate, bits int) []byte {
	le := binary.LittleEndian
	b := le.AppendUint16(nil, tag)
	b = le.AppendUint16(b, uint16(ch))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*ch*bits/8))
	b = le.AppendUint16(b, uint16(ch*bits/8))
	return le.AppendUint16(b, uint16(bits))
}

// pcm16 encodes interleaved 16-bit samples.
func pcm16(v ...int16) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, uint16(x))
	}
	return b
}

// writeTemp writes data to a file in a fresh directory and returns its path.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
