package mixer

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"immerse/dsp"
)

// benchSession is the README's benchmark: tracks with a 4-band EQ and a
// compressor each, every track sending to two reverb buses.
func benchSession(tracks int) (*Session, memStems) {
	var b strings.Builder
	b.WriteString(`{"sampleRate": 48000, "tracks": [`)
	stems := memStems{}
	for i := 0; i < tracks; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		name := fmt.Sprintf("t%02d.wav", i)
		ch := 1 + i%2 // half mono, half stereo
		fmt.Fprintf(&b, `{"name": "T%02d", "file": %q, "inserts": [
		  {"type": "eq", "bands": [{"type": "highpass", "freq": 80}, {"type": "peak", "freq": 300, "gain": -3, "q": 1.2},
		    {"type": "peak", "freq": 3000, "gain": 2, "q": 2}, {"type": "highshelf", "freq": 10000, "gain": 1.5}]},
		  {"type": "compressor", "threshold": -20, "ratio": 3, "attack": 10, "release": 100}],
		  "sends": [{"bus": "Plate", "level": -14}, {"bus": "Hall", "level": -20}]}`, i, name)
		stems[name] = make([][]float32, ch)
		for c := range stems[name] {
			stems[name][c] = noise(testRate, int64(i*2+c), 0.2)
		}
	}
	b.WriteString(`], "buses": [
	  {"name": "Plate", "inserts": [{"type": "reverb", "size": 0.6, "decay": 1.8, "mix": 1}]},
	  {"name": "Hall", "inserts": [{"type": "reverb", "size": 1, "decay": 3, "mix": 1}]}]}`)
	s, err := ParseSession([]byte(b.String()), "bench.json")
	if err != nil {
		panic(err)
	}
	return s, stems
}

// loopStem repeats a stem for a given number of frames.
type loopStem struct {
	data [][]float32
	pos  int
	left int64
}

func (l *loopStem) Read(dst [][]float32) (int, error) {
	if l.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(dsp.Frames(dst)), l.left, int64(len(l.data[0])-l.pos)))
	for c := range dst {
		copy(dst[c][:n], l.data[c][l.pos:l.pos+n])
	}
	if l.pos += n; l.pos == len(l.data[0]) {
		l.pos = 0
	}
	l.left -= int64(n)
	return n, nil
}
func (l *loopStem) Channels() int   { return len(l.data) }
func (l *loopStem) SampleRate() int { return testRate }
func (l *loopStem) Length() int64   { return l.left }
func (l *loopStem) Close() error    { return nil }

// benchSeconds is the audio duration of BenchmarkMix24Tracks (the README
// quotes 180 s: go test -bench Mix24 -benchtime 1x -mix.seconds 180).
var benchSeconds = flag.Float64("mix.seconds", 10, "seconds of audio BenchmarkMix24Tracks mixes")

// BenchmarkMix24Tracks mixes 24 tracks (EQ + compressor on each, two
// reverb buses) on one goroutine and with a worker per core, and reports
// the real-time factor.
func BenchmarkMix24Tracks(b *testing.B) {
	b.Run("workers=1", func(b *testing.B) { benchMix(b, 1) })
	b.Run("workers=GOMAXPROCS", func(b *testing.B) { benchMix(b, 0) })
}

func benchMix(b *testing.B, workers int) {
	s, stems := benchSession(24)
	seconds := *benchSeconds
	if testing.Short() {
		seconds = min(seconds, 2)
	}
	frames := int64(seconds * testRate)
	b.ReportAllocs()
	b.SetBytes(frames * 2 * 4) // stereo float32 out
	b.ResetTimer()
	var mixed time.Duration
	for i := 0; i < b.N; i++ {
		m, err := New(s, func(path string) (Stem, error) { return &loopStem{data: stems[path], left: frames}, nil }, Config{TailSeconds: -1, Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		buf := dsp.NewBuffer(2, 4096)
		t0 := time.Now()
		for {
			if _, err := m.Read(buf); err == io.EOF {
				break
			}
		}
		mixed += time.Since(t0)
		m.Close()
	}
	b.ReportMetric(seconds*float64(b.N)/mixed.Seconds(), "x-realtime")
}

// BenchmarkRead measures one 1024-frame Read of the example session.
func BenchmarkRead(b *testing.B) {
	s, err := LoadSession("testdata/session.json")
	if err != nil {
		b.Fatal(err)
	}
	stems := exampleStems(1)
	open := func(path string) (Stem, error) { return &loopStem{data: stems[path], left: 1 << 40}, nil }
	m, err := New(s, open, Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	buf := dsp.NewBuffer(2, 1024)
	m.Read(buf)
	b.ReportAllocs()
	b.SetBytes(1024 * 2 * 4)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Read(buf)
	}
}
