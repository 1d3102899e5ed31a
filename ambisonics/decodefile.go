package ambisonics

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/hrtf"
	"immerse/render"
	"immerse/speakers"
)

// speakerBlock is the block size of the loudspeaker decode.
const speakerBlock = 4096

// DecodeOptions controls DecodeFile.
type DecodeOptions struct {
	// Layout is the loudspeaker layout to decode to; nil decodes to
	// binaural.
	Layout *speakers.Layout
	// Input is the stream's normalisation; nil takes it from the sidecar
	// next to the input (SidecarPath), or SN3D (AmbiX) without one.
	Input *Normalization
	// Speakers controls the AllRAD decoder (Weighting, Level, GridDegree;
	// its Input and Rotation are set from this struct).
	Speakers DecoderOptions
	// Binaural controls the binaural design (Method, CutoffHz,
	// Covariance, VirtualMaxRE; Input and Rotation are set from here).
	Binaural BinauralOptions
	// HRTF is the HRIR set for binaural (default hrtf.Default(), MIT
	// KEMAR); it is resampled to the stream's rate when needed.
	HRTF *hrtf.Set
	// Rotation turns the sound field before it is decoded.
	Rotation Rotation
	// BitDepth of the output: 16, 24 (default) or 32 (float).
	BitDepth int
	// Overwrite replaces an existing output file.
	Overwrite bool
	// BlockSize of the binaural convolution (default DefaultBlockSize).
	BlockSize int
	// Progress, when set, is called after each block with the frames done
	// and the total (-1 when the input does not say).
	Progress func(done, total int64)
}

// DecodeReport says what DecodeFile did.
type DecodeReport struct {
	render.Report
	// Input is the decoded file.
	Input string `json:"input"`
	// Order and Normalization of the input stream; NormalizationFrom says
	// where the normalisation came from ("option", "sidecar" or
	// "default").
	Order             int    `json:"order"`
	Normalization     string `json:"normalization"`
	NormalizationFrom string `json:"normalizationFrom"`
	// Sidecar is the sidecar read, if any.
	Sidecar string `json:"sidecar,omitempty"`
}

// DecodeFile decodes the ambisonic file in (its channel count (N+1)²
// gives the order N) to loudspeaker feeds for opt.Layout (AllRAD; the
// layout's channel mask and WAV channel order, as render writes them) or,
// without a layout, to binaural stereo (DesignBinaural), streaming block by
// block, and writes out atomically. The output has the input's length.
func DecodeFile(in, out string, opt DecodeOptions) (*DecodeReport, error) {
	begin := time.Now()
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	if err := checkBitDepth(out, opt.BitDepth); err != nil {
		return nil, err
	}
	if sameFile(in, out) {
		return nil, fmt.Errorf("ambisonics: the output %s would replace the input; choose another output name", out)
	}
	r, err := encoders.Open(in)
	if err != nil {
		return nil, fmt.Errorf("ambisonics: %w", err)
	}
	defer r.Close()
	rep := &DecodeReport{Input: in}
	norm, err := inputNormalization(in, r.Channels(), opt.Input, rep)
	if err != nil {
		return nil, err
	}
	order, err := OrderOf(r.Channels())
	if err != nil {
		return nil, fmt.Errorf("ambisonics: %s: %w", in, err)
	}
	if err := norm.check(order); err != nil {
		return nil, fmt.Errorf("ambisonics: %s: %w", in, err)
	}
	rep.Order, rep.Normalization = order, norm.String()
	rate := r.SampleRate()
	if opt.Layout != nil {
		err = decodeSpeakers(r, out, order, norm, opt, rep)
	} else {
		err = decodeBinaural(r, out, order, norm, opt, rep)
	}
	if err != nil {
		return nil, err
	}
	rep.Output, rep.SampleRate = out, rate
	rep.Duration = float64(rep.Frames) / float64(rate)
	rep.Seconds = time.Since(begin).Seconds()
	if rep.Seconds > 0 {
		rep.RealTimeFactor = rep.Duration / rep.Seconds
	}
	return rep, nil
}

// inputNormalization picks the stream's normalisation: the option, else
// the sidecar's (which must match the file), else SN3D.
func inputNormalization(in string, channels int, opt *Normalization, rep *DecodeReport) (Normalization, error) {
	if opt != nil {
		rep.NormalizationFrom = "option"
		return *opt, nil
	}
	path := SidecarPath(in)
	side, err := ReadSidecar(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		rep.NormalizationFrom = "default"
		return SN3D, nil
	case err != nil:
		return 0, fmt.Errorf("%w (fix or remove the sidecar, or give the normalization explicitly)", err)
	case side.Channels != channels:
		return 0, fmt.Errorf("ambisonics: %s says %d channels (order %d) but %s has %d; the sidecar belongs to another file (remove it, or give the normalization explicitly)", path, side.Channels, side.Order, in, channels)
	}
	rep.Sidecar, rep.NormalizationFrom = path, "sidecar"
	return side.Norm()
}

