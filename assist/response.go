package assist

import (
	"math"
	"math/cmplx"

	"immerse/dsp"
	"immerse/dsp/filter"
	"immerse/dsp/loudness"
	"immerse/mixer"
)

// Expected effects are computed, not guessed: a filter's effect on a band
// is its squared magnitude averaged over the band (filter.MagnitudeDB at
// five log-spaced points), and its effect on loudness is the K-weighted
// band powers (BS.1770 K-weighting at the band centres) before and after.

// bandResponse returns a function giving the power gain (linear) of a
// chain of mixer EQ bands on each analysis band.
func bandResponse(bands []mixer.Band, rate int) func(b Band) float64 {
	var fs []*filter.Filter
	for _, mb := range bands {
		bp := filter.DefaultBandParams()
		if mb.Type != "" {
			bp.Kind = filter.Kind(mb.Type)
		}
		for k, v := range mb.Params {
			switch k {
			case "freq":
				bp.FreqHz = v
			case "gain":
				bp.GainDB = v
			case "q":
				bp.Q = v
			case "slope":
				bp.SlopeDBOct = int(v)
			case "shelfSlope":
				bp.ShelfSlope = v
			}
		}
		if f, err := filter.New(bp, rate, 1); err == nil {
			fs = append(fs, f)
		}
	}
	return func(b Band) float64 {
		if len(fs) == 0 {
			return 1
		}
		s := 0.0
		const pts = 5
		for k := 0; k < pts; k++ {
			f := b.Low * math.Pow(b.High/b.Low, (float64(k)+0.5)/pts)
			db := 0.0
			for _, fl := range fs {
				db += fl.MagnitudeDB(f)
			}
			s += math.Pow(10, db/10)
		}
		return s / pts
	}
}

// kWeights returns the BS.1770 K-weighting power gain at each band centre.
func kWeights(bands []Band, rate int) []float64 {
	shelf, hp := loudness.KWeighting(float64(rate))
	w := make([]float64, len(bands))
	for i, b := range bands {
		h := shelf.Response(b.Centre, float64(rate)) * hp.Response(b.Centre, float64(rate))
		w[i] = math.Pow(cmplx.Abs(h), 2)
	}
	return w
}

// powers converts band levels (dB) to powers.
func powers(db []float64) []float64 {
	p := make([]float64, len(db))
	for i, v := range db {
		if v > dsp.MinDB {
			p[i] = math.Pow(10, v/10)
		}
	}
	return p
}

// loudnessChange is the change of K-weighted power (LU) when every band b
// of spectrum p is scaled by gain(b).
func loudnessChange(p []float64, bands []Band, kw []float64, gain func(Band) float64) float64 {
	var before, after float64
	for i, b := range bands {
		before += p[i] * kw[i]
		after += p[i] * kw[i] * gain(b)
	}
	if before <= 0 || after <= 0 {
		return 0
	}
	return 10 * math.Log10(after/before)
}

// regionDB is the mean level (dB of the mean power) of the bands whose
// centres lie in [lo, hi] Hz, and how many there are.
func regionDB(p []float64, bands []Band, lo, hi float64) (float64, int) {
	s, n := 0.0, 0
	for i, b := range bands {
		if b.Centre >= lo && b.Centre <= hi {
			s += p[i]
			n++
		}
	}
	if n == 0 {
		return dsp.MinDB, 0
	}
	return dsp.PowerToDB(s / float64(n)), n
}
