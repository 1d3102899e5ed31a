package saturate

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/filter"
	"immerse/dsp/oversample"
)

// chunk is the number of base frames processed per pass.
const chunk = 64

// Saturator is a waveshaper: wet = trim·curve(drive·x), computed at
// Oversample times the sample rate (package oversample: half-band stages,
// ≥ 90 dB alias rejection), then out = (1−mix)·dry + mix·wet with the dry
// path delayed by the oversampling latency, so that the two line up.
// Drive, trim and mix ramp per sample when set (dsp.RampSeconds).
// Latency is the oversampler's round trip (74 frames at 4×, 0 at 1×).
type Saturator struct {
	p        Params
	channels int
	os       *oversample.Oversampler
	drive    dsp.Ramp
	trim     dsp.Ramp
	mix      dsp.Ramp
	dry      [][]float32 // delay ring for the dry path
	dryPos   int
	dc       filter.Coeffs // 5 Hz high-pass for the asymmetric curve
	dcState  []filter.State
	up       [][]float32 // chunk·factor scratch
	wet      [][]float32 // chunk scratch
	driveBuf [chunk]float64
	trimBuf  [chunk]float64
	mixBuf   [chunk]float64
	inHdr    [][]float32
	upHdr    [][]float32
	wetHdr   [][]float32
}

// New returns a saturator for channels channels at sampleRate.
func New(p Params, sampleRate, channels int) (*Saturator, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 || sampleRate <= 0 {
		return nil, fmt.Errorf("saturate: %d channels at %d Hz; need at least 1 channel and a positive rate", channels, sampleRate)
	}
	os, err := oversample.New(channels, oversample.Config{Factor: p.Oversample})
	if err != nil {
		return nil, fmt.Errorf("saturate: %w", err)
	}
	ramp := dsp.RampFrames(sampleRate)
	s := &Saturator{p: p, channels: channels, os: os,
		drive: dsp.NewRamp(dsp.DBToGain(p.DriveDB), ramp),
		trim:  dsp.NewRamp(dsp.DBToGain(p.OutputDB), ramp),
		mix:   dsp.NewRamp(p.Mix, ramp),
		up:    dsp.NewBuffer(channels, chunk*p.Oversample),
		wet:   dsp.NewBuffer(channels, chunk),
	}
	if lat := os.Latency(); lat > 0 {
		s.dry = dsp.NewBuffer(channels, lat)
	}
	hp := filter.BandParams{Kind: filter.HighPass, FreqHz: 5, Q: 0.7071, SlopeDBOct: 6}
	s.dc = filter.Design(nil, hp, sampleRate)[0]
	s.dcState = make([]filter.State, channels)
	return s, nil
}

// Params returns the current parameters.
func (s *Saturator) Params() Params { return s.p }

// SetDriveDB sets the drive (clamped to [0, 48]); it ramps.
func (s *Saturator) SetDriveDB(db float64) {
	s.p.DriveDB = clamp(db, 0, 48, s.p.DriveDB)
	s.drive.Set(dsp.DBToGain(s.p.DriveDB))
}

// SetOutputDB sets the wet trim (clamped to [-48, 24]); it ramps.
func (s *Saturator) SetOutputDB(db float64) {
	s.p.OutputDB = clamp(db, -48, 24, s.p.OutputDB)
	s.trim.Set(dsp.DBToGain(s.p.OutputDB))
}

// SetMix sets the dry/wet mix (clamped to [0, 1]); it ramps.
func (s *Saturator) SetMix(mix float64) {
	s.p.Mix = clamp(mix, 0, 1, s.p.Mix)
	s.mix.Set(s.p.Mix)
}

// SetCurve changes the curve from the next block on (a switch, not a
// crossfade: automate the mix around it if it must be inaudible).
func (s *Saturator) SetCurve(c Curve) error {
	for _, k := range Curves {
		if k == c {
			s.p.Curve = c
			return nil
		}
	}
	return fmt.Errorf("saturate: curve %q unknown; use one of %v: %w", c, Curves, dsp.ErrParam)
}

// Latency is the oversampling round trip in frames.
func (s *Saturator) Latency() int { return s.os.Latency() }

// Reset returns to the state of a new saturator with the current
// parameters.
func (s *Saturator) Reset() {
	s.os.Reset()
	dsp.Clear(s.dry)
	s.dryPos = 0
	clear(s.dcState)
	s.drive.Finish()
	s.trim.Finish()
	s.mix.Finish()
}

// Process saturates src into dst (they may alias).
func (s *Saturator) Process(dst, src [][]float32) {
	dsp.CheckShape("saturate", dst, src, s.channels)
	n := dsp.Frames(src)
	f := s.p.Oversample
	for from := 0; from < n; from += chunk {
		m := min(chunk, n-from)
		for j := 0; j < m; j++ {
			s.driveBuf[j] = s.drive.Next()
			s.trimBuf[j] = s.trim.Next()
			s.mixBuf[j] = s.mix.Next()
		}
		s.inHdr = dsp.Slice(s.inHdr, src, from, from+m)
		s.upHdr = dsp.Slice(s.upHdr, s.up, 0, m*f)
		s.wetHdr = dsp.Slice(s.wetHdr, s.wet, 0, m)
		s.os.Up(s.upHdr, s.inHdr)
		for c := range s.upHdr {
			shape(s.p.Curve, s.upHdr[c], s.driveBuf[:m], f)
		}
		s.os.Down(s.wetHdr, s.upHdr)
		pos := s.dryPos
		for c := range src {
			wet, in, out := s.wetHdr[c], s.inHdr[c], dst[c][from:from+m]
			st := &s.dcState[c]
			pos = s.dryPos
			for j := range wet {
				x := in[j]
				if s.dry != nil {
					x, s.dry[c][pos] = s.dry[c][pos], x
					if pos++; pos == len(s.dry[c]) {
						pos = 0
					}
				}
				w := float64(wet[j])
				if s.p.Curve == Asym {
					w = s.dc.Tick(st, w)
				}
				mix := s.mixBuf[j]
				out[j] = float32((1-mix)*float64(x) + mix*s.trimBuf[j]*w)
			}
			st.Flush()
		}
		s.dryPos = pos
	}
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}
