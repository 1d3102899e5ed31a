package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/demo"
	"immerse/mixer"
)

func mixCommand() *cli.Command {
	return &cli.Command{
		Name:      "mix",
		Usage:     "mix a stereo session (tracks, buses, inserts, sends, automation) to a stereo file",
		ArgsUsage: "SESSION.json|SESSION.yaml",
		Description: `Mixes a session — stems on tracks with insert effects, faders, pans and
sends, buses, a master — to a stereo WAV (24-bit by default) or FLAC file at
the session's sample rate, written atomically. Latency of lookahead dynamics
and oversampled saturation is compensated, and the mix runs on after the
last stem until reverbs and delays have decayed. See ` + "`immerse effects`" + ` for
the insert types and their parameters.

--report prints each track's, bus's and the master's peak, RMS, headroom
and clipped samples, and warns when the master peaks above -1 dBFS or
keeps less headroom than --headroom asks (default 6 dB: peaks at or under
-6 dBFS, as a mix headed to mastering is usually delivered).

Examples:
  immerse mix session.json -o mix.wav
  immerse mix session.yaml -o mix.flac --bits 24 --report
  immerse mix --demo -o demo_mix.wav`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav or .flac); required"},
			&cli.BoolFlag{Name: "demo", Usage: "mix the built-in demo session (synthesised stems, no files needed)"},
			&cli.IntFlag{Name: "bits", Value: 24, Usage: "output bit depth: 16, 24 or 32 (32-bit float, WAV only)"},
			&cli.BoolFlag{Name: "report", Usage: "print peak, RMS, headroom and clipped samples of every track, bus and the master"},
			&cli.Float64Flag{Name: "headroom", Value: mixer.DefaultHeadroomDB, Usage: "warn when the master keeps less headroom than this, in dB (0: no check)"},
			&cli.Float64Flag{Name: "tail", Usage: "seconds mixed after the last stem ends (default: the session's reverb and delay decays; -1: none)"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite an existing output file"},
			&cli.IntFlag{Name: "workers", Usage: "goroutines processing tracks (default: all cores; the output is identical for any value)"},
			quietFlag, jsonFlag,
		},
		Action: runMix,
	}
}

func runMix(c *cli.Context) error {
	out := c.String("output")
	if out == "" {
		return usageErr("mix: give the output file with -o FILE (.wav or .flac)")
	}
	if b := c.Int("bits"); b != 16 && b != 24 && b != 32 {
		return usageErr("--bits %d: use 16, 24 or 32 (32 = float)", b)
	}
	if c.Int("bits") == 32 && strings.EqualFold(filepath.Ext(out), ".flac") {
		return usageErr("--bits 32: FLAC holds 16 or 24-bit integers; use --bits 24, or a .wav output for 32-bit float")
	}
	head := c.Float64("headroom")
	if head < 0 || head > 60 {
		return usageErr("--headroom %g: give the headroom as a positive number of dB, 0 to 60 (6 = peaks at or under -6 dBFS)", head)
	}
	tail := c.Float64("tail")
	if tail > mixer.MaxTailSeconds || tail < 0 && tail != -1 {
		return usageErr("--tail %g: give 0 to %d seconds, or -1 for none", tail, mixer.MaxTailSeconds)
	}
	opt := mixer.FileOptions{
		Config:     mixer.Config{TailSeconds: tail, TruePeak: true, Workers: c.Int("workers")},
		BitDepth:   c.Int("bits"),
		Overwrite:  c.Bool("force"),
		HeadroomDB: head,
	}
	var s *mixer.Session
	switch {
	case c.Bool("demo"):
		if c.NArg() > 0 {
			return usageErr("mix: give a session file or --demo, not both")
		}
		const rate = 48000
		sess, stems := demo.Session(rate)
		s = sess
		opt.Open = func(path string) (mixer.Stem, error) {
			src, err := stems.Source(path, rate)
			if err != nil {
				return nil, err
			}
			return src, nil
		}
	case c.NArg() == 1:
		var err error
		if s, err = mixer.LoadSession(c.Args().First()); err != nil {
			if errors.Is(err, mixer.ErrInvalid) {
				return usageErr("%v", err)
			}
			return err
		}
	default:
		return usageErr("mix: give one session file (or --demo); see `immerse mix --help`")
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "mixing")
	opt.Progress = bar.update
	rep, err := mixer.MixFile(s, out, opt)
	bar.finish()
	if err != nil {
		if errors.Is(err, mixer.ErrInvalid) {
			return usageErr("%v", err)
		}
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	printMixReport(os.Stdout, rep, c.Bool("report"), c.Bool("quiet"))
	return nil
}

func printMixReport(w io.Writer, r *mixer.Report, table, quiet bool) {
	printWarnings(r.Warnings)
	if quiet {
		return
	}
	fmt.Fprintf(w, "%s -> %s\n", r.Session, r.Output)
	fmt.Fprintf(w, "  %s, %.2f s (tail %.2f s); mixed in %.2f s (%.0fx real time)\n",
		r.Format, r.Duration, r.TailSeconds, r.Seconds, r.RealTimeFactor)
	if !table {
		fmt.Fprintf(w, "  master: peak %s dBFS, true peak %s dBTP, RMS %s dBFS\n",
			fmtDB(r.Master.PeakDBFS), fmtTP(r.Master.TruePeakDBTP), fmtDB(r.Master.RMSDBFS))
		return
	}
	width := len("master")
	for _, group := range [][]mixer.StripMeter{r.Tracks, r.Buses} {
		for _, m := range group {
			width = max(width, len(m.Name)+len(" (muted)"))
		}
	}
	fmt.Fprintf(w, "  %-6s %-*s %9s %9s %9s %9s %8s\n", "", width, "", "peak", "true peak", "RMS", "headroom", "clipped")
	fmt.Fprintf(w, "  %-6s %-*s %9s %9s %9s %9s %8s\n", "", width, "", "dBFS", "dBTP", "dBFS", "dB", "samples")
	row := func(kind string, m mixer.StripMeter) {
		name := m.Name
		if m.Muted {
			name += " (muted)"
		}
		fmt.Fprintf(w, "  %-6s %-*s %9s %9s %9s %9s %8d\n", kind, width, name, fmtDB(m.PeakDBFS), fmtTP(m.TruePeakDBTP),
			fmtDB(m.RMSDBFS), fmtHeadroom(m.HeadroomDB), m.Clipped)
	}
	for _, m := range r.Tracks {
		row("track", m)
	}
	for _, m := range r.Buses {
		row("bus", m)
	}
	row("", r.Master)
}

func fmtTP(tp *float64) string {
	if tp == nil {
		return "-"
	}
	return fmtDB(*tp)
}

func fmtHeadroom(h float64) string {
	if h >= 200 {
		return "-"
	}
	return fmt.Sprintf("%.1f", h)
}
