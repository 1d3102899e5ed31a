package encoders

import (
	"math/bits"

	"github.com/mewkiz/flac/frame"
)

// FLAC subframe analysis. For every subframe the encoder tries the fixed
// polynomial predictors of order 0 to 4 (FLAC format, "SUBFRAME_FIXED"),
// keeps the one whose residual costs the fewest Rice-coded bits, then picks
// the Rice partition order (0..maxPartOrder) and a parameter per partition.
// Constant and verbatim subframes are used when they are smaller, and
// trailing zero bits common to all samples are signalled as wasted bits.
// Bit costs are estimated from sums of zigzag-folded residuals: coding u
// with parameter k costs 1 + k + (u >> k) bits, so a partition of n values
// with sum S costs about n(1+k) + S>>k.

// maxPartOrder bounds the Rice partition order (libFLAC's -8 uses 8 too).
const maxPartOrder = 8

// subframePlanner holds scratch buffers reused for every subframe.
type subframePlanner struct {
	shifted []int32  // samples without wasted bits
	res     []uint32 // folded residuals of the chosen order
	sums    []uint64 // per-partition sums at the finest order
	counts  []int    // per-partition residual counts
	best    []frame.RicePartition
}

func newSubframePlanner(blockSize int) *subframePlanner {
	return &subframePlanner{
		shifted: make([]int32, blockSize),
		res:     make([]uint32, blockSize),
		sums:    make([]uint64, 1<<maxPartOrder),
		counts:  make([]int, 1<<maxPartOrder),
		best:    make([]frame.RicePartition, 1<<maxPartOrder),
	}
}

// fold maps a signed residual to the unsigned value Rice coding stores.
func fold(e int32) uint32 { return uint32(e<<1) ^ uint32(e>>31) }

// riceCost returns the estimated bits and the best parameter for a
// partition of count residuals whose folded values sum to sum.
func riceCost(sum uint64, count int) (uint64, uint) {
	if count == 0 {
		return 0, 0
	}
	n := uint64(count)
	k := uint(0)
	if mean := sum / n; mean > 0 {
		k = uint(bits.Len64(mean) - 1)
	}
	best, bestK := ^uint64(0), uint(0)
	for _, kk := range [3]uint{k - 1, k, k + 1} {
		if kk > 30 { // k-1 underflowed, or beyond Rice2's range
			continue
		}
		if c := n*uint64(kk+1) + sum>>kk; c < best {
			best, bestK = c, kk
		}
	}
	return best, bestK
}

// fixedOrder returns the fixed predictor order (0..4) whose residuals have
// the smallest estimated cost in bits (single Rice partition), counting
// warm-up samples of b bits, and that cost.
func fixedOrder(x []int32, b uint) (int, uint64) {
	if len(x) <= 4 {
		return 0, uint64(len(x)) * uint64(b)
	}
	var sum [5]uint64
	p0, p1, p2, p3 := x[3], x[3]-x[2], x[3]-2*x[2]+x[1], x[3]-3*x[2]+3*x[1]-x[0]
	for _, v := range x[4:] {
		e1 := v - p0
		e2 := e1 - p1
		e3 := e2 - p2
		e4 := e3 - p3
		sum[0] += uint64(fold(v))
		sum[1] += uint64(fold(e1))
		sum[2] += uint64(fold(e2))
		sum[3] += uint64(fold(e3))
		sum[4] += uint64(fold(e4))
		p0, p1, p2, p3 = v, e1, e2, e3
	}
	best, order := ^uint64(0), 0
	for o, s := range sum {
		c, _ := riceCost(s, len(x)-4)
		if c += uint64(o) * uint64(b); c < best {
			best, order = c, o
		}
	}
	return order, best
}

// plan chooses the prediction of subframe sf for the samples x (as the
// encoder will see them, after stereo decorrelation) of bps bits, and fills
// sf's header fields, using rs (with room for 1<<maxPartOrder partitions)
// for the Rice parameters. sf.Samples is left for the caller.
func (p *subframePlanner) plan(sf *frame.Subframe, rs *frame.RiceSubframe, x []int32, bps uint) {
	n := len(x)
	sf.Pred, sf.Order, sf.Wasted, sf.RiceSubframe = frame.PredVerbatim, 0, 0, nil
	var or int32
	same := true
	for _, v := range x {
		or |= v
		same = same && v == x[0]
	}
	if same {
		sf.Pred = frame.PredConstant
		return
	}
	w := uint(bits.TrailingZeros32(uint32(or)))
	y := x
	if w > 0 {
		y = p.shifted[:n]
		for i, v := range x {
			y[i] = v >> w
		}
		sf.Wasted = w
	}
	b := bps - w
	if n <= 4 {
		return
	}
	order, _ := fixedOrder(y, b)
	coeffs := frame.FixedCoeffs[order]
	res := p.res[:n-order]
	for i := order; i < n; i++ {
		var pred int32
		for j, c := range coeffs {
			pred += c * y[i-1-j]
		}
		res[i-order] = fold(y[i] - pred)
	}
	bitsUsed, partOrder, rice2 := p.partition(res, n, order)
	bitsUsed += 8 + uint64(order)*uint64(b) + 2 + 4
	if bitsUsed >= uint64(n)*uint64(b) {
		return // verbatim is smaller
	}
	sf.Pred, sf.Order, sf.RiceSubframe = frame.PredFixed, order, rs
	sf.ResidualCodingMethod = frame.ResidualCodingMethodRice1
	if rice2 {
		sf.ResidualCodingMethod = frame.ResidualCodingMethodRice2
	}
	sf.RiceSubframe.PartOrder = partOrder
	sf.RiceSubframe.Partitions = sf.RiceSubframe.Partitions[:1<<partOrder]
	copy(sf.RiceSubframe.Partitions, p.best[:1<<partOrder])
}

// partition finds the Rice partition order with the fewest estimated bits
// for the folded residuals res of a block of n samples and predictor order
// order. The chosen parameters are left in p.best. rice2 reports that a
// parameter above 14 needs the 5-bit parameter method.
func (p *subframePlanner) partition(res []uint32, n, order int) (cost uint64, partOrder int, rice2 bool) {
	top := 0
	for top < maxPartOrder && n%(2<<top) == 0 && n>>(top+1) > order {
		top++
	}
	parts := 1 << top
	size := n >> top
	for j := 0; j < parts; j++ {
		lo, hi := max(j*size-order, 0), (j+1)*size-order
		var s uint64
		for _, u := range res[lo:hi] {
			s += uint64(u)
		}
		p.sums[j], p.counts[j] = s, hi-lo
	}
	cost = ^uint64(0)
	var params [1 << maxPartOrder]uint
	for po := top; ; po-- {
		var total uint64
		big := false
		for j := 0; j < 1<<po; j++ {
			c, k := riceCost(p.sums[j], p.counts[j])
			total += c
			params[j] = k
			big = big || k > 14
		}
		paramBits := uint64(4)
		if big {
			paramBits = 5
		}
		total += paramBits << po
		if total < cost {
			cost, partOrder, rice2 = total, po, big
			for j := 0; j < 1<<po; j++ {
				p.best[j] = frame.RicePartition{Param: params[j]}
			}
		}
		if po == 0 {
			break
		}
		for j := 0; j < 1<<(po-1); j++ { // merge pairs for the next coarser order
			p.sums[j] = p.sums[2*j] + p.sums[2*j+1]
			p.counts[j] = p.counts[2*j] + p.counts[2*j+1]
		}
	}
	return cost, partOrder, rice2
}
