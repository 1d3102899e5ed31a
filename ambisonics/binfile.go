package ambisonics

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/hrtf"
	"immerse/objects"
	"immerse/render"
)

// BinauralFileOptions controls BinauralFile.
type BinauralFileOptions struct {
	// Order of the intermediate sound field, 1 to MaxOrder.
	Order int
	// HRTF is the HRIR set (default hrtf.Default(), MIT KEMAR); it is
	// resampled to the scene's rate when needed.
	HRTF *hrtf.Set
	// Design of the binaural decoder (method, cutoff, covariance; Input and
	// Rotation are ignored: the field is SN3D and Rotation below applies).
	Design BinauralOptions
	// Rotation turns the world-locked scene; head-locked objects keep
	// their positions relative to the head.
	Rotation Rotation
	// BitDepth of the output: 16, 24 (default) or 32 (float).
	BitDepth int
	// Overwrite replaces an existing output file.
	Overwrite bool
	// Open opens stems (default render.OpenFile).
	Open render.OpenFunc
	// Workers renders objects in parallel (default GOMAXPROCS).
	Workers int
	// BlockSize of the convolution (default DefaultBlockSize).
	BlockSize int
	// Progress, when set, is called after each block with the frames done
	// and the total.
	Progress func(done, total int64)
}

// BinauralFile renders a scene to binaural stereo through ambisonics, the
// usual VR route: the scene is encoded to a sound field of the given
// order (world-locked objects and beds turned by Rotation, head-locked
// objects not) and decoded to two ears with filters designed from the
// HRIR set (DesignBinaural), block by block, without an intermediate
// file. The output has the scene's length (the filters' latency is
// compensated; HRIR tails past the end are cut, as in render.RenderFile)
// and is written atomically.
func BinauralFile(scene *objects.Scene, out string, opt BinauralFileOptions) (*render.Report, error) {
	begin := time.Now()
	if opt.Open == nil {
		opt.Open = render.OpenFile
	}
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	if err := checkBitDepth(out, opt.BitDepth); err != nil {
		return nil, err
	}
	worldEnc, err := NewEncoder(opt.Order, SN3D, opt.Rotation)
	if err != nil {
		return nil, err
	}
	headEnc, _ := NewEncoder(opt.Order, SN3D, Rotation{})
	rate, err := sceneRate(scene, opt.Open)
	if err != nil {
		return nil, err
	}
	world, head := splitScene(scene, rate)
	var engines []*render.Engine
	defer func() {
		for _, e := range engines {
			e.Close()
		}
	}()
	var warnings []string
	for _, part := range []struct {
		sc  *objects.Scene
		enc *Encoder
	}{{world, worldEnc}, {head, headEnc}} {
		if len(part.sc.Objects) == 0 && len(part.sc.Beds) == 0 {
			continue
		}
		e, err := render.New(part.sc, opt.Open, render.Config{Encoder: part.enc, Workers: opt.Workers})
		if err != nil {
			return nil, fmt.Errorf("ambisonics: %w", err)
		}
		engines = append(engines, e)
		warnings = append(warnings, e.Warnings()...)
	}
	var total int64
	for _, e := range engines {
		total = max(total, e.Length())
	}
	set := opt.HRTF
	if set == nil {
		set = hrtf.Default()
	}
	if set.SampleRate != rate {
		if set, err = set.Resampled(rate); err != nil {
			return nil, fmt.Errorf("ambisonics: %w", err)
		}
	}
	design := opt.Design
	design.Input, design.Rotation = SN3D, Rotation{}
	filters, err := DesignBinaural(set, opt.Order, design)
	if err != nil {
		return nil, err
	}
	dec, err := NewBinauralDecoder(filters, opt.BlockSize)
	if err != nil {
		return nil, err
	}
	format := encoders.Format{SampleRate: rate, Channels: 2, BitDepth: opt.BitDepth, Float: opt.BitDepth == 32}
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return nil, fmt.Errorf("ambisonics: %w", err)
	}
	b := dec.BlockSize()
	field := dsp.NewBuffer(worldEnc.Channels(), b)
	part := dsp.NewBuffer(worldEnc.Channels(), b)
	ears := dsp.NewBuffer(2, b)
	tw := newTrimWriter(w, int64(dec.Latency()), total)
	var done int64
	for !tw.full() {
		dsp.Clear(field)
		for _, e := range engines {
			if e.Position() >= e.Length() {
				continue
			}
			n, err := e.Read(part)
			if err != nil && err != io.EOF {
				w.Abort()
				return nil, fmt.Errorf("ambisonics: %w", err)
			}
			for c := range field {
				for i, v := range part[c][:n] {
					field[c][i] += v
				}
			}
		}
		dec.Process(ears, field)
		if err := tw.write(ears); err != nil {
			w.Abort()
			return nil, fmt.Errorf("ambisonics: write %s: %w", out, err)
		}
		done = min(total, done+int64(b))
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("ambisonics: %w", err)
	}
	rep := &render.Report{
		Output: out, Layout: fmt.Sprintf("binaural via ambisonics order %d (%s, %s)", opt.Order, filters.Method, hrtfName(set)),
		Format: format.String(), SampleRate: rate, Frames: total, Duration: float64(total) / float64(rate),
		Warnings: warnings, ClipsKept: format.Float,
	}
	fillChannels(rep, w, []string{"L", "R"}, nil)
	rep.Seconds = time.Since(begin).Seconds()
	if rep.Seconds > 0 {
		rep.RealTimeFactor = rep.Duration / rep.Seconds
	}
	return rep, nil
}

