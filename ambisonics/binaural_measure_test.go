package ambisonics

import (
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/dsp"
	"immerse/geom"
	"immerse/hrtf"
)

// kemar48 is the default KEMAR set resampled to 48 kHz.
func kemar48(t testing.TB) *hrtf.Set {
	t.Helper()
	s, err := hrtf.Default().Resampled(48000)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// directHRIR is the direct HRTF render of a unit impulse from dir: the
// interpolated HRIR pair (exact at a measured direction), with the frontal
// normalisation the binaural decoders apply.
func directHRIR(t testing.TB, set *hrtf.Set, dir geom.Vec) (l, r []float64) {
	t.Helper()
	ip, err := hrtf.NewInterpolator(set)
	if err != nil {
		t.Fatal(err)
	}
	lf, rf := make([]float32, ip.Taps()), make([]float32, ip.Taps())
	ip.HRIR(lf, rf, dir)
	g := dsp.DBToGain(-set.FrontalGainDB())
	l, r = make([]float64, len(lf)), make([]float64, len(rf))
	for i := range lf {
		l[i], r[i] = g*float64(lf[i]), g*float64(rf[i])
	}
	return l, r
}

// cues are the interaural cues of a pair of impulse responses.
type cues struct {
	ildDB   float64             // broadband level difference left - right
	bandILD map[float64]float64 // 1/3-octave ILD per centre frequency
	itdUs   float64             // right-ear lag in µs (positive: left leads)
	level   [2]float64          // broadband energy per ear, dB
}

var ildBands = []float64{250, 500, 1000, 2000, 4000, 8000, 12500}

const cueFFT = 1 << 14

// measureCues computes broadband and 1/3-octave ILDs from the spectra and
// the ITD as the lag of the maximum of the interaural cross-correlation of
// the responses low-passed at 1.5 kHz (computed from the cross-spectrum,
// 16× oversampled).
func measureCues(l, r []float64, rate int) cues {
	plan := fourier.NewFFT(cueFFT)
	pad := func(x []float64) []complex128 {
		s := make([]float64, cueFFT)
		copy(s, x)
		return plan.Coefficients(nil, s)
	}
	L, R := pad(l), pad(r)
	var c cues
	c.bandILD = map[float64]float64{}
	var el, er float64
	for k := range L {
		el += real(L[k] * cmplx.Conj(L[k]))
		er += real(R[k] * cmplx.Conj(R[k]))
	}
	c.ildDB = dsp.PowerToDB(el / er)
	c.level = [2]float64{dsp.PowerToDB(el / cueFFT), dsp.PowerToDB(er / cueFFT)}
	df := float64(rate) / cueFFT
	for _, fc := range ildBands {
		lo, hi := fc*math.Pow(2, -1.0/6), fc*math.Pow(2, 1.0/6)
		var bl, br float64
		for k := int(math.Ceil(lo / df)); float64(k)*df <= hi; k++ {
			bl += real(L[k] * cmplx.Conj(L[k]))
			br += real(R[k] * cmplx.Conj(R[k]))
		}
		c.bandILD[fc] = dsp.PowerToDB(bl / br)
	}
	// Cross-correlation c(τ) = Σ l(t)·r(t+τ): spectrum conj(L)·R.
	const over = 16
	big := cueFFT * over
	cs := make([]complex128, big/2+1)
	for k := range L {
		if float64(k)*df > 1500 {
			break
		}
		cs[k] = cmplx.Conj(L[k]) * R[k]
	}
	xc := fourier.NewFFT(big).Sequence(nil, cs)
	best, lag := math.Inf(-1), 0
	maxLag := int(0.002 * float64(rate) * over) // ±2 ms
	for i := -maxLag; i <= maxLag; i++ {
		v := xc[(i+big)%big]
		if v > best {
			best, lag = v, i
		}
	}
	c.itdUs = float64(lag) / over / float64(rate) * 1e6
	return c
}

func TestMeasureCuesOnDelay(t *testing.T) {
	// A pure delay of 20 samples and a gain of 0.5 on the right ear.
	l := make([]float64, 256)
	r := make([]float64, 256)
	l[10], r[30] = 1, 0.5
	c := measureCues(l, r, 48000)
	if math.Abs(c.itdUs-20/48000.0*1e6) > 1.5 || math.Abs(c.ildDB-6.0206) > 1e-3 || math.Abs(c.bandILD[1000]-6.0206) > 1e-3 {
		t.Errorf("cues %+v, want ITD 416.7 µs, ILD 6.02 dB", c)
	}
}
