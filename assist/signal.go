package assist

import (
	"math"

	"immerse/dsp/fft"
	"immerse/dsp/loudness"
)

// Analysis framing: Hann-windowed FFT frames of about 170 ms (8192 frames
// at 44.1 and 48 kHz: 5.9 Hz bins, enough to resolve the 1/3-octave bands
// down to 40 Hz) with 50 % overlap; the hop (85 ms at 48 kHz) is the time
// step of every per-frame measure (band powers, activity, masking).
const (
	frameSeconds = 0.17
	// crossMaxHz bounds the spectra kept for cross-correlation: the
	// correlation of microphones on one source, and its lag, are decided
	// by the band below it.
	crossMaxHz = 8000
	// crossEvery: every crossEvery-th frame enters the cross-spectra
	// (frames then overlap by nothing and sample the session evenly).
	crossEvery = 2
)

// framing holds what every analyser of one sample rate shares.
type framing struct {
	rate      int
	n, hop    int
	win       []float32
	winPow    float64 // Σ w²
	third     []Band
	erb       []Band
	thirdMap  []binMap
	erbMap    []binMap
	crossBins int
}

func newFraming(rate int) *framing {
	n := 1024
	for n*2 <= int(math.Round(frameSeconds*float64(rate)))*4/3 {
		n *= 2
	}
	f := &framing{rate: rate, n: n, hop: n / 2, win: make([]float32, n)}
	for i := range f.win {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))
		f.win[i] = float32(w)
		f.winPow += w * w
	}
	f.third = ThirdOctaveBands(rate)
	f.erb = ERBBands(rate)
	f.thirdMap = newBinMaps(f.third, n, rate)
	f.erbMap = newBinMaps(f.erb, n, rate)
	f.crossBins = min(n/2+1, int(crossMaxHz*float64(n)/float64(rate))+1)
	return f
}

// frameSeconds of frame k's centre.
func (f *framing) centre(k int) float64 {
	return (float64(k*f.hop) + float64(f.n)/2) / float64(f.rate)
}

// sigOpts chooses what a signal analyser keeps per frame.
type sigOpts struct {
	erb      bool    // ERB band powers (masking)
	midSide  bool    // mid and side 1/3-octave powers (master, reference)
	cross    bool    // the mono (or mid) spectrum of cross frames
	truePeak bool    // true peak (4× oversampled)
	seconds  float64 // expected duration, for the loudness series
}

// signal analyses one mono or stereo signal streamed in timeline order: a
// BS.1770 meter (integrated, short-term, LRA, sample and true peak) and
// per FFT frame the 1/3-octave (and optionally ERB, mid and side) band
// powers, plus per hop the energy and the stereo products.
type signal struct {
	f    *framing
	opt  sigOpts
	ch   int
	mtr  *loudness.Meter
	tx   *fft.FFT
	fifo [][]float32
	fill int
	k    int // next frame

	frame []float32
	seg   [][]float32
	spec  [2][]complex64
	pow   []float64
	pow2  []float64

	// Per frame.
	third, erb, mid, side []float32
	// Per hop: Σ over channels of Σ x² (hop energy), and for stereo
	// signals Σ L², Σ R², Σ L·R.
	hopE         []float64
	hopLL, hopRR []float64
	hopLR        []float64
	hopN         []int32 // frames in the hop (the last may be short)
	cross        []complex64
	crossE       float64 // Σ|X|² over the cross bins of the current frame
	crossOK      bool
	peak         float64
	frames       int64
	nThird, nERB int
}

func newSignal(f *framing, channels int, opt sigOpts) (*signal, error) {
	opts := []loudness.Option{loudness.WithTruePeak(opt.truePeak), loudness.WithSeries(opt.seconds + 5)}
	m, err := loudness.New(f.rate, channels, nil, opts...)
	if err != nil {
		return nil, err
	}
	s := &signal{f: f, opt: opt, ch: channels, mtr: m, tx: fft.New(f.n),
		frame: make([]float32, f.n), pow: make([]float64, f.n/2+1),
		nThird: len(f.third), nERB: len(f.erb)}
	s.fifo = make([][]float32, channels)
	s.seg = make([][]float32, channels)
	for c := range s.fifo {
		s.fifo[c] = make([]float32, 0, 2*f.n)
		s.spec[c] = make([]complex64, f.n/2+1)
	}
	if opt.midSide {
		s.pow2 = make([]float64, f.n/2+1)
	}
	if opt.cross {
		s.cross = make([]complex64, f.crossBins)
	}
	return s, nil
}

// push appends timeline-ordered samples.
func (s *signal) push(block [][]float32) {
	for c := range s.fifo {
		s.fifo[c] = append(s.fifo[c], block[c]...)
	}
	s.fill = len(s.fifo[0])
}

// ready reports whether the next frame has all its samples.
func (s *signal) ready() bool { return s.fill >= s.f.n }

