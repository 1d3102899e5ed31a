package mixer

import (
	"fmt"
	"io"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"immerse/dsp"
)

const testRate = 48000

// memStems serves planar stems from memory by file name.
type memStems map[string][][]float32

func (m memStems) open(rate int) OpenFunc {
	return func(path string) (Stem, error) {
		d, ok := m[path]
		if !ok {
			return nil, fmt.Errorf("no stem %q", path)
		}
		return dsp.NewBufferSource(d, rate), nil
	}
}

// parse parses a session given as JSON (or YAML) text.
func parse(t testing.TB, text string) *Session {
	t.Helper()
	s, err := ParseSession([]byte(text), "test.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mixWith mixes the whole session reading blocks of the given size.
func mixWith(t testing.TB, s *Session, stems memStems, cfg Config, block int) [][]float32 {
	t.Helper()
	open := OpenFile
	if stems != nil {
		open = stems.open(testRate)
	}
	m, err := New(s, open, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	out := [][]float32{nil, nil}
	buf := dsp.NewBuffer(2, block)
	for {
		n, err := m.Read(buf)
		out[0] = append(out[0], buf[0][:n]...)
		out[1] = append(out[1], buf[1][:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if l := m.Length(); l >= 0 && int64(len(out[0])) != l {
		t.Fatalf("read %d frames, Length() says %d", len(out[0]), l)
	}
	return out
}

// mix mixes with no tail unless the config says otherwise.
func mix(t testing.TB, s *Session, stems memStems) [][]float32 {
	t.Helper()
	return mixWith(t, s, stems, Config{TailSeconds: -1}, 1000)
}

func sine(n int, f, amp float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*f*float64(i)/testRate))
	}
	return x
}

func constant(n int, v float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = v
	}
	return x
}

func impulse(n, at int, v float32) []float32 {
	x := make([]float32, n)
	x[at] = v
	return x
}

// toneDB measures the amplitude (dBFS) of the component at f in x by a
// single-bin DFT over a whole number of periods.
func toneDB(x []float32, f float64) float64 {
	periods := math.Floor(float64(len(x)) * f / testRate)
	n := int(math.Round(periods * testRate / f))
	var acc complex128
	for i := 0; i < n; i++ {
		acc += complex(float64(x[i]), 0) * cmplx.Exp(complex(0, -2*math.Pi*f*float64(i)/testRate))
	}
	return dsp.GainToDB(2 * cmplx.Abs(acc) / float64(n))
}

func db(x float32) float64 { return dsp.GainToDB(math.Abs(float64(x))) }

// wantErr checks that err exists, matches ErrInvalid when invalid is set,
// and contains want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error:\n  %v\nwant it to contain:\n  %s", err, want)
	}
}

// oneTrack is a session with a single mono track "T" on stem t.wav, with
// inserts (JSON) and extra track fields.
func oneTrack(inserts, extra string) string {
	if inserts == "" {
		inserts = "[]"
	}
	if extra != "" {
		extra = ", " + extra
	}
	return fmt.Sprintf(`{"sampleRate": 48000, "tracks": [{"name": "T", "file": "t.wav", "inserts": %s%s}]}`, inserts, extra)
}
