package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/delivery"
)

func platformsCommand() *cli.Command {
	return &cli.Command{
		Name:  "platforms",
		Usage: "list the delivery presets (loudness target, tolerance, true-peak ceiling, what the platform does) with their sources",
		Description: `Each preset is usable as "check --platform NAME" (its thresholds, and what the
platform will do with the file) and "normalize --platform NAME" (its target and
ceiling). "target" says how the platform uses its figure: normalization (the
player turns the programme to it; "turns up" says whether quieter ones are
raised too), delivery (a specification the file must meet within the
tolerance) or maximum (a ceiling). Dialogue-gated targets are measured by
immerse's approximation of dialogue gating. "verified" says how the numbers were
checked: official (the platform's or body's own document) or secondary
(reported by third parties; the platform publishes no specification).

Examples:
  immerse platforms
  immerse platforms --json`,
		Flags:  []cli.Flag{jsonFlag},
		Action: runPlatforms,
	}
}

func runPlatforms(c *cli.Context) error {
	if c.NArg() != 0 {
		return usageErr("platforms: takes no arguments")
	}
	ps := delivery.Platforms()
	if c.Bool("json") {
		return writeJSON(c.App.Writer, ps)
	}
	printPlatforms(c.App.Writer, ps)
	return nil
}

func printPlatforms(w io.Writer, ps []delivery.Platform) {
	row := func(format string, a ...any) { fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf(format, a...), " ")) }
	const head = "%-13s %8s %9s %6s  %-13s %-8s %-8s %s"
	row(head, "name", "LUFS", "tolerance", "dBTP", "target", "turns up", "dialogue", "verified")
	for _, p := range ps {
		tol := fmt.Sprintf("±%g", p.ToleranceLU)
		if p.Target == delivery.Maximum {
			tol = "ceiling"
		}
		up, dlg := "", ""
		if p.Target == delivery.Normalization {
			up = "no"
			if p.TurnsUp {
				up = "yes"
			}
		}
		if p.DialogueGated {
			dlg = "gated"
		}
		row(head, p.Name, fmt.Sprintf("%g", p.IntegratedLUFS), tol, fmt.Sprintf("%g", p.TruePeakDBTP), p.Target, up, dlg, p.Source.Verified)
	}
	fmt.Fprintln(w)
	for _, p := range ps {
		fmt.Fprintf(w, "%s: %s (%s)", p.Name, p.Source.Title, p.Source.Version)
		if p.Source.URL != "" {
			fmt.Fprintf(w, " %s", p.Source.URL)
		}
		fmt.Fprintln(w)
		var extra []string
		for _, m := range p.Modes {
			extra = append(extra, fmt.Sprintf("mode %s: %g LUFS", m.Name, m.IntegratedLUFS))
		}
		if f := p.Fallback; f != nil {
			extra = append(extra, fmt.Sprintf("under %g%% dialogue: %g LUFS ±%g LU full programme", f.MinDialoguePercent, f.IntegratedLUFS, f.ToleranceLU))
		}
		extra = append(extra, "tolerance: "+p.ToleranceSource)
		for _, n := range append(extra, p.Notes...) {
			fmt.Fprintf(w, "    %s\n", n)
		}
	}
}
