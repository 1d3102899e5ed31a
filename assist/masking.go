package assist

import (
	"fmt"
	"math"
	"slices"

	"immerse/dsp"
	"immerse/mixer"
)

// MaskingReport is a masking conflict: Masked (the higher-priority track)
// is covered by Masker in one of its key bands for Fraction of the time
// it sounds there.
type MaskingReport struct {
	Masked   string  `json:"masked"`
	Masker   string  `json:"masker"`
	LowHz    float64 `json:"lowHz"`
	HighHz   float64 `json:"highHz"`
	Fraction float64 `json:"fraction"`
	// Fix is "sidechain", "cut", or "none" (already fixed as far as the
	// assistant goes).
	Fix string `json:"fix"`
}

// Masking model (a simple one, documented in the package): in each ERB
// critical band (Glasberg & Moore 1990) of the masked track's key bands and
// each 85 ms hop, the masked track sounds when its band energy is within
// presenceDB of its mean there; it is masked when, in both output channels
// (pan and fader applied), the other track's band energy is no more than
// Settings.MaskingMarginDB under its own — a track clear in one channel
// counts as heard (spatial release from masking).
const (
	presenceDB      = 10
	maskingCutQ     = 1.4 // about an octave wide
	maskingCutStep  = 1.5 // dB
	duckRatio       = 4
	duckAttackMs    = 1
	duckReleaseMs   = 100
	duckKneeDB      = 3
	duckRMSWindowMs = 10
)

// chanGains returns track i's energy factors into the left and right
// output (fader and routing gain squared times the pan or balance).
func (as *assistant) chanGains(i int) [2]float64 {
	t := as.tr[i]
	st := &as.a.Session.Tracks[i]
	g := math.Pow(10, (t.gainDB+t.deltaLU)/10)
	if t.ta.Channels == 1 {
		l, r := mixer.PanGains(st.Pan, as.a.Session.Law())
		return [2]float64{g * l * l, g * r * r}
	}
	var ll, rr float64
	for k, a := range t.ta.active {
		if a {
			ll += t.ta.sig.hopLL[k]
			rr += t.ta.sig.hopRR[k]
		}
	}
	bl, br := mixer.BalanceGains(st.Balance)
	sl, sr := 0.5, 0.5
	if ll+rr > 0 {
		sl, sr = ll/(ll+rr), rr/(ll+rr)
	}
	return [2]float64{g * bl * bl * sl, g * br * br * sr}
}

// maskedFraction measures how often hi is masked by lo in the ERB bands
// of span; loScale, when set, scales lo's energy per frame and band.
func (as *assistant) maskedFraction(hi, lo int, span Span, loScale func(k, e int) float64) (frac float64, worst int) {
	a, b := as.tr[hi].ta, as.tr[lo].ta
	gh, gl := as.chanGains(hi), as.chanGains(lo)
	erb := as.a.f.erb
	margin := math.Pow(10, -as.set.MaskingMarginDB.Value/10)
	nE := len(erb)
	mean := make([]float64, nE)
	na := 0
	for k, act := range a.active {
		if !act {
			continue
		}
		na++
		for e, p := range a.sig.erbAt(k) {
			mean[e] += float64(p)
		}
	}
	if na == 0 {
		return 0, -1
	}
	top := 0.0
	for e := range mean {
		mean[e] /= float64(na)
		top = math.Max(top, mean[e])
	}
	counts := make([]int, nE)
	var present, masked int
	for k, act := range a.active {
		if !act || k >= len(b.active) {
			continue
		}
		ea, eb := a.sig.erbAt(k), b.sig.erbAt(k)
		for e, band := range erb {
			if band.Centre < span.Low || band.Centre > span.High || mean[e] < top*1e-4 {
				continue
			}
			pa := float64(ea[e])
			if pa < mean[e]*math.Pow(10, -presenceDB/10) {
				continue
			}
			present++
			pb := 0.0
			if b.active[k] {
				pb = float64(eb[e])
				if loScale != nil {
					pb *= loScale(k, e)
				}
			}
			if pb*gl[0] >= pa*gh[0]*margin && pb*gl[1] >= pa*gh[1]*margin {
				masked++
				counts[e]++
			}
		}
	}
	if present == 0 {
		return 0, -1
	}
	worst = -1
	for e, c := range counts {
		if worst < 0 || c > counts[worst] {
			worst = e
		}
	}
	return float64(masked) / float64(present), worst
}

