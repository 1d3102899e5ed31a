package assist

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/mixer"
)

// Reference matching compares the mix's master with a reference file on
// their loud passages (frames whose momentary loudness is within
// loudPassageLU of the integrated loudness): the long-term spectra of mid
// (L+R)/2 and side (L−R)/2 on 1/3-octave bands, each relative to its own
// total power and smoothed on the log-frequency axis (a [1 2 1] kernel
// over neighbouring bands), the integrated loudness, and the side-to-mid
// ratio. The master then gets an EQ of peaking bands at the octave
// centres fitted to the mid difference, a mid/side side gain, and its
// fader (or a limiter's input gain) for the loudness; Strength scales all
// three. The EQ is a low shelf, peaking bands 2/3 octave apart and a high
// shelf whose gains are fitted by least squares to the 1/3-octave
// difference.
const (
	loudPassageLU  = 6
	matchBandQ     = 0.9 // wide, overlapping bands 2/3 octave apart
	matchMaxGainDB = 12
	matchIter      = 12
	matchRidge     = 0.01
	matchCeilingDB = -1.5 // the limiter's ceiling when loudness needs one (dBTP, margin for the 4× true peak)
	maxTruePeakDB  = -1   // loudness matching keeps true peaks under this
)

// ReferenceReport says what reference matching measured and changed.
type ReferenceReport struct {
	File     string   `json:"file"`
	Match    []string `json:"match"`
	Strength float64  `json:"strength"`
	// Loudness of the reference and of the mix (integrated, LUFS), and
	// the mix's target.
	ReferenceLUFS float64 `json:"referenceLUFS"`
	MixLUFS       float64 `json:"mixLUFS"`
	TargetLUFS    float64 `json:"targetLUFS,omitempty"`
	// Side-to-mid ratios (dB) of the loud passages.
	ReferenceSideToMidDB float64 `json:"referenceSideToMidDB"`
	MixSideToMidDB       float64 `json:"mixSideToMidDB"`
	// Bands: per octave, the mid spectrum's difference (reference minus
	// mix, each relative to its total) before and after the EQ
	// (predicted from the EQ's response), and the side's.
	Bands []ReferenceBand `json:"bands"`
}

// ReferenceBand is one octave band of the comparison.
type ReferenceBand struct {
	CentreHz         float64 `json:"centreHz"`
	DifferenceDB     float64 `json:"differenceDB"`
	RemainingDB      float64 `json:"remainingDB"`
	SideDifferenceDB float64 `json:"sideDifferenceDB"`
	SideRemainingDB  float64 `json:"sideRemainingDB"`
}

// referenceAnalysis is the measured reference.
type referenceAnalysis struct {
	file      string
	sa        *SignalAnalysis
	f         *framing
	mid, sid  map[float64]float64 // nominal centre -> relative level (dB)
	sideToMid float64
}

func analyzeReference(path string, progress func(stage string, done, total int64)) (*referenceAnalysis, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, fmt.Errorf("assist: reference: %w", err)
	}
	defer r.Close()
	var pr func(done, total int64)
	if progress != nil {
		pr = func(done, total int64) { progress("reference", done, total) }
	}
	sa, f, _, err := analyzeSource(r, r.Length(), path, pr)
	if err != nil {
		return nil, fmt.Errorf("assist: reference: %w", err)
	}
	if sa.IntegratedLUFS <= -70 {
		return nil, fmt.Errorf("assist: reference %s is silent (%.1f LUFS); give a mastered track", path, sa.IntegratedLUFS)
	}
	ra := &referenceAnalysis{file: path, sa: sa, f: f}
	ra.mid, ra.sid, ra.sideToMid = midSideSpectra(sa, f)
	return ra, nil
}

// loudFrames marks the frames of the loud passages.
func loudFrames(sa *SignalAnalysis) []bool {
	_, mom := sa.sig.activity()
	out := make([]bool, len(mom))
	for k, m := range mom {
		out[k] = m > -70 && m >= sa.IntegratedLUFS-loudPassageLU
	}
	return out
}

