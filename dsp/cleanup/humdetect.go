package cleanup

import (
	"math"

	"immerse/dsp"
	"immerse/dsp/fft"
)

// HumAnalyzer finds mains hum in a stream (the first pass of a two-pass
// de-hum): it cuts the mean of the channels into chunks of about a second
// (the largest power of two of frames up to 1.5 s, at most 65536), and in
// each chunk's Hann-windowed spectrum it looks, for a 50 Hz and a 60 Hz
// fundamental, at every harmonic h: the strongest bin within h·(base ± 1)
// Hz, its prominence over the local floor (the median bin power within
// h·base ± 25 Hz, ±3 Hz around the harmonic left out), its power (the five
// bins around the peak less five floors) and its frequency (parabolic
// interpolation of the log power). A harmonic counts in a chunk when it
// stands at least PresentDB above the floor and lies on the chunk's
// fundamental (see family).
//
// Result picks 50 or 60 Hz by the harmonics' presence (see HumResult);
// the per-chunk fundamental, the power-weighted median of the present
// harmonics' frequency/h, tracks drift. It allocates nothing per block.
type HumAnalyzer struct {
	rate, channels int
	maxHarm        int
	n              int
	tr             *fft.FFT
	win            []float32
	buf            []float32
	fill           int
	spec           []complex64
	pow            []float64
	scratch        []float64
	est            []weighted
	cands          []candidate
	meanBin        float64 // mean bin power of the current chunk
	chunks         int
	fam            [2]humFamily // 50 Hz, 60 Hz
}

// humFamily accumulates one candidate fundamental.
type humFamily struct {
	base     float64
	present  []int     // chunks in which harmonic h+1 was present
	power    []float64 // summed hum power of harmonic h+1 (mean square)
	residual []float64 // summed peak power above the floor, present or not
	floorMS  []float64 // summed power of five floor bins (the measurable minimum)
	promSum  []float64 // summed prominence (dB)
	fSum     float64   // summed per-chunk fundamental estimates
	fMin     float64
	fMax     float64
	fFirst   float64
	estimate int // chunks with an estimate
}

// PresentDB is the prominence over the local spectral floor at which a
// harmonic counts as present in a chunk.
const PresentDB = 10.0

// MaxHumHarmonics bounds the harmonics a HumAnalyzer examines.
const MaxHumHarmonics = 40

// NewHumAnalyzer returns an analyzer for channels at rate that examines
// harmonics 1..maxHarmonics (at most MaxHumHarmonics, and below 0.45·rate).
func NewHumAnalyzer(rate, channels, maxHarmonics int) (*HumAnalyzer, error) {
	if err := checkRate("hum analysis", rate, channels); err != nil {
		return nil, err
	}
	n := fft.MinSize
	for n*2 <= fft.MaxSize && float64(n*2) <= 1.5*float64(rate) {
		n *= 2
	}
	a := &HumAnalyzer{rate: rate, channels: channels, n: n, tr: fft.New(n),
		maxHarm: min(max(maxHarmonics, 1), MaxHumHarmonics)}
	a.win = make([]float32, n)
	for i := range a.win {
		a.win[i] = float32(0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n)))
	}
	a.buf = make([]float32, n)
	a.spec = make([]complex64, n/2+1)
	a.pow = make([]float64, n/2+1)
	a.scratch = make([]float64, n/2+1)
	a.est = make([]weighted, 0, MaxHumHarmonics)
	a.cands = make([]candidate, 0, MaxHumHarmonics)
	for i, base := range []float64{50, 60} {
		a.fam[i] = humFamily{base: base, present: make([]int, a.maxHarm),
			power: make([]float64, a.maxHarm), promSum: make([]float64, a.maxHarm),
			residual: make([]float64, a.maxHarm), floorMS: make([]float64, a.maxHarm)}
	}
	a.Reset()
	return a, nil
}

