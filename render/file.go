package render

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
	"immerse/objects"
	"immerse/speakers"
)

// OpenFile opens a stem file with package encoders (WAV family or FLAC).
func OpenFile(path string) (Stem, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// FileOptions controls RenderFile.
type FileOptions struct {
	Config
	// BitDepth of the output: 16, 24 (default) or 32; 32 means 32-bit float
	// in WAV. FLAC takes 16 or 24.
	BitDepth int
	// Overwrite replaces an existing output file.
	Overwrite bool
	// NormalizePeakDB, when set, scales the render so that its highest
	// sample peak is at this level in dBFS (two passes over the scene).
	NormalizePeakDB *float64
	// Open opens stems (default OpenFile).
	Open OpenFunc
	// Progress, when set, is called after each block with the frames done
	// and the total (both passes when normalising).
	Progress func(done, total int64)
}

// ChannelReport describes one output channel.
type ChannelReport struct {
	Label    string  `json:"label"`
	WAV      string  `json:"wav,omitempty"`
	PeakDBFS float64 `json:"peakDBFS"`
	Clipped  int64   `json:"clippedSamples"`
}

// Report says what RenderFile did.
type Report struct {
	Output     string          `json:"output"`
	Layout     string          `json:"layout"`
	Format     string          `json:"format"`
	SampleRate int             `json:"sampleRate"`
	Frames     int64           `json:"frames"`
	Duration   float64         `json:"duration"`
	Channels   []ChannelReport `json:"channels"` // in file order
	// Clipped counts samples over full scale in all channels; integer
	// formats clipped them, float output kept them.
	Clipped         int64    `json:"clippedSamples"`
	ClipsKept       bool     `json:"clipsKept"`
	NormalizeGainDB *float64 `json:"normalizeGainDB,omitempty"`
	Warnings        []string `json:"warnings,omitempty"`
	Seconds         float64  `json:"renderSeconds"`
	RealTimeFactor  float64  `json:"realTimeFactor"`
}

// RenderFile renders the scene to a loudspeaker-feed file at out (WAV by
// default, FLAC for .flac), atomically: a failed render leaves no file and
// an existing file is only replaced with Overwrite.
func RenderFile(scene *objects.Scene, out string, opt FileOptions) (*Report, error) {
	if opt.Open == nil {
		opt.Open = OpenFile
	}
	outs, err := outputChannels(opt.Config)
	if err != nil {
		return nil, err
	}
	return WriteFile(out, outs, opt, func() (LengthSource, []string, error) {
		e, err := New(scene, opt.Open, opt.Config)
		if err != nil {
			return nil, nil, err
		}
		return e, e.Warnings(), nil
	})
}

// RenderBinauralFile renders the scene to a two-channel binaural file (see
// NewBinaural), with the same atomic writing and report as RenderFile.
func RenderBinauralFile(scene *objects.Scene, out string, opt FileOptions, bc Binaural) (*Report, error) {
	if opt.Open == nil {
		opt.Open = OpenFile
	}
	return WriteFile(out, binauralOutputs(bc), opt, func() (LengthSource, []string, error) {
		return NewBinaural(scene, opt.Open, opt.Config, bc)
	})
}

// VirtualizeFile binauralises a loudspeaker-feed file (in) whose layout is
// l (nil: from its channel mask) with static HRIRs and writes out.
func VirtualizeFile(in string, l *speakers.Layout, out string, opt FileOptions, bc Binaural) (*Report, error) {
	r, err := encoders.Open(in)
	if err != nil {
		return nil, err
	}
	f := r.Format()
	r.Close()
	if l == nil {
		if l, err = speakers.FromMask(f.ChannelMask, f.Channels); err != nil {
			return nil, fmt.Errorf("render: %s: %w", in, err)
		}
	}
	if f.Channels != len(l.Channels) {
		return nil, fmt.Errorf("render: %s has %d channels but layout %s has %d", in, f.Channels, l.DisplayName(), len(l.Channels))
	}
	return WriteFile(out, binauralOutputs(bc), opt, func() (LengthSource, []string, error) {
		r, err := encoders.Open(in)
		if err != nil {
			return nil, nil, err
		}
		v, err := Virtualize(newLayoutOrder(r, l), l, bc)
		if err != nil {
			r.Close()
			return nil, nil, err
		}
		return v, nil, nil
	})
}

func binauralOutputs(bc Binaural) *Output {
	name := "binaural"
	if bc.Virtual != nil {
		name = "binaural via " + bc.Virtual.DisplayName()
	}
	return BinauralOutput(name)
}

// WriteFile streams the source made by open into a new file at out, with
// the checks, two-pass peak normalisation, progress and report shared by
// every render (scene, ADM, binaural). Of opt it uses BitDepth, Overwrite,
// NormalizePeakDB and Progress. open is called again for the second pass
// of peak normalisation and must then give the same samples.
func WriteFile(out string, outs *Output, opt FileOptions, open func() (LengthSource, []string, error)) (*Report, error) {
	begin := time.Now()
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	format := encoders.Format{Channels: len(outs.Labels), BitDepth: opt.BitDepth, ChannelMask: outs.Mask}
	isFLAC := strings.EqualFold(filepath.Ext(out), ".flac")
	switch {
	case opt.BitDepth != 16 && opt.BitDepth != 24 && opt.BitDepth != 32:
		return nil, fmt.Errorf("render: --bits %d: use 16, 24 or 32 (32 = float)", opt.BitDepth)
	case isFLAC && opt.BitDepth == 32:
		return nil, fmt.Errorf("render: %s: FLAC holds 16 or 24-bit integers; use --bits 24, or a .wav output for 32-bit float", out)
	case isFLAC && format.Channels > 8:
		return nil, fmt.Errorf("render: %s: FLAC holds at most 8 channels and %s has %d; write a .wav instead", out, outs.Name, format.Channels)
	}
	format.Float = opt.BitDepth == 32
	src, warnings, err := open()
	if err != nil {
		return nil, err
	}
	defer func() { src.Close() }()
	format.SampleRate = src.SampleRate()
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
	rep := &Report{Output: out, Layout: outs.Name, SampleRate: src.SampleRate(), Frames: total,
		Duration: float64(total) / float64(src.SampleRate()), Warnings: warnings, ClipsKept: format.Float}
	buf := dsp.NewBuffer(src.Channels(), DefaultBlockSize)
	gain := float32(1)
	if opt.NormalizePeakDB != nil {
		peak, err := measurePeak(src, buf, progress)
		if err != nil {
			return nil, err
		}
		if peak == 0 {
			rep.Warnings = append(rep.Warnings, "the render is silent; --normalize-peak left it unchanged")
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
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	rep.Format = format.String()
	order := outs.Order
	fileView := make([][]float32, len(order))
	done := (passes - 1) * total
	for {
		n, rerr := src.Read(buf)
		if n > 0 {
			for f, k := range order {
				fileView[f] = buf[k][:n]
				if gain != 1 {
					ch := fileView[f]
					for i := range ch {
						ch[i] *= gain
					}
				}
			}
			if err := w.Write(fileView); err != nil {
				w.Abort()
				return nil, fmt.Errorf("render: write %s: %w", out, err)
			}
			done += int64(n)
			progress(done)
		}
		if rerr != nil {
			if rerr == io.EOF {
				break
			}
			w.Abort()
			return nil, rerr
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	peaks, clipped := w.Peak(), w.Clipped()
	for f := range order {
		rep.Channels = append(rep.Channels, ChannelReport{Label: outs.Labels[f], WAV: outs.WAV[f], PeakDBFS: round2(dsp.GainToDB(peaks[f])), Clipped: clipped[f]})
		rep.Clipped += clipped[f]
	}
	rep.Seconds = time.Since(begin).Seconds()
	if rep.Seconds > 0 {
		rep.RealTimeFactor = rep.Duration / rep.Seconds
	}
	return rep, nil
}

// Output describes the channels of an output file, in file order.
type Output struct {
	Name   string   // layout name, or the encoder's format
	Order  []int    // file channel -> source channel
	Labels []string // per file channel
	WAV    []string // WAV speaker names, or ""
	Mask   uint32   // WAVE_FORMAT_EXTENSIBLE channel mask
}

// LayoutOutput describes a file of loudspeaker feeds for layout l: WAV
// channel order and mask, BS.2051 labels.
func LayoutOutput(l *speakers.Layout) *Output {
	o := &Output{Name: l.DisplayName(), Order: l.WAVOrder(), Mask: l.Mask}
	for _, k := range o.Order {
		o.Labels = append(o.Labels, l.Channels[k].Label)
		o.WAV = append(o.WAV, l.Channels[k].WAV)
	}
	return o
}

// BinauralOutput describes a two-channel binaural file.
func BinauralOutput(name string) *Output {
	return &Output{Name: name, Order: []int{0, 1}, Labels: []string{"left", "right"}, WAV: []string{"FL", "FR"}, Mask: 0x3}
}

// Labeler is implemented by encoders that name their channels (e.g. ACN
// indices) and their format.
type Labeler interface {
	Labels() []string
	Name() string
}

func outputChannels(cfg Config) (*Output, error) {
	if cfg.Encoder != nil {
		n := cfg.Encoder.Channels()
		o := &Output{Name: fmt.Sprintf("%d-channel encoding", n), Order: make([]int, n), Labels: make([]string, n), WAV: make([]string, n)}
		for i := range o.Order {
			o.Order[i] = i
			o.Labels[i] = fmt.Sprint(i + 1)
		}
		if lb, ok := cfg.Encoder.(Labeler); ok {
			copy(o.Labels, lb.Labels())
			o.Name = lb.Name()
		}
		return o, nil
	}
	if cfg.Layout == nil {
		return nil, errors.New("render: no target layout")
	}
	return LayoutOutput(cfg.Layout), nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// measurePeak reads the whole source once and returns its sample peak.
func measurePeak(e dsp.Source, buf [][]float32, progress func(int64)) (float64, error) {
	var peak float32
	var done int64
	for {
		n, err := e.Read(buf)
		for _, ch := range buf {
			for _, v := range ch[:n] {
				if v < 0 {
					v = -v
				}
				if v > peak {
					peak = v
				}
			}
		}
		done += int64(n)
		progress(done)
		if err != nil {
			if err == io.EOF {
				return float64(peak), nil
			}
			return 0, err
		}
	}
}
