package prep

import (
	"errors"
	"fmt"
	"io"
	"math"

	"immerse/dsp"
	"immerse/dsp/cleanup"
	"immerse/encoders"
)

// ErrInput marks errors caused by the input or the options (unreadable
// input, bad options, an output that is the input or exists), as opposed
// to failures while writing; match it with errors.Is.
var ErrInput = errors.New("bad input")

type inputError struct{ err error }

func (e inputError) Error() string   { return e.err.Error() }
func (e inputError) Unwrap() []error { return []error{e.err, ErrInput} }

func inputErr(err error) error { return inputError{err} }

// blockSize is the number of frames read at once.
const blockSize = 4096

// warmSeconds of audio prime the de-hum's notches before the last pass.
const warmSeconds = 2.0

// File cleans in into out with the chosen steps (see Options), streaming:
//
//  1. with de-hum, a pass analyses the hum (cleanup.HumAnalyzer): 50 or
//     60 Hz, its harmonics, its frequency at the start;
//  2. with noise reduction, a pass learns the noise profile from the
//     de-hummed signal (the quietest stretch, or Options.NoiseFrom);
//  3. the last pass runs de-hum (its notches warmed on the first two
//     seconds), de-click, denoise and strip silence in that order, drops
//     the chain's latency from the start and feeds as many frames of
//     silence at the end, so that out has in's length and every sample its
//     time, and measures the hum left in the output.
//
// out is written atomically, refused when it exists (unless Overwrite)
// and always when it is in itself or a link to it. It keeps the input's
// format unless BitDepth is set.
func File(in, out string, opt Options) (*Report, error) {
	if err := opt.validate(); err != nil {
		return nil, inputErr(err)
	}
	if err := notSameFile(in, out); err != nil {
		return nil, inputErr(err)
	}
	r, err := encoders.Open(in)
	if err != nil {
		return nil, inputErr(fmt.Errorf("prep: %w", err))
	}
	defer r.Close()
	f := r.Format()
	j := &job{in: in, r: r, opt: opt, rate: f.SampleRate, channels: f.Channels, length: r.Length()}
	j.buf = dsp.NewBuffer(f.Channels, blockSize)
	if j.length < 0 {
		return nil, inputErr(fmt.Errorf("prep: %s: the file does not say its length (a FLAC stream without a total); re-encode it", in))
	}
	j.passes = 1
	if opt.Dehum != "" {
		j.passes++
	}
	if opt.Denoise != nil {
		j.passes++
	}
	rep := &Report{File: in, Output: out, SampleRate: f.SampleRate, Channels: f.Channels,
		Duration: float64(j.length) / float64(f.SampleRate)}
	if opt.Dehum != "" {
		if err := j.analyseHum(rep); err != nil {
			return nil, err
		}
	}
	if opt.Denoise != nil {
		if err := j.learnNoise(rep); err != nil {
			return nil, err
		}
	}
	if err := j.process(out, f.AtBitDepth(opt.BitDepth), rep); err != nil {
		return nil, err
	}
	rep.Passes = j.pass
	return rep, nil
}

// job is one file's clean-up.
type job struct {
	in             string
	r              encoders.Reader
	opt            Options
	rate, channels int
	length         int64
	buf            [][]float32
	hdr            [][]float32
	pass, passes   int
	// de-hum settings from the analysis (dehumOn false: no hum found)
	dehumOn  bool
	dehum    cleanup.DehumParams
	base     float64
	measured int // harmonics the hum level is measured over
	profile  *cleanup.NoiseProfile
}

func (j *job) progress(done int64) {
	if j.opt.Progress != nil {
		j.opt.Progress(int64(j.pass)*j.length+done, int64(j.passes)*j.length)
	}
}

// read streams the whole input from its start, calling f with each block.
func (j *job) read(f func(block [][]float32) error) error {
	if err := j.r.SeekFrame(0); err != nil {
		return inputErr(fmt.Errorf("prep: %s: %w", j.in, err))
	}
	var done int64
	for {
		n, err := j.r.Read(j.buf)
		if n > 0 {
			j.hdr = dsp.Slice(j.hdr, j.buf, 0, n)
			if ferr := f(j.hdr); ferr != nil {
				return ferr
			}
			done += int64(n)
			j.progress(done)
		}
		if err == io.EOF {
			j.pass++
			return nil
		}
		if err != nil {
			return inputErr(fmt.Errorf("prep: %s: %w", j.in, err))
		}
	}
}

