package assist

import (
	"fmt"
	"math"

	"immerse/mixer"
)

// minDelayMs is the shortest time of the mixer's delay insert.
const minDelayMs = 1

// phase fixes microphones on one source that fight: a pair whose
// correlation at its best lag (within ±10 ms) is strongly negative gets
// the polarity of its quieter track flipped ("phaseInvert"), and a steady
// lag gets the earlier track delayed by it (a delay insert with no
// feedback, fully wet, at the end of the chain). Each track is changed
// for its strongest pair only.
func (as *assistant) phase() {
	done := map[int]bool{}
	for _, p := range as.a.Pairs {
		if math.Abs(p.Correlation) < as.set.RelatedCorr.Value || done[p.A] || done[p.B] {
			continue
		}
		a, b := as.tr[p.A], as.tr[p.B]
		la, lb := a.ta.IntegratedLUFS+a.gainDB, b.ta.IntegratedLUFS+b.gainDB
		quiet := p.B
		if la < lb {
			quiet = p.A
		}
		acted := false
		if p.Correlation <= as.set.InvertCorr.Value {
			t := as.tr[quiet]
			cur := as.out.Tracks[quiet].PhaseInvert
			from, to := as.pairSumDB(p, p.Correlation), as.pairSumDB(p, -p.Correlation)
			as.add(Suggestion{Track: t.ta.Name, Kind: KindPhase,
				Reason: fmt.Sprintf("%q and %q are one source (correlation %.2f at a lag of %.2f ms) in opposite polarity: their sum cancels; flip the quieter one",
					a.ta.Name, b.ta.Name, p.Correlation, p.LagMs),
				Change: Change{Op: OpSet, Field: "phaseInvert", From: cur, To: !cur},
				Expected: map[string]Effect{
					"correlation": {From: roundTo(p.Correlation, 0.01), To: roundTo(-p.Correlation, 0.01), Unit: "r"},
					"pairSumDB":   {From: roundTo(from, 0.1), To: roundTo(to, 0.1), Unit: "dB"},
				}})
			as.flipped[quiet] = true
			acted = true
		}
		if lag := math.Abs(p.LagMs); lag >= as.set.AlignMinMs.Value {
			as.aligned[[2]int{p.A, p.B}] = true
			early, late := p.A, p.B // LagMs > 0: B is late
			if p.LagMs < 0 {
				early, late = p.B, p.A
			}
			d := roundTo(lag, 0.01)
			if d < minDelayMs {
				as.delay(late, minDelayMs, 0, fmt.Sprintf("%q is %.2f ms behind %q; the delay insert's shortest time is %g ms, so both are delayed and %q by %g ms more", as.tr[late].ta.Name, lag, as.tr[early].ta.Name, float64(minDelayMs), as.tr[early].ta.Name, d))
				as.delay(early, minDelayMs+d, lag, fmt.Sprintf("%q and %q are one source (correlation %.2f) with %q %.2f ms late: delay %q to line them up", a.ta.Name, b.ta.Name, p.Correlation, as.tr[late].ta.Name, lag, as.tr[early].ta.Name))
			} else {
				as.delay(early, d, lag, fmt.Sprintf("%q and %q are one source (correlation %.2f) with %q %.2f ms late: delay %q to line them up", a.ta.Name, b.ta.Name, p.Correlation, as.tr[late].ta.Name, lag, as.tr[early].ta.Name))
			}
			acted = true
		}
		if acted {
			done[p.A], done[p.B] = true, true
		}
	}
}

// delay suggests a pure delay of ms on track i.
func (as *assistant) delay(i int, ms, lag float64, reason string) {
	in := mixer.Insert{Type: "delay", Params: map[string]float64{"time": roundTo(ms, 0.01), "feedback": 0, "mix": 1}}
	exp := map[string]Effect{"delayMs": {From: 0, To: roundTo(ms, 0.01), Unit: "ms"}}
	if lag > 0 {
		exp["lagMs"] = Effect{From: roundTo(lag, 0.01), To: 0, Unit: "ms"}
	}
	as.add(Suggestion{Track: as.tr[i].ta.Name, Kind: KindPhase, Reason: reason,
		Change: Change{Op: OpAddInsert, Insert: &in}, Expected: exp})
}

// pairSumDB is the level (dB re the louder track) of the two tracks'
// sum in the mix below 8 kHz when they correlate r: E_a + E_b +
// 2·r·√(E_a·E_b).
func (as *assistant) pairSumDB(p Pair, r float64) float64 {
	a, b := as.tr[p.A], as.tr[p.B]
	ea := math.Pow(10, (a.ta.IntegratedLUFS+a.gainDB)/10)
	eb := math.Pow(10, (b.ta.IntegratedLUFS+b.gainDB)/10)
	s := ea + eb + 2*r*math.Sqrt(ea*eb)
	return 10 * math.Log10(math.Max(s, 1e-12)/math.Max(ea, eb))
}
