package saturate

import (
	"fmt"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// Exciter adds harmonics to the top of the spectrum: the input is
// high-passed (12 dB/oct Butterworth at FreqHz), the band is driven into
// the curve (oversampled, like a Saturator) and brought back to its
// original small-signal level, and Amount of it is added to the input,
// which is delayed by the oversampling latency to line up:
//
//	out = x(t − L) + Amount · curve(drive·HP(x)) / drive
//
// At low levels this is a gentle high-shelf-like lift of the band (by up
// to 1+Amount); driven, the band's harmonics fill the octaves above.
// Amount ramps per sample; drive changes ramp inside the saturator.
type Exciter struct {
	p        ExciterParams
	channels int
	hp       *filter.Filter
	sat      *Saturator
	amount   dsp.Ramp
	band     [][]float32 // chunk scratch
	dry      [][]float32 // delay ring
	dryPos   int
	inHdr    [][]float32
	bandHdr  [][]float32
}

// NewExciter returns an exciter for channels channels at sampleRate.
func NewExciter(p ExciterParams, sampleRate, channels int) (*Exciter, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 || sampleRate <= 0 {
		return nil, fmt.Errorf("saturate: exciter: %d channels at %d Hz; need at least 1 channel and a positive rate", channels, sampleRate)
	}
	if p.FreqHz >= float64(sampleRate)/2 {
		return nil, fmt.Errorf("saturate: exciter: freq_hz = %g Hz is not below the Nyquist frequency at %d Hz: %w", p.FreqHz, sampleRate, dsp.ErrParam)
	}
	hp, err := filter.New(filter.BandParams{Kind: filter.HighPass, FreqHz: p.FreqHz, Q: 0.7071067811865476, SlopeDBOct: 12}, sampleRate, channels)
	if err != nil {
		return nil, fmt.Errorf("saturate: exciter: %w", err)
	}
	sat, err := New(Params{Curve: p.Curve, DriveDB: p.DriveDB, OutputDB: -p.DriveDB, Mix: 1, Oversample: p.Oversample}, sampleRate, channels)
	if err != nil {
		return nil, fmt.Errorf("saturate: exciter: %w", err)
	}
	e := &Exciter{p: p, channels: channels, hp: hp, sat: sat,
		amount: dsp.NewRamp(p.Amount, dsp.RampFrames(sampleRate)),
		band:   dsp.NewBuffer(channels, chunk)}
	if lat := sat.Latency(); lat > 0 {
		e.dry = dsp.NewBuffer(channels, lat)
	}
	return e, nil
}

// Params returns the current parameters.
func (e *Exciter) Params() ExciterParams { return e.p }

// SetFreq sets the band's corner in Hz (clamped to [500, 16000] and below
// Nyquist); the coefficients change from the next block.
func (e *Exciter) SetFreq(hz float64) {
	e.p.FreqHz = clamp(hz, 500, 16000, e.p.FreqHz)
	e.hp.SetFreq(e.p.FreqHz)
	e.p.FreqHz = e.hp.Params().FreqHz
}

// SetDriveDB sets the drive (clamped to [0, 36]); it ramps.
func (e *Exciter) SetDriveDB(db float64) {
	e.p.DriveDB = clamp(db, 0, 36, e.p.DriveDB)
	e.sat.SetDriveDB(e.p.DriveDB)
	e.sat.SetOutputDB(-e.p.DriveDB)
}

// SetAmount sets the amount (clamped to [0, 1]); it ramps.
func (e *Exciter) SetAmount(a float64) {
	e.p.Amount = clamp(a, 0, 1, e.p.Amount)
	e.amount.Set(e.p.Amount)
}

// Latency is the oversampling round trip in frames.
func (e *Exciter) Latency() int { return e.sat.Latency() }

// Reset returns to the state of a new exciter with the current parameters.
func (e *Exciter) Reset() {
	e.hp.Reset()
	e.sat.Reset()
	e.amount.Finish()
	dsp.Clear(e.dry)
	e.dryPos = 0
}

// Process excites src into dst (they may alias).
func (e *Exciter) Process(dst, src [][]float32) {
	dsp.CheckShape("saturate: exciter", dst, src, e.channels)
	n := dsp.Frames(src)
	for from := 0; from < n; from += chunk {
		m := min(chunk, n-from)
		e.inHdr = dsp.Slice(e.inHdr, src, from, from+m)
		e.bandHdr = dsp.Slice(e.bandHdr, e.band, 0, m)
		e.hp.Process(e.bandHdr, e.inHdr)
		e.sat.Process(e.bandHdr, e.bandHdr)
		start := e.amount
		pos := e.dryPos
		for c := range src {
			e.amount = start // every channel sees the same ramp
			pos = e.dryPos
			in, out, band := e.inHdr[c], dst[c][from:from+m], e.bandHdr[c]
			for j := range band {
				x := in[j]
				if e.dry != nil {
					x, e.dry[c][pos] = e.dry[c][pos], x
					if pos++; pos == len(e.dry[c]) {
						pos = 0
					}
				}
				out[j] = float32(float64(x) + e.amount.Next()*float64(band[j]))
			}
		}
		e.dryPos = pos
	}
}
