package check

import (
	"fmt"
	"runtime"

	"immerse/bed"
	"immerse/dsp"
	"immerse/dsp/loudness"
	"immerse/speakers"
)

// stage is one width of the fold-down: its layout, the matrix that makes it
// from the previous stage, its block buffer and its meters.
type stage struct {
	name   string
	layout *speakers.Layout
	mix    *bed.Downmix // from the previous stage; nil for the first
	full   [][]float32  // block buffer, BS.2051 order
	view   [][]float32  // full[c][:n] of the current block
	meter  *loudness.Meter
	stereo *stereoStage // 2.0 stages only

	clipped   []int64   // samples with |x| > 1, per channel
	firstClip int64     // frame of the first one, -1 none
	sum       []float64 // per channel, for the DC offset
	first     int64     // first frame at or above the silence level, -1 none
	last      int64     // last such frame
}

// pipeline holds every stage; process runs one block through all of them.
type pipeline struct {
	rate    int
	stages  []*stage
	silence float32 // sample magnitude below which a sample is silent
	frames  int64
	taps    []tap // further measures fed with a stage's blocks

	// With two or more cores the first stage (the widest, and with its
	// true-peak meter the most expensive) is measured on a goroutine of
	// its own while the caller measures the others. Each meter still sees
	// its blocks in order, so the results do not change.
	work chan int64 // frame of the block to measure (nil: no worker)
	done chan struct{}
}

// tap is a further measure fed with the blocks of one stage.
type tap struct {
	stage   int
	process func(view [][]float32)
}

// newPipeline builds the stages: layout itself, then one per matrix of
// chain (each From must be the previous stage's layout).
func newPipeline(rate, block int, layout *speakers.Layout, chain []*bed.Downmix, th Thresholds, silenceDBFS float64) (*pipeline, error) {
	p := &pipeline{rate: rate, silence: float32(dsp.DBToGain(silenceDBFS))}
	// A lone stage (no fold-down) splits its own work instead: true peak on
	// a goroutine beside the loudness measurement.
	lone := len(chain) == 0 && runtime.GOMAXPROCS(0) > 1
	add := func(l *speakers.Layout, mix *bed.Downmix) error {
		s := &stage{name: StageName(l), layout: l, mix: mix, firstClip: -1, first: -1, last: -1}
		n := len(l.Channels)
		s.full = dsp.NewBuffer(n, block)
		s.view = make([][]float32, n)
		var err error
		if s.meter, err = loudness.New(rate, n, Weights(l), loudness.WithParallelTruePeak(lone)); err != nil {
			return fmt.Errorf("check: stage %s: %w", s.name, err)
		}
		if l.Name == "0+2+0" {
			if s.stereo, err = newStereoStage(rate, th); err != nil {
				return fmt.Errorf("check: stage %s: %w", s.name, err)
			}
		}
		s.clipped = make([]int64, n)
		s.sum = make([]float64, n)
		p.stages = append(p.stages, s)
		return nil
	}
	if err := add(layout, nil); err != nil {
		return nil, err
	}
	defer func() {
		if len(p.stages) > 1 && runtime.GOMAXPROCS(0) > 1 {
			work, done := make(chan int64), make(chan struct{})
			p.work, p.done = work, done
			first := p.stages[0]
			go func() {
				for t0 := range work {
					first.measure(t0, p.silence)
					done <- struct{}{}
				}
			}()
		}
	}()
	for i, d := range chain {
		prev := p.stages[len(p.stages)-1].layout
		if len(d.From.Channels) != len(prev.Channels) || len(d.Gains) != len(d.To.Channels) {
			return nil, fmt.Errorf("check: fold-down stage %d (%s -> %s) does not follow %s", i+1, StageName(d.From), StageName(d.To), StageName(prev))
		}
		for _, row := range d.Gains {
			if len(row) != len(prev.Channels) {
				return nil, fmt.Errorf("check: fold-down stage %d (%s): a matrix row has %d inputs for %d channels", i+1, StageName(d.To), len(row), len(prev.Channels))
			}
		}
		if err := add(d.To, d); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// close stops the worker goroutine.
func (p *pipeline) close() {
	if p.work != nil {
		close(p.work)
		p.work = nil
	}
	for _, s := range p.stages {
		s.meter.Close()
	}
}

// input returns the first stage's block buffer (BS.2051 order) that the
// next block is read into.
func (p *pipeline) input() [][]float32 { return p.stages[0].full }

// process runs the first n frames of the input buffer through every stage.
// It allocates nothing.
func (p *pipeline) process(n int) {
	for i, s := range p.stages {
		for c := range s.view {
			s.view[c] = s.full[c][:n]
		}
		if s.mix != nil {
			s.mix.Apply(s.view, p.stages[i-1].view)
		}
	}
	if p.work != nil {
		p.work <- p.frames
		for _, s := range p.stages[1:] {
			s.measure(p.frames, p.silence)
		}
		<-p.done
	} else {
		for _, s := range p.stages {
			s.measure(p.frames, p.silence)
		}
	}
	for _, t := range p.taps {
		t.process(p.stages[t.stage].view)
	}
	p.frames += int64(n)
}

// measure feeds the stage's meters with its current block, which starts
// at frame t0.
func (s *stage) measure(t0 int64, silence float32) {
	s.meter.Process(s.view)
	if s.stereo != nil {
		s.stereo.process(s.view[0], s.view[1])
	}
	first, last := -1, -1
	for c, x := range s.view {
		var sum float64
		clips := int64(0)
		for i, v := range x {
			sum += float64(v)
			a := v
			if a < 0 {
				a = -a
			}
			if a >= silence {
				if first < 0 || i < first {
					first = i
				}
				if i > last {
					last = i
				}
				if a > 1 {
					if clips == 0 && (s.firstClip < 0 || t0+int64(i) < s.firstClip) {
						s.firstClip = t0 + int64(i)
					}
					clips++
				}
			}
		}
		s.sum[c] += sum
		s.clipped[c] += clips
	}
	if first >= 0 {
		if s.first < 0 {
			s.first = t0 + int64(first)
		}
		s.last = t0 + int64(last)
	}
}
