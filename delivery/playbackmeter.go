package delivery

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/fft"
	"immerse/dsp/filter"
	"immerse/dsp/loudness"
)

// PlaybackMeter measures what playback systems keep of a stereo (or mono)
// programme, streaming:
//
//   - loudness change: every system's output (the programme folded to mono
//     for mono systems, (L+R)/√2, then filtered by the model) is K-weighted
//     and measured over the BS.1770 blocks (400 ms every 100 ms) that the
//     input's own gating keeps (absolute −70 LUFS, relative −10 LU, on a
//     0.1 LU histogram); the change is that loudness minus the input's
//     integrated loudness. Measuring on the input's blocks keeps the
//     figure defined when a system makes the output nearly silent (a
//     50 Hz tone on a phone);
//   - per-octave loss: the power spectrum of the input (Welch: Hann
//     windows of about 340 ms, half overlapping, from the first full
//     window on; L, R and the mono sum)
//     is weighted by each model's |H(f)|² and summed over the octave bands
//     31.5 Hz … 16 kHz (edges at the centre ·10^(±0.15)); the loss is
//     10·log10(out/in) of each band, the stereo power L²+R² being the
//     reference also for mono systems (so the mono fold's own loss
//     counts). A band with no input power reports the model's mean
//     response over the band;
//   - the low end: the octaves 31.5, 63 and 125 Hz (22–177 Hz);
//     LowEndLostPercent is the share of its power the system does not
//     reproduce, 100·(1 − out/in).
//
// A mono programme is played on stereo systems as dual mono at −3 dB per
// side (its loudness is then unchanged). Process allocates nothing.
type PlaybackMeter struct {
	rate, channels int
	sys            []*System
	secs           [][]filter.Coeffs
	st             [][][]filter.State // [system][out channel][section]
	outs           []int              // output channels per system
	shelf, hpK     loudness.Biquad
	kin            []kState
	kout           [][]kState
	sub, fill      int
	accIn          float64
	accOut         []float64
	subIn          [4]float64
	subOut         [][4]float64
	subN           int
	count          []int64
	inSum          []float64
	outSum         [][]float64 // [bin][system]
	// Welch
	n          int
	tr         *fft.FFT
	win        []float32
	bufL, bufR []float32
	wl, wr     []float32
	specL      []complex64
	specR      []complex64
	sL, sR, sM []float64
	wfill      int
	wframes    int
	wstarted   bool // the buffer holds a full window of the programme
}

// Histogram of block loudness: 0.1 LU bins from −70 to +10 LUFS.
const (
	histLo   = -70.0
	histStep = 0.1
	histBins = 800
)

// NewPlaybackMeter returns a meter of the given systems for a programme
// of 1 (mono) or 2 (L, R) channels at rate.
func NewPlaybackMeter(sys []*System, rate, channels int) (*PlaybackMeter, error) {
	if channels != 1 && channels != 2 {
		return nil, fmt.Errorf("delivery: playback: %d channels; the playback check takes the mono or stereo fold-down", channels)
	}
	if rate < 8000 || rate > 768000 {
		return nil, fmt.Errorf("delivery: playback: sample rate %d Hz: use 8 to 768 kHz", rate)
	}
	if len(sys) == 0 {
		return nil, fmt.Errorf("delivery: playback: no system given")
	}
	m := &PlaybackMeter{rate: rate, channels: channels, sys: sys, sub: rate / 10, kin: make([]kState, channels)}
	m.shelf, m.hpK = loudness.KWeighting(float64(rate))
	for _, s := range sys {
		secs := s.sections(rate)
		outs := channels
		if s.Mono || channels == 1 {
			outs = 1
		}
		st := make([][]filter.State, outs)
		for c := range st {
			st[c] = make([]filter.State, len(secs))
		}
		m.secs = append(m.secs, secs)
		m.st = append(m.st, st)
		m.outs = append(m.outs, outs)
		m.kout = append(m.kout, make([]kState, outs))
	}
	m.accOut = make([]float64, len(sys))
	m.subOut = make([][4]float64, len(sys))
	m.count = make([]int64, histBins)
	m.inSum = make([]float64, histBins)
	m.outSum = make([][]float64, histBins)
	for i := range m.outSum {
		m.outSum[i] = make([]float64, len(sys))
	}
	n := 1 << int(math.Round(math.Log2(0.34*float64(rate))))
	m.n = min(max(n, fft.MinSize), fft.MaxSize)
	m.tr = fft.New(m.n)
	m.win = make([]float32, m.n)
	for i := range m.win {
		m.win[i] = float32(0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(m.n)))
	}
	m.bufL, m.bufR = make([]float32, m.n), make([]float32, m.n)
	m.wl, m.wr = make([]float32, m.n), make([]float32, m.n)
	m.specL, m.specR = make([]complex64, m.n/2+1), make([]complex64, m.n/2+1)
	m.sL, m.sR, m.sM = make([]float64, m.n/2+1), make([]float64, m.n/2+1), make([]float64, m.n/2+1)
	return m, nil
}

