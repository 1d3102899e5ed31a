package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/hrtf"
	"immerse/render"
	"immerse/speakers"
)

// binauralFlags are shared by render and virtualize.
func binauralFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "hrtf", Usage: "SOFA (AES69) HRTF file (default: the embedded MIT KEMAR set)"},
		&cli.Float64Flag{Name: "lfe-gain", Value: render.DefaultLFEBinauralDB, Usage: "binaural: gain in dB of LFE channels into each ear"},
		&cli.IntFlag{Name: "binaural-block", Value: render.DefaultBinauralBlock, Usage: "binaural: frames between HRIR updates of moving objects (a power of two; 1024 halves their cost, crossfades over twice as long)"},
	}
}

// binauralOptions reads --hrtf, --lfe-gain and (for render) --virtual.
func binauralOptions(c *cli.Context) (render.Binaural, error) {
	var bc render.Binaural
	if p := c.String("hrtf"); p != "" {
		set, err := hrtf.LoadSOFA(p)
		if err != nil {
			return bc, usageErr("--hrtf: %v", err)
		}
		bc.Set = set
	}
	if c.IsSet("lfe-gain") {
		g := c.Float64("lfe-gain")
		bc.LFEGainDB = &g
	}
	if c.IsSet("binaural-block") {
		n := c.Int("binaural-block")
		if n < 64 || n > 8192 || n&(n-1) != 0 {
			return bc, usageErr("--binaural-block %d: give a power of two from 64 to 8192", n)
		}
		bc.BlockSize = n
	}
	if v := c.String("virtual"); v != "" {
		l, err := speakers.Resolve(v)
		if err != nil {
			return bc, usageErr("--virtual: %v", err)
		}
		bc.Virtual = l
	}
	return bc, nil
}

func virtualizeCommand() *cli.Command {
	return &cli.Command{
		Name:      "virtualize",
		Usage:     "turn a loudspeaker-feed file into binaural headphone audio (static HRIRs per speaker)",
		ArgsUsage: "FEEDS.wav",
		Description: `Each loudspeaker channel is convolved with the HRIR of its position (the
layout from the file's channel mask, or --layout); LFE goes to both ears.

  immerse virtualize film_714.wav --layout 7.1.4 -o film_binaural.wav`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Usage: "the file's layout (default: from its WAV channel mask)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav or .flac); required"},
			&cli.IntFlag{Name: "bits", Value: 24, Usage: "output bit depth: 16, 24 or 32 (float)"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite an existing output file"},
			quietFlag, jsonFlag,
		}, binauralFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 || c.String("output") == "" {
				return usageErr("virtualize: give one input file and -o OUTPUT")
			}
			var l *speakers.Layout
			if name := c.String("layout"); name != "" {
				var err error
				if l, err = speakers.Resolve(name); err != nil {
					return usageErr("--layout: %v", err)
				}
			}
			bc, err := binauralOptions(c)
			if err != nil {
				return err
			}
			bar := newProgress(c.Bool("quiet") || c.Bool("json"), "virtualizing")
			rep, err := render.VirtualizeFile(c.Args().First(), l, c.String("output"), render.FileOptions{
				BitDepth: c.Int("bits"), Overwrite: c.Bool("force"), Progress: bar.update,
			}, bc)
			bar.finish()
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return writeJSON(os.Stdout, rep)
			}
			printFileReport(os.Stdout, c.Args().First(), rep, c.Bool("quiet"))
			return nil
		},
	}
}

// printFileReport prints a render.Report without scene details.
func printFileReport(w io.Writer, in string, r *render.Report, quiet bool) {
	printWarnings(r.Warnings)
	if quiet {
		return
	}
	fmt.Fprintf(w, "%s -> %s\n", in, r.Output)
	printReportBody(w, r, "rendered", "lower the input level or use --bits 32")
}

func hrtfCommand() *cli.Command {
	return &cli.Command{
		Name:  "hrtf",
		Usage: "inspect HRTF sets",
		Subcommands: []*cli.Command{{
			Name:      "info",
			Usage:     "conventions, sample rate, directions and IR length of a SOFA file (or the embedded default)",
			ArgsUsage: "[FILE.sofa]",
			Flags:     []cli.Flag{jsonFlag},
			Action: func(c *cli.Context) error {
				set := hrtf.Default()
				name := "embedded default (MIT KEMAR, Gardner & Martin 1994)"
				if c.NArg() > 0 {
					var err error
					name = c.Args().First()
					if set, err = hrtf.LoadSOFA(name); err != nil {
						return usageErr("%v", err)
					}
				}
				s := set.Summary()
				if c.Bool("json") {
					return writeJSON(os.Stdout, s)
				}
				fmt.Printf("%s\n", name)
				return writeSummary(os.Stdout, s)
			},
		}},
	}
}

func writeSummary(w io.Writer, s hrtf.Summary) error {
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-13s %s\n", k, v)
		}
	}
	conv := s.Convention
	if s.ConventionVersion != "" {
		conv += " " + s.ConventionVersion
	}
	row("convention", conv)
	row("SOFA version", s.Version)
	row("title", s.Title)
	row("organization", s.Organization)
	row("database", s.Database)
	row("listener", s.Listener)
	row("sample rate", fmt.Sprintf("%d Hz", s.SampleRate))
	row("directions", fmt.Sprintf("%d (azimuth %g to %g, elevation %g to %g degrees)", s.Measurements, s.AzimuthMin, s.AzimuthMax, s.ElevationMin, s.ElevationMax))
	row("IR length", fmt.Sprintf("%d taps (%.2f ms)", s.Taps, 1000*float64(s.Taps)/float64(s.SampleRate)))
	if len(s.Distances) > 0 {
		row("distances", strings.Trim(fmt.Sprint(s.Distances), "[]")+" m")
	}
	row("delays", map[bool]string{true: "Data.Delay used", false: "in the impulse responses"}[s.UsesDelay])
	return nil
}
