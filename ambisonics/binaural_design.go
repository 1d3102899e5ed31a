package ambisonics

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/dsp"
	"immerse/hrtf"
)

// BinauralMethod is how the ambisonic-to-binaural filters are designed.
type BinauralMethod int

const (
	// MagLS (the default) fits the HRTFs with spherical harmonics by least
	// squares below a cutoff and by magnitude least squares above it
	// (Schörkhuber, Zaunschirm & Höldrich 2018), optionally with the
	// diffuse-field covariance constraint (Zaunschirm, Schörkhuber &
	// Höldrich 2018).
	MagLS BinauralMethod = iota
	// Virtual decodes to virtual loudspeakers on a quadrature grid and sums
	// their HRIRs.
	Virtual
)

// String names the method: "magls" or "virtual".
func (m BinauralMethod) String() string {
	if m == Virtual {
		return "virtual"
	}
	return "magls"
}

// ParseBinauralMethod reads "magls" or "virtual" (any case).
func ParseBinauralMethod(s string) (BinauralMethod, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "magls", "mag-ls":
		return MagLS, nil
	case "virtual", "virtual-speakers", "vls":
		return Virtual, nil
	}
	return 0, fmt.Errorf("ambisonics: unknown binaural method %q; use magls or virtual", s)
}

// DefaultCutoffHz is the MagLS cutoff: the HRTFs are fitted in phase and
// magnitude below it and in magnitude only above it.
const DefaultCutoffHz = 2000.0

// BinauralOptions controls DesignBinaural. The zero value is the default:
// MagLS with a 2 kHz cutoff and without the covariance constraint, SN3D
// input, frontal normalisation.
type BinauralOptions struct {
	// Method of design (default MagLS).
	Method BinauralMethod
	// Input is the normalisation of the decoded stream (default SN3D).
	Input Normalization
	// Rotation turns the sound field before it is decoded.
	Rotation Rotation
	// CutoffHz is the MagLS cutoff (default DefaultCutoffHz).
	CutoffHz float64
	// Covariance applies MagLS's diffuse-field covariance constraint: the
	// interaural coherence and the ears' diffuse-field spectra of the
	// decoder are made equal to the HRTF set's. It helps diffuse and
	// reverberant fields; it costs plane-wave cues at low orders (order 1:
	// the mean broadband ILD error of lateral sources grows from 1.4 to
	// 4.4 dB on KEMAR), so it is off by default.
	Covariance bool
	// VirtualMaxRE applies max-rE weights to the virtual-loudspeaker
	// decoder. Off by default: on KEMAR the unweighted (basic) decoder
	// keeps level and ITD closer to the direct HRTF render (order 3:
	// mean level error 1.1 dB instead of 6.3 dB, ITD 23 µs instead of
	// 80 µs for lateral sources).
	VirtualMaxRE bool
	// RawGain keeps the HRIR set's own level; by default the filters are
	// scaled by -FrontalGainDB of the set, like hrtf.Binaural, so a frontal
	// source reaches each ear at about its input level.
	RawGain bool
}

// BinauralFilters are the decoding filters of an ambisonic stream to two
// ears: out_ear = Σ_j IR[ear][j] * x_j over the stream channels x_j.
type BinauralFilters struct {
	// Order of the stream the filters decode, (Order+1)² channels.
	Order int
	// Input is the stream's normalisation (and channel order).
	Input Normalization
	// Method is how the filters were designed.
	Method BinauralMethod
	// SampleRate of the filters (the HRIR set's).
	SampleRate int
	// Latency is the delay of the filters beyond that of the HRIRs, in
	// samples (MagLS: the lead kept for its non-causal part; virtual: 0).
	Latency int
	// IR holds per ear (0 left, 1 right) one impulse response per stream
	// channel, all of the same length.
	IR [2][][]float32
}

// Taps is the filter length.
func (f *BinauralFilters) Taps() int { return len(f.IR[0][0]) }

