package delivery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"immerse/dsp"
)

// OctaveCentres are the nominal octave-band centres of the per-band loss.
var OctaveCentres = []float64{31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000}

// lowEndBands are the octaves counted as the low end (22–177 Hz).
const lowEndBands = 3

// exactCentre is the base-10 octave centre 1000·10^(0.3k) of nominal band
// i of OctaveCentres.
func exactCentre(i int) float64 { return 1000 * math.Pow(10, 0.3*float64(i-5)) }

// BandLevel is a level for one octave band.
type BandLevel struct {
	CentreHz float64
	LU       float64
}

// Bands are levels per octave band, lowest first; in JSON an object keyed
// by the nominal centre in Hz, in ascending order: {"31.5": -40.2, …}.
type Bands []BandLevel

// MarshalJSON writes the bands as an object in frequency order.
func (b Bands) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, x := range b {
		if i > 0 {
			buf.WriteByte(',')
		}
		v, err := json.Marshal(x.LU)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "%q:%s", strconv.FormatFloat(x.CentreHz, 'f', -1, 64), v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads the object form back, sorted by frequency.
func (b *Bands) UnmarshalJSON(data []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	out := make(Bands, 0, len(m))
	for k, v := range m {
		hz, err := strconv.ParseFloat(k, 64)
		if err != nil {
			return fmt.Errorf("delivery: band key %q is not a frequency in Hz", k)
		}
		out = append(out, BandLevel{hz, v})
	}
	slices.SortFunc(out, func(x, y BandLevel) int {
		switch {
		case x.CentreHz < y.CentreHz:
			return -1
		case x.CentreHz > y.CentreHz:
			return 1
		}
		return 0
	})
	*b = out
	return nil
}

// PlaybackResult is what one playback system keeps of the programme.
type PlaybackResult struct {
	System   string `json:"system"`
	Title    string `json:"title"`
	Channels string `json:"channels"` // "mono" or "stereo"
	// LoudnessChangeLU: the system's output loudness minus the
	// programme's (on the programme's gated blocks; see PlaybackMeter).
	LoudnessChangeLU float64 `json:"loudnessChangeLU"`
	// LossByBandLU: level change per octave band (negative: lost).
	LossByBandLU Bands `json:"lossByBandLU"`
	// LowEndLostPercent: share of the power in the octaves 31.5–125 Hz
	// (22–177 Hz) the system does not reproduce.
	LowEndLostPercent float64 `json:"lowEndLostPercent"`
	// Summary says what vanishes, in words.
	Summary string `json:"summary"`
	Curve   string `json:"curve"`
	Basis   string `json:"basis"`
}

// Result returns each system's measurement.
func (m *PlaybackMeter) Result() []PlaybackResult {
	// The input's gating, on the histogram.
	gated := func(from int) (float64, float64, []float64) {
		var in, cnt float64
		out := make([]float64, len(m.sys))
		for b := from; b < histBins; b++ {
			in += m.inSum[b]
			cnt += float64(m.count[b])
			for k := range m.sys {
				out[k] += m.outSum[b][k]
			}
		}
		return in, cnt, out
	}
	in, cnt, _ := gated(0)
	first := 0
	if cnt > 0 {
		rel := -0.691 + dsp.PowerToDB(in/cnt) - 10
		first = max(0, int(math.Ceil((rel-histLo)/histStep)))
	}
	in, cnt, out := gated(first)
	var res []PlaybackResult
	for k, s := range m.sys {
		r := PlaybackResult{System: s.Name, Title: s.Title, Channels: "stereo", Curve: s.Curve, Basis: s.Basis}
		if s.Mono {
			r.Channels = "mono"
		}
		if cnt > 0 && in > 0 {
			r.LoudnessChangeLU = round2(math.Max(dsp.PowerToDB(out[k]/in), -100))
		}
		hs := m.response(k)
		var lowIn, lowOut float64
		for i, centre := range OctaveCentres {
			bi, bo, model := m.band(s, hs, i)
			lu := model
			if bi > 1e-10*m.totalPower() && bi > 0 {
				lu = dsp.PowerToDB(bo / bi)
			}
			r.LossByBandLU = append(r.LossByBandLU, BandLevel{centre, round2(math.Max(lu, -100))})
			if i < lowEndBands {
				lowIn += bi
				lowOut += bo
			}
		}
		if lowIn > 1e-6*m.totalPower() && lowIn > 0 {
			r.LowEndLostPercent = math.Round(1000*math.Max(0, 1-lowOut/lowIn)) / 10
			r.Summary = fmt.Sprintf("%.0f%% of the low end (22–177 Hz) does not come out of the %s", r.LowEndLostPercent, s.Title)
			if r.LowEndLostPercent < 0.5 {
				r.Summary = fmt.Sprintf("the %s reproduces all of the low end (22–177 Hz)", s.Title)
			}
		} else {
			r.Summary = fmt.Sprintf("the programme has no low end (22–177 Hz) to lose on the %s", s.Title)
		}
		r.Summary += fmt.Sprintf("; it plays %.1f LU %s", math.Abs(r.LoudnessChangeLU), louderQuieter(r.LoudnessChangeLU))
		if s.Mono && m.channels == 2 {
			r.Summary += " (folded to mono)"
		}
		res = append(res, r)
	}
	return res
}

func louderQuieter(lu float64) string {
	if lu > 0 {
		return "louder"
	}
	return "quieter"
}

func (m *PlaybackMeter) totalPower() float64 {
	var s float64
	for b := range m.sL {
		s += m.sL[b] + m.sR[b]
	}
	return s
}

// response returns |H|² of system k at every Welch bin.
func (m *PlaybackMeter) response(k int) []float64 {
	hs := make([]float64, len(m.sL))
	for b := range hs {
		h := complex(1, 0)
		for _, c := range m.secs[k] {
			h *= c.Response(float64(b)*float64(m.rate)/float64(m.n), m.rate)
		}
		hs[b] = real(h)*real(h) + imag(h)*imag(h)
	}
	return hs
}

// band returns the input power of octave i (L²+R²), the system's output
// power in it and the model's mean response over it (dB); hs is |H|².
func (m *PlaybackMeter) band(s *System, hs []float64, i int) (in, out, modelDB float64) {
	c := exactCentre(i)
	lo, hi := c*math.Pow(10, -0.15), c*math.Pow(10, 0.15)
	df := float64(m.rate) / float64(m.n)
	var hsum float64
	nb := 0
	for b := range m.sL {
		f := float64(b) * df
		if f < lo || f >= hi || f >= float64(m.rate)/2 {
			continue
		}
		h := hs[b]
		hsum += h
		nb++
		in += m.sL[b] + m.sR[b]
		if s.Mono {
			out += h * m.sM[b]
		} else {
			out += h * (m.sL[b] + m.sR[b])
		}
	}
	modelDB = dsp.MinDB
	if nb > 0 {
		modelDB = dsp.PowerToDB(hsum / float64(nb))
	}
	return in, out, modelDB
}
