package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"immerse/check"
	"immerse/speakers"
)

func loudnessCommand() *cli.Command {
	return &cli.Command{
		Name:      "loudness",
		Usage:     "measure a file's loudness (ITU-R BS.1770-5 / EBU R 128) in its own layout",
		ArgsUsage: "FILE",
		Description: `Integrated loudness (gated), loudness range (EBU Tech 3342), maximum momentary
(400 ms) and short-term (3 s) loudness, sample peak and true peak (4x
over-sampling), per channel peaks, DC offset and leading/trailing silence.
Channels are weighted by position per BS.1770-5 (surrounds at 60-120 degrees
1.41, LFE excluded); ffmpeg weighs 7.1.4's BL/BR and TBL/TBR 1.41 instead, so
it reads those layouts a little louder.

Examples:
  immerse loudness podcast.wav
  immerse loudness render_714.wav --json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Usage: "the file's layout (default: from the WAV channel mask; mono/stereo by channel count)"},
			quietFlag, jsonFlag,
		},
		Action: runLoudness,
	}
}

func runLoudness(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("loudness: give one audio file (WAV, RF64, BW64 or FLAC)")
	}
	var opt check.Options
	if s := c.String("layout"); s != "" {
		l, err := speakers.Resolve(s)
		if err != nil {
			return usageErr("--layout: %v", err)
		}
		opt.Layout = l
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "measuring")
	opt.Progress = bar.update
	rep, err := check.Loudness(c.Args().First(), opt)
	bar.finish()
	if err != nil {
		return exitCode{2, err}
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rep)
	}
	printLoudness(c.App.Writer, rep)
	return nil
}

func printLoudness(w io.Writer, r *check.LoudnessReport) {
	s := r.Stage
	fmt.Fprintf(w, "%s: %s, %d Hz, %.2f s\n", r.File, r.Layout, r.SampleRate, r.Duration)
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	fmt.Fprintf(w, "  integrated       %7s LUFS\n", fmtDB(s.IntegratedLUFS))
	fmt.Fprintf(w, "  loudness range   %7.1f LU\n", s.LoudnessRangeLU)
	fmt.Fprintf(w, "  max momentary    %7s LUFS\n", fmtDB(s.MaxMomentaryLUFS))
	fmt.Fprintf(w, "  max short-term   %7s LUFS\n", fmtDB(s.MaxShortTermLUFS))
	fmt.Fprintf(w, "  sample peak      %7s dBFS\n", fmtDB(s.SamplePeakDBFS))
	fmt.Fprintf(w, "  true peak        %7s dBTP at %s\n", fmtDB(s.TruePeakDBTP), clock(s.TruePeakTime))
	if s.ClippedSamples > 0 {
		fmt.Fprintf(w, "  over full scale  %7d samples\n", s.ClippedSamples)
	}
	fmt.Fprintf(w, "  silence          %.2f s leading, %.2f s trailing\n", s.LeadingSilenceSeconds, s.TrailingSilenceSeconds)
	fmt.Fprintf(w, "  %-7s %6s %9s %9s %9s\n", "channel", "weight", "peak dBFS", "TP dBTP", "DC")
	for _, ch := range s.PerChannel {
		fmt.Fprintf(w, "  %-7s %6.2f %9s %9s %9.6f\n", ch.Label, ch.Weight, fmtDB(ch.SamplePeakDBFS), fmtDB(ch.TruePeakDBTP), ch.DCOffset)
	}
}
