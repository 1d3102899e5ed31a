package cleanup

import (
	"math"

	"immerse/dsp"
)

// Declicker finds impulsive clicks and pops and repairs them by
// least-squares autoregressive interpolation; see the package
// documentation for the detection rules. Channels are treated
// independently. Samples that are not repaired pass bit for bit (delayed
// by Latency frames).
type Declicker struct {
	p              DeclickParams
	rate, channels int
	order          int
	hop            int // segment analysed at once
	past, future   int // context kept before and after the segment
	total          int // buffer length: past + hop + future
	maxClick       int // longest repair (frames)
	guard, side    int // isolation: guard and side window (frames)
	level          int // level-step window (frames)
	arHalf         int // AR window: segment ± arHalf
	thr            float64

	buf            [][]float32 // per channel: the sliding buffer
	fill           int         // frames in buf (filling at the start)
	pos            int         // read position in the output part of buf
	frames         int64       // input frames of the segment start (absolute)
	skip           []int64     // per channel: frames before this are done
	x, ef          []float64   // float64 copy of one channel's buffer, residuals
	eb, d          []float64
	ds             []float64
	a, r           []float64 // detection model (prediction-error filter), autocorrelation
	ra             []float64 // repair model
	tmp            []float64
	arWin          []float64 // Hann window of the AR analysis
	arTmp          []float64
	repairHalf     int       // half length of a repair model's window
	repWin, repTmp []float64 // its window and scratch
	mad            []float64
	clicks         []span // clicks found in the current segment
	interp         *interpolator
	log            eventLog[Click]
	detected       int64
}

// span is a click in buffer coordinates [s, e).
type span struct{ s, e int }

// Fixed analysis sizes at 48 kHz, scaled to the rate.
const (
	declickHopMs   = 21.33 // segment length
	declickSideMs  = 15.0  // isolation windows: longer than a glottal period at 70 Hz
	declickLevelMs = 10.0  // level-step windows
	declickARMs    = 42.67 // AR analysis window
	isolation      = 3.0   // the click's residual peak over the side windows'
	levelStep      = 3.0   // amplitude ratio of the level step that marks an onset
	// janssenIterations: model estimates per repaired segment (the first
	// from the damaged signal, each further one from the last repair).
	janssenIterations = 4
	// sigmaFloor is the least residual scale (and signal level) the
	// detector assumes, −100 dBFS: in near-silence (a fade's last
	// samples, dither) nothing under about −82 dBFS counts as a click.
	sigmaFloor = 1e-5
	// maxRepairOrder bounds the order of the repair models.
	maxRepairOrder = 192
)

// NewDeclicker returns a de-click processor for channels at rate.
func NewDeclicker(p DeclickParams, rate, channels int) (*Declicker, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkRate("declick", rate, channels); err != nil {
		return nil, err
	}
	d := &Declicker{p: p, rate: rate, channels: channels, order: p.Order, thr: p.Threshold}
	d.hop = max(256, msFrames(declickHopMs, rate))
	d.maxClick = max(1, msFrames(p.MaxClickMs, rate))
	// The side windows start an order away from the event: a click's
	// residual rings on for up to Order frames after it (forward) and
	// before it (backward).
	d.guard = d.order + 4
	d.side = msFrames(declickSideMs, rate)
	d.level = msFrames(declickLevelMs, rate)
	arLen := max(d.hop+2*d.order, msFrames(declickARMs, rate))
	d.arHalf = (arLen - d.hop) / 2
	// Reach of one click's tests beyond the segment: a run of up to
	// maxClick+9 frames, its extent refined by up to maxClick more, the
	// guard and the side or level windows.
	ext := 2*d.maxClick + d.guard + max(d.side, d.level) + 12
	margin := d.maxClick + 4 // a repair may start this far before the segment
	d.future = max(ext+d.order, d.arHalf)
	d.past = max(d.hop+margin, ext+d.order, d.arHalf)
	d.total = d.past + d.hop + d.future
	d.buf = dsp.NewBuffer(channels, d.total)
	d.skip = make([]int64, channels)
	d.x = make([]float64, d.total)
	d.ef = make([]float64, d.total)
	d.eb = make([]float64, d.total)
	d.d = make([]float64, d.total)
	d.ds = make([]float64, d.total)
	d.a = make([]float64, d.order+1)
	d.r = make([]float64, maxRepairOrder+1)
	d.tmp = make([]float64, maxRepairOrder+1)
	d.ra = make([]float64, maxRepairOrder+1)
	d.arWin = make([]float64, d.hop+2*d.arHalf)
	for i := range d.arWin {
		d.arWin[i] = 0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(len(d.arWin)))
	}
	d.arTmp = make([]float64, len(d.arWin))
	d.repairHalf = len(d.arWin) / 2
	d.repWin = make([]float64, 2*d.repairHalf)
	d.repTmp = make([]float64, 2*d.repairHalf)
	d.mad = make([]float64, d.hop)
	d.clicks = make([]span, 0, d.hop)
	d.interp = newInterpolator(d.maxClick+4, maxRepairOrder)
	d.log = newEventLog[Click]()
	d.Reset()
	return d, nil
}