// keyedBy reports whether a chain has a compressor keyed by one of names.
func keyedBy(inserts []mixer.Insert, names ...string) bool {
	for _, in := range inserts {
		if in.Type == "compressor" && slices.Contains(names, in.Sidechain) {
			return true
		}
	}
	return false
}

// groupNames lists the names of the tracks of track i's source.
func (as *assistant) groupNames(i int) []string {
	g := as.tr[i].group
	if g < 0 {
		return []string{as.tr[i].ta.Name}
	}
	var n []string
	for _, k := range as.groups[g] {
		n = append(n, as.tr[k].ta.Name)
	}
	return n
}

// masking finds tracks masked in their key bands by lower-priority
// tracks where both play, and fixes each conflict with a complementary
// cut on the lower-priority track, or (kick and bass, in genres that do
// it) by ducking the bass under the kick with a sidechain compressor.
func (as *assistant) masking() {
	kw := kWeights(as.a.Bands, as.a.SampleRate)
	for hi, th := range as.tr {
		if !th.ta.Heard || th.ta.IntegratedLUFS <= -70 || len(th.rp.KeyBands) == 0 || !as.loudestOfGroup(hi) {
			continue
		}
		for lo, tl := range as.tr {
			if lo == hi || !tl.ta.Heard || tl.ta.IntegratedLUFS <= -70 || th.group == tl.group ||
				tl.rp.Priority.Value >= th.rp.Priority.Value {
				continue
			}
			for _, span := range th.rp.KeyBands {
				frac, worst := as.maskedFraction(hi, lo, span, nil)
				if frac < as.set.MaskingFraction.Value || worst < 0 {
					continue
				}
				rep := MaskingReport{Masked: th.ta.Name, Masker: tl.ta.Name, LowHz: span.Low, HighHz: span.High, Fraction: roundTo(frac, 0.001), Fix: "none"}
				kickBass := th.role == "kick" && tl.rp.LowEnd && !keyedBy(as.out.Tracks[lo].Inserts, as.groupNames(hi)...)
				switch {
				case kickBass && as.g.SidechainKickBass:
					rep.Fix = "sidechain"
					as.duck(hi, lo, span, frac, "the "+as.g.Name+" profile ducks the "+tl.role+" under the kick")
				case as.complementaryCut(hi, lo, span, frac, worst, kw, !kickBass):
					rep.Fix = "cut"
				case kickBass:
					rep.Fix = "sidechain"
					as.duck(hi, lo, span, frac, fmt.Sprintf("no cut up to %g dB clears it, so the %s ducks under the kick", as.set.EQCutLimitDB.Value, tl.role))
				}
				as.mask = append(as.mask, rep)
			}
		}
	}
}

// loudestOfGroup reports whether track i is the loudest (in the mix) of
// its source: a source is checked for masking once.
func (as *assistant) loudestOfGroup(i int) bool {
	g := as.tr[i].group
	if g < 0 {
		return true
	}
	l := as.tr[i].ta.IntegratedLUFS + as.tr[i].gainDB
	for _, k := range as.groups[g] {
		lk := as.tr[k].ta.IntegratedLUFS + as.tr[k].gainDB
		if lk > l || lk == l && k < i {
			return false
		}
	}
	return true
}

