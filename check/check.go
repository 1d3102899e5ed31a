package check

import (
	"errors"
	"fmt"
	"io"

	"immerse/bed"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/speakers"
)

// File checks the audio file at path (WAV family or FLAC): it reads the
// file once, folds every block down through the whole chain and measures
// every stage. The layout comes from Options.Layout or the file (see
// FileLayout); the file's channels are in WAV order and are put in the
// layout's BS.2051 order before the matrices apply. Errors (unreadable,
// truncated or mismatched input, bad options) mean bad input.
func File(path string, opt Options) (*Report, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	defer r.Close()
	l, note, err := FileLayout(r.Format(), opt.Layout, path)
	if err != nil {
		return nil, err
	}
	rep, err := run(&fileSource{r: r, order: l.WAVOrder()}, l, r.Length(), opt)
	if err != nil {
		return nil, fmt.Errorf("check: %s: %w", path, err)
	}
	rep.File = path
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	return rep, nil
}

// Source checks a stream whose channels are those of layout in BS.2051
// order (as render.Engine produces them). Report.File is left empty. When
// src has a Length() int64 method, Progress gets the total.
func Source(src dsp.Source, layout *speakers.Layout, opt Options) (*Report, error) {
	if layout == nil {
		return nil, errors.New("check: no layout given for the source")
	}
	if src.Channels() != len(layout.Channels) {
		return nil, fmt.Errorf("check: the source has %d channels but layout %s has %d", src.Channels(), StageName(layout), len(layout.Channels))
	}
	total := int64(-1)
	if s, ok := src.(interface{ Length() int64 }); ok {
		total = s.Length()
	}
	rep, err := run(plainSource{src}, layout, total, opt)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	return rep, nil
}

// Loudness measures a file in its own layout only (no fold-down, no
// verdict): the BS.1770 figures of the first stage.
func Loudness(path string, opt Options) (*LoudnessReport, error) {
	opt.NoFold = true
	rep, err := File(path, opt)
	if err != nil {
		return nil, err
	}
	return &LoudnessReport{File: rep.File, Layout: rep.Layout, SampleRate: rep.SampleRate, Duration: rep.Duration,
		Stage: rep.Stages[0], Notes: rep.Notes}, nil
}

// blockReader reads the next block into dst (BS.2051 order).
type blockReader interface {
	read(dst [][]float32) (int, error)
	sampleRate() int
}

type plainSource struct{ src dsp.Source }

func (p plainSource) read(dst [][]float32) (int, error) { return p.src.Read(dst) }
func (p plainSource) sampleRate() int                   { return p.src.SampleRate() }

// fileSource reads a file whose channels are in WAV order into BS.2051
// order: file channel f goes to layout channel order[f].
type fileSource struct {
	r     encoders.Reader
	order []int
	hdr   [][]float32
}

func (f *fileSource) read(dst [][]float32) (int, error) {
	if f.hdr == nil {
		f.hdr = make([][]float32, len(f.order))
	}
	for i, k := range f.order {
		f.hdr[i] = dst[k]
	}
	return f.r.Read(f.hdr)
}

func (f *fileSource) sampleRate() int { return f.r.SampleRate() }

// chainFor returns the fold-down matrices after layout.
func chainFor(layout *speakers.Layout, opt *Options) ([]*bed.Downmix, error) {
	if opt.NoFold {
		return nil, nil
	}
	if opt.Downmix != nil {
		return opt.Downmix.Chain(layout)
	}
	fold := bed.DefaultFold()
	if opt.Fold != nil {
		fold = *opt.Fold
	}
	return bed.FoldChain(layout, fold), nil
}

// run is the one streaming pass: read a block, fold it through the chain,
// measure every stage.
func run(src blockReader, layout *speakers.Layout, total int64, opt Options) (*Report, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	rate := src.sampleRate()
	chain, err := chainFor(layout, &opt)
	if err != nil {
		return nil, err
	}
	block := opt.BlockSize
	if block == 0 {
		block = DefaultBlockSize
	}
	th := opt.thresholds()
	if opt.Platform != nil {
		th.MaxTruePeakDBTP = opt.Platform.TruePeakDBTP
	}
	p, err := newPipeline(rate, block, layout, chain, th, opt.silence())
	if err != nil {
		return nil, err
	}
	defer p.close()
	x, err := newExtras(p, layout, &opt)
	if err != nil {
		return nil, err
	}
	in := p.input()
	for {
		n, rerr := src.read(in)
		if n > 0 {
			p.process(n)
			if opt.Progress != nil {
				opt.Progress(p.frames, total)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, rerr
		}
	}
	rep := p.report()
	rep.Thresholds = th
	judge(rep, th)
	x.finish(rep, th)
	return rep, nil
}
