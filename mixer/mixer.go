package mixer

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"immerse/dsp"
)

// Mixer mixes a session to stereo. It is a dsp.Source: Read returns the
// master's output block by block, io.EOF at the end. Memory does not grow
// with the duration: every buffer is allocated by New, and Read allocates
// nothing.
//
// The output is aligned with the stems: the latency of lookahead dynamics
// and oversampled saturation is compensated (every path into a strip is
// delayed to the slowest one, and the master's total latency is dropped
// from the start), and the mix runs on for the tail after the last stem
// ends. A Mixer is not safe for concurrent use.
type Mixer struct {
	s      *Session
	rate   int
	stems  []Stem
	order  []*strip // processing order (topological)
	tracks []*strip // session order
	buses  []*strip
	master *strip

	latency int   // the master's latency, dropped from the start
	tail    int64 // frames after the content end
	end     int64 // content end (timeline frames); -1 until known
	total   int64 // output frames; -1 until known
	pos     int64 // stream frame of the next block
	emitted int64
	outFrom int // unread part of master.post
	outTo   int

	pool     *pool // nil: single-threaded
	warnings []string
	err      error
	closed   bool
	flushed  bool
}

var _ dsp.Source = (*Mixer)(nil)

// New opens the session's stems with open (nil: OpenFile, paths resolved
// with Session.Path), checks them against the session (mono or stereo, one
// sample rate, the session's when it gives one), builds every insert and
// sets up the routing with latency compensation. Errors about the session
// (and stems that do not fit it) match ErrInvalid.
func New(s *Session, open OpenFunc, cfg Config) (*Mixer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if open == nil {
		open = OpenFile
	}
	if math.IsNaN(cfg.TailSeconds) || cfg.TailSeconds > MaxTailSeconds {
		return nil, fmt.Errorf("mixer: tail %g s; use up to %d s (0 = automatic, negative = none)", cfg.TailSeconds, MaxTailSeconds)
	}
	m := &Mixer{s: s, stems: make([]Stem, len(s.Tracks)), end: -1, total: -1}
	rate, err := m.openStems(open)
	if err != nil {
		m.Close()
		return nil, err
	}
	m.rate = rate
	order, err := buildGraph(s).order()
	if err != nil {
		m.Close()
		return nil, invalid(s, err)
	}
	if err := m.build(order, cfg); err != nil {
		m.Close()
		return nil, err
	}
	m.planWaves(cfg.Workers)
	tail := cfg.TailSeconds
	if tail == 0 {
		tail = s.AutoTail()
	}
	m.tail = int64(math.Round(math.Max(0, tail) * float64(rate)))
	// The content ends with the last active stem; known now if every
	// active stem states its length.
	end := int64(0)
	for i, st := range m.tracks {
		if !st.active {
			m.stems[i].Close()
			m.stems[i], st.stem = nil, nil
			continue
		}
		n := st.stem.Length()
		if n < 0 {
			end = -1
			break
		}
		end = max(end, n)
	}
	if end >= 0 {
		m.end, m.total = end, end+m.tail
	}
	m.warn()
	return m, nil
}

func (m *Mixer) warn() {
	var soloed, keyOnly []string
	any := false
	for i, st := range m.tracks {
		t := &m.s.Tracks[i]
		if t.Solo {
			soloed = append(soloed, t.Name)
		}
		if st.active && !st.audible {
			keyOnly = append(keyOnly, t.Name)
		}
		any = any || st.audible
	}
	if len(soloed) > 0 {
		m.warnings = append(m.warnings, fmt.Sprintf("solo is on (%s): every other track is muted", strings.Join(soloed, ", ")))
	}
	if !any {
		m.warnings = append(m.warnings, "every track is muted: the mix is silent")
	}
	for _, n := range keyOnly {
		m.warnings = append(m.warnings, fmt.Sprintf("track %q is muted but keys a sidechain: it is processed, not heard", n))
	}
}

// Channels is 2: the master is stereo.
func (m *Mixer) Channels() int { return 2 }

// SampleRate is the mix's sample rate in Hz.
func (m *Mixer) SampleRate() int { return m.rate }

// Length is the number of frames Read returns in all (the longest active
// stem plus the tail), or -1 when a stem does not state its length.
func (m *Mixer) Length() int64 { return m.total }

// Latency is the delay, in frames, of the slowest path to the master
// (lookahead, oversampling); Read compensates it.
func (m *Mixer) Latency() int { return m.latency }

// TailFrames is the number of frames mixed after the last stem ends.
func (m *Mixer) TailFrames() int64 { return m.tail }

// Warnings lists things the user should know about the session (solo on,
// everything muted, …).
func (m *Mixer) Warnings() []string { return append([]string(nil), m.warnings...) }