func decodeSpeakers(r encoders.Reader, out string, order int, norm Normalization, opt DecodeOptions, rep *DecodeReport) error {
	dopt := opt.Speakers
	dopt.Input, dopt.Rotation = norm, opt.Rotation
	dec, err := NewDecoder(opt.Layout, order, dopt)
	if err != nil {
		return err
	}
	l := opt.Layout
	format := encoders.Format{SampleRate: r.SampleRate(), Channels: len(l.Channels), BitDepth: opt.BitDepth, Float: opt.BitDepth == 32, ChannelMask: l.Mask}
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return fmt.Errorf("ambisonics: %w", err)
	}
	in := dsp.NewBuffer(r.Channels(), speakerBlock)
	feeds := dsp.NewBuffer(len(l.Channels), speakerBlock)
	fileOrder := l.WAVOrder()
	var inView, outView []([]float32)
	fileView := make([][]float32, len(fileOrder))
	var done int64
	for {
		n, err := dsp.ReadFull(r, in)
		if err != nil {
			w.Abort()
			return fmt.Errorf("ambisonics: read %s: %w", rep.Input, err)
		}
		if n > 0 {
			inView = dsp.Slice(inView, in, 0, n)
			outView = dsp.Slice(outView, feeds, 0, n)
			dec.Process(outView, inView)
			for f, k := range fileOrder {
				fileView[f] = outView[k]
			}
			if err := w.Write(fileView); err != nil {
				w.Abort()
				return fmt.Errorf("ambisonics: write %s: %w", out, err)
			}
			done += int64(n)
			if opt.Progress != nil {
				opt.Progress(done, r.Length())
			}
		}
		if n < speakerBlock {
			break
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("ambisonics: %w", err)
	}
	rep.Layout, rep.Format, rep.Frames, rep.ClipsKept = l.DisplayName(), format.String(), done, format.Float
	var labels, wav []string
	for _, k := range fileOrder {
		labels = append(labels, l.Channels[k].Label)
		wav = append(wav, l.Channels[k].WAV)
	}
	fillChannels(&rep.Report, w, labels, wav)
	return nil
}

func decodeBinaural(r encoders.Reader, out string, order int, norm Normalization, opt DecodeOptions, rep *DecodeReport) error {
	set := opt.HRTF
	if set == nil {
		set = hrtf.Default()
	}
	rate := r.SampleRate()
	if set.SampleRate != rate {
		var err error
		if set, err = set.Resampled(rate); err != nil {
			return fmt.Errorf("ambisonics: %w", err)
		}
	}
	bopt := opt.Binaural
	bopt.Input, bopt.Rotation = norm, opt.Rotation
	filters, err := DesignBinaural(set, order, bopt)
	if err != nil {
		return err
	}
	dec, err := NewBinauralDecoder(filters, opt.BlockSize)
	if err != nil {
		return err
	}
	format := encoders.Format{SampleRate: rate, Channels: 2, BitDepth: opt.BitDepth, Float: opt.BitDepth == 32}
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return fmt.Errorf("ambisonics: %w", err)
	}
	b := dec.BlockSize()
	in := dsp.NewBuffer(r.Channels(), b)
	ears := dsp.NewBuffer(2, b)
	var inView [][]float32
	// The output length is only known at the end of the input.
	tw := newTrimWriter(w, int64(dec.Latency()), 1<<62)
	var frames int64
	eof := false
	for !tw.full() {
		if !eof {
			n, err := dsp.ReadFull(r, in)
			if err != nil {
				w.Abort()
				return fmt.Errorf("ambisonics: read %s: %w", rep.Input, err)
			}
			inView = dsp.Slice(inView, in, n, b)
			dsp.Clear(inView)
			frames += int64(n)
			if n < b {
				eof = true
				tw.limit(frames)
			}
		} else {
			dsp.Clear(in)
		}
		dec.Process(ears, in)
		if err := tw.write(ears); err != nil {
			w.Abort()
			return fmt.Errorf("ambisonics: write %s: %w", out, err)
		}
		if opt.Progress != nil {
			opt.Progress(tw.written, r.Length())
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("ambisonics: %w", err)
	}
	rep.Layout = fmt.Sprintf("binaural (%s, %s)", filters.Method, hrtfName(set))
	rep.Format, rep.Frames, rep.ClipsKept = format.String(), frames, format.Float
	fillChannels(&rep.Report, w, []string{"L", "R"}, nil)
	return nil
}
