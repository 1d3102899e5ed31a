package assist

import (
	"fmt"
	"math"
)

// panning keeps the roles that anchor a mix (kick, bass, lead vocal,
// dialogue: Role.Centre) in the centre, and spreads mono tracks of one
// role stacked in the centre while playing together (double-tracked
// guitars) to ±Genre.PanSpread, in session order from left to right.
func (as *assistant) panning() {
	max := as.set.CentreMaxPan.Value
	stacked := map[string][]int{}
	var order []string
	for i, t := range as.tr {
		if !t.ta.Heard {
			continue
		}
		st := &as.out.Tracks[i]
		if t.rp.Centre {
			field, v := "pan", st.Pan
			if t.ta.Channels == 2 {
				field, v = "balance", st.Balance
			}
			if math.Abs(v) > max {
				as.add(Suggestion{Track: t.ta.Name, Kind: KindPanning,
					Reason:   fmt.Sprintf("a %s anchors the mix and stays in the centre; its %s is %+.2f", t.role, field, v),
					Change:   Change{Op: OpSet, Field: field, From: v, To: 0.0},
					Expected: map[string]Effect{field: {From: v, To: 0, Unit: ""}}})
			}
			continue
		}
		if t.ta.Channels == 1 && math.Abs(st.Pan) <= max {
			if _, ok := stacked[t.role]; !ok {
				order = append(order, t.role)
			}
			stacked[t.role] = append(stacked[t.role], i)
		}
	}
	spread := as.g.PanSpread.Value
	for _, role := range order {
		idx := as.playingTogether(stacked[role])
		if len(idx) < 2 || spread < max {
			continue
		}
		n := len(idx)
		for k, i := range idx {
			to := roundTo(-spread+2*spread*float64(k)/float64(n-1), 0.01)
			from := as.out.Tracks[i].Pan
			if math.Abs(to-from) <= max {
				continue
			}
			as.add(Suggestion{Track: as.tr[i].ta.Name, Kind: KindPanning,
				Reason:   fmt.Sprintf("%d %s tracks play together stacked in the centre; spread them across ±%.2f (the %s profile) so each has its own place", n, role, spread, as.g.Name),
				Change:   Change{Op: OpSet, Field: "pan", From: from, To: to},
				Expected: map[string]Effect{"pan": {From: from, To: to, Unit: ""}}})
		}
	}
}

// playingTogether keeps the tracks that share at least minCoSeconds with
// another of the list and do not belong to one source (one group).
func (as *assistant) playingTogether(idx []int) []int {
	var out []int
	for _, i := range idx {
		_, ai := as.mixEnergy(i)
		for _, j := range idx {
			if j == i || as.tr[i].group == as.tr[j].group {
				continue
			}
			_, aj := as.mixEnergy(j)
			n := 0
			for k := range ai {
				if ai[k] && k < len(aj) && aj[k] {
					n++
				}
			}
			if float64(n)*seriesStep >= minCoSeconds {
				out = append(out, i)
				break
			}
		}
	}
	return out
}
