package delivery

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/dsp/filter"
	"immerse/dsp/loudness"
)

// DialogueMeter measures dialogue-gated loudness — an approximation.
//
// Netflix's dialogue-gated loudness is ITU-R BS.1770-1 measured only
// while Dolby's proprietary speech detector (Dialogue Intelligence) hears
// speech. DialogueMeter stands in for it with a simple, documented speech
// detector; its result is labelled an approximation wherever it is
// reported. The programme is cut into BS.1770 blocks of 400 ms every 100
// ms (K-weighted, channel-weighted power). From the channel sum, band-
// passed to 300–3400 Hz (second-order high-pass and low-pass) and
// decimated to about 8 kHz, it computes per 10 ms frame the speech-band
// energy and whether the frame is voiced (normalised autocorrelation of
// the last 40 ms at least 0.5 for a lag of 2.5 to 12.5 ms, a pitch of 80
// to 400 Hz). A block is dialogue when:
//
//   - at least 20% of its energy is in the speech band;
//   - at least 20% of its frames are voiced (noise, drums and most
//     effects hardly ever are);
//   - the speech-band level moves by syllables: the median change of the
//     frame level over 50 ms, within the last second, is at least 3 dB
//     (speech: 4 to 15 dB; sustained music about 1 dB; a single level
//     step, such as music entering, moves few of the pairs).
//
// DialogueLUFS is the mean K-weighted power over the dialogue blocks above
// −70 LUFS (no relative gate, as in BS.1770-1), DialoguePercent the share
// of dialogue among the blocks above −70 LUFS. Known limits: singing is
// taken for dialogue, speech over loud music may be missed, and the
// thresholds were tuned on synthetic speech, music, noise and drums, not
// on a labelled corpus.
type DialogueMeter struct {
	rate, channels int
	weights        []float64
	shelf, hp      loudness.Biquad
	kst            []kState
	sub            int // frames per 100 ms
	subFill        int
	subPow         [4]float64 // the last four 100 ms powers
	subN           int
	acc            float64
	// speech features
	band    [2]filter.Coeffs
	bst     [2]filter.State
	dec     int
	decLeft int
	fsd     float64 // decimated rate
	frameN  int     // decimated samples per 10 ms
	ring    []float64
	rpos    int
	rfill   int
	fBand   float64 // band energy of the current frame (decimated)
	fFull   float64 // full-band energy of the current frame (input rate)
	fCount  int
	lagMin  int
	lagMax  int
	hist    []frameFeat // the last second of frames
	hpos    int
	hcount  int
	diffs   []float64 // scratch for the modulation median
	// results
	speechPow    float64
	speechBlocks int64
	activeBlocks int64
	totalBlocks  int64
	lastSpeech   bool
}

type frameFeat struct {
	bandDB float64
	band   float64
	full   float64
	voiced bool
}

type kState struct{ s1, s2, t1, t2 float64 }

// NewDialogueMeter returns a meter for channels at rate with the BS.1770
// channel weights (nil: all 1).
func NewDialogueMeter(rate, channels int, weights []float64) (*DialogueMeter, error) {
	if rate < 8000 || rate > 768000 || channels < 1 || channels > 64 {
		return nil, fmt.Errorf("delivery: dialogue meter: %d channels at %d Hz: use 1 to 64 channels at 8 to 768 kHz", channels, rate)
	}
	if weights == nil {
		weights = make([]float64, channels)
		for i := range weights {
			weights[i] = 1
		}
	}
	if len(weights) != channels {
		return nil, fmt.Errorf("delivery: dialogue meter: %d weights for %d channels", len(weights), channels)
	}
	m := &DialogueMeter{rate: rate, channels: channels, weights: append([]float64(nil), weights...),
		kst: make([]kState, channels), sub: rate / 10}
	m.shelf, m.hp = loudness.KWeighting(float64(rate))
	hp := filter.Design(nil, filter.BandParams{Kind: filter.HighPass, FreqHz: 300, Q: math.Sqrt2 / 2, SlopeDBOct: 12}, rate)
	lp := filter.Design(nil, filter.BandParams{Kind: filter.LowPass, FreqHz: 3400, Q: math.Sqrt2 / 2, SlopeDBOct: 12}, rate)
	m.band = [2]filter.Coeffs{hp[0], lp[0]}
	m.dec = max(1, rate/8000)
	m.fsd = float64(rate) / float64(m.dec)
	m.frameN = int(math.Round(0.01 * m.fsd))
	m.ring = make([]float64, 4*m.frameN)
	m.lagMin, m.lagMax = int(math.Round(0.0025*m.fsd)), int(math.Round(0.0125*m.fsd))
	m.hist = make([]frameFeat, 100)
	m.diffs = make([]float64, 0, 100)
	m.decLeft = m.dec
	return m, nil
}

// Process adds a block of planar audio (the channels given to the
// constructor). It allocates nothing.
func (m *DialogueMeter) Process(src [][]float32) {
	dsp.CheckShape("delivery: dialogue meter", src, src, m.channels)
	n := dsp.Frames(src)
	for i := 0; i < n; i++ {
		var mono, kp float64
		for c := range src {
			x := float64(src[c][i])
			if m.weights[c] > 0 {
				mono += x
			}
			y := kTick(&m.kst[c], &m.shelf, &m.hp, x)
			kp += m.weights[c] * y * y
		}
		m.acc += kp
		m.fFull += mono * mono
		b := m.band[0].Tick(&m.bst[0], mono)
		b = m.band[1].Tick(&m.bst[1], b)
		if m.decLeft--; m.decLeft == 0 {
			m.decLeft = m.dec
			m.decimated(b)
		}
		if m.subFill++; m.subFill == m.sub {
			m.subBlock()
		}
	}
	for c := range m.kst {
		m.kst[c].flush()
	}
	for k := range m.bst {
		m.bst[k].Flush()
	}
}

// decimated takes one band-passed sample at the decimated rate.
func (m *DialogueMeter) decimated(b float64) {
	m.ring[m.rpos] = b
	m.rpos = (m.rpos + 1) % len(m.ring)
	m.rfill = min(m.rfill+1, len(m.ring))
	m.fBand += b * b
	if m.fCount++; m.fCount == m.frameN {
		m.frame()
	}
}

// frame closes a 10 ms frame.
func (m *DialogueMeter) frame() {
	f := frameFeat{band: m.fBand * float64(m.dec), full: m.fFull}
	f.bandDB = dsp.PowerToDB(m.fBand / float64(m.frameN))
	if m.rfill == len(m.ring) && m.fBand > 1e-12 {
		f.voiced = m.voiced()
	}
	m.hist[m.hpos] = f
	m.hpos = (m.hpos + 1) % len(m.hist)
	m.hcount = min(m.hcount+1, len(m.hist))
	m.fBand, m.fFull, m.fCount = 0, 0, 0
}

// voiced reports whether the last 40 ms have a pitch of 80 to 400 Hz:
// the normalised autocorrelation reaches 0.5 at some lag.
func (m *DialogueMeter) voiced() bool {
	n := len(m.ring)
	at := func(k int) float64 { return m.ring[(m.rpos+k)%n] } // oldest first
	best := 0.0
	for lag := m.lagMin; lag <= m.lagMax && lag < n/2; lag++ {
		var xy, xx, yy float64
		for k := lag; k < n; k++ {
			a, b := at(k), at(k-lag)
			xy += a * b
			xx += a * a
			yy += b * b
		}
		if xx > 0 && yy > 0 {
			best = math.Max(best, xy/math.Sqrt(xx*yy))
		}
	}
	return best >= 0.5
}

// subBlock closes a 100 ms sub-block; with four of them, a 400 ms block
// is judged.
func (m *DialogueMeter) subBlock() {
	m.subPow[m.subN%4] = m.acc / float64(m.sub)
	m.subN++
	m.acc, m.subFill = 0, 0
	if m.subN < 4 {
		return
	}
	p := (m.subPow[0] + m.subPow[1] + m.subPow[2] + m.subPow[3]) / 4
	m.totalBlocks++
	if -0.691+dsp.PowerToDB(p) <= -70 {
		m.lastSpeech = false
		return
	}
	m.activeBlocks++
	m.lastSpeech = m.isSpeech()
	if m.lastSpeech {
		m.speechBlocks++
		m.speechPow += p
	}
}

