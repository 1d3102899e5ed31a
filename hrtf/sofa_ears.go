package hrtf

import (
	"math"

	"immerse/geom"
)

// earEvidenceDB is the mean interaural level difference (dB) over lateral
// measurements above which the data decide the ear order.
const earEvidenceDB = 1.0

// interauralEvidence returns the mean level difference, in dB, of
// receiver 0 over receiver 1 for sources on the left minus sources on the
// right (weighted by how far left each source is), over measurements at
// least 30° off the median plane; ok is false when there are none. A
// positive value means receiver 0 is the left ear.
func interauralEvidence(dirs []geom.Vec, ir [][2][]float32) (db float64, ok bool) {
	var sum, weight float64
	for i, d := range dirs {
		left := -d[0] // immerse: +X is right
		if math.Abs(left) < 0.5 {
			continue
		}
		e0, e1 := sumSquares(ir[i][0]), sumSquares(ir[i][1])
		if e0 == 0 || e1 == 0 {
			continue
		}
		sum += left * 10 * math.Log10(e0/e1)
		weight += math.Abs(left)
	}
	if weight == 0 {
		return 0, false
	}
	return sum / weight, true
}

func sumSquares(x []float32) float64 {
	var e float64
	for _, v := range x {
		e += float64(v) * float64(v)
	}
	return e
}

// orderEars makes IR[i][0] the left ear. SOFA stores the left ear first,
// but several published files (CIPIC, FHK and LISTEN conversions among the
// test corpus) give a ReceiverPosition with the left ear at negative y,
// i.e. on the right, while their data clearly put the left ear first. So
// the data decide: when sources on the left are louder in receiver 1 by
// more than earEvidenceDB on average, the ears are swapped. Only when the
// data cannot tell (no lateral measurements) does ReceiverPosition's y
// sign (SOFA: +y is left) decide.
func (v *vars) orderEars(s *Set) {
	db, ok := interauralEvidence(s.Directions, s.IR)
	swap := false
	switch {
	case ok && db > earEvidenceDB:
	case ok && db < -earEvidenceDB:
		swap = true
	default:
		// Only a tiebreaker: a ReceiverPosition this reader cannot use
		// (varying per measurement, odd units) leaves the SOFA order.
		rec, present, err := v.positions("ReceiverPosition", []int{2}, "cartesian")
		// Receiver 0 to the right of receiver 1 (immerse +X is right).
		swap = err == nil && present && rec[0].vec()[0] > rec[1].vec()[0]
	}
	if swap {
		for i := range s.IR {
			s.IR[i][0], s.IR[i][1] = s.IR[i][1], s.IR[i][0]
		}
		for i := range s.Delay {
			s.Delay[i][0], s.Delay[i][1] = s.Delay[i][1], s.Delay[i][0]
		}
	}
}