// Response returns the two ears' impulse responses of a plane wave of unit
// amplitude from the direction whose encoding (in the filters' input
// normalisation) is y: Σ_j y_j·IR[ear][j].
func (f *BinauralFilters) Response(y []float64) (left, right []float64) {
	out := [2][]float64{make([]float64, f.Taps()), make([]float64, f.Taps())}
	for ear := range out {
		for j, ir := range f.IR[ear] {
			for t, v := range ir {
				out[ear][t] += y[j] * float64(v)
			}
		}
	}
	return out[0], out[1]
}

// DesignBinaural computes the filters that decode an ambisonic stream of
// the given order (1 to MaxOrder) to binaural with the HRIR set, at the
// set's sample rate (resample the set to the stream's rate first, see
// hrtf.Set.Resampled).
func DesignBinaural(set *hrtf.Set, order int, opt BinauralOptions) (*BinauralFilters, error) {
	if err := checkOrder(order); err != nil {
		return nil, err
	}
	if err := opt.Input.check(order); err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, fmt.Errorf("ambisonics: %w", err)
	}
	if opt.CutoffHz == 0 {
		opt.CutoffHz = DefaultCutoffHz
	}
	if opt.CutoffHz < 0 || math.IsNaN(opt.CutoffHz) {
		return nil, fmt.Errorf("ambisonics: MagLS cutoff %g Hz; give a positive frequency", opt.CutoffHz)
	}
	var irs [2][][]float64 // ear × N3D ACN × taps
	var latency int
	var err error
	switch opt.Method {
	case MagLS:
		irs, latency, err = designMagLS(set, order, opt)
	case Virtual:
		irs, err = designVirtual(set, order, opt)
	default:
		err = fmt.Errorf("ambisonics: unknown binaural method %d", int(opt.Method))
	}
	if err != nil {
		return nil, err
	}
	gain := 1.0
	if !opt.RawGain {
		gain = dsp.DBToGain(-set.FrontalGainDB())
	}
	f := &BinauralFilters{Order: order, Input: opt.Input, Method: opt.Method, SampleRate: set.SampleRate, Latency: latency}
	var rot *SHRotation
	if !opt.Rotation.IsZero() {
		rot = newSHRotation(order, opt.Rotation.Matrix())
	}
	acn, scale := opt.Input.Layout(order)
	for ear := range irs {
		src := irs[ear]
		if rot != nil {
			src = rotateFilters(src, rot)
		}
		f.IR[ear] = make([][]float32, len(acn))
		for j, k := range acn {
			l, _ := DegreeIndex(k)
			s := gain * math.Sqrt(float64(2*l+1)) / scale[j]
			ir := make([]float32, len(src[k]))
			for t, v := range src[k] {
				ir[t] = float32(s * v)
			}
			f.IR[ear][j] = ir
		}
	}
	return f, nil
}

// rotateFilters returns the filters of the turned field: a filter bank F
// on N3D channels becomes F·R, R the SH rotation.
func rotateFilters(src [][]float64, rot *SHRotation) [][]float64 {
	out := make([][]float64, len(src))
	taps := len(src[0])
	for l, b := range rot.blocks {
		w, off := 2*l+1, l*l
		for j := range w {
			acc := make([]float64, taps)
			for i := range w {
				if r := b[w*i+j]; r != 0 {
					for t, v := range src[off+i] {
						acc[t] += r * v
					}
				}
			}
			out[off+j] = acc
		}
	}
	return out
}

// spectra returns the nfft/2+1-bin spectra of every measurement of the
// set, per ear: [ear][measurement][bin].
func spectra(set *hrtf.Set, nfft int) [2][][]complex128 {
	plan := fourier.NewFFT(nfft)
	seq := make([]float64, nfft)
	var out [2][][]complex128
	for ear := range out {
		out[ear] = make([][]complex128, set.Len())
		for q := range set.IR {
			clear(seq)
			for t, v := range set.IR[q][ear] {
				seq[t] = float64(v)
			}
			out[ear][q] = plan.Coefficients(nil, seq)
		}
	}
	return out
}

// nextPow2 returns the smallest power of two >= n.
func nextPow2(n int) int {
	p := 1
	for p < n {
		p *= 2
	}
	return p
}