// Params returns the parameters.
func (d *Declicker) Params() DeclickParams { return d.p }

// Latency is the delay in frames: the context after the analysed segment
// and the segment itself (about 45 ms at 48 kHz, scaled by the order and
// the longest click).
func (d *Declicker) Latency() int { return d.total - d.hop }

// Reset clears the buffers and the click log.
func (d *Declicker) Reset() {
	dsp.Clear(d.buf)
	// The buffer starts full of silence so that the first output frame is
	// the first input frame delayed by Latency.
	d.fill = d.total - d.hop
	d.pos = 0
	d.frames = -int64(d.future) // input frame 0 enters at past+future
	clear(d.skip)
	d.log.reset()
	d.detected = 0
}

// Process repairs the clicks of src into dst (delayed by Latency frames).
// dst and src may alias.
func (d *Declicker) Process(dst, src [][]float32) {
	dsp.CheckShape("cleanup: declick", dst, src, d.channels)
	n := dsp.Frames(src)
	for i := 0; i < n; {
		// Exchange as many frames as fit before the next segment.
		k := min(n-i, d.total-d.fill)
		for c := range src {
			for j := 0; j < k; j++ {
				v := src[c][i+j]
				dst[c][i+j] = d.buf[c][d.pos+j]
				d.buf[c][d.fill+j] = v
			}
		}
		d.fill += k
		d.pos += k
		i += k
		if d.fill == d.total {
			d.segment()
			for c := range d.buf {
				copy(d.buf[c], d.buf[c][d.hop:])
			}
			d.fill -= d.hop
			d.pos = 0
			d.frames += int64(d.hop)
		}
	}
}

// TakeClicks appends the clicks repaired since the last call to dst and
// returns it (frames of the input stream, in order of detection).
func (d *Declicker) TakeClicks(dst []Click) []Click { return d.log.take(dst) }

// Detected counts every click repaired since Reset (also those dropped
// from the log).
func (d *Declicker) Detected() int64 { return d.detected }

// segment analyses buf[past : past+hop] of every channel.
func (d *Declicker) segment() {
	for c := range d.buf {
		d.channel(c)
	}
}

