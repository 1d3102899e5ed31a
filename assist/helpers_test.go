package assist

import (
	"io"
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/demo"
	"immerse/dsp"
	"immerse/dsp/filter"
	"immerse/dsp/loudness"
	"immerse/mixer"
)

// testRate is the rate of the test sessions: 32 kHz keeps the whole
// audio band the assistant looks at (up to the 12.5 kHz 1/3 octave) at
// two thirds of the cost of 48 kHz.
const testRate = 32000

// fixture is a demo session variant with its stems in memory.
type fixture struct {
	s     *mixer.Session
	stems demo.Stems
}

func demoFixture() *fixture {
	s, st := demo.Session(testRate)
	return &fixture{s: s, stems: st}
}

func (f *fixture) open() mixer.OpenFunc {
	return func(p string) (mixer.Stem, error) { return f.stems.Source(p, testRate) }
}

// copy returns a fixture with a copy of the session and of the stem map
// (the stems' samples are shared: tests replace stems, never modify them).
func (f *fixture) copy() *fixture {
	st := demo.Stems{}
	for k, v := range f.stems {
		st[k] = v
	}
	return &fixture{s: f.s.Clone(), stems: st}
}

// with returns a fixture sharing the stems with session s.
func (f *fixture) with(s *mixer.Session) *fixture { return &fixture{s: s, stems: f.stems} }

func (f *fixture) assist(t testing.TB, opt Options) *Report {
	t.Helper()
	opt.Open = f.open()
	r, err := Assist(f.s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) analyze(t testing.TB) *Analysis {
	t.Helper()
	a, err := Analyze(f.s, AnalyzeOptions{Open: f.open()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// setGain moves a track's fader (and its gain automation) to db.
func setGain(t testing.TB, s *mixer.Session, track string, db float64) {
	t.Helper()
	sg := Suggestion{Track: track, Change: Change{Op: OpSet, Field: "gain", To: db}}
	if err := sg.Apply(s); err != nil {
		t.Fatal(err)
	}
}

func trackByName(s *mixer.Session, name string) *mixer.Track {
	for i := range s.Tracks {
		if s.Tracks[i].Name == name {
			return &s.Tracks[i]
		}
	}
	return nil
}

// render mixes s (stems from f) to memory.
func (f *fixture) render(t testing.TB, s *mixer.Session) [][]float32 {
	t.Helper()
	m, err := mixer.New(s, f.open(), mixer.Config{TailSeconds: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	out := [][]float32{nil, nil}
	buf := dsp.NewBuffer(2, 4096)
	for {
		n, err := m.Read(buf)
		out[0] = append(out[0], buf[0][:n]...)
		out[1] = append(out[1], buf[1][:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// solo returns a copy of s with only the named tracks soloed.
func solo(s *mixer.Session, names ...string) *mixer.Session {
	c := s.Clone()
	for i := range c.Tracks {
		c.Tracks[i].Solo = false
		for _, n := range names {
			if c.Tracks[i].Name == n {
				c.Tracks[i].Solo = true
			}
		}
	}
	return c
}

// without returns a copy of s with the named track muted.
func without(s *mixer.Session, name string) *mixer.Session {
	c := s.Clone()
	trackByName(c, name).Mute = true
	return c
}

// loudnessBetween is the integrated loudness (BS.1770, dsp/loudness) of
// the stereo buffer between two times.
func loudnessBetween(t testing.TB, x [][]float32, from, to float64) float64 {
	t.Helper()
	m, err := loudness.New(testRate, 2, nil, loudness.WithTruePeak(false), loudness.WithSeries(0))
	if err != nil {
		t.Fatal(err)
	}
	a, b := int(from*testRate), min(len(x[0]), int(to*testRate))
	m.Process([][]float32{x[0][a:b], x[1][a:b]})
	return m.Integrated()
}

// truePeak is the BS.1770 true peak of a stereo buffer.
func truePeak(t testing.TB, x [][]float32) float64 {
	t.Helper()
	m, err := loudness.New(testRate, 2, nil, loudness.WithSeries(0))
	if err != nil {
		t.Fatal(err)
	}
	m.Process(x)
	return m.Result().TruePeakDBTP
}

// bandPowers returns the energy of x (summed over channels) in each band
// [lo, hi) Hz, from one FFT of the whole signal (gonum): an analysis
// independent of the package's framed one.
func bandPowers(x [][]float32, edges [][2]float64) []float64 {
	n := 1
	for n < len(x[0]) {
		n *= 2
	}
	tx := fourier.NewFFT(n)
	seq := make([]float64, n)
	out := make([]float64, len(edges))
	for _, ch := range x {
		clear(seq)
		for i, v := range ch {
			seq[i] = float64(v)
		}
		coef := tx.Coefficients(nil, seq)
		for k, c := range coef {
			f := float64(k) * testRate / float64(n)
			p := cmplx.Abs(c) * cmplx.Abs(c)
			for b, e := range edges {
				if f >= e[0] && f < e[1] {
					out[b] += p
				}
			}
		}
	}
	return out
}

// filtered returns x run through one filter band (dsp/filter).
func filtered(t testing.TB, x []float32, p filter.BandParams) []float32 {
	t.Helper()
	f, err := filter.New(p, testRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	y := append([]float32(nil), x...)
	f.Process([][]float32{y}, [][]float32{y})
	return y
}

func db10(p float64) float64 { return 10 * math.Log10(p) }

// suggestionsFor lists the suggestions of a kind on a track.
func suggestionsFor(r *Report, track, kind string) []Suggestion {
	var out []Suggestion
	for _, s := range r.Suggestions {
		if s.Track == track && (kind == "" || s.Kind == kind) {
			out = append(out, s)
		}
	}
	return out
}

// tapped returns a track's signal as the session plays it (after its
// inserts, before its fader), through mixer.ReadTapped.
func (f *fixture) tapped(t testing.TB, s *mixer.Session, track string) [][]float32 {
	t.Helper()
	idx := -1
	for i := range s.Tracks {
		if s.Tracks[i].Name == track {
			idx = i
		}
	}
	m, err := mixer.New(s, f.open(), mixer.Config{TailSeconds: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var out [][]float32
	buf := dsp.NewBuffer(2, 4096)
	taps := mixer.Taps{Track: func(i int, frame int64, block [][]float32) {
		if i != idx {
			return
		}
		if out == nil {
			out = make([][]float32, len(block))
		}
		skip := 0
		if frame < 0 {
			skip = int(-frame)
		}
		for c := range block {
			if skip < len(block[c]) {
				out[c] = append(out[c], block[c][skip:]...)
			}
		}
	}}
	for {
		_, err := m.ReadTapped(buf, taps)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