// Reset forgets everything measured.
func (a *HumAnalyzer) Reset() {
	a.fill, a.chunks = 0, 0
	for i := range a.fam {
		f := &a.fam[i]
		clear(f.present)
		clear(f.power)
		clear(f.promSum)
		clear(f.residual)
		clear(f.floorMS)
		f.fSum, f.estimate = 0, 0
		f.fMin, f.fMax, f.fFirst = math.Inf(1), math.Inf(-1), 0
	}
}

// ChunkSeconds is the length of an analysis chunk.
func (a *HumAnalyzer) ChunkSeconds() float64 { return float64(a.n) / float64(a.rate) }

// Process adds a block of planar audio (channels as given to the
// constructor). A partial chunk at the end of the stream is not analysed.
func (a *HumAnalyzer) Process(src [][]float32) {
	dsp.CheckShape("cleanup: hum analysis", src, src, a.channels)
	n := dsp.Frames(src)
	inv := 1 / float32(a.channels)
	for i := 0; i < n; i++ {
		var s float32
		for c := range src {
			s += src[c][i]
		}
		a.buf[a.fill] = s * inv
		if a.fill++; a.fill == a.n {
			a.chunk()
			a.fill = 0
		}
	}
}

// chunk analyses one full chunk.
func (a *HumAnalyzer) chunk() {
	for i, w := range a.win {
		a.buf[i] *= w
	}
	a.tr.Forward(a.spec, a.buf)
	var sum float64
	for k, v := range a.spec {
		a.pow[k] = float64(real(v))*float64(real(v)) + float64(imag(v))*float64(imag(v))
		sum += a.pow[k]
	}
	a.meanBin = sum / float64(len(a.pow))
	a.chunks++
	for i := range a.fam {
		a.family(&a.fam[i])
	}
}

// bin returns the FFT bin nearest hz.
func (a *HumAnalyzer) bin(hz float64) int {
	return int(math.Round(hz * float64(a.n) / float64(a.rate)))
}

// candidate is a prominent peak near a harmonic in one chunk.
type candidate struct {
	h     int     // harmonic number
	f     float64 // interpolated frequency / h (Hz)
	ms    float64 // power (mean square)
	promb float64 // prominence (dB)
}