// midSideSpectra returns the smoothed relative mid and side spectra of the
// loud passages by nominal centre, and the side-to-mid ratio (dB).
func midSideSpectra(sa *SignalAnalysis, f *framing) (mid, side map[float64]float64, sideToMid float64) {
	loud := loudFrames(sa)
	m := longTerm(sa.sig.mid, sa.sig.nThird, loud)
	s := longTerm(sa.sig.side, sa.sig.nThird, loud)
	pm, ps := powers(m), powers(s)
	var tm, ts float64
	for b := range pm {
		tm += pm[b]
		ts += ps[b]
	}
	sideToMid = dsp.MinDB
	if tm > 0 && ts > 0 {
		sideToMid = 10 * math.Log10(ts/tm)
	}
	rel := func(p []float64, total float64) map[float64]float64 {
		out := map[float64]float64{}
		if total <= 0 {
			return out
		}
		db := make([]float64, len(p))
		top := dsp.MinDB
		for b := range p {
			db[b] = dsp.PowerToDB(p[b] / total)
			top = math.Max(top, db[b])
		}
		for b := range p {
			// Bands 60 dB under the strongest carry nothing to match.
			db[b] = math.Max(db[b], top-60)
		}
		for b := range db {
			l, r := db[max(0, b-1)], db[min(len(db)-1, b+1)]
			out[f.third[b].Nominal] = (l + 2*db[b] + r) / 4
		}
		return out
	}
	return rel(pm, tm), rel(ps, ts), sideToMid
}

// octaveCentres are the IEC nominal octave centres the matching EQ uses.
var octaveCentres = []float64{31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000}

// analyzeMaster mixes s and measures its master alone.
func analyzeMaster(s *mixer.Session, open mixer.OpenFunc, workers int, progress func(done, total int64)) (*SignalAnalysis, error) {
	m, err := mixer.New(s, open, mixer.Config{Workers: workers})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	sa, _, _, err := analyzeSource(lengthSource{m}, m.Length(), s.Name(), progress)
	return sa, err
}

// lengthSource adapts a Mixer to dsp.Source for analyzeSource.
type lengthSource struct{ *mixer.Mixer }

