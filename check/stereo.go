package check

import (
	"math"

	"immerse/dsp/stereometer"
)

// windowHops is the stereometer's window (400 ms) in hops (100 ms).
const windowHops = 4

// seriesCap is the capacity of the plot series: one hour at 10 values per
// second before they thin out (see series).
const seriesCap = 36000

// stereoStage runs the stereometer on a 2.0 stage. It feeds the meter in
// pieces that end on the meter's 100 ms hops, so that after each hop it can
// read the correlation of the window just completed: for the plot series
// and for the runs of windows below the correlation threshold.
type stereoStage struct {
	meter     *stereometer.Meter
	hop       int64 // frames per hop: 10 ticks of round(rate/100) frames
	fed       int64 // frames fed so far
	hdr       [][]float32
	threshold float64
	limitHops int64 // runs longer than this many hops count as problems

	corr series // correlation of each window, from the first complete one

	run, runFirst         int64 // current run of windows below threshold: length, first window's end hop
	longest, longestFirst int64
	runsOver              int   // runs longer than limitHops
	hopsOver              int64 // hops in those runs
}

func newStereoStage(rate int, th Thresholds) (*stereoStage, error) {
	m, err := stereometer.New(rate, stereometer.WithThreshold(th.CorrelationWarn), stereometer.WithWorst(5))
	if err != nil {
		return nil, err
	}
	tick := max(1, int64(math.Round(float64(rate)/100)))
	hop := 10 * tick
	return &stereoStage{
		meter: m, hop: hop, hdr: make([][]float32, 2), threshold: th.CorrelationWarn,
		// "more than CorrelationWarnSeconds": runs of more hops than this.
		limitHops: int64(math.Floor(th.CorrelationWarnSeconds*float64(rate)/float64(hop) + 1e-9)),
		corr:      newSeries(seriesCap),
	}, nil
}

// process feeds one block of left/right samples.
func (s *stereoStage) process(l, r []float32) {
	for pos := 0; pos < len(l); {
		k := min(int64(len(l)-pos), s.hop-s.fed%s.hop)
		s.hdr[0], s.hdr[1] = l[pos:pos+int(k)], r[pos:pos+int(k)]
		s.meter.Process(s.hdr)
		s.fed += k
		pos += int(k)
		if s.fed%s.hop == 0 && s.fed/s.hop >= windowHops {
			s.window(s.fed / s.hop)
		}
	}
}

// window records the window ending at hop h.
func (s *stereoStage) window(h int64) {
	c := s.meter.Correlation()
	s.corr.add(c)
	if c < s.threshold {
		if s.run == 0 {
			s.runFirst = h
		}
		s.run++
		if s.run > s.longest {
			s.longest, s.longestFirst = s.run, s.runFirst
		}
		return
	}
	s.endRun()
}

func (s *stereoStage) endRun() {
	if s.run > s.limitHops {
		s.runsOver++
		s.hopsOver += s.run
	}
	s.run = 0
}

// finish closes a run still open at the end of the programme.
func (s *stereoStage) finish() { s.endRun() }

// hopSeconds converts a hop count to seconds.
func (s *stereoStage) hopSeconds(h int64, rate int) float64 {
	return float64(h*s.hop) / float64(rate)
}
