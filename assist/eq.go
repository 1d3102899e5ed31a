package assist

import (
	"fmt"
	"math"
	"slices"

	"immerse/dsp"
	"immerse/mixer"
)

// EQ regions (Hz) of the issue: low-mid mud, harshness, air, and presence
// (the reference of air).
const (
	mudLo, mudHi       = 200, 500
	harshLo, harshHi   = 2000, 5000
	airLo, airHi       = 10000, 16000
	presLo, presHi     = 2000, 5000
	localInner         = 3  // the neighbourhood of a band starts 1 octave away
	localOuter         = 5  // and ends 1.67 octaves away
	localRangeDB       = 20 // bands further under a band are not its neighbourhood
	minBumpBands       = 2  // a bump spans at least 2/3 octave (a single band is a note or a mode)
	airShelfHz         = 10000.0
	highpassSlopeDBOct = 24
)

// eq suggests, per track, a high-pass against rumble below the role's
// useful range, cuts of low-mid mud and of harshness where the long-term
// spectrum bulges over its local median by more than the role allows,
// and a high shelf when the air is short of the role's target. Every band
// goes in an EQ at the end of the track's chain, so it acts on exactly
// the spectrum measured.
func (as *assistant) eq() {
	kw := kWeights(as.a.Bands, as.a.SampleRate)
	for i, t := range as.tr {
		if !t.ta.Heard || t.ta.IntegratedLUFS <= -70 {
			continue
		}
		as.rumble(i, kw)
		as.bump(i, kw, "mud", "low-mid mud", mudLo, mudHi, t.rp.MudDB.Value+as.g.MudAdjustDB.Value)
		as.bump(i, kw, "harshness", "harshness", harshLo, harshHi, t.rp.HarshDB.Value+as.g.HarshAdjustDB.Value)
		as.air(i, kw)
	}
}

// hasHighpass reports a high-pass (insert or EQ band) at or above freq.
func hasHighpass(inserts []mixer.Insert, freq float64) bool {
	for _, in := range inserts {
		if in.Type == "highpass" && in.Params["freq"] >= freq {
			return true
		}
		if in.Type == "eq" {
			for _, b := range in.Bands {
				if b.Type == "highpass" && b.Params["freq"] >= freq {
					return true
				}
			}
		}
	}
	return false
}

func (as *assistant) rumble(i int, kw []float64) {
	t := as.tr[i]
	lo := t.rp.LowHz.Value
	if lo <= 25 || hasHighpass(as.a.Session.Tracks[i].Inserts, 0.7*lo) {
		return
	}
	bands := as.a.Bands
	p := powers(t.ta.SpectrumDB)
	ratio := func(gain func(Band) float64) float64 {
		var below, above float64
		for k, b := range bands {
			g := 1.0
			if gain != nil {
				g = gain(b)
			}
			if b.Centre < lo {
				below += p[k] * g
			} else {
				above += p[k] * g
			}
		}
		if above <= 0 {
			return dsp.MinDB
		}
		return dsp.PowerToDB(below / above)
	}
	r := ratio(nil)
	if r <= as.set.RumbleDB.Value {
		return
	}
	band := mixer.Band{Type: "highpass", Params: map[string]float64{"freq": lo, "slope": highpassSlopeDBOct}}
	h := bandResponse([]mixer.Band{band}, as.a.SampleRate)
	after := ratio(h)
	dl := loudnessChange(p, bands, kw, h)
	t.deltaLU += dl
	as.add(Suggestion{Track: t.ta.Name, Kind: KindEQ,
		Reason: fmt.Sprintf("rumble: %.1f dB of its energy relative to the rest lies below %g Hz, the lowest useful frequency of a %s (more than %g dB)", r, lo, t.role, as.set.RumbleDB.Value),
		Change: Change{Op: OpEQBand, Band: &band},
		Expected: map[string]Effect{
			"belowLowHzDB": {From: roundTo(r, 0.1), To: roundTo(after, 0.1), Unit: "dB"},
			"loudnessLU":   {From: 0, To: roundTo(dl, 0.01), Unit: "LU"},
		}})
}

