package adm

import (
	"errors"
	"fmt"
	"io"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/objects"
)

// Stem is an audio file opened for reading, as ExportFile and ToScene use
// them; encoders.Reader is one.
type Stem interface {
	dsp.Source
	Length() int64
	Close() error
}

// ExportOptions control ExportFile.
type ExportOptions struct {
	// BitDepth of the master: 16, 24 (default) or 32 (float).
	BitDepth int
	// Overwrite replaces an existing file.
	Overwrite bool
	// ForceDS64 writes a BW64 header with a ds64 chunk whatever the size
	// (files over 4 GiB always get one).
	ForceDS64 bool
	// Open opens the scene's stems (default: encoders.Open).
	Open func(path string) (Stem, error)
	// Progress, when set, is called after each block with the frames
	// written and the total.
	Progress func(done, total int64)
}

// ExportReport says what ExportFile wrote.
type ExportReport struct {
	Output     string  `json:"output"`
	Format     string  `json:"format"`
	SampleRate int     `json:"sampleRate"`
	Frames     int64   `json:"frames"`
	Duration   float64 `json:"duration"`
	Tracks     int     `json:"tracks"`
	Objects    int     `json:"objects"`
	Beds       int     `json:"beds"`
}

// exportBlock is the block size, in frames, of the export's streaming.
const exportBlock = 4096

// ExportFile writes scene s as an ADM BW64 master at out: the chna and
// axml of FromScene, and the stems streamed block by block in
// Export.Tracks order (each object's mono stem and each bed's channels,
// placed at their start on the scene timeline, silence elsewhere). The
// file is written atomically.
func ExportFile(s *objects.Scene, out string, opt ExportOptions) (*ExportReport, error) {
	if opt.Open == nil {
		opt.Open = func(path string) (Stem, error) { return encoders.Open(path) }
	}
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	if opt.BitDepth != 16 && opt.BitDepth != 24 && opt.BitDepth != 32 {
		return nil, fmt.Errorf("adm: export %s: bit depth %d; use 16, 24 or 32 (float)", out, opt.BitDepth)
	}
	tl, err := s.CheckStems(func(path string) (objects.StemInfo, error) {
		st, err := opt.Open(path)
		if err != nil {
			return objects.StemInfo{}, err
		}
		defer st.Close()
		return objects.StemInfo{Channels: st.Channels(), SampleRate: st.SampleRate(), Frames: st.Length()}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("adm: %w", err)
	}
	if tl.Frames == 0 {
		return nil, fmt.Errorf("adm: export of %s: the stems hold no audio", s.Name())
	}
	e, err := FromScene(s, tl.SampleRate, tl.Frames)
	if err != nil {
		return nil, err
	}
	x := &exporter{e: e, s: s, tl: tl}
	defer x.close()
	if err := x.open(opt.Open); err != nil {
		return nil, err
	}
	w, err := e.Create(out, encoders.Format{BitDepth: opt.BitDepth, Float: opt.BitDepth == 32},
		encoders.WriteOptions{Overwrite: opt.Overwrite, ForceDS64: opt.ForceDS64})
	if err != nil {
		return nil, fmt.Errorf("adm: %w", err)
	}
	buf := dsp.NewBuffer(len(e.Tracks), exportBlock)
	view := make([][]float32, len(buf))
	for pos := int64(0); pos < tl.Frames; {
		n := int(min(exportBlock, tl.Frames-pos))
		if err := x.fill(buf, pos, n); err != nil {
			w.Abort()
			return nil, err
		}
		if err := w.Write(dsp.Slice(view, buf, 0, n)); err != nil {
			w.Abort()
			return nil, fmt.Errorf("adm: export %s: %w", out, err)
		}
		pos += int64(n)
		if opt.Progress != nil {
			opt.Progress(pos, tl.Frames)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("adm: %w", err)
	}
	f := encoders.Format{SampleRate: tl.SampleRate, Channels: len(e.Tracks), BitDepth: opt.BitDepth, Float: opt.BitDepth == 32}
	return &ExportReport{Output: out, Format: f.String(), SampleRate: tl.SampleRate, Frames: tl.Frames,
		Duration: float64(tl.Frames) / float64(tl.SampleRate), Tracks: len(e.Tracks), Objects: len(s.Objects), Beds: len(s.Beds)}, nil
}

// exporter streams the stems of a scene into the tracks of its export.
type exporter struct {
	e       *Export
	s       *objects.Scene
	tl      *objects.Timeline
	objs    []Stem
	beds    []Stem
	bedBuf  [][][]float32
	objView [][]float32
	bedView [][][]float32
}

func (x *exporter) open(open func(string) (Stem, error)) error {
	for i := range x.s.Objects {
		o := &x.s.Objects[i]
		st, err := open(x.s.Path(o.File))
		if err != nil {
			return fmt.Errorf("adm: export of %s: object %q: %w", x.s.Name(), o.Name, err)
		}
		x.objs = append(x.objs, st)
	}
	for i := range x.s.Beds {
		b := &x.s.Beds[i]
		st, err := open(x.s.Path(b.File))
		if err != nil {
			return fmt.Errorf("adm: export of %s: bed %q: %w", x.s.Name(), b.Name, err)
		}
		x.beds = append(x.beds, st)
		x.bedBuf = append(x.bedBuf, dsp.NewBuffer(st.Channels(), exportBlock))
		x.bedView = append(x.bedView, make([][]float32, st.Channels()))
	}
	x.objView = make([][]float32, 1)
	return nil
}

func (x *exporter) close() {
	for _, st := range x.objs {
		st.Close()
	}
	for _, st := range x.beds {
		st.Close()
	}
}

// readInto reads frames [a, z) of the scene timeline from a stem that
// starts at start and lasts frames into dst (the block's channels, block
// starting at pos), leaving silence outside the stem.
func readInto(st Stem, dst, view [][]float32, pos int64, n int, start, frames int64) error {
	for _, d := range dst {
		clear(d[:n])
	}
	a, z := max(pos, start), min(pos+int64(n), start+frames)
	if a >= z {
		return nil
	}
	for got := 0; got < int(z-a); {
		for c, d := range dst {
			view[c] = d[a-pos+int64(got) : z-pos]
		}
		m, err := st.Read(view)
		got += m
		if errors.Is(err, io.EOF) || errors.Is(err, encoders.ErrTruncated) {
			return nil // a stem shorter than it said ends in silence
		}
		if err != nil {
			return err
		}
		if m == 0 {
			return errors.New("a stem returned no frames and no error")
		}
	}
	return nil
}

// fill puts the frames [pos, pos+n) of every track into buf.
func (x *exporter) fill(buf [][]float32, pos int64, n int) error {
	rate := x.tl.SampleRate
	for bi, st := range x.beds {
		b := &x.s.Beds[bi]
		if err := readInto(st, x.bedBuf[bi], x.bedView[bi], pos, n, objects.SampleIndex(b.Start, rate), x.tl.BedFrames[bi]); err != nil {
			return fmt.Errorf("adm: export: bed %q: %w", b.Name, err)
		}
	}
	for t, tr := range x.e.Tracks {
		if tr.Object >= 0 {
			o := &x.s.Objects[tr.Object]
			if err := readInto(x.objs[tr.Object], buf[t:t+1], x.objView, pos, n, objects.SampleIndex(o.Start, rate), x.tl.ObjectFrames[tr.Object]); err != nil {
				return fmt.Errorf("adm: export: object %q: %w", o.Name, err)
			}
			continue
		}
		copy(buf[t][:n], x.bedBuf[tr.Bed][tr.Channel][:n])
	}
	return nil
}