// matchReference adds the master edits of reference matching, measured on
// the mix with the other suggestions applied (mixed again when there are
// any), so that the final mix matches.
func (as *assistant) matchReference(ref *referenceAnalysis, match map[string]bool, strength float64, progress func(done, total int64)) error {
	s := strength / 100
	mix := as.a.Master
	if as.mixed {
		m, err := analyzeMaster(as.out, as.opt.Open, as.opt.Workers, progress)
		if err != nil {
			return err
		}
		mix = m
	}
	mMid, mSide, mSM := midSideSpectra(mix, as.a.f)
	rep := &ReferenceReport{File: ref.file, Strength: strength, ReferenceLUFS: ref.sa.IntegratedLUFS, MixLUFS: mix.IntegratedLUFS,
		ReferenceSideToMidDB: roundTo(ref.sideToMid, 0.01), MixSideToMidDB: roundTo(mSM, 0.01)}
	for _, k := range []string{"tone", "loudness", "width"} {
		if match[k] {
			rep.Match = append(rep.Match, k)
		}
	}
	as.refRep = rep
	// The 1/3-octave bands both have.
	var common []Band
	for _, b := range as.a.Bands {
		if _, ok := ref.mid[b.Nominal]; ok {
			common = append(common, b)
		}
	}
	diff := func(r, m map[float64]float64, b Band) float64 { return r[b.Nominal] - m[b.Nominal] }
	// Tone: fit the matching EQ to the mid difference on the bands both
	// have, up to where the EQ reaches.
	var eqBands []mixer.Band
	if match["tone"] {
		var fb []Band
		var targets []float64
		for _, b := range common {
			if b.High < 0.45*float64(as.a.SampleRate) {
				fb = append(fb, b)
				targets = append(targets, s*diff(ref.mid, mMid, b))
			}
		}
		for _, b := range fitEQ(fb, targets, as.a.SampleRate) {
			if math.Abs(b.Params["gain"]) >= 0.05 {
				eqBands = append(eqBands, b)
			}
		}
	}
	h := bandResponse(eqBands, as.a.SampleRate)
	// Width: the side's gain.
	sideGain := 0.0
	// The EQ changes the side-to-mid ratio too (the side holds more of
	// the highs): the side gain is set against the ratio after the EQ.
	smAfterEQ := mSM
	if len(eqBands) > 0 {
		loud := loudFrames(mix)
		pm := powers(longTerm(mix.sig.mid, mix.sig.nThird, loud))
		ps := powers(longTerm(mix.sig.side, mix.sig.nThird, loud))
		var em, es float64
		for b, band := range as.a.Bands {
			em += pm[b] * h(band)
			es += ps[b] * h(band)
		}
		if em > 0 && es > 0 {
			smAfterEQ = 10 * math.Log10(es/em)
		}
	}
	if match["width"] {
		switch {
		case ref.sideToMid <= dsp.MinDB || mSM <= dsp.MinDB:
			as.warnf(mixer.MasterName, KindReference, "width not matched: the reference or the mix has no side signal (mono)")
		default:
			sideGain = roundTo(math.Max(-24, math.Min(12, s*(ref.sideToMid-smAfterEQ))), 0.1)
		}
	}
	// The report, per octave: the mean over its three 1/3-octave bands.
	for _, c := range octaveCentres {
		var d, rm, sd, sr float64
		n := 0
		for _, b := range common {
			if b.Centre < c/math.Pow(2, 0.5) || b.Centre > c*math.Pow(2, 0.5) {
				continue
			}
			hd := 10 * math.Log10(h(b))
			dm := diff(ref.mid, mMid, b)
			ds := diff(ref.sid, mSide, b)
			d += dm
			rm += dm - hd
			sd += ds
			sr += ds - hd - sideGain
			n++
		}
		if n == 0 {
			continue
		}
		nf := float64(n)
		rep.Bands = append(rep.Bands, ReferenceBand{CentreHz: c, DifferenceDB: roundTo(d/nf, 0.01), RemainingDB: roundTo(rm/nf, 0.01),
			SideDifferenceDB: roundTo(sd/nf, 0.01), SideRemainingDB: roundTo(sr/nf, 0.01)})
	}
	if len(eqBands) > 0 {
		in := mixer.Insert{Type: "eq", Bands: eqBands}
		worst, after := 0.0, 0.0
		for _, b := range rep.Bands {
			if math.Abs(b.DifferenceDB) > math.Abs(worst) {
				worst = b.DifferenceDB
			}
			if math.Abs(b.RemainingDB) > math.Abs(after) {
				after = b.RemainingDB
			}
		}
		as.add(Suggestion{Track: mixer.MasterName, Kind: KindReference,
			Reason: fmt.Sprintf("tone: the mix's mid spectrum differs from %s by up to %.1f dB per octave band (loud passages, each relative to its total); EQ at the octave centres fitted to %.0f%% of the difference", ref.file, worst, strength),
			Change: Change{Op: OpAddInsert, Insert: &in},
			Expected: map[string]Effect{
				"largestOctaveDifferenceDB": {From: roundTo(worst, 0.1), To: roundTo(after, 0.1), Unit: "dB"},
			}})
	}
	if sideGain != 0 && math.Abs(sideGain) >= 0.1 {
		in := mixer.Insert{Type: "midside", Params: map[string]float64{"side": sideGain}}
		as.add(Suggestion{Track: mixer.MasterName, Kind: KindReference,
			Reason: fmt.Sprintf("width: side-to-mid %.1f dB (%.1f dB after the tone EQ) against the reference's %.1f dB (loud passages); the master's side moves %+.1f dB", mSM, smAfterEQ, ref.sideToMid, sideGain),
			Change: Change{Op: OpAddInsert, Insert: &in},
			Expected: map[string]Effect{
				"sideToMidDB": {From: roundTo(mSM, 0.1), To: roundTo(smAfterEQ+sideGain, 0.1), Unit: "dB"},
			}})
	}
	if match["loudness"] {
		t := mix.IntegratedLUFS + s*(ref.sa.IntegratedLUFS-mix.IntegratedLUFS)
		rep.TargetLUFS = roundTo(t, 0.01)
		as.loudnessTarget = &t
	}
	return nil
}

