package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/dsp/cleanup"
	"immerse/mixer"
	"immerse/prep"
)

func prepCommand() *cli.Command {
	dc, dn, st := cleanup.DefaultDeclickParams(), cleanup.DefaultDenoiseParams(), cleanup.DefaultStripParams()
	return &cli.Command{
		Name:      "prep",
		Usage:     "clean a track (or every stem of a session): de-hum, de-click, noise reduction, strip silence",
		ArgsUsage: "FILE|SESSION",
		Description: `Cleans a file with the steps asked for, always in this order: de-hum, de-click,
denoise, strip silence. The output keeps the input's length, alignment and
format (--bits to change the bit depth), is written atomically and never
replaces the input. The report says what changed where (--json: the JSON
report).

  --dehum 50|60|auto   finds mains hum and its harmonics (auto picks 50 or 60 Hz,
                       or finds none and changes nothing) and removes it with
                       narrow notches that follow its drift
  --declick            finds clicks and pops (prediction residual from both sides)
                       and repairs them by least-squares AR interpolation; drum hits,
                       plosives and plucks are left alone
  --denoise DB         reduces noise by DB decibels, from the noise of the quietest
                       half second (or --noise-from START:END seconds)
  --strip-silence DBFS turns stretches under DBFS lasting --min-silence ms into
                       digital silence, keeping --pre-roll/--post-roll ms of them
                       and fading over --fade ms

A session file (JSON or YAML) as input cleans every track's stem into the
directory given with -o and writes there a session that points at them.

Examples:
  immerse prep vocal.wav -o vocal_clean.wav --declick --dehum auto --denoise 12 --strip-silence -50
  immerse prep vocal.wav -o vocal_clean.wav --declick --json
  immerse prep session.json --declick --denoise 10 -o prepped/`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav or .flac), or directory for a session; required"},
			&cli.StringFlag{Name: "dehum", Usage: "remove mains hum: 50, 60 or auto"},
			&cli.IntFlag{Name: "harmonics", Value: prep.DefaultHarmonics, Usage: "hum harmonics to look for and notch (the fundamental included)"},
			&cli.BoolFlag{Name: "declick", Usage: "repair clicks and pops"},
			&cli.Float64Flag{Name: "click-threshold", Value: dc.Threshold, Usage: "click detection level in robust standard deviations of the prediction residual (lower finds quieter clicks)"},
			&cli.Float64Flag{Name: "max-click", Value: dc.MaxClickMs, Usage: "longest click repaired, ms"},
			&cli.Float64Flag{Name: "denoise", Usage: "reduce noise by this many dB (e.g. 12)"},
			&cli.StringFlag{Name: "noise-from", Usage: "learn the noise from START:END seconds (default: the quietest half second)"},
			&cli.Float64Flag{Name: "sensitivity", Value: dn.SensitivityDB, Usage: "denoise: dB above the noise profile at which a bin counts as signal"},
			&cli.IntFlag{Name: "smoothing", Value: dn.SmoothingBands, Usage: "denoise: frequency smoothing, FFT bins on each side"},
			&cli.Float64Flag{Name: "attack", Value: dn.AttackMs, Usage: "denoise: gain rise time, ms"},
			&cli.Float64Flag{Name: "release", Value: dn.ReleaseMs, Usage: "denoise: gain fall time, ms"},
			&cli.Float64Flag{Name: "strip-silence", Usage: "silence stretches under this level, dBFS (e.g. -50)"},
			&cli.Float64Flag{Name: "min-silence", Value: st.MinSilenceMs, Usage: "strip silence: shortest stretch silenced, ms"},
			&cli.Float64Flag{Name: "pre-roll", Value: st.PreRollMs, Usage: "strip silence: quiet audio kept before the sound resumes, ms"},
			&cli.Float64Flag{Name: "post-roll", Value: st.PostRollMs, Usage: "strip silence: quiet audio kept after the sound stops, ms"},
			&cli.Float64Flag{Name: "fade", Value: st.FadeMs, Usage: "strip silence: fade into and out of the silence, ms"},
			&cli.IntFlag{Name: "bits", Usage: "output bit depth: 16, 24 or 32 (float); default: the input's"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite existing outputs (never an input)"},
			quietFlag, jsonFlag,
		},
		Action: runPrep,
	}
}

// prepOptions reads the step flags.
func prepOptions(c *cli.Context) (prep.Options, error) {
	opt := prep.Options{Dehum: c.String("dehum"), Harmonics: c.Int("harmonics"), BitDepth: c.Int("bits"), Overwrite: c.Bool("force")}
	if c.Bool("declick") {
		p := cleanup.DefaultDeclickParams()
		p.Threshold, p.MaxClickMs = c.Float64("click-threshold"), c.Float64("max-click")
		opt.Declick = &p
	}
	if c.IsSet("denoise") {
		p := cleanup.DefaultDenoiseParams()
		p.ReductionDB, p.SensitivityDB, p.SmoothingBands = c.Float64("denoise"), c.Float64("sensitivity"), c.Int("smoothing")
		p.AttackMs, p.ReleaseMs = c.Float64("attack"), c.Float64("release")
		opt.Denoise = &p
	}
	if s := c.String("noise-from"); s != "" {
		sp, err := prep.ParseSpan(s)
		if err != nil {
			return opt, usageErr("--noise-from: %v", err)
		}
		opt.NoiseFrom = &sp
	}
	if c.IsSet("strip-silence") {
		p := cleanup.DefaultStripParams()
		p.ThresholdDB, p.MinSilenceMs = c.Float64("strip-silence"), c.Float64("min-silence")
		p.PreRollMs, p.PostRollMs, p.FadeMs = c.Float64("pre-roll"), c.Float64("post-roll"), c.Float64("fade")
		opt.Strip = &p
	}
	return opt, nil
}