// family measures the harmonics of one fundamental in the current chunk:
// the prominent peaks near its harmonics propose fundamentals (their
// frequency/h), the one most of them agree on wins, and a peak counts as
// a harmonic only when it lies on it within harmonicTolHz (frequency/h):
// hum harmonics are exact multiples, music partials near them are not.
func (a *HumAnalyzer) family(f *humFamily) {
	// Mean square of a cluster of five bins: 2·Σ|X|²/(n·Σw²), Σw² = 3n/8.
	msScale := 16 / (3 * float64(a.n) * float64(a.n))
	a.est = a.est[:0]
	a.cands = a.cands[:0]
	last := len(a.pow) - 3
	for h := 1; h <= a.maxHarm; h++ {
		hf := float64(h) * f.base
		if hf+float64(h)+30 >= 0.45*float64(a.rate) {
			break
		}
		lo, hi := a.bin(float64(h)*(f.base-1)), a.bin(float64(h)*(f.base+1))
		k := lo
		for j := lo; j <= hi; j++ {
			if a.pow[j] > a.pow[k] {
				k = j
			}
		}
		if k < 2 || k > last {
			continue
		}
		// The floor is at least 90 dB under the chunk's mean bin power, so
		// that leakage in noiseless synthetic signals is not "prominent".
		floor := math.Max(a.floor(hf), math.Max(1e-9*a.meanBin, 1e-30))
		prom := dsp.PowerToDB(a.pow[k] / floor)
		cluster := a.pow[k-2] + a.pow[k-1] + a.pow[k] + a.pow[k+1] + a.pow[k+2] - 5*floor
		ms := math.Max(cluster, 0) * msScale
		f.residual[h-1] += ms
		f.floorMS[h-1] += 5 * floor * msScale
		if prom < PresentDB {
			continue
		}
		// Parabolic interpolation of the log power around the peak.
		l, c, r := math.Log(a.pow[k-1]+1e-300), math.Log(a.pow[k]+1e-300), math.Log(a.pow[k+1]+1e-300)
		delta := 0.0
		if den := l - 2*c + r; den < 0 {
			delta = math.Max(-0.5, math.Min(0.5, 0.5*(l-r)/den))
		}
		fh := (float64(k) + delta) * float64(a.rate) / float64(a.n)
		a.cands = append(a.cands, candidate{h: h, f: fh / float64(h), ms: ms, promb: prom})
		a.est = append(a.est, weighted{fh / float64(h), ms})
	}
	if len(a.est) == 0 {
		return
	}
	// The fundamental most peaks agree on: each peak proposes its
	// frequency/h; the proposal with the largest summed prominence of the
	// peaks within harmonicTolHz of it wins.
	f0, best := 0.0, -1.0
	for _, p := range a.cands {
		var score float64
		for _, c := range a.cands {
			if math.Abs(c.f-p.f) <= harmonicTolHz {
				score += c.promb
			}
		}
		if score > best {
			f0, best = p.f, score
		}
	}
	a.est = a.est[:0]
	for _, c := range a.cands {
		if math.Abs(c.f-f0) > harmonicTolHz {
			continue
		}
		f.present[c.h-1]++
		f.power[c.h-1] += c.ms
		f.promSum[c.h-1] += c.promb
		a.est = append(a.est, weighted{c.f, c.ms})
	}
	if len(a.est) < 2 && !(len(a.est) == 1 && a.cands[0].h == 1) {
		// A lone peak that is not the fundamental is no evidence of hum.
		for _, c := range a.cands {
			if math.Abs(c.f-f0) <= harmonicTolHz {
				f.present[c.h-1]--
				f.power[c.h-1] -= c.ms
				f.promSum[c.h-1] -= c.promb
			}
		}
		return
	}
	est := weightedMedian(a.est)
	if f.estimate == 0 {
		f.fFirst = est
	}
	f.estimate++
	f.fSum += est
	f.fMin = math.Min(f.fMin, est)
	f.fMax = math.Max(f.fMax, est)
}

// harmonicTolHz is how far (in frequency/h) a peak may lie from the
// chunk's fundamental and still count as one of its harmonics.
const harmonicTolHz = 0.05

// floor is the median bin power within hz ± 25 Hz, leaving out ±3 Hz
// around hz.
func (a *HumAnalyzer) floor(hz float64) float64 {
	lo, hi := max(1, a.bin(hz-25)), min(len(a.pow)-1, a.bin(hz+25))
	gLo, gHi := a.bin(hz-3), a.bin(hz+3)
	s := a.scratch[:0]
	for k := lo; k <= hi; k++ {
		if k < gLo || k > gHi {
			s = append(s, a.pow[k])
		}
	}
	if len(s) == 0 {
		return 0
	}
	return median(s)
}

// HumResult is what a HumAnalyzer found.
type HumResult struct {
	// BaseHz is 50 or 60, or 0 when no hum was found.
	BaseHz float64 `json:"baseHz"`
	// FrequencyHz is the mean measured fundamental, FirstHz the first
	// chunk's, MinHz and MaxHz the range of the per-chunk estimates.
	FrequencyHz float64 `json:"frequencyHz"`
	FirstHz     float64 `json:"firstHz"`
	MinHz       float64 `json:"minHz"`
	MaxHz       float64 `json:"maxHz"`
	// Harmonics is the highest harmonic present in at least half of the
	// chunks (0 when none).
	Harmonics int `json:"harmonics"`
	// LevelDB is the hum's level: the mean power of the present harmonics
	// summed over them, in dB relative to full scale (a full-scale sine
	// reads -3.01 dB). HarmonicLevelDB has each harmonic's (dsp.MinDB
	// when absent).
	LevelDB         float64   `json:"levelDB"`
	HarmonicLevelDB []float64 `json:"harmonicLevelDB"`
	// Chunks is the number of chunks analysed.
	Chunks int `json:"chunks"`
	// Score50 and Score60 are the evidence for each fundamental: the sum
	// over harmonics of the fraction of chunks each is present in.
	Score50 float64 `json:"score50"`
	Score60 float64 `json:"score60"`
}

