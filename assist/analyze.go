package assist

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"immerse/dsp"
	"immerse/dsp/loudness"
	"immerse/mixer"
)

// AnalyzeOptions controls Analyze.
type AnalyzeOptions struct {
	// Open opens the stems (nil: mixer.OpenFile).
	Open mixer.OpenFunc
	// Workers is passed to the mixer (goroutines processing tracks; the
	// result is identical for any value).
	Workers int
	// Progress, when set, is called with the frames mixed so far and the
	// total (-1 while unknown).
	Progress func(done, total int64)
}

// Analysis is what Analyze heard: every track as the session plays it
// (after its inserts, before its fader), the buses, the master, and the
// relations between tracks.
type Analysis struct {
	Session    *mixer.Session
	SampleRate int
	// Frames is the length of the mix in frames (stems plus tail).
	Frames int64
	// Bands are the 1/3-octave bands of every SpectrumDB.
	Bands []Band
	// Tracks in session order; Buses likewise.
	Tracks []*TrackAnalysis
	Buses  []*BusAnalysis
	// Master is the mix as rendered.
	Master *SignalAnalysis
	// Pairs lists the cross-correlation of every two tracks that play
	// together, strongest first.
	Pairs []Pair
	// Mixer's meters: the post-fader peaks of the strips.
	TrackMeters []mixer.StripMeter
	BusMeters   []mixer.StripMeter
	MasterMeter mixer.StripMeter
	// Warnings from the mixer (solo on, muted tracks keying a sidechain).
	Warnings []string

	f *framing
}

// SignalAnalysis is a measured signal with its per-frame data.
type SignalAnalysis struct {
	Measurements
	sig    *signal
	active []bool
	// series is the momentary loudness every 100 ms (entry i: the window
	// ending at (i+1)·0.1 s).
	series []float64
}

// TrackAnalysis is one track of an Analysis.
type TrackAnalysis struct {
	Name  string
	Index int
	// Heard is false for a track muted (by mute or another track's solo):
	// it is not analysed.
	Heard bool
	*SignalAnalysis
}

// BusAnalysis is one bus: the momentary loudness of its output (after its
// inserts, before its fader), every 100 ms.
type BusAnalysis struct {
	Name           string
	Index          int
	IntegratedLUFS float64
	series         []float64
	mtr            *loudness.Meter
}

// Pair is the cross-correlation of two tracks over the frames where both
// play: Correlation is the normalised cross-correlation at the lag of its
// largest magnitude within ±MaxLagMs (LagMs > 0: B is late, delaying A by
// LagMs aligns them); ZeroLag is its value without a shift.
type Pair struct {
	A, B        int
	Correlation float64
	ZeroLag     float64
	LagMs       float64
	// Seconds is how long both played (the frames entering the estimate).
	Seconds float64
}

// MaxLagMs is the largest lag the pair analysis searches: microphones on
// one source a few metres apart (10 ms is 3.4 m of air).
const MaxLagMs = 10