func isSession(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return false
}

func runPrep(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("prep: give one input (an audio file or a session) and the output with -o")
	}
	in, out := c.Args().First(), c.String("output")
	if out == "" {
		return usageErr("prep: give the output with -o (a file, or a directory for a session)")
	}
	opt, err := prepOptions(c)
	if err != nil {
		return err
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "cleaning")
	opt.Progress = bar.update
	if isSession(in) {
		s, err := mixer.LoadSession(in)
		if err != nil {
			bar.finish()
			return prepErr(err)
		}
		rep, err := prep.Session(s, out, opt)
		bar.finish()
		if err != nil {
			return prepErr(err)
		}
		for _, st := range rep.Stems {
			warn(st.Prep)
		}
		if c.Bool("json") {
			return writeJSON(c.App.Writer, rep)
		}
		if !c.Bool("quiet") {
			for _, st := range rep.Stems {
				fmt.Fprintf(c.App.Writer, "tracks %s:\n", strings.Join(quoted(st.Tracks), ", "))
				printPrep(c.App.Writer, st.Prep)
			}
			fmt.Fprintln(c.App.Writer, "session:", rep.Session)
		}
		return nil
	}
	rep, err := prep.File(in, out, opt)
	bar.finish()
	if err != nil {
		return prepErr(err)
	}
	warn(rep)
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rep)
	}
	if !c.Bool("quiet") {
		printPrep(c.App.Writer, rep)
	}
	return nil
}

func prepErr(err error) error {
	if errors.Is(err, prep.ErrInput) || errors.Is(err, prep.ErrNothingToDo) || errors.Is(err, mixer.ErrInvalid) {
		return exitCode{2, err}
	}
	return err
}

func warn(r *prep.Report) {
	for _, w := range r.Warnings {
		fmt.Fprintf(os.Stderr, "warning: %s: %s\n", r.File, w)
	}
}

func quoted(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return q
}

// printPrep prints what each step changed and where.
func printPrep(w io.Writer, r *prep.Report) {
	fmt.Fprintf(w, "%s -> %s (%d Hz, %d ch, %.2f s; %d passes)\n", r.File, r.Output, r.SampleRate, r.Channels, r.Duration, r.Passes)
	if d := r.Dehum; d != nil {
		if d.Detected == "none" {
			fmt.Fprintln(w, "  dehum:         no hum found; nothing changed")
		} else {
			fmt.Fprintf(w, "  dehum:         %s Hz hum at %.3f Hz (%.3f .. %.3f), %d harmonics notched (%d found); %.1f dB -> %.1f dB: %.1f dB less\n",
				d.Detected, d.Frequency, d.FrequencyMin, d.FrequencyMax, d.Harmonics, d.HarmonicsFound, d.LevelDB, d.LevelAfterDB, d.ReductionDB)
		}
	}
	if d := r.Declick; d != nil {
		fmt.Fprintf(w, "  declick:       %d clicks repaired", d.Count)
		for i, c := range d.Clicks {
			if i == 20 {
				fmt.Fprintf(w, " … (%d more; --json lists all)", len(d.Clicks)-20)
				break
			}
			if i == 0 {
				fmt.Fprint(w, ":")
			}
			fmt.Fprintf(w, " %s (%d)", clock(c.Time), c.Samples)
		}
		fmt.Fprintln(w)
	}
	if d := r.Denoise; d != nil {
		fmt.Fprintf(w, "  denoise:       %.0f dB, noise learned from %s to %s (%.1f dB); sensitivity %.0f dB, smoothing %d bands, attack %.0f ms, release %.0f ms\n",
			d.ReductionDB, clock(d.Profile[0]), clock(d.Profile[1]), d.NoiseLevelDB, d.SensitivityDB, d.SmoothingBands, d.AttackMs, d.ReleaseMs)
	}
	if d := r.Strip; d != nil {
		fmt.Fprintf(w, "  strip silence: %d regions under %.0f dBFS silenced (%.2f s)", len(d.Regions), d.ThresholdDB, d.Silenced)
		for i, g := range d.Regions {
			if i == 12 {
				fmt.Fprintf(w, " … (%d more)", len(d.Regions)-12)
				break
			}
			if i == 0 {
				fmt.Fprint(w, ":")
			}
			fmt.Fprintf(w, " %s-%s", clock(g[0]), clock(g[1]))
		}
		fmt.Fprintln(w)
	}
}
