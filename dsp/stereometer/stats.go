package stereometer

import (
	"math"
	"slices"
)

// corrStats accumulates the window correlations.
type corrStats struct {
	windows, silent, negative, below int
	sum, min                         float64
	minTicks                         int64
	last                             float64
}

// lossStats accumulates the window mono losses (broadband).
type lossStats struct {
	windows, silent int
	max             float64
	maxTicks        int64
	last            float64
}

// bandStats accumulates the window mono losses of one octave band.
type bandStats struct {
	windows  int
	max      float64
	maxTicks int64
}

// pearson returns the Pearson correlation of n samples from their sums, and
// whether it is defined: false when both channels are silent (mean square
// below silence). When only one channel is silent it returns 0.
func pearson(n, sl, sr, sll, srr, slr, silence float64) (r float64, ok bool) {
	qL, qR := sll < silence*n, srr < silence*n
	if qL && qR {
		return 0, false
	}
	if qL || qR {
		return 0, true
	}
	vl := sll - sl*sl/n
	vr := srr - sr*sr/n
	if vl <= 0 || vr <= 0 { // a constant (DC) channel
		return 0, true
	}
	r = (slr - sl*sr/n) / math.Sqrt(vl*vr)
	return max(-1, min(1, r)), true
}

// lossLU returns 10·log10(stereo/mono) capped at MaxLossLU; 0 when the
// stereo energy is 0.
func lossLU(stereo, mono float64) float64 {
	if stereo <= 0 {
		return 0
	}
	if mono <= 0 || stereo > mono*maxLossRatio {
		return MaxLossLU
	}
	return max(0, 10*math.Log10(stereo/mono))
}

// absoluteGate is the BS.1770 absolute gate (−70 LUFS) as a weighted mean
// square: windows whose stereo K-weighted loudness is at or below it are
// silent for the mono loss.
var absoluteGate = math.Pow(10, (-70+0.691)/10)

// window evaluates the 400 ms window whose sums are in m.win.
func (m *Meter) window() {
	w := m.win
	n := float64(windowTicks * m.tickLen)
	win := window{end: m.ticks}

	r, ok := pearson(n, w[sumL], w[sumR], w[sumLL], w[sumRR], w[sumLR], m.silence)
	c := &m.corr
	if !ok {
		c.silent++
		c.last = 0
	} else {
		c.windows++
		c.sum += r
		c.last = r
		if r < 0 {
			c.negative++
		}
		if r < m.cfg.threshold {
			c.below++
		}
		if c.windows == 1 || r < c.min {
			c.min, c.minTicks = r, m.ticks
		}
	}
	win.r = r

	lossOK := w[sumKSt]/n > absoluteGate
	if lossOK {
		win.loss = lossLU(w[sumKSt], w[sumKMo])
		l := &m.loss
		l.windows++
		l.last = win.loss
		if l.windows == 1 || win.loss > l.max {
			l.max, l.maxTicks = win.loss, m.ticks
		}
	} else {
		m.loss.silent++
		m.loss.last = 0
	}
	for b := range m.bands {
		est, emo := w[nBroad+2*b], w[nBroad+2*b+1]
		if est/(2*n) < m.silence {
			continue
		}
		loss := lossLU(est, emo)
		bs := &m.bands[b]
		bs.windows++
		if bs.windows == 1 || loss > bs.max {
			bs.max, bs.maxTicks = loss, m.ticks
		}
	}
	if ok {
		m.worstCorr.add(win)
	}
	if lossOK {
		m.worstLoss.add(win)
	}
}

func (m *Meter) seconds(ticks int64) float64 {
	return float64(ticks*int64(m.tickLen)) / float64(m.rate)
}

// window is a window as the meter keeps it: the tick count at its end
// (exact integer times, so that adjacent windows never overlap by rounding).
type window struct {
	end     int64
	r, loss float64
}

// worstList keeps the n windows of highest score that do not overlap one
// another, in fixed memory. A new window overlapping a kept one of equal or
// higher score is dropped; one that beats every kept window it overlaps
// replaces them (greedy non-maximum suppression, in stream order).
type worstList struct {
	items []window
	score func(window) float64
}

func newWorstList(n int, score func(window) float64) worstList {
	return worstList{items: make([]window, 0, n), score: score}
}

func (l *worstList) reset() { l.items = l.items[:0] }

func (l *worstList) add(w window) {
	s := l.score(w)
	for _, it := range l.items {
		if overlaps(it, w) && l.score(it) >= s {
			return
		}
	}
	kept := l.items[:0]
	for _, it := range l.items {
		if !overlaps(it, w) {
			kept = append(kept, it)
		}
	}
	l.items = kept
	if len(l.items) < cap(l.items) {
		l.items = append(l.items, w)
		return
	}
	lo := 0
	for i, it := range l.items {
		if l.score(it) < l.score(l.items[lo]) {
			lo = i
		}
	}
	if s > l.score(l.items[lo]) {
		l.items[lo] = w
	}
}

// overlaps reports whether two windows share any tick.
func overlaps(a, b window) bool { return a.end-b.end < windowTicks && b.end-a.end < windowTicks }

// sorted returns the kept windows, worst first (ties: earliest first).
func (m *Meter) sorted(l *worstList) []Window {
	items := slices.Clone(l.items)
	slices.SortStableFunc(items, func(a, b window) int {
		sa, sb := l.score(a), l.score(b)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return int(a.end - b.end)
	})
	out := make([]Window, len(items))
	for i, w := range items {
		out[i] = Window{
			StartSeconds: m.seconds(w.end - windowTicks),
			EndSeconds:   m.seconds(w.end),
			Correlation:  w.r,
			MonoLossLU:   w.loss,
		}
	}
	return out
}
