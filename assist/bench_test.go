package assist

import (
	"fmt"
	"io"
	"testing"
	"time"

	"immerse/demo"
	"immerse/dsp"
	"immerse/mixer"
)

// loopStem plays a demo stem in a loop from an offset for a given length:
// long sessions without the memory of long stems.
type loopStem struct {
	data        [][]float32
	off, pos, n int
}

func (l *loopStem) Read(dst [][]float32) (int, error) {
	if l.pos >= l.n {
		return 0, io.EOF
	}
	k := min(dsp.Frames(dst), l.n-l.pos)
	size := len(l.data[0])
	for c := range l.data {
		for i := 0; i < k; i++ {
			dst[c][i] = l.data[c][(l.off+l.pos+i)%size]
		}
	}
	l.pos += k
	return k, nil
}
func (l *loopStem) Channels() int   { return len(l.data) }
func (l *loopStem) SampleRate() int { return testRate }
func (l *loopStem) Length() int64   { return int64(l.n) }
func (l *loopStem) Close() error    { return nil }

// bigSession is the demo's 8 tracks three times over (24 tracks, the
// copies starting 5.3 s and 10.7 s into the loop so they do not
// correlate), seconds long.
func bigSession(seconds float64) (*mixer.Session, mixer.OpenFunc) {
	s, stems := demo.Session(testRate)
	base := s.Clone()
	var tracks []mixer.Track
	offsets := map[string]int{}
	for copyN, off := range []float64{0, 5.3, 10.7} {
		for _, t := range base.Tracks {
			c := t
			if copyN > 0 {
				c.Name = fmt.Sprintf("%s %d", t.Name, copyN+1)
				c.File = fmt.Sprintf("%s#%d", t.File, copyN)
				c.Gain -= 4.8 // three copies: keep the master near the original
				c.Automation = nil
				for k := range c.Inserts {
					if c.Inserts[k].Sidechain != "" {
						c.Inserts[k].Sidechain = fmt.Sprintf("Kick %d", copyN+1)
					}
				}
			}
			offsets[c.File] = int(off * testRate)
			tracks = append(tracks, c)
		}
	}
	s.Tracks = tracks
	n := int(seconds * testRate)
	open := func(p string) (mixer.Stem, error) {
		name := p
		for i := range p {
			if p[i] == '#' {
				name = p[:i]
			}
		}
		d, ok := stems[name]
		if !ok {
			return nil, fmt.Errorf("no stem %q", p)
		}
		return &loopStem{data: d, off: offsets[p], n: n}, nil
	}
	return s, open
}

// BenchmarkAnalyze24Tracks analyses a 24-track session (Analyze: one mix
// with every track tapped and measured); x-realtime is the session's
// duration over the time taken.
func BenchmarkAnalyze24Tracks(b *testing.B) {
	for _, sec := range []float64{16, 180} {
		b.Run(fmt.Sprintf("%.0fs", sec), func(b *testing.B) {
			s, open := bigSession(sec)
			b.ReportAllocs()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := Analyze(s, AnalyzeOptions{Open: open}); err != nil {
					b.Fatal(err)
				}
			}
			el := time.Since(start).Seconds() / float64(b.N)
			b.ReportMetric(sec/el, "x-realtime")
		})
	}
}

// BenchmarkAssist24Tracks runs the whole assistant (analysis, suggestions,
// the checking mix) on the 16 s 24-track session.
func BenchmarkAssist24Tracks(b *testing.B) {
	s, open := bigSession(16)
	b.ReportAllocs()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Assist(s, Options{Open: open}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(16/(time.Since(start).Seconds()/float64(b.N)), "x-realtime")
}

// BenchmarkSignalStep is the per-frame analysis of one stereo track (FFT,
// band powers, hop statistics, BS.1770 meter with true peak).
func BenchmarkSignalStep(b *testing.B) {
	f := newFraming(testRate)
	x := make([]float32, 60*testRate)
	for i := range x {
		x[i] = float32(0.1 * float64((i*7919)%2001-1000) / 1000)
	}
	b.ReportAllocs()
	b.SetBytes(int64(f.hop) * 2 * 4)
	var s *signal
	k := 0
	for i := 0; i < b.N; i++ {
		if s == nil || (k+2)*f.hop > len(x) {
			var err error
			if s, err = newSignal(f, 2, sigOpts{erb: true, cross: true, truePeak: true, seconds: 60}); err != nil {
				b.Fatal(err)
			}
			k = 0
			s.push([][]float32{x[:f.n], x[:f.n]})
		}
		s.push([][]float32{x[k*f.hop+f.n-f.hop : k*f.hop+f.n], x[k*f.hop+f.n-f.hop : k*f.hop+f.n]})
		s.step(-1, true)
		k++
	}
}
