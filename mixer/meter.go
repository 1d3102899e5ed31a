package mixer

import (
	"math"

	"immerse/dsp"
	"immerse/dsp/oversample"
)

// StripMeter is what a strip (track, bus or master) put out over the mix:
// levels of its post-fader signal, both channels together.
type StripMeter struct {
	// Name of the track or bus ("master" for the master).
	Name string `json:"name"`
	// PeakDBFS is the largest sample magnitude in dBFS (-200 = silence).
	PeakDBFS float64 `json:"peakDBFS"`
	// TruePeakDBTP is the 4× oversampled peak (master only, when asked).
	TruePeakDBTP *float64 `json:"truePeakDBTP,omitempty"`
	// RMSDBFS is the RMS level over the mix duration of both channels:
	// 10·log10 of the mean square (a full-scale sine reads -3.01 dBFS).
	RMSDBFS float64 `json:"rmsDBFS"`
	// HeadroomDB is the distance from the peak (the true peak when
	// measured) to full scale: -PeakDBFS.
	HeadroomDB float64 `json:"headroomDB"`
	// Clipped counts samples with |x| > 1 (0 dBFS) in either channel.
	Clipped int64 `json:"clippedSamples"`
	// Muted strips contribute nothing (mute, or muted by a solo).
	Muted bool `json:"muted,omitempty"`
}

// meter accumulates one strip's levels.
type meter struct {
	peak    float32
	sumSq   float64
	samples int64
	clipped int64
	tp      *oversample.Oversampler
	up      [][]float32
	upHdr   [][]float32
	tpPeak  float32
}

// truePeakConfig is the master's true-peak oversampler: 4× as BS.1770
// asks at 48 kHz, with a short filter (a level estimate needs no more).
var truePeakConfig = oversample.Config{Factor: 4, Passband: 0.46, StopbandDB: 60}

func newMeter(truePeak bool) *meter {
	m := &meter{}
	if truePeak {
		m.tp, _ = oversample.New(2, truePeakConfig) // the config is valid
		m.up = dsp.NewBuffer(2, blockFrames*truePeakConfig.Factor)
	}
	return m
}

// add measures frames [from, to) of buf.
func (m *meter) add(buf [][]float32, from, to int) {
	if to <= from {
		return
	}
	pk, clip := m.peak, int64(0)
	sum := 0.0
	for _, ch := range buf {
		for _, x := range ch[from:to] {
			a := abs32(x)
			if a > pk {
				pk = a
			}
			if a > 1 {
				clip++
			}
			sum += float64(x) * float64(x)
		}
	}
	m.peak = pk
	m.clipped += clip
	m.sumSq += sum
	m.samples += int64(to-from) * int64(len(buf))
	if m.tp != nil {
		m.truePeak(buf, from, to)
	}
}

func (m *meter) truePeak(buf [][]float32, from, to int) {
	f := truePeakConfig.Factor
	m.upHdr = dsp.Slice(m.upHdr, m.up, 0, (to-from)*f)
	for c := range buf {
		m.tp.UpChannel(c, m.upHdr[c], buf[c][from:to])
		for _, x := range m.upHdr[c] {
			m.tpPeak = max(m.tpPeak, abs32(x))
		}
	}
}

// flush runs the true-peak filter's delay out with silence.
func (m *meter) flush() {
	if m.tp == nil {
		return
	}
	zero := dsp.NewBuffer(2, m.tp.UpLatency()+1)
	m.truePeak(zero, 0, len(zero[0]))
}

func (m *meter) result(name string, muted bool) StripMeter {
	r := StripMeter{Name: name, PeakDBFS: dsp.GainToDB(float64(m.peak)), RMSDBFS: dsp.MinDB, Clipped: m.clipped, Muted: muted}
	if m.samples > 0 {
		r.RMSDBFS = dsp.PowerToDB(m.sumSq / float64(m.samples))
	}
	r.HeadroomDB = -r.PeakDBFS
	if m.tp != nil {
		tp := dsp.GainToDB(float64(max(m.tpPeak, m.peak)))
		r.TruePeakDBTP = &tp
		r.HeadroomDB = -tp
	}
	return r
}

// abs32 is |x| without a branch (clears the sign bit).
func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }
