package assist

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"immerse/dsp"
)

// minBalanceMove: when the balance is rebalanced, sources closer than
// this to their place stay.
const minBalanceMove = 0.5

// minCoSeconds: two tracks are compared where both play when they share
// at least this much time; otherwise each one's own loudness is used.
const minCoSeconds = 2.0

// groupSources joins tracks that correlate (microphones on one source,
// see Settings.RelatedCorr) into groups that the balance moves together.
func (as *assistant) groupSources() {
	n := len(as.tr)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for _, p := range as.a.Pairs {
		if math.Abs(p.Correlation) >= as.set.RelatedCorr.Value {
			a, b := find(p.A), find(p.B)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	index := map[int]int{}
	for i := 0; i < n; i++ {
		if !as.tr[i].ta.Heard {
			as.tr[i].group = -1
			continue
		}
		r := find(i)
		g, ok := index[r]
		if !ok {
			g = len(as.groups)
			index[r] = g
			as.groups = append(as.groups, nil)
		}
		as.groups[g] = append(as.groups[g], i)
		as.tr[i].group = g
	}
}

// groupEnergy is the energy of the members' sum in the mix: the
// members' energies plus 2·r·√(e_a·e_b) for each pair, with the
// correlation r the pair will have once this run's phase suggestions are
// applied (a polarity flip turns a cancelling pair into a reinforcing
// one).
func (as *assistant) groupEnergy(g int) (e []float64, active []bool) {
	members := as.groups[g]
	es := make([][]float64, len(members))
	for k, i := range members {
		ei, ai := as.mixEnergy(i)
		es[k] = ei
		if e == nil {
			e, active = slices.Clone(ei), ai
			continue
		}
		for j := range e {
			e[j] += ei[j]
			active[j] = active[j] || ai[j]
		}
	}
	for a := 0; a < len(members); a++ {
		for b := a + 1; b < len(members); b++ {
			r := as.fixedCorr(members[a], members[b])
			for j := range e {
				e[j] = math.Max(0, e[j]+2*r*math.Sqrt(es[a][j]*es[b][j]))
			}
		}
	}
	return e, active
}

// pairOf returns the analysis pair of tracks i and k.
func (as *assistant) pairOf(i, k int) (Pair, bool) {
	for _, p := range as.a.Pairs {
		if p.A == min(i, k) && p.B == max(i, k) {
			return p, true
		}
	}
	return Pair{}, false
}

// fixedCorr is the correlation tracks i and k will sum with in the mix
// after the phase suggestions: aligned pairs at their best lag's
// magnitude, the others at their measured zero-lag correlation with its
// sign flipped when exactly one of them gets its polarity flipped.
func (as *assistant) fixedCorr(i, k int) float64 {
	p, ok := as.pairOf(i, k)
	if !ok {
		return 0
	}
	if as.aligned[[2]int{p.A, p.B}] {
		return math.Abs(p.Correlation)
	}
	r := p.ZeroLag
	if as.flipped[i] != as.flipped[k] {
		r = -r
	}
	return r
}

// relLU is the loudness of a against b where both play, or (when they
// share less than minCoSeconds) each where it plays; ok is false when
// either never plays.
func relLU(ea []float64, aa []bool, eb []float64, ab []bool) (rel float64, together bool, ok bool) {
	var sa, sb, na, nb, ca, cb, nc float64
	for j := range ea {
		if aa[j] {
			sa += ea[j]
			na++
		}
		if ab[j] {
			sb += eb[j]
			nb++
		}
		if aa[j] && ab[j] {
			ca += ea[j]
			cb += eb[j]
			nc++
		}
	}
	if na == 0 || nb == 0 || sa <= 0 || sb <= 0 {
		return 0, false, false
	}
	if nc*seriesStep >= minCoSeconds && ca > 0 && cb > 0 {
		return 10 * math.Log10(ca/cb), true, true
	}
	return 10 * math.Log10((sa/na)/(sb/nb)), false, true
}

// groupRole is the role of a group's loudest member.
func (as *assistant) groupRole(g int) string {
	best, role := math.Inf(-1), roleUnknown
	for _, i := range as.groups[g] {
		l := as.tr[i].ta.IntegratedLUFS + as.tr[i].gainDB
		if l > best {
			best, role = l, as.tr[i].role
		}
	}
	return role
}

func (as *assistant) groupName(g int) string {
	var n []string
	for _, i := range as.groups[g] {
		n = append(n, fmt.Sprintf("%q", as.tr[i].ta.Name))
	}
	return strings.Join(n, " + ")
}

// balance moves faders so every source sits where the genre puts it
// against the focus (nothing moves while every source is within the
// genre's BalanceToleranceLU): the focus over the rest of the mix by
// FocusOverRestLU (PR2014, GS2023), the rest shared among the roles by
// the genre's shares (0 dB each: the equal-loudness balance of PG2009),
// tracks of the focus's own role level with it (PG2009). The one free
// offset, moving everything together, is the median of the errors, so
// that as few faders move as possible: a buried vocal is raised rather
// than everything else lowered.
func (as *assistant) balance() {
	// Loudness in the mix, for the report.
	for i, t := range as.tr {
		e, a := as.mixEnergy(i)
		var s, n float64
		for j := range e {
			if a[j] {
				s += e[j]
				n++
			}
		}
		t.mixLUFS = dsp.MinDB
		if n > 0 {
			t.mixLUFS = energyLU(s / n)
		}
	}
	if len(as.groups) < 2 {
		return
	}
	ref := -1 // the reference group: the focus's, else the loudest
	if as.focus >= 0 {
		ref = as.tr[as.focus].group
	} else {
		best := math.Inf(-1)
		for g := range as.groups {
			if l := as.groupLoudness(g); l > best {
				best, ref = l, g
			}
		}
	}
	if ref < 0 {
		return
	}
	refRole := as.groupRole(ref)
	eRef, aRef := as.groupEnergy(ref)
	type entry struct {
		g        int
		off      float64 // measured, LU against the reference
		target   float64
		together bool
		same     bool // same role as the reference: level with it
	}
	var rest []entry
	shareSum := 0.0
	for g := range as.groups {
		if g == ref {
			continue
		}
		e, a := as.groupEnergy(g)
		off, together, ok := relLU(e, a, eRef, aRef)
		if !ok {
			continue
		}
		en := entry{g: g, off: off, together: together, same: as.groupRole(g) == refRole}
		if !en.same {
			w, _ := lookup(as.g.Shares, as.groupRole(g))
			en.target = w.Value
			shareSum += math.Pow(10, w.Value/10)
		}
		rest = append(rest, en)
	}
	if len(rest) == 0 {
		return
	}
	v := 0.0
	if as.focus >= 0 {
		v = as.g.FocusOverRestLU.Value
	}
	norm := 0.0
	if shareSum > 0 {
		norm = 10 * math.Log10(shareSum)
	}
	errs := []float64{0}
	for k := range rest {
		if !rest[k].same {
			rest[k].target += -v - norm
		}
		errs = append(errs, rest[k].off-rest[k].target)
	}
	c := median(errs)
	// Nothing moves while every source is within the tolerance; once the
	// balance is off, every source further than minBalanceMove from its
	// place goes there (a partial rebalance would leave errors up to the
	// tolerance everywhere).
	tol := as.g.BalanceToleranceLU.Value
	worst := math.Abs(c)
	for _, en := range rest {
		worst = math.Max(worst, math.Abs(c-(en.off-en.target)))
	}
	if worst < tol {
		return
	}
	moveRef := math.Abs(c) >= minBalanceMove
	refMove := 0.0
	if moveRef {
		refMove = roundTo(c, 0.1)
		var eff *Effect
		if as.focus >= 0 {
			if m, ok := as.focusOverRest(); ok {
				eff = &Effect{From: roundTo(m, 0.01), To: v, Unit: "LU"}
			}
		}
		verb := "raise it rather than move everything else"
		if c < 0 {
			verb = "lower it rather than move everything else"
		}
		as.moveGroup(ref, refMove, fmt.Sprintf("the rest of the mix sits %.1f LU %s the balance the %s profile gives against %s (the median of every source's error): %s", math.Abs(c), aboveBelow(c), as.g.Name, as.groupName(ref), verb), eff)
	}
	for _, en := range rest {
		d := c - (en.off - en.target)
		if !moveRef {
			d = -(en.off - en.target)
		}
		if math.Abs(d) < minBalanceMove {
			continue
		}
		d = roundTo(d, 0.1)
		where := "where both play"
		if !en.together {
			where = "each where it plays (they rarely play together)"
		}
		basis := fmt.Sprintf("share %+.0f dB of the rest of the mix, the %s over the rest %+.0f LU", as.shareOf(en.g), as.refLabel(), v)
		if en.same {
			basis = "level with the focus, as tracks of one role (PG2009: equal loudness)"
		}
		reason := fmt.Sprintf("%s measures %+.1f LU against %s %s; the %s profile puts %s at %+.1f LU (%s)",
			as.groupName(en.g), en.off, as.groupName(ref), where, as.g.Name, as.groupRole(en.g), en.target, basis)
		after := en.off + d - refMove
		as.moveGroup(en.g, d, reason, &Effect{From: roundTo(en.off, 0.01), To: roundTo(after, 0.01), Unit: "LU"})
	}
}

func aboveBelow(c float64) string {
	if c > 0 {
		return "above"
	}
	return "below"
}

func (as *assistant) refLabel() string {
	if as.focus >= 0 {
		return "focus"
	}
	return "reference"
}

func (as *assistant) shareOf(g int) float64 {
	w, _ := lookup(as.g.Shares, as.groupRole(g))
	return w.Value
}

func (as *assistant) groupLoudness(g int) float64 {
	e, a := as.groupEnergy(g)
	var s, n float64
	for j := range e {
		if a[j] {
			s += e[j]
			n++
		}
	}
	if n == 0 {
		return dsp.MinDB
	}
	return energyLU(s / n)
}

// moveGroup suggests moving every fader of group g by d dB.
func (as *assistant) moveGroup(g int, d float64, reason string, eff *Effect) {
	for _, i := range as.groups[g] {
		t := as.tr[i]
		from := as.out.Tracks[i].Gain
		to := roundTo(math.Max(-120, math.Min(24, from+d)), 0.1)
		sg := Suggestion{Track: t.ta.Name, Kind: KindBalance, Reason: reason,
			Change:   Change{Op: OpSet, Field: "gain", From: from, To: to},
			Expected: map[string]Effect{"faderDB": {From: from, To: to, Unit: "dB"}}}
		if eff != nil {
			key := "focusLU"
			if g == as.tr[max(as.focus, 0)].group && as.focus >= 0 {
				key = "focusOverRestLU"
			}
			sg.Expected[key] = *eff
		}
		t.deltaLU += to - from
		as.add(sg)
	}
}

// median of v (mean of the middle two for an even count).
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
