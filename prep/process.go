package prep

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"

	"immerse/dsp"
	"immerse/dsp/cleanup"
	"immerse/encoders"
)

// chain is the last pass's processors, in the fixed order.
type chain struct {
	procs    []dsp.Processor
	dehum    *cleanup.Dehummer
	declick  *cleanup.Declicker
	denoise  *cleanup.Denoiser
	strip    *cleanup.Stripper
	latency  int // total
	stripPre int // latency before the stripper
	clicks   []cleanup.Click
	regions  []cleanup.Region
}

func (j *job) newChain() (*chain, error) {
	c := &chain{}
	var err error
	if j.dehumOn {
		if c.dehum, err = j.newDehummer(); err != nil {
			return nil, err
		}
		c.procs = append(c.procs, c.dehum)
	}
	if p := j.opt.Declick; p != nil {
		if c.declick, err = cleanup.NewDeclicker(*p, j.rate, j.channels); err != nil {
			return nil, inputErr(fmt.Errorf("prep: %w", err))
		}
		c.procs = append(c.procs, c.declick)
	}
	if p := j.opt.Denoise; p != nil {
		if c.denoise, err = cleanup.NewDenoiser(*p, j.rate, j.channels, j.profile); err != nil {
			return nil, inputErr(fmt.Errorf("prep: %w", err))
		}
		c.procs = append(c.procs, c.denoise)
	}
	if p := j.opt.Strip; p != nil {
		if c.strip, err = cleanup.NewStripper(*p, j.rate, j.channels); err != nil {
			return nil, inputErr(fmt.Errorf("prep: %w", err))
		}
	}
	for _, p := range c.procs {
		c.stripPre += p.Latency()
	}
	c.latency = c.stripPre
	if c.strip != nil {
		c.procs = append(c.procs, c.strip)
		c.latency += c.strip.Latency()
	}
	return c, nil
}

// run processes a block in place and collects the events.
func (c *chain) run(b [][]float32) {
	for _, p := range c.procs {
		p.Process(b, b)
	}
	if c.declick != nil {
		c.clicks = c.declick.TakeClicks(c.clicks)
	}
	if c.strip != nil {
		c.regions = c.strip.TakeRegions(c.regions)
	}
}

// process is the last pass: the chain into the output.
func (j *job) process(out string, wf encoders.Format, rep *Report) error {
	c, err := j.newChain()
	if err != nil {
		return err
	}
	w, err := encoders.Create(out, wf, encoders.WriteOptions{Overwrite: j.opt.Overwrite})
	if err != nil {
		if errors.Is(err, fs.ErrExist) || errors.Is(err, encoders.ErrUnsupported) {
			return inputErr(fmt.Errorf("prep: %w", err))
		}
		return fmt.Errorf("prep: %w", err)
	}
	var after *cleanup.HumAnalyzer
	if rep.Dehum != nil && j.dehumOn {
		if after, err = cleanup.NewHumAnalyzer(j.rate, j.channels, j.opt.harmonics()); err != nil {
			w.Abort()
			return fmt.Errorf("prep: %w", err)
		}
	}
	skip := c.latency // output frames to drop
	var written int64
	var view [][]float32
	emit := func(b [][]float32) error {
		a, n := 0, dsp.Frames(b)
		if d := min(skip, n); d > 0 {
			skip -= d
			a = d
		}
		if left := j.length - written; int64(n-a) > left {
			n = a + int(left)
		}
		if a >= n {
			return nil
		}
		view = dsp.Slice(view, b, a, n)
		if after != nil {
			after.Process(view)
		}
		written += int64(n - a)
		return w.Write(view)
	}
	err = j.read(func(b [][]float32) error {
		c.run(b)
		return emit(b)
	})
	// Flush the latency with silence.
	tail := dsp.NewBuffer(j.channels, blockSize)
	for left := c.latency; err == nil && left > 0; left -= blockSize {
		dsp.Clear(tail)
		b := dsp.Slice(nil, tail, 0, min(left, blockSize))
		c.run(b)
		err = emit(b)
	}
	if err == nil && written != j.length {
		err = fmt.Errorf("prep: %s: wrote %d frames of %d", out, written, j.length)
	}
	if err != nil {
		w.Abort()
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("prep: %w", err)
	}
	j.report(c, after, rep)
	return nil
}

// report fills the steps from the chain's events.
func (j *job) report(c *chain, after *cleanup.HumAnalyzer, rep *Report) {
	fs := float64(j.rate)
	if c.declick != nil {
		rep.Declick = &DeclickStep{Clicks: mergeClicks(c.clicks, fs, j.length), Dropped: c.declick.Detected() - int64(len(c.clicks))}
		rep.Declick.Count = len(rep.Declick.Clicks)
	}
	if c.strip != nil {
		regions := c.regions
		if open, ok := c.strip.OpenRegion(); ok {
			regions = append(regions, open)
		}
		st := &StripStep{ThresholdDB: j.opt.Strip.ThresholdDB, Regions: [][2]float64{}, Dropped: c.strip.Dropped()}
		for _, r := range regions {
			s, e := r.Start-int64(c.stripPre), r.End-int64(c.stripPre)
			if r.End < 0 || e > j.length {
				e = j.length
			}
			s = max(s, 0)
			if s >= e {
				continue
			}
			st.Regions = append(st.Regions, [2]float64{round(float64(s)/fs, 1000), round(float64(e)/fs, 1000)})
			st.Silenced += float64(e-s) / fs
		}
		st.Silenced = round(st.Silenced, 1000)
		rep.Strip = st
	}
	if after != nil {
		level, floor := after.ResidualDB(j.base, j.measured)
		d := rep.Dehum
		d.LevelAfterDB = round(math.Max(level, floor), 100)
		d.ReductionDB = round(d.LevelDB-d.LevelAfterDB, 100)
		if level < floor {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("dehum: the hum left is under the noise floor (%.1f dB); the reduction of %.1f dB is a lower bound", floor, d.ReductionDB))
		}
		if d.ReductionDB < 0 {
			d.ReductionDB = 0
		}
	}
}

// mergeClicks lists the clicks in time order, merging those that overlap
// across channels, in seconds.
func mergeClicks(cs []cleanup.Click, fs float64, length int64) []ClickReport {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b cleanup.Click) int {
		switch {
		case a.Frame < b.Frame:
			return -1
		case a.Frame > b.Frame:
			return 1
		}
		return 0
	})
	out := []ClickReport{}
	var lastStart, lastEnd int64 = 0, -1
	for _, c := range cs {
		if c.Frame < 0 || c.Frame >= length {
			continue
		}
		end := c.Frame + int64(c.Length)
		if len(out) > 0 && c.Frame < lastEnd {
			if end > lastEnd {
				lastEnd = end
				out[len(out)-1].Samples = int(lastEnd - lastStart)
			}
			continue
		}
		out = append(out, ClickReport{Time: round(float64(c.Frame)/fs, 1000), Samples: c.Length})
		lastStart, lastEnd = c.Frame, end
	}
	return out
}
