package assist

import (
	"math"
)

// Band is a frequency band of the analysis, in Hz.
type Band struct {
	Low    float64 `json:"low"`
	Centre float64 `json:"centre"`
	High   float64 `json:"high"`
	// Nominal is the label of a 1/3-octave band (31.5, 1000, 12500 …);
	// ERB bands have none.
	Nominal float64 `json:"nominal,omitempty"`
}

// ThirdOctaveBands returns the 1/3-octave bands of IEC 61260-1 (base-10
// exact centres 1000·10^(k/10) Hz, edges a twentieth of a decade either
// side) from 25 Hz up to 20 kHz, keeping those whose upper edge is below
// the Nyquist frequency of rate.
func ThirdOctaveBands(rate int) []Band {
	var out []Band
	for k := -16; k <= 13; k++ {
		c := 1000 * math.Pow(10, float64(k)/10)
		b := Band{Low: c * math.Pow(10, -0.05), Centre: c, High: c * math.Pow(10, 0.05), Nominal: nominalThirds[k+16]}
		if b.High >= float64(rate)/2 {
			break
		}
		out = append(out, b)
	}
	return out
}

// nominalThirds are the nominal labels of the 1/3-octave centres 25 Hz ..
// 20 kHz (IEC 61260-1), in the order of ThirdOctaveBands.
var nominalThirds = []float64{25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630,
	800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000}

// erbNumber is the ERB-number scale of Glasberg & Moore (1990), "Derivation
// of auditory filter shapes from notched-noise data", Hearing Research 47:
// E(f) = 21.4·log10(1 + 0.00437·f), in Cams.
func erbNumber(f float64) float64 { return 21.4 * math.Log10(1+0.00437*f) }

// erbFreq inverts erbNumber.
func erbFreq(e float64) float64 { return (math.Pow(10, e/21.4) - 1) / 0.00437 }

// ERBBands returns critical bands one ERB-number (one Cam) wide, from
// 30 Hz up to 16 kHz or 0.45·rate, whichever is lower: about 38 bands at
// 44.1 and 48 kHz, the auditory filters masking is computed in.
func ERBBands(rate int) []Band {
	top := math.Min(16000, 0.45*float64(rate))
	var out []Band
	for e := erbNumber(30); ; e++ {
		hi := erbFreq(e + 1)
		if hi > top {
			break
		}
		out = append(out, Band{Low: erbFreq(e), Centre: erbFreq(e + 0.5), High: hi})
	}
	return out
}

// binMap integrates a one-sided power spectrum over a band: each FFT bin i
// stands for the frequencies [(i-½)·Δ, (i+½)·Δ] (Δ = rate/n), and a band
// takes each bin in proportion to the part of that interval it covers.
type binMap struct {
	first int
	w     []float64
}

func newBinMaps(bands []Band, n, rate int) []binMap {
	df := float64(rate) / float64(n)
	maps := make([]binMap, len(bands))
	for k, b := range bands {
		lo := int(math.Floor(b.Low/df + 0.5))
		hi := int(math.Ceil(b.High/df + 0.5))
		hi = min(hi, n/2)
		m := binMap{first: lo}
		for i := lo; i <= hi; i++ {
			a := math.Max(b.Low, (float64(i)-0.5)*df)
			z := math.Min(b.High, (float64(i)+0.5)*df)
			m.w = append(m.w, math.Max(0, z-a)/df)
		}
		maps[k] = m
	}
	return maps
}

// power sums the bins of p (one-sided powers) that fall in the band.
func (m *binMap) power(p []float64) float64 {
	s := 0.0
	for j, w := range m.w {
		s += w * p[m.first+j]
	}
	return s
}