// analyseHum is the first pass of de-hum.
func (j *job) analyseHum(rep *Report) error {
	a, err := cleanup.NewHumAnalyzer(j.rate, j.channels, j.opt.harmonics())
	if err != nil {
		return inputErr(fmt.Errorf("prep: %w", err))
	}
	if err := j.read(func(b [][]float32) error { a.Process(b); return nil }); err != nil {
		return err
	}
	var base float64
	switch j.opt.Dehum {
	case "50":
		base = 50
	case "60":
		base = 60
	}
	res := a.Result(base)
	step := &DehumStep{Detected: "none", LevelDB: dsp.MinDB, LevelAfterDB: dsp.MinDB}
	rep.Dehum = step
	if res.BaseHz == 0 {
		if res.Chunks == 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("dehum: the file is shorter than one analysis chunk (%.2f s); no hum analysed", a.ChunkSeconds()))
		}
		return nil
	}
	j.base = res.BaseHz
	step.Detected = fmt.Sprint(res.BaseHz)
	step.Frequency, step.FrequencyMin, step.FrequencyMax = round(res.FrequencyHz, 1000), round(res.MinHz, 1000), round(res.MaxHz, 1000)
	// Notch every harmonic up to the limit: the notches are narrow, and a
	// harmonic masked by the music in most chunks is still hum.
	h := j.opt.harmonics()
	step.HarmonicsFound = res.Harmonics
	if res.Harmonics == 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("dehum: no %g Hz hum stands out of the noise; notching %d harmonics anyway", res.BaseHz, h))
	}
	step.Harmonics = h
	j.measured = res.Harmonics
	if j.measured == 0 {
		j.measured = h
	}
	level, _ := a.ResidualDB(res.BaseHz, j.measured)
	step.LevelDB = round(level, 100)
	j.dehumOn = true
	j.dehum = cleanup.DefaultDehumParams()
	j.dehum.FrequencyHz = math.Min(70, math.Max(40, res.FirstHz))
	j.dehum.Harmonics = h
	j.dehum.TrackHarmonics = max(1, res.Harmonics)
	return nil
}

// newDehummer returns a de-hum whose notches have been warmed on the
// first seconds of the file (the reader is then back at the start).
func (j *job) newDehummer() (*cleanup.Dehummer, error) {
	d, err := cleanup.NewDehummer(j.dehum, j.rate, j.channels)
	if err != nil {
		return nil, fmt.Errorf("prep: %w", err)
	}
	warm := dsp.NewBuffer(j.channels, int(math.Min(float64(j.length), warmSeconds*float64(j.rate))))
	if err := j.r.SeekFrame(0); err != nil {
		return nil, inputErr(fmt.Errorf("prep: %s: %w", j.in, err))
	}
	got := 0
	for got < dsp.Frames(warm) {
		j.hdr = dsp.Slice(j.hdr, warm, got, dsp.Frames(warm))
		n, err := j.r.Read(j.hdr)
		got += n
		if err != nil {
			break
		}
	}
	d.Warm(dsp.Slice(nil, warm, 0, got))
	return d, nil
}

// learnNoise is the noise-profile pass, on the de-hummed signal.
func (j *job) learnNoise(rep *Report) error {
	var pr *cleanup.NoiseProfiler
	var err error
	if s := j.opt.NoiseFrom; s != nil {
		pr, err = cleanup.NewNoiseProfilerRange(j.rate, j.channels, s.Start, s.End)
	} else {
		pr, err = cleanup.NewNoiseProfiler(j.rate, j.channels)
	}
	if err != nil {
		return inputErr(fmt.Errorf("prep: %w", err))
	}
	var d *cleanup.Dehummer
	if j.dehumOn {
		if d, err = j.newDehummer(); err != nil {
			return err
		}
	}
	work := dsp.NewBuffer(j.channels, blockSize)
	var view [][]float32
	err = j.read(func(b [][]float32) error {
		if d != nil {
			view = dsp.Slice(view, work, 0, dsp.Frames(b))
			d.Process(view, b)
			pr.Process(view)
		} else {
			pr.Process(b)
		}
		return nil
	})
	if err != nil {
		return err
	}
	prof, err := pr.Profile()
	if err != nil {
		return inputErr(fmt.Errorf("prep: %s: %w", j.in, err))
	}
	j.profile = prof
	p := *j.opt.Denoise
	rep.Denoise = &DenoiseStep{ReductionDB: p.ReductionDB, SensitivityDB: p.SensitivityDB, SmoothingBands: p.SmoothingBands,
		AttackMs: p.AttackMs, ReleaseMs: p.ReleaseMs, Profile: [2]float64{round(math.Max(0, prof.Start), 1000), round(prof.End, 1000)},
		NoiseLevelDB: round(prof.LevelDB, 100)}
	return nil
}

func round(x, scale float64) float64 { return math.Round(x*scale) / scale }

// notSameFile refuses an output that is the input.
func notSameFile(in, out string) error {
	if err := encoders.RefuseInput(in, out); err != nil {
		return fmt.Errorf("prep: %w (prep never overwrites its input)", err)
	}
	return nil
}