// Result returns the analysis for base 50 or 60 Hz, or, for base 0, the
// fundamental with more evidence (BaseHz 0 when neither has a harmonic
// present in at least half of the chunks).
func (a *HumAnalyzer) Result(base float64) HumResult {
	r := HumResult{Chunks: a.chunks, Score50: a.fam[0].score(a.chunks), Score60: a.fam[1].score(a.chunks)}
	var f *humFamily
	switch base {
	case 50:
		f = &a.fam[0]
	case 60:
		f = &a.fam[1]
	default:
		f = &a.fam[0]
		if r.Score60 > r.Score50 {
			f = &a.fam[1]
		}
		if f.highest(a.chunks) == 0 {
			r.HarmonicLevelDB = []float64{}
			return r
		}
	}
	r.BaseHz = f.base
	r.Harmonics = f.highest(a.chunks)
	r.FrequencyHz, r.FirstHz, r.MinHz, r.MaxHz = f.base, f.base, f.base, f.base
	if f.estimate > 0 {
		r.FrequencyHz, r.FirstHz, r.MinHz, r.MaxHz = f.fSum/float64(f.estimate), f.fFirst, f.fMin, f.fMax
	}
	var total float64
	r.HarmonicLevelDB = make([]float64, len(f.power))
	for h, p := range f.power {
		ms := 0.0
		if a.chunks > 0 {
			ms = p / float64(a.chunks)
		}
		total += ms
		r.HarmonicLevelDB[h] = dsp.PowerToDB(ms)
	}
	r.LevelDB = dsp.PowerToDB(total)
	return r
}

// LevelDB returns the hum level of the given fundamental and harmonics
// 1..harmonics (dB, as HumResult.LevelDB): what remains after de-hum when
// the analyzer ran on the output.
func (a *HumAnalyzer) LevelDB(base float64, harmonics int) float64 {
	f := &a.fam[0]
	if base == 60 {
		f = &a.fam[1]
	}
	var total float64
	for h := 0; h < min(harmonics, len(f.power)); h++ {
		total += f.power[h]
	}
	if a.chunks == 0 {
		return dsp.MinDB
	}
	return dsp.PowerToDB(total / float64(a.chunks))
}

// ResidualDB measures what is left at the given fundamental's harmonics
// 1..harmonics whether it stands out or not (run the analyzer on a
// de-hummed output): level is the power of the five bins around each
// harmonic's peak above the local floor, summed over the harmonics (dB
// re full scale); floor is the power of five floor bins summed likewise,
// the least that can be told from the noise. A level under the floor
// means the hum is buried in the noise.
func (a *HumAnalyzer) ResidualDB(base float64, harmonics int) (level, floor float64) {
	f := &a.fam[0]
	if base == 60 {
		f = &a.fam[1]
	}
	if a.chunks == 0 {
		return dsp.MinDB, dsp.MinDB
	}
	var l, fl float64
	for h := 0; h < min(harmonics, len(f.residual)); h++ {
		l += f.residual[h]
		fl += f.floorMS[h]
	}
	return dsp.PowerToDB(l / float64(a.chunks)), dsp.PowerToDB(fl / float64(a.chunks))
}

func (f *humFamily) score(chunks int) float64 {
	if chunks == 0 {
		return 0
	}
	s := 0.0
	for _, n := range f.present {
		s += float64(n) / float64(chunks)
	}
	return s
}

// highest is the highest harmonic present in at least half of the chunks.
func (f *humFamily) highest(chunks int) int {
	h := 0
	for i, n := range f.present {
		if chunks > 0 && 2*n >= chunks {
			h = i + 1
		}
	}
	return h
}