// duck suggests a compressor on lo keyed by hi that takes lo down by
// Settings.DuckDB at hi's loud hops.
func (as *assistant) duck(hi, lo int, span Span, frac float64, why string) {
	th, tl := as.tr[hi], as.tr[lo]
	duck := as.set.DuckDB.Value
	// Gain reduction (x - T)(1 - 1/r) reaches duck at hi's 95th-percentile
	// level.
	thr := roundTo(math.Max(-80, math.Min(0, th.ta.LevelP95DBFS-duck/(1-1.0/duckRatio))), 0.5)
	gr := func(k int) float64 {
		n := th.ta.sig.hopN[k]
		if n == 0 || !th.ta.active[k] {
			return 0
		}
		x := dsp.PowerToDB(th.ta.sig.hopE[k] / (float64(n) * float64(th.ta.sig.ch)))
		return math.Max(0, (x-thr)*(1-1.0/duckRatio))
	}
	scale := func(k, _ int) float64 { return math.Pow(10, -gr(k)/10) }
	// Makeup: the loudness the ducking takes off on average comes back,
	// so the balance stays and the bass only dips under the kick.
	var e0, e1 float64
	for k, a := range tl.ta.active {
		if a && k < len(th.ta.active) {
			e0 += tl.ta.sig.hopE[k]
			e1 += tl.ta.sig.hopE[k] * scale(k, 0)
		}
	}
	makeup := 0.0
	if e0 > 0 && e1 > 0 {
		makeup = roundTo(10*math.Log10(e0/e1), 0.1)
	}
	up := math.Pow(10, makeup/10)
	after, _ := as.maskedFraction(hi, lo, span, func(k, e int) float64 { return scale(k, e) * up })
	in := mixer.Insert{Type: "compressor", Sidechain: th.ta.Name, Params: map[string]float64{
		"threshold": thr, "ratio": duckRatio, "attack": duckAttackMs, "release": duckReleaseMs,
		"knee": duckKneeDB, "rmsWindow": duckRMSWindowMs, "makeup": makeup}, Choices: map[string]string{"detector": "rms"}}
	as.add(Suggestion{Track: tl.ta.Name, Kind: KindMasking,
		Reason: fmt.Sprintf("%q masks %q at %g-%g Hz %.0f%% of the time the %s sounds there (within %g dB in both channels); %s: sidechain compressor keyed by %q, about %g dB of ducking at its loud hits, makeup restoring its average loudness",
			tl.ta.Name, th.ta.Name, span.Low, span.High, 100*frac, th.role, as.set.MaskingMarginDB.Value, why, th.ta.Name, duck),
		Change: Change{Op: OpAddInsert, Insert: &in},
		Expected: map[string]Effect{
			"maskedFraction": {From: roundTo(frac, 0.001), To: roundTo(after, 0.001), Unit: "fraction"},
			"duckDB":         {From: 0, To: roundTo(duck, 0.1), Unit: "dB"},
		}})
}

// complementaryCut suggests a cut on lo where hi is masked most, the
// smallest of 1.5, 3, 4.5 and 6 dB (up to the EQ cut limit) that brings
// the masked fraction under the threshold; when none does, the conflict
// is one of balance or arrangement, and it is reported instead.
func (as *assistant) complementaryCut(hi, lo int, span Span, frac float64, worst int, kw []float64, warn bool) bool {
	th, tl := as.tr[hi], as.tr[lo]
	erb := as.a.f.erb
	freq := math.Round(erb[worst].Centre)
	limit := as.set.EQCutLimitDB.Value
	probe := mixer.Band{Type: "peak", Params: map[string]float64{"freq": freq, "gain": -1, "q": maskingCutQ}}
	old := bandGain(as.out.Tracks[lo].Inserts, probe)
	for cut := -maskingCutStep; cut >= -limit-1e-9; cut -= maskingCutStep {
		total := math.Max(-limit, old+cut)
		if total >= old {
			break
		}
		add := mixer.Band{Type: "peak", Params: map[string]float64{"freq": freq, "gain": total - old, "q": maskingCutQ}}
		h := bandResponse([]mixer.Band{add}, as.a.SampleRate)
		gains := make([]float64, len(erb))
		for e, b := range erb {
			gains[e] = h(b)
		}
		after, _ := as.maskedFraction(hi, lo, span, func(_, e int) float64 { return gains[e] })
		if after >= as.set.MaskingFraction.Value {
			continue
		}
		dl := loudnessChange(powers(tl.ta.SpectrumDB), as.a.Bands, kw, h)
		tl.deltaLU += dl
		band := mixer.Band{Type: "peak", Params: map[string]float64{"freq": freq, "gain": total, "q": maskingCutQ}}
		as.add(Suggestion{Track: tl.ta.Name, Kind: KindMasking,
			Reason: fmt.Sprintf("%q masks %q at %g-%g Hz %.0f%% of the time the %s sounds there (within %g dB in both channels), most around %g Hz; the %s has the lower priority: complementary cut of %g dB there, the smallest that clears it",
				tl.ta.Name, th.ta.Name, span.Low, span.High, 100*frac, th.role, as.set.MaskingMarginDB.Value, freq, tl.role, total-old),
			Change: Change{Op: OpEQBand, Band: &band, From: old, To: total},
			Expected: map[string]Effect{
				"maskedFraction": {From: roundTo(frac, 0.001), To: roundTo(after, 0.001), Unit: "fraction"},
				"loudnessLU":     {From: 0, To: roundTo(dl, 0.01), Unit: "LU"},
			}})
		return true
	}
	if warn {
		as.warnf(tl.ta.Name, KindMasking, "masks %q at %g-%g Hz %.0f%% of the time the %s sounds there; no cut up to %g dB clears it: a matter of balance, arrangement or panning", th.ta.Name, span.Low, span.High, 100*frac, th.role, limit)
	}
	return false
}
