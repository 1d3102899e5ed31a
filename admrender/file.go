package admrender

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/render"
	"immerse/speakers"
)

// FileOptions control RenderFile and RenderBinauralFile.
type FileOptions struct {
	Options
	// BitDepth of the output: 16, 24 (default) or 32 (32-bit float WAV).
	BitDepth int
	// Overwrite replaces an existing output file.
	Overwrite bool
	// NormalizePeakDB, when set, scales the render so that its highest
	// sample peak is at this level in dBFS (two passes over the input).
	NormalizePeakDB *float64
	// Progress, when set, is called after each block with the frames done
	// and the total (both passes when normalising).
	Progress func(done, total int64)
}

// source is what a file job streams.
type source interface {
	dsp.Source
	Length() int64
	Close() error
}

// outputs describes the channels of an output file: their names, the
// source channel of each file channel, and the channel mask.
type outputs struct {
	name   string
	order  []int
	labels []string
	wav    []string
	mask   uint32
}

func layoutOutputs(l *speakers.Layout) *outputs {
	o := &outputs{name: l.DisplayName(), order: l.WAVOrder(), mask: l.Mask}
	for _, k := range o.order {
		o.labels = append(o.labels, l.Channels[k].Label)
		o.wav = append(o.wav, l.Channels[k].WAV)
	}
	return o
}

// RenderFile renders the ADM file in to loudspeaker feeds in out (WAV, or
// FLAC for .flac, in the layout's WAV channel order with its channel
// mask), aligned with the input (the renderer's latency compensated) and
// of the same length. The output is written atomically: a failed render
// leaves no file, and an existing file is replaced only with Overwrite.
func RenderFile(in, out string, opt FileOptions) (*render.Report, error) {
	if opt.Layout == nil {
		return nil, errors.New("admrender: no target layout")
	}
	opt.KeepLatency = false
	return writeFile(in, out, layoutOutputs(opt.Layout), opt, func() (source, []string, error) {
		r, err := Open(in, opt.Options)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Warnings(), nil
	})
}

// RenderBinauralFile renders the ADM file in for headphones: to the
// loudspeaker layout bc.Virtual (Options.Layout when nil), whose feeds the
// binaural virtualizer of package render turns into two ear signals with
// the static HRIRs of the loudspeakers' positions. The output is a
// two-channel file, written like RenderFile's; it is longer than the input
// by the HRIRs' tail.
func RenderBinauralFile(in, out string, opt FileOptions, bc render.Binaural) (*render.Report, error) {
	if bc.Virtual == nil {
		bc.Virtual = opt.Layout
	}
	if bc.Virtual == nil {
		return nil, errors.New("admrender: no layout to render to before binauralising")
	}
	opt.Layout, opt.KeepLatency = bc.Virtual, false
	outs := &outputs{name: "binaural via " + bc.Virtual.DisplayName(), order: []int{0, 1},
		labels: []string{"left", "right"}, wav: []string{"FL", "FR"}, mask: 0x3}
	return writeFile(in, out, outs, opt, func() (source, []string, error) {
		r, err := Open(in, opt.Options)
		if err != nil {
			return nil, nil, err
		}
		b, err := render.Virtualize(r, bc.Virtual, bc)
		if err != nil {
			r.Close()
			return nil, nil, err
		}
		return b, r.Warnings(), nil
	})
}

