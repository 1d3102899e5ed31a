package admrender

import (
	"errors"
	"fmt"

	"immerse/encoders"
	"immerse/render"
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

// fileOptions turns the ADM file options into render's.
func (opt FileOptions) render() render.FileOptions {
	return render.FileOptions{BitDepth: opt.BitDepth, Overwrite: opt.Overwrite, NormalizePeakDB: opt.NormalizePeakDB, Progress: opt.Progress}
}

// open opens the master and notes a truncated data chunk.
func open(in string, opt Options) (*Renderer, []string, error) {
	r, err := Open(in, opt)
	if err != nil {
		return nil, nil, err
	}
	warnings := r.Warnings()
	if info, err := encoders.Stat(in); err == nil && info.Truncated {
		warnings = append([]string{fmt.Sprintf("%s is truncated: its data chunk declares more audio than the file holds; rendered the %d frames present", in, info.Length)}, warnings...)
	}
	return r, warnings, nil
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
	return render.WriteFile(out, render.LayoutOutput(opt.Layout), opt.render(), func() (render.LengthSource, []string, error) {
		return open(in, opt.Options)
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
	return render.WriteFile(out, render.BinauralOutput("binaural via "+bc.Virtual.DisplayName()), opt.render(), func() (render.LengthSource, []string, error) {
		r, warnings, err := open(in, opt.Options)
		if err != nil {
			return nil, nil, err
		}
		b, err := render.Virtualize(r, bc.Virtual, bc)
		if err != nil {
			r.Close()
			return nil, nil, err
		}
		return b, warnings, nil
	})
}
