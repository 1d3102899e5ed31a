package delivery

import (
	"fmt"
	"math"
)

// Measurement is what was measured of a programme for Assess.
type Measurement struct {
	// IntegratedLUFS and TruePeakDBTP: ITU-R BS.1770 over the programme.
	IntegratedLUFS float64
	TruePeakDBTP   float64
	// DialogueLUFS and DialoguePercent: the dialogue-gated loudness and
	// the share of the programme's blocks that are dialogue (a
	// DialogueMeter's Result); nil when not measured.
	DialogueLUFS    *float64
	DialoguePercent *float64
}

// Measurement kinds of an Assessment.
const (
	MeasuredIntegrated   = "integrated"
	MeasuredDialogue     = "dialogue-gated (approximation)"
	MeasuredFullFallback = "integrated (full-programme rule: too little dialogue)"
)

// Verdicts of an Assessment.
const (
	Pass = "pass"
	Warn = "warn"
	Fail = "fail"
)

// Assessment is a platform's view of a programme: how its loudness is
// measured for the platform, what the platform does with it, and whether
// it meets the preset.
type Assessment struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// TargetLUFS and ToleranceLU of the rule applied (a fallback rule's
	// when it applies); MaxTruePeakDBTP is the preset's ceiling.
	TargetLUFS      float64 `json:"targetLUFS"`
	ToleranceLU     float64 `json:"toleranceLU"`
	MaxTruePeakDBTP float64 `json:"maxTruePeakDBTP"`
	// Measurement says what MeasuredLUFS is: MeasuredIntegrated,
	// MeasuredDialogue or MeasuredFullFallback.
	Measurement     string   `json:"measurement"`
	MeasuredLUFS    float64  `json:"measuredLUFS"`
	IntegratedLUFS  float64  `json:"integratedLUFS"`
	DialogueLUFS    *float64 `json:"dialogueLUFS,omitempty"`
	DialoguePercent *float64 `json:"dialoguePercent,omitempty"`
	TruePeakDBTP    float64  `json:"truePeakDBTP"`
	// GainDB is, for a normalising platform, the gain its player applies
	// (negative: turned down); for a specification, the gain the
	// programme needs to meet it (0 when it does).
	GainDB float64 `json:"gainDB"`
	// Modes are the gains of the listener-selectable modes.
	Modes []ModeGain `json:"modes,omitempty"`
	// Verdict: "pass", "warn" (a normalising platform's target missed by
	// more than the tolerance, or an approximated measurement near the
	// limit) or "fail" (a specification not met).
	Verdict string `json:"verdict"`
	// Action says what the platform will do, or what to change.
	Action string `json:"action"`
	// Notes qualify the measurement.
	Notes []string `json:"notes,omitempty"`
}

// ModeGain is the playback gain of one listener-selectable mode.
type ModeGain struct {
	Name       string  `json:"name"`
	TargetLUFS float64 `json:"targetLUFS"`
	GainDB     float64 `json:"gainDB"`
}

// eps absorbs the rounding of reported figures: a value printed at its
// limit is within it.
const eps = 1e-9

// Assess applies the preset to a measurement. Dialogue-gated presets use
// the dialogue loudness when it was measured and the dialogue is at least
// the fallback's share of the programme; otherwise the full-programme
// fallback (or, with no fallback, the integrated loudness, said so in
// Measurement and Notes). Integrated loudness is never reported as
// dialogue-gated.
func Assess(p *Platform, m Measurement) Assessment {
	a := Assessment{Name: p.Name, Title: p.Title, TargetLUFS: p.IntegratedLUFS, ToleranceLU: p.ToleranceLU,
		MaxTruePeakDBTP: p.TruePeakDBTP, Measurement: MeasuredIntegrated, MeasuredLUFS: round2(m.IntegratedLUFS),
		IntegratedLUFS: round2(m.IntegratedLUFS), TruePeakDBTP: round2(m.TruePeakDBTP)}
	if m.DialogueLUFS != nil {
		a.DialogueLUFS = ptr(round2(*m.DialogueLUFS))
	}
	if m.DialoguePercent != nil {
		a.DialoguePercent = ptr(math.Round(*m.DialoguePercent*10) / 10)
	}
	if p.DialogueGated {
		switch {
		case m.DialogueLUFS == nil || m.DialoguePercent == nil:
			a.Notes = append(a.Notes, "dialogue was not measured: the integrated loudness stands in for the dialogue-gated one")
		case p.Fallback != nil && *m.DialoguePercent < p.Fallback.MinDialoguePercent:
			a.Measurement = MeasuredFullFallback
			a.TargetLUFS, a.ToleranceLU = p.Fallback.IntegratedLUFS, p.Fallback.ToleranceLU
			a.Notes = append(a.Notes, fmt.Sprintf("dialogue is %.1f%% of the programme, under %g%%: the full-programme rule applies",
				*m.DialoguePercent, p.Fallback.MinDialoguePercent))
		case *m.DialogueLUFS <= -70:
			a.Measurement = MeasuredFullFallback
			a.Notes = append(a.Notes, "no dialogue found: the integrated loudness stands in for the dialogue-gated one")
		default:
			a.Measurement = MeasuredDialogue
			a.MeasuredLUFS = round2(*m.DialogueLUFS)
			a.Notes = append(a.Notes, "dialogue gating is immerse's approximation of Dolby Dialogue Intelligence (a speech-activity detector on 400 ms blocks); confirm near the limits with a certified meter")
		}
	}
	if m.IntegratedLUFS <= -70 {
		a.Verdict, a.Action = Fail, fmt.Sprintf("the programme is silent (under -70 LUFS); %s cannot normalise it", p.Title)
		return a
	}
	switch p.Target {
	case Normalization:
		a.normalization(p)
	case Maximum:
		a.maximum(p)
	default:
		a.delivery(p)
	}
	return a
}

