package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/urfave/cli/v2"

	"immerse/assist"
)

func analyzeCommand() *cli.Command {
	return &cli.Command{
		Name:      "analyze",
		Usage:     "measure one mono or stereo file: loudness, peaks, crest, 1/3-octave spectrum, role guess",
		ArgsUsage: "FILE.wav|FILE.flac",
		Description: `Measures a stem or a mix where it plays: integrated and short-term
loudness and loudness range (BS.1770, EBU R 128), sample and true peak,
crest factor and peak-to-loudness ratio, the level distribution, the
long-term 1/3-octave spectrum and its tilt, width and correlation (stereo),
what playback devices keep of it, and a guess of its role (from the file
name, else from its sound) — what ` + "`immerse assist`" + ` measures per track.

Examples:
  immerse analyze kick.wav
  immerse analyze mix.flac --json`,
		Flags:  []cli.Flag{quietFlag, jsonFlag},
		Action: runAnalyze,
	}
}

func runAnalyze(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("analyze: give one audio file; see `immerse analyze --help`")
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "analysing")
	rep, err := assist.AnalyzeFile(c.Args().First(), bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	printAnalysis(os.Stdout, rep)
	return nil
}

func printAnalysis(w io.Writer, r *assist.FileReport) {
	fmt.Fprintf(w, "%s: %d ch, %d Hz, %.2f s (plays %.2f s)\n", r.File, r.Channels, r.SampleRate, r.DurationSeconds, r.ActiveSeconds)
	fmt.Fprintf(w, "  role guess      %s (from its %s)\n", r.Role, r.RoleFrom)
	fmt.Fprintf(w, "  loudness        %s LUFS integrated, %s LUFS short-term max, LRA %.1f LU\n", fmtDB(r.IntegratedLUFS), fmtDB(r.ShortTermMaxLUFS), r.LoudnessRangeLU)
	fmt.Fprintf(w, "  peaks           %s dBFS sample, %s dBTP true\n", fmtDB(r.SamplePeakDBFS), fmtDB(r.TruePeakDBTP))
	fmt.Fprintf(w, "  dynamics        RMS %s dBFS, crest %.1f dB, PLR %.1f dB, levels p10/p50/p95 %s/%s/%s dBFS\n",
		fmtDB(r.RMSDBFS), r.CrestDB, r.PLRDB, fmtDB(r.LevelP10DBFS), fmtDB(r.LevelP50DBFS), fmtDB(r.LevelP95DBFS))
	if r.Correlation != nil {
		fmt.Fprintf(w, "  stereo          correlation %+.2f, side/mid %s dB\n", *r.Correlation, fmtDB(*r.SideToMidDB))
	}
	fmt.Fprintf(w, "  tilt            %+.1f dB/octave (100 Hz - 10 kHz; pink noise 0)\n", r.TiltDBPerOctave)
	names := make([]string, 0, len(r.KeptLU))
	for n := range r.KeptLU {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "  playback keeps ")
	for i, n := range names {
		if i > 0 {
			fmt.Fprint(w, ", ")
		}
		fmt.Fprintf(w, "%s %+.1f LU", n, r.KeptLU[n])
	}
	fmt.Fprintf(w, "\n  1/3-octave spectrum (dB):\n")
	for i, b := range r.Bands {
		fmt.Fprintf(w, "    %7g Hz %7s\n", b, fmtDB(r.SpectrumDB[i]))
	}
}