// Analyze mixes the session once and measures every heard track after its
// inserts, before its fader, where it plays, the buses and the master,
// and the cross-correlation of every pair of tracks. Errors about the
// session match mixer.ErrInvalid.
func Analyze(s *mixer.Session, opt AnalyzeOptions) (*Analysis, error) {
	m, err := mixer.New(s, opt.Open, mixer.Config{TruePeak: true, Workers: opt.Workers})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	rate := m.SampleRate()
	f := newFraming(rate)
	seconds := float64(max(m.Length(), 0)) / float64(rate)
	a := &Analysis{Session: s, SampleRate: rate, Bands: f.third, f: f, Warnings: m.Warnings()}
	anySolo := false
	for _, t := range s.Tracks {
		anySolo = anySolo || t.Solo
	}
	e := &engine{a: a, f: f, seconds: seconds, workers: opt.Workers}
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	for i := range s.Tracks {
		t := &s.Tracks[i]
		ta := &TrackAnalysis{Name: t.Name, Index: i, Heard: !t.Mute && (!anySolo || t.Solo)}
		a.Tracks = append(a.Tracks, ta)
	}
	for i, b := range s.Buses {
		bm, err := loudness.New(rate, 2, nil, loudness.WithTruePeak(false), loudness.WithSeries(seconds+5))
		if err != nil {
			return nil, err
		}
		a.Buses = append(a.Buses, &BusAnalysis{Name: b.Name, Index: i, mtr: bm})
	}
	master, err := newSignal(f, 2, sigOpts{midSide: true, truePeak: true, seconds: seconds})
	if err != nil {
		return nil, err
	}
	e.master = master
	e.opened = make([]*signal, len(s.Tracks))
	taps := mixer.Taps{Track: e.tapTrack, Bus: e.tapBus}
	buf := dsp.NewBuffer(2, 4096)
	var done int64
	for {
		n, rerr := m.ReadTapped(buf, taps)
		if e.err != nil {
			return nil, e.err
		}
		if n > 0 {
			master.push([][]float32{buf[0][:n], buf[1][:n]})
			for master.ready() {
				master.step(-1, false)
			}
			done += int64(n)
			e.advance(-1)
			if opt.Progress != nil {
				opt.Progress(done, m.Length())
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, rerr
		}
	}
	a.Frames = done
	master.finish(done)
	e.advance(done)
	a.Master = finishSignal(master)
	for i, ta := range a.Tracks {
		if ta.Heard && e.opened[i] != nil {
			ta.SignalAnalysis = finishSignal(e.opened[i])
		} else {
			ta.Heard = false
			ta.SignalAnalysis = &SignalAnalysis{}
		}
	}
	for _, b := range a.Buses {
		b.series = b.mtr.MomentarySeries()
		b.IntegratedLUFS = b.mtr.Integrated()
		b.mtr = nil
	}
	a.Pairs = e.pairs()
	a.TrackMeters, a.BusMeters, a.MasterMeter = m.Meters()
	return a, nil
}

func finishSignal(s *signal) *SignalAnalysis {
	active, _ := s.activity()
	return &SignalAnalysis{Measurements: s.measure(active), sig: s, active: active, series: s.mtr.MomentarySeries()}
}

// engine runs the analysers of one Analyze call in lockstep: the tracks'
// frames are analysed when every heard track has the frame's samples, so
// the cross-spectra of a frame see all tracks at once.
type engine struct {
	a       *Analysis
	f       *framing
	opened  []*signal // per track (nil: not heard or not yet tapped)
	master  *signal
	seconds float64
	workers int
	cross   []*crossAcc
	err     error
}

func (e *engine) track(i int, channels int) *signal {
	if s := e.opened[i]; s != nil {
		return s
	}
	if !e.a.Tracks[i].Heard {
		return nil
	}
	s, err := newSignal(e.f, channels, sigOpts{erb: true, cross: true, truePeak: true, seconds: e.seconds})
	if err != nil {
		e.err = err
		return nil
	}
	e.opened[i] = s
	return s
}

func (e *engine) tapTrack(i int, frame int64, block [][]float32) {
	s := e.track(i, len(block))
	if s == nil {
		return
	}
	n := int64(dsp.Frames(block))
	if frame+n <= 0 {
		return
	}
	if frame < 0 {
		var view [2][]float32
		for c := range block {
			view[c] = block[c][-frame:]
		}
		s.push(view[:len(block)])
		return
	}
	s.push(block)
}

func (e *engine) tapBus(i int, frame int64, block [][]float32) {
	n := int64(dsp.Frames(block))
	if frame+n <= 0 {
		return
	}
	b := e.a.Buses[i]
	if frame < 0 {
		b.mtr.Process([][]float32{block[0][-frame:], block[1][-frame:]})
		return
	}
	b.mtr.Process(block)
}

// advance analyses the frames every heard track has; total >= 0 at the
// end (the rest is zero-padded to the length of the mix).
func (e *engine) advance(total int64) {
	var sigs []*signal
	for i, ta := range e.a.Tracks {
		if ta.Heard && e.opened[i] != nil {
			sigs = append(sigs, e.opened[i])
		}
	}
	if len(sigs) == 0 {
		return
	}
	if e.cross == nil {
		e.cross = newCrossAccs(len(e.opened))
	}
	for {
		k := sigs[0].k
		if total >= 0 {
			if int64(k)*int64(e.f.hop) >= total {
				return
			}
		} else {
			for _, s := range sigs {
				if !s.ready() {
					return
				}
			}
		}
		cross := k%crossEvery == 0
		e.stepAll(sigs, total, cross)
		if cross {
			e.accumulate()
		}
	}
}

// String describes the analysis briefly (for tests and logs).
func (a *Analysis) String() string {
	return fmt.Sprintf("%d tracks, %.2f s at %d Hz, master %.1f LUFS %.1f dBTP",
		len(a.Tracks), float64(a.Frames)/float64(a.SampleRate), a.SampleRate, a.Master.IntegratedLUFS, a.Master.TruePeakDBTP)
}

// presentDBFS: a frame takes part in the cross-correlation when its level
// is above this (the BS.1770 absolute gate, as a plain level).
const presentDBFS = -70

func framePresent(s *signal, k int) bool {
	n := float64(s.hopN[k]) * float64(s.ch)
	return n > 0 && s.hopE[k]/n > math.Pow(10, presentDBFS/10)
}

// stepAll analyses the next frame of every signal, on up to
// e.workers goroutines: the signals are independent, so the result does
// not depend on how many.
func (e *engine) stepAll(sigs []*signal, total int64, cross bool) {
	w := min(e.workers, len(sigs))
	if w <= 1 {
		for _, s := range sigs {
			s.step(total, cross)
		}
		return
	}
	var wg sync.WaitGroup
	wg.Add(w)
	for g := 0; g < w; g++ {
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(sigs); i += w {
				sigs[i].step(total, cross)
			}
		}(g)
	}
	wg.Wait()
}
