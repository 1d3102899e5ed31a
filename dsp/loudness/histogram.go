package loudness

import (
	"math"

	"immerse/dsp"
)

// The gating statistics keep bounded memory with a histogram of block
// loudness, like libebur128 and ffmpeg, but each bin holds the exact sum of
// its blocks' energies (mean squares) besides their count. Everything that
// BS.1770 sums is therefore summed exactly; the 0.01 LU bins matter only for
// deciding which blocks lie above a gate (see gatedMean) and for locating
// the LRA percentiles (see percentile).
const (
	histFloorLUFS = absoluteGateLUFS // blocks at or below are never stored
	histTopLUFS   = 40.0             // louder blocks share the top bin
	histStepLU    = 0.01
	histBins      = int((histTopLUFS - histFloorLUFS) / histStepLU)
)

// Gates of BS.1770 (integrated loudness) and EBU Tech 3342 (loudness range).
const (
	absoluteGateLUFS = -70.0
	relativeGateLU   = -10.0
	lraRelativeGate  = -20.0
	lraLowPercent    = 10.0
	lraHighPercent   = 95.0
)

// kOffset is the −0.691 of BS.1770 eq. (2), which cancels the K-weighting
// gain at 997 Hz.
const kOffset = -0.691

// lufs converts a weighted mean square to loudness (BS.1770 eq. 2), MinDB
// for silence.
func lufs(power float64) float64 {
	if power <= 0 {
		return dsp.MinDB
	}
	return max(dsp.PowerToDB(power)+kOffset, dsp.MinDB)
}

type histogram struct {
	count  []uint32
	energy []float64
	n      uint64  // blocks stored
	sum    float64 // their energy
}

func newHistogram() histogram {
	return histogram{count: make([]uint32, histBins), energy: make([]float64, histBins)}
}

func (h *histogram) reset() {
	clear(h.count)
	clear(h.energy)
	h.n, h.sum = 0, 0
}

// bin returns the bin of loudness l (clamped to the histogram).
func bin(l float64) int {
	i := int(math.Floor((l - histFloorLUFS) / histStepLU))
	return min(max(i, 0), histBins-1)
}

// add stores a block of energy e and loudness l (> histFloorLUFS).
func (h *histogram) add(e, l float64) {
	i := bin(l)
	h.count[i]++
	h.energy[i] += e
	h.n++
	h.sum += e
}

// gatedMean returns the mean energy of the stored blocks louder than
// gate LUFS and the number of blocks it averages (a real number because the
// bin holding the gate contributes pro rata: the fraction of its 0.01 LU
// width that lies above the gate). Bins fully above or below the gate are
// exact, so the only approximation concerns blocks within 0.01 LU of the
// gate; with the 0.01 LU bins, an error of even 0.001 LU in the integrated
// loudness needs more than 0.02 % of all gated blocks in that one bin *and*
// the pro-rata guess to be wrong for all of them.
func (h *histogram) gatedMean(gate float64) (mean, n float64) {
	g := (gate - histFloorLUFS) / histStepLU
	first := 0
	var sum float64
	if g > 0 {
		first = int(math.Floor(g))
		if first >= histBins {
			return 0, 0
		}
		frac := float64(first+1) - g // part of bin `first` above the gate
		sum = frac * h.energy[first]
		n = frac * float64(h.count[first])
		first++
	}
	for i := first; i < histBins; i++ {
		if h.count[i] != 0 {
			sum += h.energy[i]
			n += float64(h.count[i])
		}
	}
	if n == 0 {
		return 0, 0
	}
	return sum / n, n
}

// integrated returns the gated loudness of BS.1770 eqs. (5)–(7) and the
// relative gate it used: blocks above −70 LUFS are averaged, the relative
// gate is that level −10 LU, and the blocks above both gates are averaged.
func (h *histogram) integrated() (loudness, gate float64) {
	if h.n == 0 {
		return dsp.MinDB, dsp.MinDB
	}
	gate = lufs(h.sum/float64(h.n)) + relativeGateLU
	mean, _ := h.gatedMean(gate)
	return lufs(mean), gate
}

// loudnessRange returns LRA per EBU Tech 3342 from short-term loudness
// values stored with add (those at or above −70 LUFS): the relative gate is
// the power mean of the stored values −20 LU, and LRA is the difference of
// the 10th and 95th percentiles (nearest rank, as in the Tech 3342 MATLAB
// code) of the values at or above it. A percentile value is the mean
// loudness of the bin holding that rank: exact when the values in the bin
// are equal (constant-level segments), otherwise within the 0.01 LU bin.
func (h *histogram) loudnessRange() (lra, low, high, gate float64) {
	if h.n == 0 {
		return 0, dsp.MinDB, dsp.MinDB, dsp.MinDB
	}
	gate = lufs(h.sum/float64(h.n)) + lraRelativeGate
	first := bin(gate)
	if l := h.binLoudness(first); l < gate { // the gate's bin counts when its values (on average) pass
		first++
	}
	var n uint64
	for i := first; i < histBins; i++ {
		n += uint64(h.count[i])
	}
	if n == 0 {
		return 0, dsp.MinDB, dsp.MinDB, gate
	}
	low = h.percentile(first, n, lraLowPercent)
	high = h.percentile(first, n, lraHighPercent)
	return high - low, low, high, gate
}

// percentile returns the value of rank round((n−1)·p/100) (0-based, values
// ascending) among the n values stored in bins first and up.
func (h *histogram) percentile(first int, n uint64, p float64) float64 {
	rank := uint64(math.Round(float64(n-1) * p / 100))
	var seen uint64
	for i := first; i < histBins; i++ {
		seen += uint64(h.count[i])
		if seen > rank {
			return h.binLoudness(i)
		}
	}
	return h.binLoudness(histBins - 1)
}

// binLoudness is the loudness of the mean energy of bin i (MinDB if empty).
func (h *histogram) binLoudness(i int) float64 {
	if h.count[i] == 0 {
		return dsp.MinDB
	}
	return lufs(h.energy[i] / float64(h.count[i]))
}
