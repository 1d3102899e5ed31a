package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"immerse/delivery"
	"immerse/normalize"
	"immerse/speakers"
)

func normalizeCommand() *cli.Command {
	return &cli.Command{
		Name:      "normalize",
		Usage:     "bring a file to a target loudness under a true-peak ceiling (gain, and a limiter only when needed)",
		ArgsUsage: "FILE",
		Description: `Measures the integrated loudness (ITU-R BS.1770-5) and true peak, applies the
gain that reaches --target, and runs a true-peak lookahead limiter only when
the gained true peak would pass --max-true-peak (less a 0.3 dB guard, so that
other meters read it under the ceiling too); with the limiter the gain is
refined over a few passes until the output measures within 0.05 LU of the
target. The output keeps the input's length, alignment and format (--bits to
change the bit depth), is written atomically and never replaces the input.

Examples:
  immerse normalize podcast.wav --target -16 --max-true-peak -1 -o podcast_norm.wav
  immerse normalize mix_51.wav --target -23 -o mix_51_r128.wav --json
  immerse normalize podcast.wav --platform podcast -o podcast_out.wav`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav or .flac); required"},
			&cli.Float64Flag{Name: "target", Value: normalize.DefaultTargetLUFS, Usage: "integrated loudness target in LUFS (-23 EBU R 128, -16 podcasts, -14 streaming)"},
			&cli.Float64Flag{Name: "max-true-peak", Value: normalize.DefaultMaxTruePeakDBTP, Usage: "true-peak ceiling in dBTP"},
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Usage: "the file's layout for the channel weights (default: from the WAV channel mask; mono/stereo by channel count)"},
			&cli.IntFlag{Name: "bits", Usage: "output bit depth: 16, 24 or 32 (float); default: the input's"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite an existing output file (never the input)"},
			&cli.StringFlag{Name: "platform", Usage: "take the target and ceiling from a delivery preset (see `immerse platforms`); dialogue-gated presets normalise the dialogue (approximation)"},
			quietFlag, jsonFlag,
		},
		Action: runNormalize,
	}
}

func runNormalize(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("normalize: give one input file and the output with -o FILE")
	}
	if c.String("output") == "" {
		return usageErr("normalize: give the output file with -o FILE (.wav or .flac)")
	}
	opt := normalize.DefaultOptions()
	opt.TargetLUFS = c.Float64("target")
	opt.MaxTruePeakDBTP = c.Float64("max-true-peak")
	opt.BitDepth = c.Int("bits")
	if name := c.String("platform"); name != "" {
		if c.IsSet("target") || c.IsSet("max-true-peak") {
			return usageErr("normalize: give --platform or --target/--max-true-peak, not both (the platform sets them)")
		}
		p, err := delivery.Lookup(name)
		if err != nil {
			return usageErr("--platform: %v", err)
		}
		opt.Platform = p
	}
	opt.Overwrite = c.Bool("force")
	if s := c.String("layout"); s != "" {
		l, err := speakers.Resolve(s)
		if err != nil {
			return usageErr("--layout: %v", err)
		}
		opt.Layout = l
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "normalizing")
	opt.Progress = bar.update
	rep, err := normalize.File(c.Args().First(), c.String("output"), opt)
	bar.finish()
	if err != nil {
		if errors.Is(err, normalize.ErrInput) {
			return exitCode{2, err}
		}
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rep)
	}
	if !c.Bool("quiet") {
		printNormalize(c.App.Writer, rep)
	}
	return nil
}

func printNormalize(w io.Writer, r *normalize.Report) {
	fmt.Fprintf(w, "%s -> %s (%s, %s)\n", r.Input, r.Output, r.Layout, r.Format)
	fmt.Fprintf(w, "  input   %7.2f LUFS, true peak %6.2f dBTP\n", r.InputLUFS, r.InputTruePeakDBTP)
	lim := "limiter off (the gained true peak stays under the ceiling)"
	if r.Limiter {
		lim = fmt.Sprintf("limiter on: ceiling %.2f dBTP, max gain reduction %.1f dB", r.LimiterCeilingDBTP, r.MaxGainReductionDB)
	}
	fmt.Fprintf(w, "  gain    %+7.2f dB; %s\n", r.GainDB, lim)
	fmt.Fprintf(w, "  output  %7.2f LUFS, true peak %6.2f dBTP (target %.1f LUFS, ceiling %.1f dBTP; %d passes)\n",
		r.OutputLUFS, r.OutputTruePeakDBTP, r.TargetLUFS, r.MaxTruePeakDBTP, r.Passes)
	if r.Platform != "" {
		fmt.Fprintf(w, "  platform %s: target on the %s loudness", r.Platform, r.Measurement)
		if r.OutputDialogueLUFS != nil && r.DialogueTargetLUFS != nil {
			fmt.Fprintf(w, "; dialogue %.2f -> %.2f LUFS (target %.1f, %.0f%% of the programme; approximation)",
				*r.InputDialogueLUFS, *r.OutputDialogueLUFS, *r.DialogueTargetLUFS, *r.DialoguePercent)
		} else if r.DialoguePercent != nil {
			fmt.Fprintf(w, " (dialogue %.0f%% of the programme)", *r.DialoguePercent)
		}
		fmt.Fprintln(w)
	}
}
