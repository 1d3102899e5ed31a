package mixer

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"immerse/dsp"
	"immerse/encoders"
)

// DefaultHeadroomDB is the headroom a mix headed to mastering is usually
// delivered with: peaks at or under -6 dBFS.
const DefaultHeadroomDB = 6.0

// CeilingWarnDB is the master peak level above which MixFile always warns:
// lossy encoding and sample-rate conversion can push peaks above it over
// full scale.
const CeilingWarnDB = -1.0

// FileOptions controls MixFile.
type FileOptions struct {
	Config
	// BitDepth of the output: 16, 24 (default) or 32 (32-bit float, WAV
	// only).
	BitDepth int
	// Overwrite replaces an existing output file.
	Overwrite bool
	// Open opens stems (default OpenFile).
	Open OpenFunc
	// HeadroomDB, when positive, is the headroom the master must keep: a
	// peak above -HeadroomDB dBFS is reported as a warning.
	HeadroomDB float64
	// Progress, when set, is called after each block with the frames done
	// and the total (-1 while the total is not known).
	Progress func(done, total int64)
}

// Report says what MixFile did: the file, and the levels of every track,
// bus and the master.
type Report struct {
	// Session is the session's name (its file), Output the file written.
	Session string `json:"session"`
	Output  string `json:"output"`
	// Format describes the output samples ("48000 Hz, 2 ch, 24-bit PCM").
	Format     string `json:"format"`
	SampleRate int    `json:"sampleRate"`
	// Frames and Duration (seconds) of the output, tail included.
	Frames   int64   `json:"frames"`
	Duration float64 `json:"duration"`
	// LatencyFrames is the compensated latency of the slowest path.
	LatencyFrames int `json:"latencyFrames"`
	// TailSeconds is the time mixed after the last stem ended.
	TailSeconds float64 `json:"tailSeconds"`
	// Tracks and Buses in session order, and the master (with its true
	// peak when Config.TruePeak is set).
	Tracks []StripMeter `json:"tracks"`
	Buses  []StripMeter `json:"buses"`
	Master StripMeter   `json:"master"`
	// HeadroomTargetDB is the headroom asked for (0: not checked).
	HeadroomTargetDB float64 `json:"headroomTargetDB,omitempty"`
	// Clipped counts master samples over full scale: integer formats
	// clipped them, float output kept them (ClipsKept).
	Clipped   int64 `json:"clippedSamples"`
	ClipsKept bool  `json:"clipsKept"`
	// Warnings about levels (master above -1 dBFS, under the headroom
	// target, clipping) and the session (solo on, all muted).
	Warnings []string `json:"warnings,omitempty"`
	// Seconds is the wall-clock time of the mix; RealTimeFactor the
	// duration mixed per second of it.
	Seconds        float64 `json:"mixSeconds"`
	RealTimeFactor float64 `json:"realTimeFactor"`
}

// MixFile mixes the session to a stereo file at out (WAV by default,
// FLAC for .flac) at the session's rate, atomically: a failed mix leaves
// no file, and an existing file is only replaced with Overwrite.
func MixFile(s *Session, out string, opt FileOptions) (*Report, error) {
	begin := time.Now()
	if opt.BitDepth == 0 {
		opt.BitDepth = 24
	}
	isFLAC := strings.EqualFold(filepath.Ext(out), ".flac")
	switch {
	case opt.BitDepth != 16 && opt.BitDepth != 24 && opt.BitDepth != 32:
		return nil, fmt.Errorf("mixer: --bits %d: use 16, 24 or 32 (32 = float)", opt.BitDepth)
	case isFLAC && opt.BitDepth == 32:
		return nil, fmt.Errorf("mixer: %s: FLAC holds 16 or 24-bit integers; use --bits 24, or a .wav output for 32-bit float", out)
	case math.IsNaN(opt.HeadroomDB) || opt.HeadroomDB < 0 || opt.HeadroomDB > 60:
		return nil, fmt.Errorf("mixer: headroom %g dB; give 0 (no check) to 60 dB", opt.HeadroomDB)
	}
	m, err := New(s, opt.Open, opt.Config)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	format := encoders.Format{SampleRate: m.SampleRate(), Channels: 2, BitDepth: opt.BitDepth, Float: opt.BitDepth == 32}
	w, err := encoders.Create(out, format, encoders.WriteOptions{Overwrite: opt.Overwrite})
	if err != nil {
		return nil, fmt.Errorf("mixer: %w", err)
	}
	buf := dsp.NewBuffer(2, 4096)
	var done int64
	for {
		n, rerr := m.Read(buf)
		if n > 0 {
			if err := w.Write([][]float32{buf[0][:n], buf[1][:n]}); err != nil {
				w.Abort()
				return nil, fmt.Errorf("mixer: write %s: %w", out, err)
			}
			done += int64(n)
			if opt.Progress != nil {
				opt.Progress(done, m.Length())
			}
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
		return nil, fmt.Errorf("mixer: %w", err)
	}
	rep := &Report{Session: s.Name(), Output: out, Format: format.String(), SampleRate: m.SampleRate(),
		Frames: done, Duration: float64(done) / float64(m.SampleRate()), LatencyFrames: m.Latency(),
		TailSeconds: float64(m.TailFrames()) / float64(m.SampleRate()), HeadroomTargetDB: opt.HeadroomDB,
		ClipsKept: format.Float, Warnings: m.Warnings()}
	rep.Tracks, rep.Buses, rep.Master = m.Meters()
	for _, c := range w.Clipped() {
		rep.Clipped += c
	}
	rep.Warnings = append(rep.Warnings, levelWarnings(rep, opt.HeadroomDB)...)
	rep.Seconds = time.Since(begin).Seconds()
	if rep.Seconds > 0 {
		rep.RealTimeFactor = rep.Duration / rep.Seconds
	}
	return rep, nil
}

// levelWarnings checks the master against full scale, the -1 dBFS ceiling
// and the headroom target, and the strips for clipping.
func levelWarnings(r *Report, headroomDB float64) []string {
	var w []string
	ma := r.Master
	peak := ma.PeakDBFS
	what := "peaks"
	if ma.TruePeakDBTP != nil {
		peak, what = *ma.TruePeakDBTP, "true-peaks"
	}
	switch {
	case ma.Clipped > 0:
		how := "clipped in the integer output"
		if r.ClipsKept {
			how = "kept in the float output"
		}
		w = append(w, fmt.Sprintf("master: %d samples over full scale were %s; lower the master gain by at least %.1f dB", ma.Clipped, how, ma.PeakDBFS))
	case peak > CeilingWarnDB:
		w = append(w, fmt.Sprintf("master %s at %.2f dBFS, above %g dBFS: encoding and resampling may clip it; lower the master gain", what, peak, CeilingWarnDB))
	}
	if headroomDB > 0 && -peak < headroomDB && ma.PeakDBFS > dsp.MinDB {
		w = append(w, fmt.Sprintf("master %s at %.2f dBFS: %.2f dB of headroom, under the %g dB asked for; lower the master gain by %.2f dB", what, peak, -peak, headroomDB, headroomDB+peak))
	}
	if ma.PeakDBFS <= dsp.MinDB {
		w = append(w, "the mix is silent")
	}
	for _, group := range [][]StripMeter{r.Tracks, r.Buses} {
		for _, st := range group {
			if st.Clipped > 0 {
				w = append(w, fmt.Sprintf("%s: %d samples over full scale inside the mix (peak %.2f dBFS); the float mix kept them, but lower its gain for healthy gain staging", st.Name, st.Clipped, st.PeakDBFS))
			}
		}
	}
	return w
}
