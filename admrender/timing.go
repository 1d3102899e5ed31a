package admrender

import (
	"fmt"
	"math"
	"math/big"
	"strconv"

	"immerse/adm"
)

// noEnd marks a block without an end (the last sample is never reached).
const noEnd = math.MaxInt64

// span is the part of the timeline one metadata block acts on, in samples
// (BS.2127 §7.2, "InterpretObjectMetadata"): over [first, target) the gains
// ramp from the previous block's to this block's, with the ramp position
// p(s) = p0 + (s-first)·dp; over [target, last) they hold this block's.
// Times in ADM are exact fractions of a second; a block acts on sample s
// when its fractional start ≤ s < its fractional end, so the limits are
// the ceilings of the fractional sample positions.
type span struct {
	first, target, last int64
	p0, dp              float64
	// interp is true when the block ramps from its predecessor's gains.
	interp bool
}

// ratOf returns t·rate as an exact fraction.
func ratOf(t adm.Time, rate int) *big.Rat {
	r := new(big.Rat).SetFrac(big.NewInt(t.Num), big.NewInt(t.Den))
	return r.Mul(r, new(big.Rat).SetInt64(int64(rate)))
}

// ceilRat returns the smallest integer not below r.
func ceilRat(r *big.Rat) int64 {
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return noEnd
	}
	return q.Int64()
}

// secondsRat returns a length in seconds held as float64 (such as an
// interpolationLength) as the decimal fraction it was written as: the
// shortest decimal that reads back as the same float64, so 0.05 is 1/20
// exactly, as in the XML.
func secondsRat(s float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(s, 'g', -1, 64))
	return r
}

// objectSpans works out the spans of an Objects channel's blocks at rate
// Hz (BS.2127 §7.2): a block with jumpPosition ramps over its
// interpolationLength (0 when absent), one without over its whole
// duration; a block ramps only from a block that ends exactly where it
// starts (the first block, and a block after a gap, jump).
func objectSpans(blocks []adm.TimedBlock, rate int) ([]span, error) {
	out := make([]span, len(blocks))
	var prevEnd *big.Rat
	for i, b := range blocks {
		start := ratOf(b.Start, rate)
		var end *big.Rat // nil: no end
		if !b.Open {
			end = ratOf(b.End, rate)
		}
		// target is where the ramp ends (nil: never).
		var target *big.Rat
		if ob := b.Objects; ob != nil && ob.JumpPosition {
			target = new(big.Rat).Set(start)
			if ob.InterpolationLength != nil {
				target.Add(target, new(big.Rat).Mul(secondsRat(*ob.InterpolationLength), big.NewRat(int64(rate), 1)))
			}
		} else if end != nil {
			target = new(big.Rat).Set(end)
		}
		if end != nil && target != nil && target.Cmp(end) > 0 {
			return nil, fmt.Errorf("audioBlockFormat %s: interpolationLength %g s is longer than the block (%.6g s); make it at most the block's duration", b.ID, *b.Objects.InterpolationLength, b.End.Seconds()-b.Start.Seconds())
		}
		if prevEnd == nil || prevEnd.Cmp(start) != 0 || target == nil {
			target = start
		}
		s := span{first: ceilRat(start), target: ceilRat(target), last: noEnd}
		if end != nil {
			s.last = ceilRat(end)
		}
		if start.Cmp(target) != 0 {
			s.interp = true
			if n := s.target - s.first; n > 0 {
				width := new(big.Rat).Sub(target, start)
				p0, _ := new(big.Rat).Quo(new(big.Rat).Sub(new(big.Rat).SetInt64(s.first), start), width).Float64()
				p1, _ := new(big.Rat).Quo(new(big.Rat).Sub(new(big.Rat).SetInt64(s.target), start), width).Float64()
				s.p0, s.dp = p0, (p1-p0)/float64(n)
			}
		}
		out[i] = s
		prevEnd = end
	}
	return out, nil
}

// fixedSpans gives the spans of blocks whose gains hold for the whole
// block (DirectSpeakers and HOA, BS.2127 §8 and §9).
func fixedSpans(blocks []adm.TimedBlock, rate int) []span {
	out := make([]span, len(blocks))
	for i, b := range blocks {
		s := span{first: ceilRat(ratOf(b.Start, rate)), last: noEnd}
		s.target = s.first
		if !b.Open {
			s.last = ceilRat(ratOf(b.End, rate))
		}
		out[i] = s
	}
	return out
}
