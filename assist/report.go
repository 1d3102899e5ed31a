package assist

import (
	"fmt"
	"math"
	"strings"

	"immerse/dsp"
)

// report builds the Report of the run.
func (as *assistant) report() *Report {
	a := as.a
	r := &Report{Session: a.Session.Name(), Genre: as.g.Name, SampleRate: a.SampleRate,
		DurationSeconds: float64(a.Frames) / float64(a.SampleRate), Suggestions: as.sugg, Warnings: as.warn,
		Masking: as.mask, Reference: as.refRep, Assisted: as.out}
	if r.Suggestions == nil {
		r.Suggestions = []Suggestion{}
	}
	for _, b := range a.Bands {
		r.Bands = append(r.Bands, b.Nominal)
	}
	if as.focus >= 0 {
		r.Focus = as.tr[as.focus].ta.Name
	}
	eF, aF := []float64(nil), []bool(nil)
	if as.focus >= 0 {
		eF, aF = as.focusEnergyBefore()
	}
	for i, t := range as.tr {
		tr := TrackReport{Name: t.ta.Name, Role: t.role, RoleFrom: t.roleFrom, Muted: !t.ta.Heard}
		if t.ta.Heard {
			tm := &TrackMeasurements{Measurements: t.ta.Measurements.rounded(), GainDB: roundTo(t.gainDB, 0.01),
				MixLUFS: roundTo(t.mixLUFS, 0.01), KeptLU: t.keptLU, Sound: t.sound.rounded()}
			if eF != nil && i != as.focus {
				e, act := as.mixEnergyBefore(i)
				if rel, _, ok := relLU(e, act, eF, aF); ok {
					rel = roundTo(rel, 0.01)
					tm.FocusLU = &rel
				}
			}
			tr.Measurements = tm
		}
		r.Tracks = append(r.Tracks, tr)
	}
	r.Master = MasterReport{Measurements: a.Master.Measurements.rounded()}
	if as.focus >= 0 {
		if v, ok := as.focusOverRest(); ok {
			v = roundTo(v, 0.01)
			r.Master.FocusOverRestLU = &v
		}
	}
	for _, p := range a.Pairs {
		if math.Abs(p.Correlation) < as.set.RelatedCorr.Value {
			continue
		}
		r.Pairs = append(r.Pairs, PairReport{A: a.Tracks[p.A].Name, B: a.Tracks[p.B].Name,
			Correlation: roundTo(p.Correlation, 0.001), ZeroLag: roundTo(p.ZeroLag, 0.001), LagMs: roundTo(p.LagMs, 0.001)})
	}
	r.Summary = as.summary(r)
	return r
}

// mixEnergyBefore is mixEnergy as measured (without predicted changes).
func (as *assistant) mixEnergyBefore(i int) ([]float64, []bool) {
	d := as.tr[i].deltaLU
	as.tr[i].deltaLU = 0
	e, a := as.mixEnergy(i)
	as.tr[i].deltaLU = d
	return e, a
}

func (as *assistant) focusEnergyBefore() ([]float64, []bool) {
	return as.mixEnergyBefore(as.focus)
}

// focusOverRest is the focus track's loudness over the sum of every other
// heard track of another role, where the focus plays, as measured.
func (as *assistant) focusOverRest() (float64, bool) {
	eF, aF := as.focusEnergyBefore()
	var rest []float64
	for i, t := range as.tr {
		if i == as.focus || !t.ta.Heard || t.role == as.tr[as.focus].role {
			continue
		}
		e, _ := as.mixEnergyBefore(i)
		if rest == nil {
			rest = make([]float64, len(e))
		}
		for j := range e {
			rest[j] += e[j]
		}
	}
	if rest == nil {
		return 0, false
	}
	var sf, sr float64
	for j := range eF {
		if aF[j] {
			sf += eF[j]
			sr += rest[j]
		}
	}
	if sf <= 0 || sr <= 0 {
		return 0, false
	}
	return 10 * math.Log10(sf/sr), true
}

func (as *assistant) summary(r *Report) string {
	count := map[string]int{}
	for _, s := range r.Suggestions {
		count[s.Kind]++
	}
	var parts []string
	for _, k := range []string{KindBalance, KindEQ, KindMasking, KindDynamics, KindPhase, KindPanning, KindSpace, KindTranslation, KindReference, KindGain} {
		if n := count[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	heard := 0
	for _, t := range r.Tracks {
		if !t.Muted {
			heard++
		}
	}
	what := "no suggestions: the mix meets the " + r.Genre + " profile"
	if len(parts) > 0 {
		what = fmt.Sprintf("%d suggestions (%s)", len(r.Suggestions), strings.Join(parts, ", "))
	}
	w := ""
	if len(r.Warnings) > 0 {
		w = fmt.Sprintf(", %d warnings", len(r.Warnings))
	}
	return fmt.Sprintf("%d tracks heard, %.1f s, master %s LUFS %s dBTP; %s%s",
		heard, r.DurationSeconds, fmtLevel(r.Master.IntegratedLUFS), fmtLevel(r.Master.TruePeakDBTP), what, w)
}

func fmtLevel(v float64) string {
	if v <= dsp.MinDB {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", v)
}