// matchLoudness sets the master to the loudness target: the master fader
// when the true peak stays under maxTruePeakDB, else a limiter at the end
// of the master's chain whose input gain is refined on a second mix.
func (as *assistant) matchLoudness(integrated, peak float64) error {
	target := *as.loudnessTarget
	need := target - integrated
	if math.Abs(need) < 0.1 {
		return nil
	}
	from := as.out.Master.Gain
	if peak+need <= maxTruePeakDB {
		to := roundTo(math.Max(mixer.MinGainDB, math.Min(mixer.MaxGainDB, from+need)), 0.01)
		as.add(Suggestion{Track: mixer.MasterName, Kind: KindReference,
			Reason: fmt.Sprintf("loudness: the mix measures %.1f LUFS, the target %.1f LUFS; the master fader moves (true peak stays under %g dBTP)", integrated, target, float64(maxTruePeakDB)),
			Change: Change{Op: OpSet, Field: "gain", From: from, To: to},
			Expected: map[string]Effect{
				"integratedLUFS": {From: roundTo(integrated, 0.01), To: roundTo(target, 0.01), Unit: "LUFS"},
				"truePeakDBTP":   {From: roundTo(peak, 0.01), To: roundTo(peak+to-from, 0.01), Unit: "dBTP"},
			}})
		return nil
	}
	// A limiter: its input gain in front, its ceiling under the master
	// fader's gain.
	ceiling := math.Max(-24, math.Min(0, matchCeilingDB-from))
	gain := math.Max(-24, math.Min(24, need))
	trial := as.out.Clone()
	lim := mixer.Insert{Type: "limiter", Params: map[string]float64{"ceiling": roundTo(ceiling, 0.01), "inputGain": roundTo(gain, 0.01)}}
	got, gotPeak := integrated, peak
	for it := 0; it < 3; it++ {
		lim.Params["inputGain"] = roundTo(gain, 0.01)
		trial.Master.Inserts = append(append([]mixer.Insert(nil), as.out.Master.Inserts...), lim)
		c, err := checkMix(trial, as.opt.Open, as.opt.Workers, nil)
		if err != nil {
			return err
		}
		got, gotPeak = c.integrated, c.truePeak
		if math.Abs(target-got) < 0.2 || gain >= 24 {
			break
		}
		gain = math.Max(-24, math.Min(24, gain+target-got))
	}
	as.add(Suggestion{Track: mixer.MasterName, Kind: KindReference,
		Reason: fmt.Sprintf("loudness: the mix measures %.1f LUFS, the target %.1f LUFS; the fader alone would take the true peak to %+.1f dBTP, so a limiter (ceiling %.1f dB under the master fader) takes %+.1f dB of gain", integrated, target, peak+need, -ceiling+from, gain),
		Change: Change{Op: OpAddInsert, Insert: &lim},
		Expected: map[string]Effect{
			"integratedLUFS": {From: roundTo(integrated, 0.01), To: roundTo(got, 0.01), Unit: "LUFS"},
			"truePeakDBTP":   {From: roundTo(peak, 0.01), To: roundTo(gotPeak, 0.01), Unit: "dBTP"},
		}})
	return nil
}

// matchFreqs are the centres of the matching EQ: a low shelf, peaking
// bands 2/3 octave apart, a high shelf.
var matchFreqs = []float64{40, 63, 100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300, 10000}

// fitEQ fits the matching EQ to target (dB per band of bands): the gains
// minimise the squared error over the bands (Gauss-Newton on the
// filters' exact band responses, a little ridge regularisation, gains
// within ±matchMaxGainDB). Bands the EQ cannot reach (above 0.45·rate)
// are left out.
func fitEQ(bands []Band, target []float64, rate int) []mixer.Band {
	var freqs []float64
	for _, f := range matchFreqs {
		if f < 0.4*float64(rate) {
			freqs = append(freqs, f)
		}
	}
	n := len(freqs)
	g := make([]float64, n)
	build := func(g []float64) []mixer.Band {
		eq := make([]mixer.Band, n)
		for k, f := range freqs {
			typ := "peak"
			switch k {
			case 0:
				typ = "lowshelf"
			case n - 1:
				typ = "highshelf"
			}
			eq[k] = mixer.Band{Type: typ, Params: map[string]float64{"freq": f, "gain": g[k], "q": matchBandQ}}
		}
		return eq
	}
	resp := func(eq []mixer.Band) []float64 {
		h := bandResponse(eq, rate)
		out := make([]float64, len(bands))
		for i, b := range bands {
			out[i] = 10 * math.Log10(h(b))
		}
		return out
	}
	for it := 0; it < matchIter; it++ {
		cur := resp(build(g))
		// Jacobian by finite differences of 1 dB.
		jac := make([][]float64, n)
		for k := range freqs {
			gk := append([]float64(nil), g...)
			gk[k]++
			rk := resp(build(gk))
			jac[k] = make([]float64, len(bands))
			for i := range bands {
				jac[k][i] = rk[i] - cur[i]
			}
		}
		// Normal equations (JᵀJ + λI)Δ = Jᵀr.
		a := make([][]float64, n)
		rhs := make([]float64, n)
		for k := range a {
			a[k] = make([]float64, n)
			for l := range a[k] {
				for i := range bands {
					a[k][l] += jac[k][i] * jac[l][i]
				}
			}
			a[k][k] += matchRidge
			for i := range bands {
				rhs[k] += jac[k][i] * (target[i] - cur[i])
			}
		}
		d := solve(a, rhs)
		moved := 0.0
		for k := range g {
			ng := math.Max(-matchMaxGainDB, math.Min(matchMaxGainDB, g[k]+d[k]))
			moved = math.Max(moved, math.Abs(ng-g[k]))
			g[k] = ng
		}
		if moved < 0.01 {
			break
		}
	}
	for k := range g {
		g[k] = roundTo(g[k], 0.1)
	}
	return build(g)
}

// solve solves a·x = b by Gaussian elimination with partial pivoting (a
// small, well-conditioned system; a and b are overwritten).
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		if a[r][r] == 0 {
			continue
		}
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}
