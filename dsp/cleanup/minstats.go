package cleanup

import "math"

// minStats estimates the noise power per bin by minimum statistics
// (after R. Martin, "Noise power spectral density estimation based on
// optimal smoothing and minimum statistics", IEEE Trans. Speech and Audio
// Processing 9(5), 2001, simplified): the power of each bin is smoothed
// over time (time constant about 70 ms), its minimum over the last 1.5 s
// is tracked in eight sub-windows, and the noise is that minimum times a
// fixed bias compensation of 2 (the minimum of a smoothed periodogram
// lies below its mean; Martin derives the factor from the smoothing's
// degrees of freedom, this takes a typical value). Until 1.5 s have been
// seen the minimum is over what has been seen.
type minStats struct {
	alpha     float64
	smooth    []float64
	cur       []float64   // minimum in the current sub-window
	past      [][]float64 // minima of the last sub-windows
	sub, nsub int         // frames per sub-window, sub-windows
	count     int         // frames in the current sub-window
	filled    int         // past sub-windows filled
	next      int         // ring index of the next past sub-window
	first     bool
}

const (
	minStatsSeconds = 1.5
	minStatsBias    = 2.0
)

func newMinStats(bins, rate, hop int) *minStats {
	frameSec := float64(hop) / float64(rate)
	m := &minStats{alpha: math.Exp(-frameSec / 0.07), nsub: 8,
		smooth: make([]float64, bins), cur: make([]float64, bins)}
	m.sub = max(1, int(math.Round(minStatsSeconds/frameSec/float64(m.nsub))))
	m.past = make([][]float64, m.nsub)
	for i := range m.past {
		m.past[i] = make([]float64, bins)
	}
	m.reset()
	return m
}

func (m *minStats) reset() {
	m.count, m.filled, m.next, m.first = 0, 0, 0, true
	clear(m.smooth)
	for b := range m.cur {
		m.cur[b] = math.Inf(1)
	}
}

// update adds one frame's power and writes the noise estimate to noise.
func (m *minStats) update(pow, noise []float64) {
	for b, p := range pow {
		if m.first {
			m.smooth[b] = p
		} else {
			m.smooth[b] = m.alpha*m.smooth[b] + (1-m.alpha)*p
		}
		m.cur[b] = math.Min(m.cur[b], m.smooth[b])
	}
	m.first = false
	for b := range noise {
		v := m.cur[b]
		for i := 0; i < m.filled; i++ {
			v = math.Min(v, m.past[i][b])
		}
		noise[b] = minStatsBias * v
	}
	if m.count++; m.count == m.sub {
		copy(m.past[m.next], m.cur)
		m.next = (m.next + 1) % m.nsub
		m.filled = min(m.filled+1, m.nsub)
		m.count = 0
		for b := range m.cur {
			m.cur[b] = math.Inf(1)
		}
	}
}