// Process adds a block (1 or 2 channels as built).
func (m *PlaybackMeter) Process(src [][]float32) {
	dsp.CheckShape("delivery: playback", src, src, m.channels)
	n := dsp.Frames(src)
	for i := 0; i < n; i++ {
		l := float64(src[0][i])
		r := l
		if m.channels == 2 {
			r = float64(src[1][i])
		}
		// Input reference: K-weighted L²+R² (mono: x², dual mono at −3 dB).
		var pin float64
		for c := 0; c < m.channels; c++ {
			y := kTick(&m.kin[c], &m.shelf, &m.hpK, float64(src[c][i]))
			pin += y * y
		}
		m.accIn += pin
		for k := range m.sys {
			var pout float64
			for c := 0; c < m.outs[k]; c++ {
				var x float64
				switch {
				case m.channels == 1:
					x = l
				case m.outs[k] == 1:
					x = (l + r) / math.Sqrt2
				case c == 0:
					x = l
				default:
					x = r
				}
				st := m.st[k][c]
				for j := range m.secs[k] {
					x = m.secs[k][j].Tick(&st[j], x)
				}
				y := kTick(&m.kout[k][c], &m.shelf, &m.hpK, x)
				pout += y * y
			}
			m.accOut[k] += pout
		}
		if m.fill++; m.fill == m.sub {
			m.subBlock()
		}
		m.bufL[m.n/2+m.wfill] = float32(l)
		m.bufR[m.n/2+m.wfill] = float32(r)
		if m.wfill++; m.wfill == m.n/2 {
			m.welch()
		}
	}
	m.flush()
}

func (m *PlaybackMeter) flush() {
	for c := range m.kin {
		m.kin[c].flush()
	}
	for k := range m.st {
		for c := range m.st[k] {
			for j := range m.st[k][c] {
				m.st[k][c][j].Flush()
			}
			m.kout[k][c].flush()
		}
	}
}

// subBlock closes 100 ms; every 400 ms block goes into the histogram by
// the input's loudness.
func (m *PlaybackMeter) subBlock() {
	i := m.subN % 4
	m.subIn[i] = m.accIn / float64(m.sub)
	for k := range m.sys {
		m.subOut[k][i] = m.accOut[k] / float64(m.sub)
		m.accOut[k] = 0
	}
	m.accIn, m.fill = 0, 0
	m.subN++
	if m.subN < 4 {
		return
	}
	pin := (m.subIn[0] + m.subIn[1] + m.subIn[2] + m.subIn[3]) / 4
	l := -0.691 + dsp.PowerToDB(pin)
	if l <= histLo {
		return
	}
	b := min(histBins-1, int((l-histLo)/histStep))
	m.count[b]++
	m.inSum[b] += pin
	for k := range m.sys {
		o := m.subOut[k]
		m.outSum[b][k] += (o[0] + o[1] + o[2] + o[3]) / 4
	}
}

// welch adds the spectra of the current window and shifts by half.
func (m *PlaybackMeter) welch() {
	if !m.wstarted {
		// The first half window is the buffer's initial silence: a window
		// over it would add the programme's start as a step.
		m.wstarted = true
		m.shiftWelch()
		return
	}
	for i, w := range m.win {
		m.wl[i] = m.bufL[i] * w
		m.wr[i] = m.bufR[i] * w
	}
	m.tr.Forward(m.specL, m.wl)
	m.tr.Forward(m.specR, m.wr)
	for b := range m.specL {
		lr, li := float64(real(m.specL[b])), float64(imag(m.specL[b]))
		rr, ri := float64(real(m.specR[b])), float64(imag(m.specR[b]))
		if m.channels == 1 {
			p := lr*lr + li*li
			m.sL[b] += p / 2
			m.sR[b] += p / 2
			m.sM[b] += p
			continue
		}
		m.sL[b] += lr*lr + li*li
		m.sR[b] += rr*rr + ri*ri
		sr, si := lr+rr, li+ri
		m.sM[b] += (sr*sr + si*si) / 2
	}
	m.wframes++
	m.shiftWelch()
}

func (m *PlaybackMeter) shiftWelch() {
	copy(m.bufL, m.bufL[m.n/2:])
	copy(m.bufR, m.bufR[m.n/2:])
	m.wfill = 0
}
