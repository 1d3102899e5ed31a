package main

import (
	"fmt"
	"io"
	"strings"

	"immerse/check"
	"immerse/delivery"
)

// printDelivery prints the platform's view and the playback table of a
// check report.
func printDelivery(w io.Writer, r *check.Report) {
	if p := r.Platform; p != nil {
		fmt.Fprintf(w, "platform %s (%s, %s): %s LUFS measured, target %g LUFS ±%g LU, ceiling %g dBTP\n",
			p.Name, p.Title, p.Measurement, fmtDB(p.MeasuredLUFS), p.TargetLUFS, p.ToleranceLU, p.MaxTruePeakDBTP)
		if p.DialogueLUFS != nil && p.DialoguePercent != nil {
			fmt.Fprintf(w, "  dialogue %s LUFS over %.0f%% of the programme (approximation)\n", fmtDB(*p.DialogueLUFS), *p.DialoguePercent)
		}
		fmt.Fprintf(w, "  %s: %s\n", strings.ToUpper(p.Verdict), p.Action)
		var modes []string
		for _, m := range p.Modes {
			modes = append(modes, fmt.Sprintf("%s (%g LUFS) %+.1f dB", m.Name, m.TargetLUFS, m.GainDB))
		}
		if len(modes) > 0 {
			fmt.Fprintf(w, "  modes: %s\n", strings.Join(modes, ", "))
		}
		for _, n := range p.Notes {
			fmt.Fprintln(w, "  note:", n)
		}
	}
	if len(r.Playback) == 0 {
		return
	}
	fmt.Fprintf(w, "playback (%s):\n", playbackLabel(r.Playback))
	head := fmt.Sprintf("  %-8s %-6s %7s", "system", "", "change")
	for _, c := range delivery.OctaveCentres {
		head += fmt.Sprintf(" %6s", check.BandKey(c))
	}
	fmt.Fprintln(w, head+"  low end lost")
	for _, p := range r.Playback {
		line := fmt.Sprintf("  %-8s %-6s %+6.1f", p.System, p.Channels, p.LoudnessChangeLU)
		for _, b := range p.LossByBandLU {
			line += fmt.Sprintf(" %6.1f", b.LU)
		}
		fmt.Fprintf(w, "%s  %5.1f%%\n", line, p.LowEndLostPercent)
	}
	for _, p := range r.Playback {
		fmt.Fprintf(w, "  %s: %s\n", p.System, p.Summary)
	}
}

func playbackLabel(p []delivery.PlaybackResult) string {
	return "loudness change in LU, loss per octave in LU (Hz)"
}