// Read mixes the next frames into dst (two channels) and returns how many;
// io.EOF after the last one. Errors (a stem that fails to read) are
// sticky.
func (m *Mixer) Read(dst [][]float32) (int, error) {
	return m.ReadTapped(dst, Taps{})
}

// step mixes one internal block and sets the readable part of it.
func (m *Mixer) step() error {
	if m.closed {
		return errors.New("mixer: Read after Close")
	}
	for _, st := range m.buses {
		dsp.Clear(st.buf)
	}
	dsp.Clear(m.master.buf)
	if m.pool != nil {
		m.pool.run(m.pos)
		for _, w := range m.pool.waves {
			for _, st := range w {
				if st.err != nil {
					return st.err
				}
			}
		}
	}
	for _, st := range m.order {
		if !st.active {
			continue
		}
		if st.parallel {
			if m.pool == nil {
				if err := m.processTrack(st, m.pos); err != nil {
					return err
				}
			}
			if st.audible {
				st.emit()
			}
			continue
		}
		if st.kind == trackStrip {
			if err := m.readStem(st, m.pos); err != nil {
				return err
			}
		}
		st.runInserts(m.pos)
		if st.audible {
			st.fader(m.pos)
			st.emit()
		}
	}
	if m.end < 0 {
		end := int64(0)
		for _, st := range m.tracks {
			if st.active && st.stemEnd < 0 {
				end = -1
				break
			}
			if st.active {
				end = max(end, st.stemEnd)
			}
		}
		if end >= 0 {
			m.end, m.total = end, end+m.tail
		}
	}
	// Stream frames [pos, pos+B) are output frames [pos-L, pos+B-L).
	lo := max(m.pos, int64(m.latency))
	hi := m.pos + blockFrames
	if m.total >= 0 {
		hi = min(hi, m.total+int64(m.latency))
	}
	m.outFrom = int(lo - m.pos)
	m.outTo = max(m.outFrom, int(hi-m.pos))
	for _, st := range m.order {
		if st.audible && st.meter != nil {
			from, to := m.meterRange(st)
			st.meter.add(st.post, from, to)
		}
	}
	m.pos += blockFrames
	return nil
}

// meterRange is the part of the block where the strip's output belongs
// to the mix's duration (timeline frames [0, total)).
func (m *Mixer) meterRange(st *strip) (int, int) {
	lo := max(m.pos, int64(st.lat))
	hi := m.pos + blockFrames
	if m.total >= 0 {
		hi = min(hi, m.total+int64(st.lat))
	}
	from := int(lo - m.pos)
	return from, max(from, int(hi-m.pos))
}

// readStem reads the track's block at stream frame pos; after its end the
// block is silent.
func (m *Mixer) readStem(st *strip, pos int64) error {
	if st.stemEnd >= 0 {
		dsp.Clear(st.buf)
		return nil
	}
	n, err := readFull(st.stem, st.buf, &st.readHdr)
	if err != nil {
		return fmt.Errorf("mixer: %s: %s: reading the stem: %w", m.s.Name(), st.label, err)
	}
	if n < blockFrames {
		for _, ch := range st.buf {
			clear(ch[n:])
		}
		st.stemEnd = pos + int64(n)
	}
	if st.invert {
		for _, ch := range st.buf {
			for i := range ch {
				ch[i] = -ch[i]
			}
		}
	}
	return nil
}

// readFull reads until buf is full or the stream ends, reusing *hdr for
// the views of partial reads (no allocation after the first).
func readFull(src dsp.Source, buf [][]float32, hdr *[][]float32) (int, error) {
	want := dsp.Frames(buf)
	n, idle := 0, 0
	for n < want {
		view := buf
		if n > 0 {
			*hdr = dsp.Slice(*hdr, buf, n, want)
			view = *hdr
		}
		k, err := src.Read(view)
		n += k
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if k == 0 {
			if idle++; idle > 100 {
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}

// Meters returns the levels each track, bus and the master put out so far
// (all of the mix once Read has returned io.EOF).
func (m *Mixer) Meters() (tracks, buses []StripMeter, master StripMeter) {
	res := func(st *strip) StripMeter {
		if st.meter == nil || !st.audible {
			return (&meter{}).result(st.name, !st.audible)
		}
		return st.meter.result(st.name, false)
	}
	for _, st := range m.tracks {
		tracks = append(tracks, res(st))
	}
	for _, st := range m.buses {
		buses = append(buses, res(st))
	}
	return tracks, buses, res(m.master)
}

// Close closes the stems and stops the workers. Reads after Close fail.
func (m *Mixer) Close() error {
	if m.closed {
		return nil
	}
	m.closed = true
	if m.pool != nil {
		m.pool.stop()
	}
	var first error
	for i, st := range m.stems {
		if st == nil {
			continue
		}
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		m.stems[i] = nil
	}
	return first
}
