package filter

import (
	"fmt"
	"math"
	"math/cmplx"

	"immerse/dsp"
)

// chunk is the length of the float64 scratch buffer a block is filtered
// through, section by section.
const chunk = 256

// Filter is one band (Design's sections) applied to every channel of a
// block, in transposed direct form II with float64 state. It follows the
// dsp block contract: zero latency, no allocation in Process, in-place
// processing allowed.
//
// The setters change the design between blocks: the new coefficients
// apply from the next Process call on (coefficients change at most once
// per block; the TDF-II state carries over, so small per-block steps, as
// automation produces, do not click). Setters clamp their argument to the
// parameter's range (and the frequency below Nyquist) instead of failing:
// automation values are checked when the session is loaded (Validate).
type Filter struct {
	p    BandParams
	rate int
	n    int
	sec  [MaxSections]Coeffs
	st   [][MaxSections]State // per channel
	buf  [chunk]float64
}

// New returns a filter for band p at sampleRate (Hz) on channels channels.
func New(p BandParams, sampleRate, channels int) (*Filter, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := p.checkRate("filter: band", sampleRate); err != nil {
		return nil, err
	}
	if channels < 1 {
		return nil, fmt.Errorf("filter: %d channels; need at least 1", channels)
	}
	f := &Filter{p: p, rate: sampleRate, st: make([][MaxSections]State, channels)}
	f.design()
	return f, nil
}

func (f *Filter) design() {
	old := f.n
	f.n = len(Design(f.sec[:0], f.p, f.rate))
	for c := range f.st { // sections that come into use start from rest
		for k := old; k < f.n; k++ {
			f.st[c][k] = State{}
		}
	}
}

// Params returns the current band parameters.
func (f *Filter) Params() BandParams { return f.p }

// Sections returns the current sections (a copy).
func (f *Filter) Sections() []Coeffs { return append([]Coeffs(nil), f.sec[:f.n]...) }

// SampleRate is the sample rate in Hz the filter was built for.
func (f *Filter) SampleRate() int { return f.rate }

// Channels is the channel count the filter was built for.
func (f *Filter) Channels() int { return len(f.st) }

// SetParams changes every parameter at once (e.g. the kind or slope).
// Invalid parameters are rejected and the filter is unchanged.
func (f *Filter) SetParams(p BandParams) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := p.checkRate("filter: band", f.rate); err != nil {
		return err
	}
	f.p = p
	f.design()
	return nil
}

// SetFreq sets the frequency in Hz (clamped to [1, 0.4999·sampleRate]).
func (f *Filter) SetFreq(hz float64) {
	f.p.FreqHz = clamp(hz, 1, 0.4999*float64(f.rate), f.p.FreqHz)
	f.design()
}

// SetGainDB sets the peak or shelf gain in dB (clamped to [-36, 36]).
func (f *Filter) SetGainDB(db float64) {
	f.p.GainDB = clamp(db, -36, 36, f.p.GainDB)
	f.design()
}

// SetQ sets the quality factor (clamped to [0.1, 40]).
func (f *Filter) SetQ(q float64) {
	f.p.Q = clamp(q, 0.1, 40, f.p.Q)
	f.design()
}

// SetShelfSlope sets the shelf slope S (clamped to [0, 1]; 0 = use Q).
func (f *Filter) SetShelfSlope(s float64) {
	f.p.ShelfSlope = clamp(s, 0, 1, f.p.ShelfSlope)
	f.design()
}

func clamp(v, lo, hi, keep float64) float64 {
	if math.IsNaN(v) {
		return keep
	}
	return math.Min(math.Max(v, lo), hi)
}

// Latency is 0: the filter adds no delay (beyond its phase response).
func (f *Filter) Latency() int { return 0 }

// Reset clears the filter state.
func (f *Filter) Reset() { clear(f.st) }

// Process filters src into dst (they may alias).
func (f *Filter) Process(dst, src [][]float32) {
	dsp.CheckShape("filter", dst, src, len(f.st))
	for c := range src {
		s, d := src[c], dst[c]
		for from := 0; from < len(s); from += chunk {
			to := min(from+chunk, len(s))
			buf := f.buf[:to-from]
			for i, x := range s[from:to] {
				buf[i] = float64(x)
			}
			f.runChannel(c, buf)
			for i, y := range buf {
				d[from+i] = float32(y)
			}
		}
		f.flush(c)
	}
}

// runChannel filters buf in place with channel c's state.
func (f *Filter) runChannel(c int, buf []float64) {
	st := &f.st[c]
	for k := 0; k < f.n; k++ {
		f.sec[k].run(&st[k], buf)
	}
}

func (f *Filter) flush(c int) {
	for k := 0; k < f.n; k++ {
		f.st[c][k].Flush()
	}
}

// ProcessSample filters one sample of channel c (for per-sample use inside
// other processors, e.g. a sidechain); it does not flush denormals, call
// Flush once per block.
func (f *Filter) ProcessSample(c int, x float64) float64 {
	st := &f.st[c]
	for k := 0; k < f.n; k++ {
		x = f.sec[k].Tick(&st[k], x)
	}
	return x
}

// Flush zeroes negligible state values on every channel (denormal
// protection for ProcessSample users; Process does it itself).
func (f *Filter) Flush() {
	for c := range f.st {
		f.flush(c)
	}
}

// Response is the complex frequency response at freqHz.
func (f *Filter) Response(freqHz float64) complex128 {
	return cascadeResponse(f.sec[:f.n], freqHz, f.rate)
}

// MagnitudeDB is the magnitude response at freqHz in dB.
func (f *Filter) MagnitudeDB(freqHz float64) float64 {
	return dsp.GainToDB(cmplx.Abs(f.Response(freqHz)))
}