// step analyses the next frame (zero-padded past the end when total >= 0
// and the samples run out) and drops its hop from the FIFO. total is the
// signal's length in frames, or -1 while unknown. cross asks for the
// frame's spectrum in s.cross.
func (s *signal) step(total int64, cross bool) {
	f := s.f
	start := int64(s.k) * int64(f.hop)
	hopLen := f.hop
	if total >= 0 {
		hopLen = int(max(0, min(int64(f.hop), total-start)))
	}
	hopLen = min(hopLen, s.fill)
	// Time domain: the meter and the hop statistics.
	if hopLen > 0 {
		for c := range s.seg {
			s.seg[c] = s.fifo[c][:hopLen]
		}
		s.mtr.Process(s.seg)
		s.frames += int64(hopLen)
	}
	var e, ll, rr, lr float64
	for c := 0; c < s.ch; c++ {
		for _, v := range s.fifo[c][:hopLen] {
			x := float64(v)
			e += x * x
			if a := math.Abs(x); a > s.peak {
				s.peak = a
			}
		}
	}
	if s.ch == 2 {
		l, r := s.fifo[0][:hopLen], s.fifo[1][:hopLen]
		for i := range l {
			a, b := float64(l[i]), float64(r[i])
			ll += a * a
			rr += b * b
			lr += a * b
		}
		s.hopLL = append(s.hopLL, ll)
		s.hopRR = append(s.hopRR, rr)
		s.hopLR = append(s.hopLR, lr)
	}
	s.hopE = append(s.hopE, e)
	s.hopN = append(s.hopN, int32(hopLen))
	// Frequency domain.
	avail := min(s.fill, f.n)
	for c := 0; c < s.ch; c++ {
		x := s.fifo[c]
		for i := 0; i < avail; i++ {
			s.frame[i] = x[i] * f.win[i]
		}
		clear(s.frame[avail:])
		s.tx.Forward(s.spec[c], s.frame)
	}
	norm := 1 / (float64(f.n) * f.winPow)
	half := f.n / 2
	for i := range s.pow {
		g := 2 * norm
		if i == 0 || i == half {
			g = norm
		}
		p := 0.0
		for c := 0; c < s.ch; c++ {
			z := s.spec[c][i]
			p += float64(real(z))*float64(real(z)) + float64(imag(z))*float64(imag(z))
		}
		s.pow[i] = g * p
	}
	for b := range f.thirdMap {
		s.third = append(s.third, float32(f.thirdMap[b].power(s.pow)))
	}
	if s.opt.erb {
		for b := range f.erbMap {
			s.erb = append(s.erb, float32(f.erbMap[b].power(s.pow)))
		}
	}
	if s.opt.midSide {
		s.midSide(norm)
	}
	s.crossOK = false
	if cross && s.cross != nil {
		s.crossE = 0
		for i := range s.cross {
			z := s.spec[0][i]
			if s.ch == 2 {
				z = (z + s.spec[1][i]) / 2
			}
			s.cross[i] = z
			s.crossE += float64(real(z))*float64(real(z)) + float64(imag(z))*float64(imag(z))
		}
		s.crossOK = s.crossE > 0
	}
	// Drop the hop.
	drop := min(f.hop, s.fill)
	for c := range s.fifo {
		n := copy(s.fifo[c], s.fifo[c][drop:])
		s.fifo[c] = s.fifo[c][:n]
	}
	s.fill -= drop
	s.k++
}

// midSide stores the mid (L+R)/2 and side (L−R)/2 band powers of the
// frame (a mono signal is all mid).
func (s *signal) midSide(norm float64) {
	f := s.f
	half := f.n / 2
	for i := range s.pow {
		g := 2 * norm
		if i == 0 || i == half {
			g = norm
		}
		var m, d complex64
		if s.ch == 2 {
			m, d = (s.spec[0][i]+s.spec[1][i])/2, (s.spec[0][i]-s.spec[1][i])/2
		} else {
			m = s.spec[0][i]
		}
		s.pow[i] = g * (float64(real(m))*float64(real(m)) + float64(imag(m))*float64(imag(m)))
		s.pow2[i] = g * (float64(real(d))*float64(real(d)) + float64(imag(d))*float64(imag(d)))
	}
	for b := range f.thirdMap {
		s.mid = append(s.mid, float32(f.thirdMap[b].power(s.pow)))
		s.side = append(s.side, float32(f.thirdMap[b].power(s.pow2)))
	}
}

// finish analyses the frames left once the signal's length is known.
func (s *signal) finish(total int64) {
	for int64(s.k)*int64(s.f.hop) < total {
		s.step(total, false)
	}
}

// nFrames is the number of frames analysed.
func (s *signal) nFrames() int { return s.k }

// erbAt returns frame k's ERB band powers.
func (s *signal) erbAt(k int) []float32 { return s.erb[k*s.nERB : (k+1)*s.nERB] }
