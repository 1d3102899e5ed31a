package encoders

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// WriteOptions control Create.
type WriteOptions struct {
	// Overwrite replaces an existing file. Without it Create refuses an
	// existing path (the error wraps fs.ErrExist).
	Overwrite bool
	// Container selects the file type; 0 picks it from the extension
	// (.wav/.wave -> WAV, .rf64 -> RF64, .bw64 -> BW64, .flac -> FLAC).
	// RF64 and BW64 always carry a ds64 chunk; WAV is upgraded to RF64 (or
	// BW64, see below) only when the file passes 4 GiB.
	Container Container
	// BW64 makes a WAV file that needs a ds64 chunk (over 4 GiB, or with
	// ForceDS64) say "BW64" (ITU-R BS.2088) instead of "RF64".
	BW64 bool
	// Chunks are extra RIFF chunks for the WAV family. "chna" and "bext"
	// go before the data chunk, all others (e.g. "axml") after it, each in
	// the order given. Not allowed for FLAC.
	Chunks []Chunk
	// ForceDS64 writes an RF64/BW64 header with ds64 whatever the size.
	ForceDS64 bool
}

// sampleSink is the container-specific part of a Writer.
type sampleSink interface {
	// write encodes frames [0, n) of src.
	write(src [][]float32, n int) error
	// finish completes the file's headers after the last frame.
	finish(frames int64) error
}

// Writer writes a WAV-family or FLAC file atomically: samples go to a
// temporary file in the destination directory, which Close renames onto the
// destination. Until then (and after any error or Abort) the destination is
// untouched. A Writer is not safe for concurrent use.
type Writer struct {
	path, tmp string
	file      *os.File
	overwrite bool
	format    Format
	sink      sampleSink
	clipped   []int64
	peak      []float32
	frames    int64
	err       error // sticky; the temp file is already gone
	done      bool  // Close or Abort ran
}

// Create starts writing an audio file at path. See WriteOptions for the
// container and chunks, and the package documentation for how floats are
// converted to integers.
func Create(path string, f Format, opt WriteOptions) (*Writer, error) {
	c := opt.Container
	if c == 0 {
		if c = containerFromExt(path); c == 0 {
			return nil, errorf(ErrUnsupported, path, "cannot tell the container from the extension %q; use .wav, .rf64, .bw64 or .flac, or set WriteOptions.Container", filepath.Ext(path))
		}
	}
	if err := checkWriteFormat(path, f, c, opt.Chunks); err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return nil, errorf(nil, path, "is a directory; give a file name for the output")
		}
		if !opt.Overwrite {
			return nil, wrapf(nil, fs.ErrExist, path, "the output file already exists; use --force (WriteOptions.Overwrite) to replace it")
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	file, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, wrapf(nil, err, path, "cannot create a temporary file next to the output")
	}
	w := &Writer{
		path: path, tmp: file.Name(), file: file, overwrite: opt.Overwrite, format: f,
		clipped: make([]int64, f.Channels), peak: make([]float32, f.Channels),
	}
	ws := &writeSeeker{f: file, bw: bufio.NewWriterSize(file, 256<<10)}
	if c == FLAC {
		w.sink, err = newFLACSink(ws, f, path)
	} else {
		w.sink, err = newWAVSink(ws, f, c, opt, path)
	}
	if err != nil {
		w.fail(err)
		return nil, err
	}
	return w, nil
}

// Write appends one planar block: src[c] holds the samples of channel c,
// all of the same length. Integer formats clip to full scale (see Clipped);
// float keeps values beyond ±1. An I/O error is sticky and removes the
// temporary file.
func (w *Writer) Write(src [][]float32) error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return errorf(nil, w.path, "Write after Close or Abort")
	}
	if len(src) != w.format.Channels {
		return errorf(nil, w.path, "Write got %d channels, the file has %d", len(src), w.format.Channels)
	}
	n := len(src[0])
	for c, s := range src {
		if len(s) != n {
			return errorf(nil, w.path, "Write got %d frames in channel %d but %d in channel 0", len(s), c, n)
		}
		pk, clip := w.peak[c], int64(0)
		for _, x := range s {
			a := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
			if a > pk {
				pk = a
			}
			if a > 1 {
				clip++
			}
		}
		w.peak[c] = pk
		w.clipped[c] += clip
	}
	if err := w.sink.write(src, n); err != nil {
		w.fail(err)
		return err
	}
	w.frames += int64(n)
	return nil
}