// checkBitDepth refuses bit depths the output cannot hold.
func checkBitDepth(out string, bits int) error {
	switch {
	case bits != 16 && bits != 24 && bits != 32:
		return fmt.Errorf("ambisonics: --bits %d: use 16, 24 or 32 (32 = float)", bits)
	case bits == 32 && strings.EqualFold(filepath.Ext(out), ".flac"):
		return fmt.Errorf("ambisonics: %s: FLAC holds 16 or 24-bit integers; use --bits 24, or a .wav output for 32-bit float", out)
	}
	return nil
}

// hrtfName names an HRIR set for reports: "MIT KEMAR, normal pinna".
func hrtfName(s *hrtf.Set) string {
	name := strings.TrimSpace(s.Meta["DatabaseName"] + " " + s.Meta["ListenerShortName"])
	for _, k := range []string{"Title", "Filename"} {
		if name == "" {
			name = s.Meta[k]
		}
	}
	if name == "" {
		return "HRTF set"
	}
	return name
}

// fillChannels adds the per-channel labels (and WAV speaker names, if
// any), peaks and clip counts of a finished writer to a report.
func fillChannels(rep *render.Report, w *encoders.Writer, labels, wav []string) {
	peaks, clipped := w.Peak(), w.Clipped()
	for c := range peaks {
		db := dsp.GainToDB(peaks[c])
		cr := render.ChannelReport{Label: labels[c], PeakDBFS: math.Round(db*100) / 100, Clipped: clipped[c]}
		if c < len(wav) {
			cr.WAV = wav[c]
		}
		rep.Channels = append(rep.Channels, cr)
		rep.Clipped += clipped[c]
	}
}

// trimWriter writes blocks to a Writer, dropping the first skip frames
// (a latency) and stopping after total frames.
type trimWriter struct {
	w       *encoders.Writer
	skip    int64
	left    int64
	written int64
	view    [][]float32
}

func newTrimWriter(w *encoders.Writer, skip, total int64) *trimWriter {
	return &trimWriter{w: w, skip: skip, left: total}
}

// limit sets the total number of frames to write.
func (t *trimWriter) limit(total int64) { t.left = total - t.written }

// full reports whether total frames have been written.
func (t *trimWriter) full() bool { return t.left <= 0 }

func (t *trimWriter) write(buf [][]float32) error {
	n := int64(dsp.Frames(buf))
	from := min(n, t.skip)
	t.skip -= from
	to := min(n, from+t.left)
	if to <= from {
		return nil
	}
	t.view = dsp.Slice(t.view, buf, int(from), int(to))
	t.left -= to - from
	t.written += to - from
	return t.w.Write(t.view)
}