// channel detects and repairs the clicks of one channel's segment.
func (d *Declicker) channel(c int) {
	b := d.buf[c]
	x := d.x
	for i, v := range b {
		x[i] = float64(v)
	}
	seg0, seg1 := d.past, d.past+d.hop
	if !d.model(seg0, seg1) {
		return
	}
	lo, hi := d.order, d.total-d.order
	forwardError(d.ef, x, d.a, lo, hi)
	backwardError(d.eb, x, d.a, lo, hi)
	// Robust scale of the forward residual over the segment.
	for i := range d.mad {
		d.mad[i] = math.Abs(d.ef[seg0+i])
	}
	sigma := math.Max(1.4826*median(d.mad), sigmaFloor)
	limit := d.thr * sigma
	// Two detection statistics, geometric means of residual magnitudes
	// each capped at twice the limit (so that one huge residual cannot
	// make an ordinary other one count): a spike is large in both the
	// forward and the backward residual at the same frame (d); a value
	// step at n is large in the forward residual at n and in the backward
	// one at n−1 (ds).
	capv := 2 * limit
	for n := lo + 1; n < hi; n++ {
		f, b, b1 := math.Min(math.Abs(d.ef[n]), capv), math.Min(math.Abs(d.eb[n]), capv), math.Min(math.Abs(d.eb[n-1]), capv)
		d.d[n] = math.Sqrt(f * b)
		d.ds[n] = math.Sqrt(f * b1)
	}

	d.clicks = d.clicks[:0]
	start := seg0
	if s := int(d.skip[c] - d.frames); s > start {
		start = s
	}
	for n := start; n < seg1; n++ {
		if d.d[n] <= limit && d.ds[n] <= limit {
			continue
		}
		// A cluster of exceedances: gaps shorter than half the longest
		// click are bridged (a pulse shows only at its two edges).
		e := n + 1
		gap := max(3, d.maxClick/2)
		spikes, steps := 0, 0
		for j := n; j < hi && j-e <= gap && j-n <= d.maxClick+8; j++ {
			if d.d[j] > limit {
				spikes++
				e = j + 1
			} else if d.ds[j] > limit {
				if j != e || j == n {
					steps++ // a new step (not adjacent to the last exceedance)
				}
				e = j + 1
			}
		}
		if spikes > 0 || steps >= 2 {
			if sp, ok := d.judge(n, e, sigma); ok {
				d.clicks = append(d.clicks, sp)
			}
		}
		n = e
	}
	if len(d.clicks) == 0 {
		return
	}
	// First repair with the detection model, then Janssen's iteration
	// per click with a model of order 3·m (Janssen et al.: the order
	// should be about three times the gap), estimated from the repaired
	// signal, interpolating again from the original known samples.
	for _, sp := range d.clicks {
		d.interp.fill(x, d.a, sp.s, sp.e-sp.s)
	}
	for k := range d.clicks {
		d.repair(&d.clicks[k], limit)
	}
	for _, sp := range d.clicks {
		for i := sp.s; i < sp.e; i++ {
			b[i] = float32(x[i])
		}
		at := d.frames + int64(sp.s-d.past)
		d.log.add(Click{Frame: at, Length: sp.e - sp.s, Channel: c})
		d.detected++
		d.skip[c] = at + int64(sp.e-sp.s)
	}
}

// repair runs Janssen's iteration on one click: a model of order 3·m
// (Janssen et al.: about three times the gap), centred on the click and
// estimated from the repaired signal, interpolates again from the
// original known samples. Then, with the cleaner model, damage left just
// outside the span (the faint edges of a click) shows in the residual:
// the span grows by two frames on each side where it does, and the
// iteration repeats (at most three times).
func (d *Declicker) repair(sp *span, limit float64) {
	for grow := 0; ; grow++ {
		m := sp.e - sp.s
		a := d.ra[:min(maxRepairOrder, max(d.order, 3*m))+1]
		mid := (sp.s + sp.e) / 2
		w0, w1 := max(0, mid-d.repairHalf), min(d.total, mid+d.repairHalf)
		for it := 1; it < janssenIters && d.estimateAt(a, w0, w1); it++ {
			d.interp.fill(d.x, a, sp.s, m)
		}
		if grow == 3 || m+4 > d.maxClick+4 {
			return
		}
		left, right := false, false
		for j := sp.s - 2; j < sp.s; j++ {
			left = left || math.Abs(residualAt(d.x, a, j, 1)) > limit/2
		}
		for j := sp.e; j < sp.e+2; j++ {
			right = right || math.Abs(residualAt(d.x, a, j, -1)) > limit/2
		}
		if !left && !right {
			return
		}
		if left {
			sp.s -= 2
		}
		if right {
			sp.e += 2
		}
		d.interp.fill(d.x, d.a, sp.s, sp.e-sp.s)
	}
}

