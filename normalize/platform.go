package normalize

import (
	"immerse/delivery"
)

// maximumMarginLU is how far under a ceiling preset (Dolby Atmos Music's
// "at most -18 LKFS") File aims: more than the 0.05 LU the limited passes
// may land off their target.
const maximumMarginLU = 0.1

// applyPlatform takes the target and the ceiling from the preset: the
// preset's loudness (for a ceiling preset, maximumMarginLU under it) and
// its true-peak ceiling.
func (o *Options) applyPlatform() {
	p := o.Platform
	if p == nil {
		return
	}
	o.TargetLUFS = p.IntegratedLUFS
	if p.Target == delivery.Maximum {
		o.TargetLUFS -= maximumMarginLU
	}
	o.MaxTruePeakDBTP = p.TruePeakDBTP
}

// platformMeters adds the dialogue meter of a dialogue-gated preset to
// the measuring pass.
func (n *normalizer) platformMeters() error {
	if n.opt.Platform == nil || !n.opt.Platform.DialogueGated {
		return nil
	}
	d, err := delivery.NewDialogueMeter(n.r.SampleRate(), n.r.Channels(), n.fileWeights())
	if err != nil {
		return err
	}
	n.dlg = d
	return nil
}

// platformTarget settles the integrated-loudness target after the
// measuring pass. For a dialogue-gated preset whose dialogue was found in
// at least the fallback's share of the programme, the target moves by the
// difference between the programme's integrated and dialogue loudness,
// so that the dialogue lands on the preset's target (the detector's
// decisions do not depend on the level); otherwise the full-programme
// fallback applies to the integrated loudness.
func (n *normalizer) platformTarget(rep *Report, integrated float64) {
	p := n.opt.Platform
	if p == nil {
		return
	}
	rep.Platform, rep.Measurement = p.Name, delivery.MeasuredIntegrated
	if n.dlg == nil {
		rep.TargetLUFS = n.opt.TargetLUFS
		return
	}
	d := n.dlg.Result()
	rep.InputDialogueLUFS, rep.DialoguePercent = &d.LUFS, &d.Percent
	switch {
	case p.Fallback != nil && d.Percent < p.Fallback.MinDialoguePercent:
		n.opt.TargetLUFS = p.Fallback.IntegratedLUFS
		rep.Measurement = delivery.MeasuredFullFallback
	case d.LUFS <= -70:
		rep.Measurement = delivery.MeasuredFullFallback
	default:
		t := p.IntegratedLUFS
		rep.DialogueTargetLUFS = &t
		n.opt.TargetLUFS = p.IntegratedLUFS + (integrated - d.LUFS)
		rep.Measurement = delivery.MeasuredDialogue
	}
	rep.TargetLUFS = n.opt.TargetLUFS
}

// platformOutput estimates the output's dialogue loudness.
func (n *normalizer) platformOutput(rep *Report) {
	if rep.Measurement != delivery.MeasuredDialogue || rep.InputDialogueLUFS == nil {
		return
	}
	v := *rep.InputDialogueLUFS + (rep.OutputLUFS - rep.InputLUFS)
	rep.OutputDialogueLUFS = &v
}
