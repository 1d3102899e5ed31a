package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"immerse/mixer"
)

func effectsCommand() *cli.Command {
	return &cli.Command{
		Name:      "effects",
		Usage:     "list the insert effects of mix sessions with their parameters, units, ranges and defaults",
		ArgsUsage: "[TYPE...]",
		Description: `Lists every insert type a session can use ("type" in an insert) with its
parameters as session files name them: unit, allowed range, default, and
whether the parameter can be automated ("inserts.<i>.<name>" in a track's or
bus's automation). EQ bands ("bands") have their own fields, listed under eq
and midside. The listing is generated from the effects themselves.

Examples:
  immerse effects
  immerse effects compressor eq
  immerse effects --json`,
		Flags:  []cli.Flag{jsonFlag},
		Action: runEffects,
	}
}

func runEffects(c *cli.Context) error {
	all := mixer.Effects()
	list := all
	if c.NArg() > 0 {
		list = nil
		for _, want := range c.Args().Slice() {
			found := false
			for _, e := range all {
				if e.Type == want {
					list, found = append(list, e), true
				}
			}
			if !found {
				var names []string
				for _, e := range all {
					names = append(names, e.Type)
				}
				return usageErr("effects: unknown insert type %q; the types are %s", want, strings.Join(names, ", "))
			}
		}
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, list)
	}
	for i, e := range list {
		if i > 0 {
			fmt.Println()
		}
		printEffect(os.Stdout, e)
	}
	return nil
}

func printEffect(w io.Writer, e mixer.EffectInfo) {
	fmt.Fprintf(w, "%s (%s)\n  %s\n", e.Type, e.Channels, e.Doc)
	if e.Sidechain {
		fmt.Fprintln(w, `  "sidechain": a track or bus whose signal after its inserts (before its fader) keys the detector`)
	}
	printParams(w, e.Params, "  ")
	if len(e.BandParams) > 0 {
		fmt.Fprintln(w, `  "bands": a list of filter bands, each with:`)
		printParams(w, e.BandParams, "    ")
	}
}

func printParams(w io.Writer, params []mixer.ParamDoc, indent string) {
	if len(params) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%sparameter\tunit\trange\tdefault\tauto\tmeaning\n", indent)
	for _, p := range params {
		rng := fmt.Sprintf("%g .. %g", p.Min, p.Max)
		def := fmt.Sprintf("%.4g", p.Default)
		switch {
		case len(p.Choices) > 10:
			c := quoteEmpty(p.Choices)
			rng = strings.Join(c[:4], "|") + "|…|" + c[len(c)-1]
			def = p.DefaultChoice
			if def == "" {
				def = `""`
			}
		case len(p.Choices) > 0:
			rng = strings.Join(quoteEmpty(p.Choices), "|")
			def = p.DefaultChoice
			if def == "" {
				def = `""`
			}
		case p.Unit == "bool":
			rng = "true|false"
			def = fmt.Sprint(p.Default != 0)
		}
		auto := "-"
		if p.Automatable {
			auto = "yes"
		}
		unit := p.Unit
		if unit == "bool" || unit == "ratio" || unit == "x" {
			unit = ""
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\t%s\n", indent, p.Name, unit, rng, def, auto, p.Doc)
	}
	tw.Flush()
}

func quoteEmpty(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		if x == "" {
			x = `""`
		}
		out[i] = x
	}
	return out
}