// isSpeech applies the three rules to the last 400 ms (40 frames) and the
// last second (100 frames).
func (m *DialogueMeter) isSpeech() bool {
	if m.hcount < 40 {
		return false
	}
	n := len(m.hist)
	var band, full float64
	voiced, active := 0, 0
	for k := 1; k <= 40; k++ {
		f := m.hist[(m.hpos-k+n)%n]
		band += f.band
		full += f.full
		if f.bandDB > -70 {
			active++
			if f.voiced {
				voiced++
			}
		}
	}
	if full <= 0 || band/full < 0.2 || active == 0 {
		return false
	}
	vf := float64(voiced) / float64(active)
	if vf < 0.2 {
		return false
	}
	// Syllabic modulation: the median change of the speech-band level
	// over 50 ms within the last second (a single level step, such as
	// music entering, moves few of the pairs).
	d := m.diffs[:0]
	for k := 1; k+5 <= m.hcount; k++ {
		a, b := m.hist[(m.hpos-k+n)%n], m.hist[(m.hpos-k-5+n)%n]
		if a.bandDB > -70 || b.bandDB > -70 {
			d = append(d, math.Abs(math.Max(a.bandDB, -70)-math.Max(b.bandDB, -70)))
		}
	}
	if len(d) < 10 {
		return false
	}
	mod := median(d)
	return mod >= modulationDB
}

// modulationDB is the median 50 ms change of the speech-band level above
// which a second counts as syllabic.
const modulationDB = 3.0

// median returns the median of s (the upper one for an even length),
// sorting s in place (insertion sort: s has at most 100 values).
func median(s []float64) float64 {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}

// DialogueResult is what a DialogueMeter measured.
type DialogueResult struct {
	// LUFS is the dialogue-gated loudness (dsp.MinDB when no block was
	// dialogue).
	LUFS float64 `json:"dialogueLUFS"`
	// Percent of the blocks above −70 LUFS that are dialogue.
	Percent float64 `json:"dialoguePercent"`
	// Blocks counted (400 ms every 100 ms).
	DialogueBlocks int64 `json:"dialogueBlocks"`
	ActiveBlocks   int64 `json:"activeBlocks"`
}

// Result returns the measurement so far.
func (m *DialogueMeter) Result() DialogueResult {
	r := DialogueResult{LUFS: dsp.MinDB, DialogueBlocks: m.speechBlocks, ActiveBlocks: m.activeBlocks}
	if m.speechBlocks > 0 {
		r.LUFS = -0.691 + dsp.PowerToDB(m.speechPow/float64(m.speechBlocks))
	}
	if m.activeBlocks > 0 {
		r.Percent = 100 * float64(m.speechBlocks) / float64(m.activeBlocks)
	}
	return r
}

// LastBlockSpeech reports whether the last 400 ms block judged was
// dialogue (for displays and tests).
func (m *DialogueMeter) LastBlockSpeech() bool { return m.lastSpeech }

// kTick runs one sample through the two K-weighting biquads.
func kTick(s *kState, shelf, hp *loudness.Biquad, x float64) float64 {
	y := shelf.B0*x + s.s1
	s.s1 = shelf.B1*x - shelf.A1*y + s.s2
	s.s2 = shelf.B2*x - shelf.A2*y
	z := hp.B0*y + s.t1
	s.t1 = hp.B1*y - hp.A1*z + s.t2
	s.t2 = hp.B2*y - hp.A2*z
	return z
}

func (s *kState) flush() {
	const tiny = 1e-200
	if math.Abs(s.s1) < tiny && math.Abs(s.s2) < tiny && math.Abs(s.t1) < tiny && math.Abs(s.t2) < tiny {
		*s = kState{}
	}
}
