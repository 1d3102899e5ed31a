package assist

import (
	"fmt"
	"math"

	"immerse/dsp/dynamics"
	"immerse/mixer"
)

// Compressor settings the dynamics suggestions write (starting points):
// an RMS detector over the window the level distribution is measured on
// (so the static curve predicts what it does), a 6 dB soft knee.
const (
	compKneeDB = 6
	minRatio   = 1.5
	maxRatio   = 10
)

// ownCompressor returns the index of the track's first compressor that
// is not keyed by another strip, or -1.
func ownCompressor(inserts []mixer.Insert) int {
	for k, in := range inserts {
		if in.Type == "compressor" && in.Sidechain == "" {
			return k
		}
	}
	return -1
}

// keyedByAny reports a compressor or gate keyed by another strip.
func keyedByAny(inserts []mixer.Insert) bool {
	for _, in := range inserts {
		if in.Sidechain != "" {
			return true
		}
	}
	return false
}

// dynamics suggests a compressor for a track whose level spread (95th
// minus 50th percentile of its 85 ms RMS levels) exceeds the genre's
// limit for its role: threshold at the median level, ratio spread/limit,
// attack and release from the role, makeup from the static curve
// (dynamics.CompressorParams.StaticCurve) so its loudness stays; and
// warns of over-compression when the crest factor is under the role's
// floor (relaxing a compressor the track has).
func (as *assistant) dynamics() {
	for i, t := range as.tr {
		if !t.ta.Heard || t.ta.IntegratedLUFS <= -70 || t.ta.sig == nil {
			continue
		}
		ins := as.out.Tracks[i].Inserts
		if t.ta.CrestDB > 0 && t.ta.CrestDB < t.rp.CrestFloorDB.Value {
			if k := ownCompressor(ins); k >= 0 && ins[k].Params["ratio"] > 2 {
				r := ins[k].Params["ratio"]
				to := roundTo(math.Max(minRatio, r/2), 0.1)
				as.add(Suggestion{Track: t.ta.Name, Kind: KindDynamics,
					Reason:   fmt.Sprintf("over-compressed: crest factor %.1f dB (sample peak over RMS where it plays), under the %.0f dB floor of a %s; halve the ratio of its compressor (insert %d)", t.ta.CrestDB, t.rp.CrestFloorDB.Value, t.role, k+1),
					Change:   Change{Op: OpSet, Field: fmt.Sprintf("inserts.%d.ratio", k), From: r, To: to},
					Expected: map[string]Effect{"ratio": {From: r, To: to, Unit: "ratio"}}})
			} else {
				as.warnf(t.ta.Name, KindDynamics, "over-compressed: crest factor %.1f dB, under the %.0f dB floor of a %s; the source itself is squashed (no compressor of the session to relax)", t.ta.CrestDB, t.rp.CrestFloorDB.Value, t.role)
			}
			continue
		}
		limit, ok := lookup(as.g.Spread, t.role)
		if !ok || keyedByAny(ins) {
			// A track ducked by a sidechain moves on purpose.
			continue
		}
		spread := t.ta.SpreadDB
		if spread <= limit.Value+as.set.SpreadToleranceDB.Value {
			continue
		}
		if ownCompressor(ins) >= 0 {
			as.warnf(t.ta.Name, KindDynamics, "its level spreads %.1f dB (95th over 50th percentile) although it has a compressor; the %s profile wants at most %.0f dB: lower that compressor's threshold towards %.1f dBFS", spread, as.g.Name, limit.Value, t.ta.LevelP50DBFS)
			continue
		}
		levels := t.ta.sig.windowLevels(t.ta.active)
		p := dynamics.DefaultCompressorParams()
		p.ThresholdDB = roundTo(math.Max(-80, math.Min(0, t.ta.LevelP50DBFS)), 0.5)
		p.Ratio = roundTo(math.Max(minRatio, math.Min(maxRatio, spread/limit.Value)), 0.1)
		p.KneeDB = compKneeDB
		p.AttackMs = t.rp.AttackMs.Value
		p.ReleaseMs = t.rp.ReleaseMs.Value
		// Makeup: restore the energy the static curve takes off.
		var ein, eout float64
		out := make([]float64, len(levels))
		for k, x := range levels {
			y := p.StaticCurve(x)
			out[k] = y
			ein += math.Pow(10, x/10)
			eout += math.Pow(10, y/10)
		}
		makeup := 0.0
		if eout > 0 {
			makeup = roundTo(10*math.Log10(ein/eout), 0.1)
		}
		for k := range out {
			out[k] += makeup
		}
		after := percentile(out, 95) - percentile(out, 50)
		in := mixer.Insert{Type: "compressor", Params: map[string]float64{
			"threshold": p.ThresholdDB, "ratio": p.Ratio, "knee": p.KneeDB, "attack": p.AttackMs,
			"release": p.ReleaseMs, "makeup": makeup, "rmsWindow": math.Min(300, math.Round(as.a.f.windowMs()))},
			Choices: map[string]string{"detector": dynamics.RMS}}
		as.add(Suggestion{Track: t.ta.Name, Kind: KindDynamics,
			Reason: fmt.Sprintf("its level spreads %.1f dB (95th over 50th percentile of its 0.26 s RMS levels), more than the %.0f dB the %s profile allows a %s: compress from its median level %.1f dBFS at %.1f:1, makeup restoring its loudness (static-curve estimate)",
				spread, limit.Value, as.g.Name, t.role, t.ta.LevelP50DBFS, p.Ratio),
			Change:   Change{Op: OpAddInsert, Insert: &in},
			Expected: map[string]Effect{"spreadDB": {From: roundTo(spread, 0.1), To: roundTo(after, 0.1), Unit: "dB"}}})
	}
	// The master: a peak-to-loudness ratio under the floor is a squashed
	// mix (information only: the assistant does not touch the master's
	// dynamics).
	if m := as.a.Master.Measurements; m.IntegratedLUFS > -70 && m.PLRDB < as.set.PLRFloorDB.Value {
		as.warnf(mixer.MasterName, KindDynamics, "over-compressed mix: PLR %.1f dB (true peak over integrated loudness), under the %.0f dB floor", m.PLRDB, as.set.PLRFloorDB.Value)
	}
}