// Clipped returns, per channel, how many samples had |x| > 1. Integer
// formats clipped them to full scale; float files store them unchanged.
func (w *Writer) Clipped() []int64 { return slices.Clone(w.clipped) }

// Peak returns, per channel, the largest |x| written (before clipping).
func (w *Writer) Peak() []float64 {
	p := make([]float64, len(w.peak))
	for c, v := range w.peak {
		p[c] = float64(v)
	}
	return p
}

// Frames returns the number of frames written so far.
func (w *Writer) Frames() int64 { return w.frames }

// Close finalises the headers, syncs the data to disk and renames the
// temporary file onto the destination. After an error there is no file at
// the destination (an existing one is left as it was). Calling Close again
// returns the first result.
func (w *Writer) Close() error {
	if w.done {
		return w.err
	}
	w.done = true
	if w.err != nil {
		return w.err
	}
	err := w.sink.finish(w.frames)
	if err == nil {
		err = w.file.Chmod(0o644)
	}
	if err == nil {
		err = w.file.Sync()
	}
	if cerr := w.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.publish()
	}
	if err != nil {
		os.Remove(w.tmp)
		if _, ok := err.(*Error); !ok {
			err = wrapf(nil, err, w.path, "finishing the file")
		}
		w.err = err
		return err
	}
	syncDir(filepath.Dir(w.path))
	return nil
}

// publish moves the finished temporary file to the destination. Without
// Overwrite it links (which fails if the destination appeared meanwhile)
// rather than renames, so a file created by someone else is never replaced.
func (w *Writer) publish() error {
	if w.overwrite {
		return os.Rename(w.tmp, w.path)
	}
	err := os.Link(w.tmp, w.path)
	if errors.Is(err, fs.ErrExist) {
		return wrapf(nil, fs.ErrExist, w.path, "the output file appeared while writing; use --force (WriteOptions.Overwrite) to replace it")
	}
	if err != nil { // no hard links on this file system
		if _, serr := os.Lstat(w.path); serr == nil {
			return wrapf(nil, fs.ErrExist, w.path, "the output file appeared while writing; use --force (WriteOptions.Overwrite) to replace it")
		}
		return os.Rename(w.tmp, w.path)
	}
	os.Remove(w.tmp) // the data is already published under its name
	return nil
}

// Abort discards the temporary file; the destination is left untouched.
// Abort after a successful Close does nothing.
func (w *Writer) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.err != nil {
		return nil // already removed
	}
	w.file.Close()
	if err := os.Remove(w.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return wrapf(nil, err, w.path, "removing the temporary file %s", w.tmp)
	}
	return nil
}

// fail records a sticky error and removes the temporary file.
func (w *Writer) fail(err error) {
	w.err = err
	w.file.Close()
	os.Remove(w.tmp)
}

// syncDir makes a rename durable; errors are ignored (not every file system
// can sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// writeSeeker buffers writes to a file and flushes before seeking.
type writeSeeker struct {
	f   *os.File
	bw  *bufio.Writer
	pos int64 // logical position
}

func (s *writeSeeker) Write(p []byte) (int, error) {
	n, err := s.bw.Write(p)
	s.pos += int64(n)
	return n, err
}

func (s *writeSeeker) Seek(off int64, whence int) (int64, error) {
	if err := s.bw.Flush(); err != nil {
		return s.pos, err
	}
	p, err := s.f.Seek(off, whence)
	if err == nil {
		s.pos = p
	}
	return p, err
}

// Flush writes the buffered bytes to the file.
func (s *writeSeeker) Flush() error { return s.bw.Flush() }

var _ io.WriteSeeker = (*writeSeeker)(nil)
