package mixer

import (
	"io"
	"math"
	"math/rand"
	"testing"

	"immerse/dsp"
)

const tapSession = `{
  "tracks": [
    {"name": "A", "file": "a.wav", "gain": -20, "pan": 0.5,
     "inserts": [{"type": "utility", "gain": 6}]},
    {"name": "B", "file": "b.wav", "gain": -10, "output": "Bus",
     "inserts": [{"type": "compressor", "ratio": 1, "lookahead": 5}]}
  ],
  "buses": [{"name": "Bus", "inserts": [{"type": "utility", "gain": -3}]}]
}`

func tapStems(n int) memStems {
	rng := rand.New(rand.NewSource(3))
	noise := func() []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(0.2 * rng.NormFloat64())
		}
		return x
	}
	return memStems{"a.wav": {noise()}, "b.wav": {noise(), noise()}}
}

// tapAll mixes with ReadTapped in blocks of the given size and collects
// every tapped signal on the timeline (frames >= 0).
func tapAll(t *testing.T, s *Session, stems memStems, block int) (mix [][]float32, tracks, buses map[int][][]float32) {
	t.Helper()
	m, err := New(s, stems.open(testRate), Config{TailSeconds: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	tracks, buses = map[int][][]float32{}, map[int][][]float32{}
	collect := func(dst map[int][][]float32) func(i int, frame int64, b [][]float32) {
		return func(i int, frame int64, b [][]float32) {
			if dst[i] == nil {
				dst[i] = make([][]float32, len(b))
			}
			for c := range b {
				from := 0
				if frame < 0 {
					from = int(min(-frame, int64(len(b[c]))))
				}
				dst[i][c] = append(dst[i][c], b[c][from:]...)
			}
		}
	}
	taps := Taps{Track: collect(tracks), Bus: collect(buses)}
	mix = [][]float32{nil, nil}
	buf := dsp.NewBuffer(2, block)
	for {
		n, err := m.ReadTapped(buf, taps)
		mix[0] = append(mix[0], buf[0][:n]...)
		mix[1] = append(mix[1], buf[1][:n]...)
		if err == io.EOF {
			return mix, tracks, buses
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadTapped: the taps carry each strip's signal after its inserts and
// before its fader, on the timeline of the stems (latency taken out), and
// the mix is the one Read gives.
func TestReadTapped(t *testing.T) {
	const n = 20000
	s := parse(t, tapSession)
	stems := tapStems(n)
	mix, tracks, buses := tapAll(t, s, stems, 512)
	want := mixWith(t, s, stems, Config{TailSeconds: -1}, 512)
	for c := range want {
		for i := range want[c] {
			if mix[c][i] != want[c][i] {
				t.Fatalf("channel %d frame %d: ReadTapped %g, Read %g", c, i, mix[c][i], want[c][i])
			}
		}
	}
	check := func(what string, got []float32, ref []float32, gainDB float64) {
		t.Helper()
		g := math.Pow(10, gainDB/20)
		if len(got) < len(ref) {
			t.Fatalf("%s: %d frames tapped, want at least %d", what, len(got), len(ref))
		}
		worst := 0.0
		for i, x := range ref {
			worst = math.Max(worst, math.Abs(float64(got[i])-g*float64(x)))
		}
		if worst > 1e-5 {
			t.Errorf("%s: differs from the stem × %g dB by up to %g", what, gainDB, worst)
		}
	}
	// A: utility +6 dB, before the fader (-20) and the pan.
	check("track A", tracks[0][0], stems["a.wav"][0], 6)
	// B: a compressor at 1:1 with 5 ms lookahead delays the audio by 240
	// frames; the tap takes the latency out.
	if m, _ := New(s, stems.open(testRate), Config{}); m != nil {
		if lat := m.TrackLatency(1); lat != 240 {
			t.Errorf("track B latency %d, want 240", lat)
		}
		m.Close()
	}
	for c := 0; c < 2; c++ {
		check("track B", tracks[1][c], stems["b.wav"][c], 0)
		// The bus: B after its fader (-10 dB), then the bus's utility
		// (-3 dB), before the bus fader.
		check("bus", buses[0][c], stems["b.wav"][c], -13)
	}
}

func TestReadTappedBlockSizes(t *testing.T) {
	s := parse(t, tapSession)
	stems := tapStems(9000)
	_, ref, refBus := tapAll(t, s, stems, 4096)
	for _, block := range []int{1, 7, 64, 512} {
		_, got, gotBus := tapAll(t, s, stems, block)
		for _, pair := range [][2]map[int][][]float32{{ref, got}, {refBus, gotBus}} {
			for i, chans := range pair[0] {
				for c := range chans {
					a, b := chans[c], pair[1][i][c]
					if len(a) != len(b) {
						t.Fatalf("block %d strip %d: %d frames, want %d", block, i, len(b), len(a))
					}
					for k := range a {
						if a[k] != b[k] {
							t.Fatalf("block %d strip %d channel %d frame %d differs", block, i, c, k)
						}
					}
				}
			}
		}
	}
}

func TestReadTappedAllocatesNothing(t *testing.T) {
	s := parse(t, tapSession)
	stems := tapStems(testRate * 10)
	m, err := New(s, stems.open(testRate), Config{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var sum float64
	taps := Taps{Track: func(_ int, _ int64, b [][]float32) { sum += float64(b[0][0]) }}
	buf := dsp.NewBuffer(2, 1024)
	m.ReadTapped(buf, taps) // warm up
	if a := testing.AllocsPerRun(50, func() { m.ReadTapped(buf, taps) }); a != 0 {
		t.Errorf("ReadTapped allocates %v times per call", a)
	}
}

func BenchmarkReadTapped(b *testing.B) {
	s := parse(b, tapSession)
	stems := tapStems(testRate)
	buf := dsp.NewBuffer(2, 4096)
	taps := Taps{Track: func(int, int64, [][]float32) {}, Bus: func(int, int64, [][]float32) {}}
	b.ReportAllocs()
	b.SetBytes(testRate * 3 * 4)
	for i := 0; i < b.N; i++ {
		m, err := New(s, stems.open(testRate), Config{TailSeconds: -1, Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := m.ReadTapped(buf, taps); err != nil {
				break
			}
		}
		m.Close()
	}
}