func (a *Assessment) normalization(p *Platform) {
	a.GainDB = round2(p.playbackGain(p.IntegratedLUFS, a.MeasuredLUFS, a.TruePeakDBTP, false))
	a.Action = p.describeGain(a.GainDB, a.TargetLUFS-a.MeasuredLUFS, a.MeasuredLUFS)
	for _, md := range p.Modes {
		a.Modes = append(a.Modes, ModeGain{Name: md.Name, TargetLUFS: md.IntegratedLUFS,
			GainDB: round2(p.playbackGain(md.IntegratedLUFS, a.MeasuredLUFS, a.TruePeakDBTP, md.Limiter))})
	}
	a.Verdict = Pass
	if math.Abs(a.MeasuredLUFS-a.TargetLUFS) > a.ToleranceLU+eps {
		a.Verdict = Warn
	}
	if a.TruePeakDBTP > p.TruePeakDBTP+eps {
		a.Verdict = Warn
		a.Action += fmt.Sprintf("; the true peak %+.1f dBTP is over %s's %.0f dBTP and may distort in the lossy encode", a.TruePeakDBTP, p.Title, p.TruePeakDBTP)
	}
}

// playbackGain is the gain a normalising player applies to reach target.
func (p *Platform) playbackGain(target, measured, truePeak float64, limiter bool) float64 {
	g := target - measured
	if g <= 0 || limiter {
		return g
	}
	if !p.TurnsUp {
		return 0
	}
	if p.UpLimitedByPeak {
		return math.Max(0, math.Min(g, p.TruePeakDBTP-truePeak))
	}
	return g
}

func (p *Platform) describeGain(gain, wanted, measured float64) string {
	switch {
	case math.Abs(wanted) < 0.05:
		return fmt.Sprintf("%s will play this as it is: it measures its %.0f LUFS target", p.Title, p.IntegratedLUFS)
	case gain < 0:
		return fmt.Sprintf("%s will turn this down %.1f dB (%.1f LUFS to its %.0f LUFS)", p.Title, -gain, measured, p.IntegratedLUFS)
	case !p.TurnsUp:
		return fmt.Sprintf("%s will not turn this up: it plays %.1f dB under its %.0f LUFS level (%s only turns loud programmes down)",
			p.Title, wanted, p.IntegratedLUFS, p.Title)
	case gain < wanted-0.05:
		return fmt.Sprintf("%s will turn this up %.1f dB, not the %.1f dB to %.0f LUFS: the true peak leaves no more headroom under %.0f dBTP",
			p.Title, gain, wanted, p.IntegratedLUFS, p.TruePeakDBTP)
	}
	return fmt.Sprintf("%s will turn this up %.1f dB (%.1f LUFS to its %.0f LUFS)", p.Title, gain, measured, p.IntegratedLUFS)
}

func (a *Assessment) delivery(p *Platform) {
	off := a.MeasuredLUFS - a.TargetLUFS
	what := "the programme"
	if a.Measurement == MeasuredDialogue {
		what = "the dialogue"
	}
	if math.Abs(off) <= a.ToleranceLU+eps {
		a.Verdict = Pass
		a.Action = fmt.Sprintf("meets %s: %s measures %.1f LUFS, within %.0f ±%g LU", p.Title, what, a.MeasuredLUFS, a.TargetLUFS, a.ToleranceLU)
		return
	}
	a.Verdict = Fail
	a.GainDB = round2(-off)
	dir := "up"
	if off > 0 {
		dir = "down"
	}
	a.Action = fmt.Sprintf("does not meet %s: %s measures %.1f LUFS, %.1f LU %s %.0f ±%g LU; turn it %s %.1f dB (immerse normalize --platform %s)",
		p.Title, what, a.MeasuredLUFS, math.Abs(off), aboveBelow(off), a.TargetLUFS, a.ToleranceLU, dir, math.Abs(off), p.Name)
}

func (a *Assessment) maximum(p *Platform) {
	over := a.MeasuredLUFS - a.TargetLUFS
	if over <= eps {
		a.Verdict = Pass
		a.Action = fmt.Sprintf("meets %s: %.1f LUFS is under its %.0f LUFS ceiling", p.Title, a.MeasuredLUFS, a.TargetLUFS)
		return
	}
	a.Verdict = Fail
	a.GainDB = round2(-over)
	a.Action = fmt.Sprintf("does not meet %s: %.1f LUFS is %.1f LU over its %.0f LUFS ceiling; turn it down at least %.1f dB",
		p.Title, a.MeasuredLUFS, over, a.TargetLUFS, over)
}

func aboveBelow(off float64) string {
	if off > 0 {
		return "above"
	}
	return "below"
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func ptr(x float64) *float64 { return &x }