// writeFile streams the source made by open into a new file at out, with
// the checks, two-pass peak normalisation, progress and report of every
// file job.
func writeFile(in, out string, outs *outputs, opt FileOptions, open func() (source, []string, error)) (*render.Report, error) {
	begin := time.Now()
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	isFLAC := strings.EqualFold(filepath.Ext(out), ".flac")
	switch {
	case opt.BitDepth != 16 && opt.BitDepth != 24 && opt.BitDepth != 32:
		return nil, fmt.Errorf("admrender: --bits %d: use 16, 24 or 32 (32 = float)", opt.BitDepth)
	case isFLAC && opt.BitDepth == 32:
		return nil, fmt.Errorf("admrender: %s: FLAC holds 16 or 24-bit integers; use --bits 24, or a .wav output for 32-bit float", out)
	case isFLAC && len(outs.labels) > 8:
		return nil, fmt.Errorf("admrender: %s: FLAC holds at most 8 channels and %s has %d; write a .wav instead", out, outs.name, len(outs.labels))
	}
	src, warnings, err := open()
	if err != nil {
		return nil, err
	}
	defer func() { src.Close() }()
	if info, err := encoders.Stat(in); err == nil && info.Truncated {
		warnings = append([]string{fmt.Sprintf("%s is truncated: its data chunk declares more audio than the file holds; rendered the %d frames present", in, info.Length)}, warnings...)
	}
	total := src.Length()
	passes := int64(1)
	if opt.NormalizePeakDB != nil {
		passes = 2
	}
	progress := func(done int64) {
		if opt.Progress != nil {
			opt.Progress(done, passes*total)
		}
	}
	format := encoders.Format{Channels: len(outs.labels), BitDepth: opt.BitDepth, ChannelMask: outs.mask,
		SampleRate: src.SampleRate(), Float: opt.BitDepth == 32}
	rep := &render.Report{Output: out, Layout: outs.name, SampleRate: src.SampleRate(), Frames: total,
		Duration: float64(total) / float64(src.SampleRate()), ClipsKept: format.Float}
	buf := dsp.NewBuffer(src.Channels(), 4096)
	gain := float32(1)
	if opt.NormalizePeakDB != nil {
		peak, err := peakOf(src, buf, progress)
		if err != nil {
			return nil, err
		}
		if peak == 0 {
			warnings = append(warnings, "the render is silent; --normalize-peak left it unchanged")
		} else {
			g := dsp.DBToGain(*opt.NormalizePeakDB) / peak
			gain = float32(g)
			db := dsp.GainToDB(g)
			rep.NormalizeGainDB = &db
		}
		// Second pass from the start: a fresh source gives the same samples.
		src.Close()
		if src, _, err = open(); err != nil {
			return nil, err
		}
	}
	rep.Warnings = warnings
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return nil, fmt.Errorf("admrender: %w", err)
	}
	rep.Format = format.String()
	view := make([][]float32, len(outs.order))
	done := (passes - 1) * total
	for {
		n, rerr := src.Read(buf)
		if n > 0 {
			for f, k := range outs.order {
				view[f] = buf[k][:n]
				if gain != 1 {
					for i := range view[f] {
						view[f][i] *= gain
					}
				}
			}
			if err := w.Write(view); err != nil {
				w.Abort()
				return nil, fmt.Errorf("admrender: write %s: %w", out, err)
			}
			done += int64(n)
			progress(done)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			w.Abort()
			return nil, rerr
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("admrender: %w", err)
	}
	peaks, clipped := w.Peak(), w.Clipped()
	for f := range outs.order {
		rep.Channels = append(rep.Channels, render.ChannelReport{Label: outs.labels[f], WAV: outs.wav[f],
			PeakDBFS: math.Round(dsp.GainToDB(peaks[f])*100) / 100, Clipped: clipped[f]})
		rep.Clipped += clipped[f]
	}
	rep.Seconds = time.Since(begin).Seconds()
	if rep.Seconds > 0 {
		rep.RealTimeFactor = rep.Duration / rep.Seconds
	}
	return rep, nil
}

// peakOf reads the whole source once and returns its sample peak.
func peakOf(src source, buf [][]float32, progress func(int64)) (float64, error) {
	var peak float32
	var done int64
	for {
		n, err := src.Read(buf)
		for _, ch := range buf {
			for _, v := range ch[:n] {
				peak = max(peak, v, -v)
			}
		}
		done += int64(n)
		progress(done)
		if err == io.EOF {
			return float64(peak), nil
		}
		if err != nil {
			return 0, err
		}
	}
}
