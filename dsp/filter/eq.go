package filter

import (
	"fmt"
	"math/cmplx"

	"immerse/dsp"
)

// EQ is a chain of bands on N channels. Samples stay in float64 from the
// first band to the last. Automate a band through Band(i).
type EQ struct {
	bands    []Filter
	channels int
	buf      [chunk]float64
}

// NewEQ returns an EQ of p's bands at sampleRate on channels channels.
// An EQ without bands passes its input unchanged.
func NewEQ(p EQParams, sampleRate, channels int) (*EQ, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if channels < 1 {
		return nil, fmt.Errorf("filter: eq: %d channels; need at least 1", channels)
	}
	if sampleRate <= 0 {
		return nil, fmt.Errorf("filter: eq: sample rate %d Hz; need a positive rate", sampleRate)
	}
	e := &EQ{bands: make([]Filter, len(p.Bands)), channels: channels}
	for i, b := range p.Bands {
		if err := b.checkRate(fmt.Sprintf("filter: eq band %d", i+1), sampleRate); err != nil {
			return nil, err
		}
		e.bands[i] = Filter{p: b, rate: sampleRate, st: make([][MaxSections]State, channels)}
		e.bands[i].design()
	}
	return e, nil
}

// Len is the number of bands.
func (e *EQ) Len() int { return len(e.bands) }

// Band returns band i (from 0) for automation; its setters act on the EQ.
// Do not call its Process: the EQ runs it.
func (e *EQ) Band(i int) *Filter { return &e.bands[i] }

// Params returns the current parameters of every band.
func (e *EQ) Params() EQParams {
	p := EQParams{Bands: make([]BandParams, len(e.bands))}
	for i := range e.bands {
		p.Bands[i] = e.bands[i].p
	}
	return p
}

// Latency is 0.
func (e *EQ) Latency() int { return 0 }

// Reset clears every band's state.
func (e *EQ) Reset() {
	for i := range e.bands {
		e.bands[i].Reset()
	}
}

// Process runs the chain on src into dst (they may alias).
func (e *EQ) Process(dst, src [][]float32) {
	dsp.CheckShape("filter: eq", dst, src, e.channels)
	for c := range src {
		s, d := src[c], dst[c]
		if len(e.bands) == 0 {
			copy(d, s)
			continue
		}
		for from := 0; from < len(s); from += chunk {
			to := min(from+chunk, len(s))
			buf := e.buf[:to-from]
			for i, x := range s[from:to] {
				buf[i] = float64(x)
			}
			for b := range e.bands {
				e.bands[b].runChannel(c, buf)
			}
			for i, y := range buf {
				d[from+i] = float32(y)
			}
		}
		for b := range e.bands {
			e.bands[b].flush(c)
		}
	}
}

// ProcessChannel runs the chain on one channel c of float64 samples in
// place (for processors that filter a derived signal, e.g. the mid of a
// mid/side pair). It flushes nothing; call Flush once per block.
func (e *EQ) ProcessChannel(c int, buf []float64) {
	for b := range e.bands {
		e.bands[b].runChannel(c, buf)
	}
}

// Flush zeroes negligible state values (denormal protection after
// ProcessChannel).
func (e *EQ) Flush() {
	for b := range e.bands {
		e.bands[b].Flush()
	}
}

// Response is the product of the bands' responses at freqHz.
func (e *EQ) Response(freqHz float64) complex128 {
	h := complex(1, 0)
	for b := range e.bands {
		h *= e.bands[b].Response(freqHz)
	}
	return h
}

// MagnitudeDB is the chain's magnitude response at freqHz in dB.
func (e *EQ) MagnitudeDB(freqHz float64) float64 {
	return dsp.GainToDB(cmplx.Abs(e.Response(freqHz)))
}