// localExcess is each band's level over the median of its neighbourhood:
// the bands 1 to 1.67 octaves away on either side (3 to 5 bands), so that
// a bump up to about an octave wide does not raise its own reference. A
// slope does not stand out (the neighbourhood is symmetric). Bands more
// than localRangeDB under the band itself are left out: they lie outside
// the track's range (a high-pass, an empty octave) and would make the
// edge of the range look like a bump; a band without neighbours on both
// sides is at such an edge and gets no excess.
func localExcess(db []float64) []float64 {
	ex := make([]float64, len(db))
	var win []float64
	for b := range db {
		win = win[:0]
		below, above := false, false
		for j := b - localOuter; j <= b+localOuter; j++ {
			if j < 0 || j >= len(db) || abs(j-b) < localInner {
				continue
			}
			if db[j] >= db[b]-localRangeDB {
				win = append(win, db[j])
				below = below || j < b
				above = above || j > b
			}
		}
		if !below || !above {
			continue // at the edge of the track's range: no bump to judge
		}
		ex[b] = db[b] - median(win)
	}
	return ex
}

// inBody reports whether f lies in one of the role's body bands.
func inBody(r *Role, f float64) bool {
	for _, s := range r.BodyBands {
		if f >= s.Low && f <= s.High {
			return true
		}
	}
	return false
}

// bump cuts a broad bulge of the spectrum inside [lo, hi] Hz.
func (as *assistant) bump(i int, kw []float64, key, what string, lo, hi, allow float64) {
	t := as.tr[i]
	bands := as.a.Bands
	db := t.ta.SpectrumDB
	top := slices.Max(db)
	ex := localExcess(db)
	floor := top - as.set.NoContentDB.Value
	usable := func(b int) bool {
		return db[b] > floor && !inBody(t.rp, bands[b].Centre)
	}
	peak := -1
	for b, bd := range bands {
		if bd.Centre >= lo && bd.Centre <= hi && usable(b) && (peak < 0 || ex[b] > ex[peak]) {
			peak = b
		}
	}
	if peak < 0 || ex[peak] <= allow {
		return
	}
	// The run of bands around the peak that share the bump.
	half := ex[peak] / 2
	first, last := peak, peak
	for first > 0 && ex[first-1] >= half && usable(first-1) {
		first--
	}
	for last < len(bands)-1 && ex[last+1] >= half && usable(last+1) {
		last++
	}
	width := last - first + 1
	if width < minBumpBands {
		return
	}
	// The width at half the excess, interpolated between bands.
	frac := func(inside, outside int) float64 {
		if outside < 0 || outside >= len(ex) || ex[inside] <= ex[outside] {
			return 0
		}
		return math.Max(0, math.Min(1, (ex[inside]-half)/(ex[inside]-ex[outside])))
	}
	span := float64(width-1) + frac(first, first-1) + frac(last, last+1)
	// Centre: excess-weighted mean of log frequency; Q from the width.
	var sw, sf float64
	for b := first; b <= last; b++ {
		w := math.Max(0, ex[b])
		sw += w
		sf += w * math.Log2(bands[b].Centre)
	}
	freq := math.Round(math.Pow(2, sf/sw))
	bw := math.Max(span, 1) / 3
	q := math.Sqrt(math.Pow(2, bw)) / (math.Pow(2, bw) - 1)
	q = roundTo(math.Max(0.5, math.Min(4, q)), 0.01)
	limit := as.set.EQCutLimitDB.Value
	probe := mixer.Band{Type: "peak", Params: map[string]float64{"freq": freq, "gain": -1, "q": q}}
	old := bandGain(as.out.Tracks[i].Inserts, probe)
	total := math.Max(-limit, old-ex[peak])
	cut := total - old
	if -cut < as.set.EQMinMoveDB.Value {
		if old <= -limit+0.05 {
			as.warnf(t.ta.Name, KindEQ, "%s: a %.1f dB bump at %g Hz remains after a cut at the %g dB limit; check the recording or the arrangement", what, ex[peak], freq, limit)
		}
		return
	}
	total = roundTo(total, 0.1)
	band := mixer.Band{Type: "peak", Params: map[string]float64{"freq": freq, "gain": total, "q": q}}
	h := bandResponse([]mixer.Band{{Type: "peak", Params: map[string]float64{"freq": freq, "gain": total - old, "q": q}}}, as.a.SampleRate)
	after := ex[peak] + 10*math.Log10(h(bands[peak]))
	p := powers(db)
	dl := loudnessChange(p, bands, kw, h)
	t.deltaLU += dl
	as.add(Suggestion{Track: t.ta.Name, Kind: KindEQ,
		Reason: fmt.Sprintf("%s: the spectrum bulges %.1f dB over its local median at %g Hz (%.1f octaves wide), more than the %.1f dB a %s is allowed in the %s profile; cut sized to the excess, at most %g dB",
			what, ex[peak], bands[peak].Nominal, bw, allow, t.role, as.g.Name, limit),
		Change: Change{Op: OpEQBand, Band: &band, From: old, To: total},
		Expected: map[string]Effect{
			key + "DB":   {From: roundTo(ex[peak], 0.1), To: roundTo(after, 0.1), Unit: "dB"},
			"loudnessLU": {From: 0, To: roundTo(dl, 0.01), Unit: "LU"},
		}})
}

