package cleanup

import (
	"math"

	"immerse/dsp"
)

// Stripper turns quiet stretches into digital silence (strip silence).
//
// A frame is quiet when the magnitude of every channel is below the
// threshold. A run of quiet frames [s, e) at least MinSilenceMs long
// becomes silent in [s+post+fade, e−pre−fade) — exact zeros — with a
// raised-cosine fade-out over the fade frames before that and a fade-in
// over the fade frames after it; every other sample passes bit for bit.
// So the post-roll after a sound and the pre-roll before the next one
// keep their quiet audio (reverb tails, breaths) and the fades act only on
// quiet samples. A run at the very start of the stream is silenced from
// frame 0 (no post-roll, no fade-out). The stream keeps its length: the
// Stripper only delays it by Latency frames, the lookahead it needs to
// know how long a quiet run lasts.
type Stripper struct {
	p                     StripParams
	rate, channels        int
	thr                   float32
	minN, pre, post, fade int
	lat                   int
	ring                  [][]float32 // delay line per channel
	pos                   int
	in                    int64    // input frames seen
	runStart              int64    // start of the current quiet run, -1 while loud
	pending               []Region // completed runs that still affect the output
	npending              int
	fadeIn                []float32 // gain of fade-in frame k; fade-out uses it reversed
	log                   eventLog[Region]
}

// NewStripper returns a strip-silence processor for channels at rate.
func NewStripper(p StripParams, rate, channels int) (*Stripper, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkRate("strip silence", rate, channels); err != nil {
		return nil, err
	}
	s := &Stripper{p: p, rate: rate, channels: channels,
		thr:  float32(dsp.DBToGain(p.ThresholdDB)),
		minN: max(1, msFrames(p.MinSilenceMs, rate)), pre: msFrames(p.PreRollMs, rate),
		post: msFrames(p.PostRollMs, rate), fade: msFrames(p.FadeMs, rate), log: newEventLog[Region]()}
	// The lookahead: enough to know, at the first faded frame, that the
	// run is long enough and that its silent part is not empty, and to
	// know where the run ends at the first frame of the fade-in.
	s.lat = s.minN + s.pre + 2*s.fade
	s.ring = dsp.NewBuffer(channels, s.lat)
	// Runs are at least minN long and one loud frame apart, and a run stays
	// pending for at most lat + fade frames after it ends.
	s.pending = make([]Region, (s.lat+s.fade)/(s.minN+1)+2)
	s.fadeIn = make([]float32, s.fade)
	for k := range s.fadeIn {
		v := math.Sin(math.Pi / 2 * float64(k+1) / float64(s.fade+1))
		s.fadeIn[k] = float32(v * v)
	}
	s.Reset()
	return s, nil
}

// Params returns the parameters.
func (s *Stripper) Params() StripParams { return s.p }

// Latency is the lookahead in frames: MinSilenceMs + PreRollMs + 2·FadeMs.
func (s *Stripper) Latency() int { return s.lat }

// Reset clears the delay line and the detection state.
func (s *Stripper) Reset() {
	dsp.Clear(s.ring)
	s.pos, s.in, s.runStart, s.npending = 0, 0, -1, 0
	s.log.reset()
}

// zone returns the silent part [zs, ze) of the quiet run [start, end)
// (end < 0: still open, ze = MaxInt64) and whether it is not empty.
func (s *Stripper) zone(start, end int64) (zs, ze int64, ok bool) {
	zs = start + int64(s.post+s.fade)
	if start == 0 {
		zs = 0
	}
	if end < 0 {
		return zs, math.MaxInt64, true
	}
	ze = end - int64(s.pre+s.fade)
	return zs, ze, ze > zs
}

// endRun closes the quiet run that ends at frame end.
func (s *Stripper) endRun(end int64) {
	if end-s.runStart >= int64(s.minN) {
		if zs, ze, ok := s.zone(s.runStart, end); ok {
			if s.npending < len(s.pending) {
				s.pending[s.npending] = Region{zs, ze}
				s.npending++
			}
			s.log.add(Region{zs, ze})
		}
	}
	s.runStart = -1
}

// gain returns the gain of input frame n (1, 0 or a fade value) and
// whether it is exactly 1.
func (s *Stripper) gain(n int64) (float32, bool) {
	// Drop regions wholly in the past.
	for s.npending > 0 && s.pending[0].End+int64(s.fade) <= n {
		copy(s.pending, s.pending[1:s.npending])
		s.npending--
	}
	for i := 0; i < s.npending; i++ {
		if g, one := s.zoneGain(n, s.pending[i].Start, s.pending[i].End); !one {
			return g, false
		}
	}
	if s.runStart >= 0 && s.in-s.runStart >= int64(s.minN) {
		zs, ze, _ := s.zone(s.runStart, -1)
		return s.zoneGain(n, zs, ze)
	}
	return 1, true
}

// zoneGain is the gain of frame n for the silent part [zs, ze).
func (s *Stripper) zoneGain(n, zs, ze int64) (float32, bool) {
	f := int64(s.fade)
	switch {
	case n < zs-f || (zs == 0 && n < 0):
		return 1, true
	case n < zs:
		return s.fadeIn[zs-1-n], false
	case n < ze:
		return 0, false
	case n < ze+f:
		return s.fadeIn[n-ze], false
	}
	return 1, true
}

// Process silences the quiet stretches of src into dst (delayed by
// Latency frames). dst and src may alias.
func (s *Stripper) Process(dst, src [][]float32) {
	dsp.CheckShape("cleanup: strip silence", dst, src, s.channels)
	n := dsp.Frames(src)
	for i := 0; i < n; i++ {
		loud := false
		for c := range src {
			v := src[c][i]
			if v >= s.thr || -v >= s.thr {
				loud = true
				break
			}
		}
		if loud {
			if s.runStart >= 0 {
				s.endRun(s.in)
			}
		} else if s.runStart < 0 {
			s.runStart = s.in
		}
		s.in++
		g, one := s.gain(s.in - 1 - int64(s.lat))
		for c := range src {
			v := s.ring[c][s.pos]
			s.ring[c][s.pos] = src[c][i]
			switch {
			case one:
				dst[c][i] = v
			case g == 0:
				dst[c][i] = 0
			default:
				dst[c][i] = v * g
			}
		}
		if s.pos++; s.pos == s.lat {
			s.pos = 0
		}
	}
}

// TakeRegions appends the silenced regions (frames of the input stream,
// the exact-zero part without the fades) completed since the last call
// to dst and returns it. See also OpenRegion.
func (s *Stripper) TakeRegions(dst []Region) []Region { return s.log.take(dst) }

// OpenRegion returns the silent part of the quiet run still in progress
// (End = -1: it lasts to the end of the stream so far), if that run is
// already long enough to be silenced.
func (s *Stripper) OpenRegion() (Region, bool) {
	if s.runStart < 0 || s.in-s.runStart < int64(s.minN) {
		return Region{}, false
	}
	zs, _, _ := s.zone(s.runStart, -1)
	return Region{zs, -1}, true
}

// Dropped counts regions not kept because more than EventCapacity were
// pending between two TakeRegions calls.
func (s *Stripper) Dropped() int64 { return s.log.dropped }