// residualAt is the forward (dir 1) or backward (dir −1) prediction
// error of x at n with the prediction-error filter a.
func residualAt(x, a []float64, n, dir int) float64 {
	s := x[n]
	for k := 1; k < len(a); k++ {
		s += a[k] * x[n-dir*k]
	}
	return s
}

// model estimates the detection model (order Order) from the AR window
// around the segment; false when the window is silent.
func (d *Declicker) model(seg0, seg1 int) bool { return d.estimate(d.a, seg0, seg1) }

// estimate writes the prediction-error filter a (order len(a)-1) of the
// AR window around the segment; false when the window is silent.
func (d *Declicker) estimate(a []float64, seg0, seg1 int) bool {
	r := d.r[:len(a)]
	autocorr(r, d.x[seg0-d.arHalf:seg1+d.arHalf], d.arWin, d.arTmp)
	return levinson(a, r, d.tmp[:len(a)]) > 0
}

// estimateAt writes the prediction-error filter a of x[w0:w1] under a
// Hann window; false when it is silent.
func (d *Declicker) estimateAt(a []float64, w0, w1 int) bool {
	n := w1 - w0
	win := d.repWin[:n]
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(n))
	}
	r := d.r[:len(a)]
	autocorr(r, d.x[w0:w1], win, d.repTmp[:n])
	return levinson(a, r, d.tmp[:len(a)]) > 0
}

// judge decides whether the run of exceedances [s, e) is a click and
// returns the frames to repair.
func (d *Declicker) judge(s, e int, sigma float64) (span, bool) {
	if e-s > d.maxClick {
		return span{}, false
	}
	// Extent: where the forward residual starts to be large before the
	// run (the first damaged frame) and the backward residual stops being
	// large after it (the last one).
	ext := d.thr * sigma
	for j, quiet := s-1, 0; j > s-d.maxClick && quiet < 3; j-- {
		if math.Abs(d.ef[j]) > ext {
			s, quiet = j, 0
		} else {
			quiet++
		}
	}
	for j, quiet := e, 0; j < e+d.maxClick && quiet < 3; j++ {
		if math.Abs(d.eb[j]) > ext {
			e, quiet = j+1, 0
		} else {
			quiet++
		}
	}
	pad := 2 + (e-s)/8
	s, e = s-pad, e+pad
	if e-s > d.maxClick+4 {
		return span{}, false
	}
	// Isolation: the click's residual stands out of both sides (the
	// uncapped statistics: the capped ones saturate at twice the limit).
	peak := d.strength(s, e)
	sideL := d.strength(s-d.guard-d.side, s-d.guard)
	sideR := d.strength(e+d.guard, e+d.guard+d.side)
	if peak < isolation*math.Max(sideL, sideR) {
		return span{}, false
	}
	// A level step across the event marks a musical onset or ending.
	lvlL := rms(d.x[s-d.guard-d.level : s-d.guard])
	lvlR := rms(d.x[e+d.guard : e+d.guard+d.level])
	floor := sigmaFloor
	if math.Max(lvlL, lvlR) > levelStep*math.Max(math.Min(lvlL, lvlR), floor) {
		return span{}, false
	}
	return span{s, e}, true
}

// strength is the largest uncapped detection statistic (spike or step)
// in [from, to).
func (d *Declicker) strength(from, to int) float64 {
	m := 0.0
	for j := from; j < to; j++ {
		m = math.Max(m, math.Abs(d.ef[j]*d.eb[j]))
		m = math.Max(m, math.Abs(d.ef[j]*d.eb[j-1]))
	}
	return math.Sqrt(m)
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// janssenIters is janssenIterations (a variable for experiments).
var janssenIters = janssenIterations