// air lifts the top octave of a role that needs air when it is short of
// the role's air level (relative to its presence) by more than the
// genre's allowance.
func (as *assistant) air(i int, kw []float64) {
	t := as.tr[i]
	if t.rp.AirDB == nil || float64(as.a.SampleRate)/2 < airHi {
		return
	}
	bands := as.a.Bands
	p := powers(t.ta.SpectrumDB)
	top := slices.Max(t.ta.SpectrumDB)
	pres, _ := regionDB(p, bands, presLo, presHi)
	air, n := regionDB(p, bands, airLo, airHi)
	if n == 0 {
		return
	}
	target := t.rp.AirDB.Value + as.g.AirAdjustDB.Value
	d := air - pres
	deficit := target - d
	if deficit <= as.g.AirAllowanceDB.Value {
		return
	}
	if air < top-as.set.NoContentDB.Value || pres < top-as.set.NoContentDB.Value {
		as.warnf(t.ta.Name, KindEQ, "dull: its 10-16 kHz sit %.0f dB under its loudest band and %.1f dB under its 2-5 kHz (a %s wants %+.0f dB): there is no air for an EQ to lift; re-record, or add an exciter", top-air, -d, t.role, target)
		return
	}
	limit := as.set.EQBoostLimitDB.Value
	probe := mixer.Band{Type: "highshelf", Params: map[string]float64{"freq": airShelfHz, "gain": 1}}
	old := bandGain(as.out.Tracks[i].Inserts, probe)
	total := math.Min(limit, old+deficit)
	if total-old < as.set.EQMinMoveDB.Value {
		return
	}
	total = roundTo(total, 0.1)
	band := mixer.Band{Type: "highshelf", Params: map[string]float64{"freq": airShelfHz, "gain": total, "q": 0.7071}}
	h := bandResponse([]mixer.Band{{Type: "highshelf", Params: map[string]float64{"freq": airShelfHz, "gain": total - old, "q": 0.7071}}}, as.a.SampleRate)
	scaled := make([]float64, len(p))
	for k, b := range bands {
		scaled[k] = p[k] * h(b)
	}
	pres2, _ := regionDB(scaled, bands, presLo, presHi)
	air2, _ := regionDB(scaled, bands, airLo, airHi)
	dl := loudnessChange(p, bands, kw, h)
	t.deltaLU += dl
	as.add(Suggestion{Track: t.ta.Name, Kind: KindEQ,
		Reason: fmt.Sprintf("dull: its 10-16 kHz sit %.1f dB relative to its 2-5 kHz, %.1f dB short of the %+.0f dB a %s wants in the %s profile; high shelf at %g kHz, at most %+g dB",
			d, deficit, target, t.role, as.g.Name, float64(airShelfHz)/1000, limit),
		Change: Change{Op: OpEQBand, Band: &band, From: old, To: total},
		Expected: map[string]Effect{
			"airDB":      {From: roundTo(d, 0.1), To: roundTo(air2-pres2, 0.1), Unit: "dB"},
			"loudnessLU": {From: 0, To: roundTo(dl, 0.01), Unit: "LU"},
		}})
}
