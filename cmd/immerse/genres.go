package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/assist"
)

func genresCommand() *cli.Command {
	return &cli.Command{
		Name:  "genres",
		Usage: "list the mix assistant's genre profiles and what each one changes",
		Description: `Each genre sets where the focus track (the lead vocal) sits against the
rest of the mix, how the rest is shared among the roles, how much level
spread each role keeps before a compressor, the reverb and delay returns,
EQ allowances, ducking of the bass under the kick, and the panning width.
Every number cites its source or is labelled a starting point.

--yaml prints the profile file itself (the format of --profile for
` + "`immerse assist`" + `); --profile adds your own genres to the list.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "profile", Usage: "YAML file with your own genres (added to the built-in ones)"},
			&cli.BoolFlag{Name: "yaml", Usage: "print the built-in profile file"},
			jsonFlag,
		},
		Action: runGenres,
	}
}

func runGenres(c *cli.Context) error {
	if c.Bool("yaml") {
		_, err := os.Stdout.Write(assist.EmbeddedProfiles())
		return err
	}
	p := assist.DefaultProfiles()
	if path := c.String("profile"); path != "" {
		var err error
		if p, err = assist.LoadProfiles(path); err != nil {
			return usageErr("%v", err)
		}
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, p)
	}
	printGenres(os.Stdout, p)
	return nil
}

func printGenres(w io.Writer, p *assist.Profiles) {
	src := func(n assist.Num) string {
		if n.Source == "" {
			return ""
		}
		return " [" + n.Source + "]"
	}
	roles := func(m map[string]assist.Num, unit string) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %+g%s", k, m[k].Value, unit))
		}
		if len(parts) == 0 {
			return "none"
		}
		return strings.Join(parts, ", ")
	}
	for _, g := range p.Genres {
		focus := g.Focus
		if focus == "" {
			focus = "lead-vocal"
		}
		fmt.Fprintf(w, "%s: %s\n", g.Name, g.Doc)
		fmt.Fprintf(w, "  balance     the %s %+g LU over the rest of the mix%s; tolerance %g LU\n", focus, g.FocusOverRestLU.Value, src(g.FocusOverRestLU), g.BalanceToleranceLU.Value)
		fmt.Fprintf(w, "  shares      %s\n", roles(g.Shares, " dB"))
		fmt.Fprintf(w, "  spread      %s (before a compressor)\n", roles(g.Spread, " dB"))
		fmt.Fprintf(w, "  reverb      %s", roles(g.Reverb, " LU"))
		if g.CreateReverb {
			fmt.Fprintf(w, "; a %g s reverb bus is added when the session has none", g.ReverbDecayS.Value)
		}
		fmt.Fprintf(w, "\n  delay       %s\n", roles(g.Delay, " LU"))
		fmt.Fprintf(w, "  eq          mud %+g dB, harshness %+g dB, air %+g dB (allowance %g dB) against the roles' defaults\n",
			g.MudAdjustDB.Value, g.HarshAdjustDB.Value, g.AirAdjustDB.Value, g.AirAllowanceDB.Value)
		duck := "complementary cut"
		if g.SidechainKickBass {
			duck = "the bass ducks under the kick (sidechain)"
		}
		fmt.Fprintf(w, "  kick/bass   %s; stacked tracks spread to ±%g\n\n", duck, g.PanSpread.Value)
	}
	fmt.Fprintf(w, "References:\n")
	keys := make([]string, 0, len(p.References))
	for k := range p.References {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %s: %s\n", k, p.References[k])
	}
}
