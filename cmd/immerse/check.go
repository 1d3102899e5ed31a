package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/bed"
	"immerse/check"
	"immerse/delivery"
	"immerse/objects"
	"immerse/render"
	"immerse/speakers"
)

func checkCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Usage: "the file's layout (default: from the WAV channel mask; mono/stereo by channel count); a BS.2051 name, alias or custom layout file"},
		quietFlag, jsonFlag,
	}
	return &cli.Command{
		Name:      "check",
		Usage:     "fold a file down (7.1.4 -> 5.1 -> 2.0 -> 1.0) and check loudness, peaks and phase at every width",
		ArgsUsage: "FILE",
		Description: `Reads the file once and folds every block down through the chain of downmix
matrices (Lo/Ro per ITU-R BS.775, heights at -3 dB into their floor neighbours,
LFE dropped; see --downmix-preset and --downmix), measuring every stage:
integrated loudness (BS.1770-5), loudness range, max momentary and short-term,
sample and true peak, samples clipped after summing, the loudness change from
the previous stage, DC offset and leading/trailing silence, and for 2.0 the
phase correlation and the mono loss (overall and per octave band).

Verdict (defaults): true peak over --max-true-peak (-1 dBTP) in any stage fails;
mono loss over 3 LU warns, over 6 LU fails; correlation below -0.3 for more than
1 s warns; a stage-to-stage loudness change over 2 LU warns; clipping after
summing warns; with --target, an integrated loudness off by more than
--tolerance fails. Exit status: 0 pass (or warnings), 1 fail (or warnings with
--strict), 2 bad input.

Custom downmix file (--downmix): {"stages": [{"layout": "5.1", "matrix":
{"M+030": {"M+030": 1, "U+045": 0.7071}, ...}}, {"layout": "2.0", ...}, ...]}
gives per stage, per output label, the linear gain of each input label of the
previous stage (missing = 0).

Examples:
  immerse check render_714.wav
  immerse check render_714.wav --json > report.json
  immerse check mix.wav --target -14 --max-true-peak -1 --plot plots/
  immerse check mix.wav --downmix-preset ltrt --strict
  immerse check mix.wav --platform spotify
  immerse check mix.wav --playback phone,earbuds,laptop,car --json

--platform NAME takes a delivery preset (immerse platforms): its true-peak
ceiling replaces --max-true-peak, its loudness rule (a normalising platform's
target warns outside ±1 LU; a specification fails outside its tolerance; a
ceiling fails above it) adds a problem, and the report says what the platform
will do ("Spotify will turn this down 4.2 dB"). Dialogue-gated presets (netflix)
measure the dialogue with an approximation of dialogue gating, reported as such.
--playback runs the 2.0 fold-down through playback models (phone: mono, steep
roll-off below 300 Hz; earbuds; laptop; car; tv) and reports the loudness
change, the loss per octave and how much of the low end (22-177 Hz) vanishes.`,
		Flags:  append(flags, checkFlags()...),
		Action: runCheck,
	}
}

// checkFlags are the thresholds and fold-down choices, shared with
// `render --check`.
func checkFlags() []cli.Flag {
	d := check.DefaultThresholds()
	return []cli.Flag{
		&cli.Float64Flag{Name: "target", Usage: "integrated loudness target of the file's own layout in LUFS (e.g. -23, -16, -14); off by default"},
		&cli.Float64Flag{Name: "tolerance", Value: d.ToleranceLU, Usage: "allowed deviation from --target in LU"},
		&cli.Float64Flag{Name: "max-true-peak", Value: d.MaxTruePeakDBTP, Usage: "true-peak limit in dBTP for every stage (over it fails)"},
		&cli.Float64Flag{Name: "mono-loss-warn", Value: d.MonoLossWarnLU, Usage: "2.0 -> mono loudness loss in LU over which the check warns"},
		&cli.Float64Flag{Name: "mono-loss-fail", Value: d.MonoLossFailLU, Usage: "2.0 -> mono loudness loss in LU over which the check fails"},
		&cli.Float64Flag{Name: "correlation-warn", Value: d.CorrelationWarn, Usage: "2.0 phase correlation under which the check warns (with --correlation-duration)"},
		&cli.Float64Flag{Name: "correlation-duration", Value: d.CorrelationWarnSeconds, Usage: "seconds the correlation must stay under --correlation-warn to warn"},
		&cli.Float64Flag{Name: "jump-warn", Value: d.JumpWarnLU, Usage: "stage-to-stage loudness change in LU over which the check warns"},
		&cli.BoolFlag{Name: "strict", Usage: "warnings fail the check (exit status 1)"},
		&cli.StringFlag{Name: "downmix", Usage: "custom fold-down matrices (JSON file; see the description)"},
		&cli.StringFlag{Name: "downmix-preset", Usage: "fold-down coefficients: " + strings.Join(presetNames(), ", ") + " (default: default)"},
		&cli.Float64Flag{Name: "silence", Value: check.DefaultSilenceDBFS, Usage: "level in dBFS under which samples count as silence (leading/trailing)"},
		&cli.StringFlag{Name: "plot", Usage: "write PNG plots into this directory (loudness over time, correlation, mono loss per band, true peak per channel)"},
		&cli.StringFlag{Name: "platform", Usage: "judge against a delivery preset (see `immerse platforms`): its loudness rule and true-peak ceiling, and say what the platform will do"},
		&cli.StringFlag{Name: "playback", Usage: "run the 2.0 fold (or a mono file) through playback models: " + strings.Join(delivery.SystemNames(), ", ") + " or all (comma-separated)"},
	}
}

func presetNames() []string {
	var names []string
	for n := range bed.FoldPresets() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// checkOptions reads the check flags; layout overrides --layout when set.
func checkOptions(c *cli.Context, layout *speakers.Layout) (check.Options, error) {
	opt := check.Options{Layout: layout, SilenceDBFS: c.Float64("silence")}
	if layout == nil && c.String("layout") != "" {
		l, err := speakers.Resolve(c.String("layout"))
		if err != nil {
			return opt, usageErr("--layout: %v", err)
		}
		opt.Layout = l
	}
	th := check.DefaultThresholds()
	if c.IsSet("target") {
		v := c.Float64("target")
		th.TargetLUFS = &v
	}
	th.ToleranceLU = c.Float64("tolerance")
	th.MaxTruePeakDBTP = c.Float64("max-true-peak")
	th.MonoLossWarnLU = c.Float64("mono-loss-warn")
	th.MonoLossFailLU = c.Float64("mono-loss-fail")
	th.CorrelationWarn = c.Float64("correlation-warn")
	th.CorrelationWarnSeconds = c.Float64("correlation-duration")
	th.JumpWarnLU = c.Float64("jump-warn")
	th.Strict = c.Bool("strict")
	if err := th.Validate(); err != nil {
		return opt, usageErr("%v", err)
	}
	opt.Thresholds = &th
	if name := c.String("platform"); name != "" {
		if c.IsSet("max-true-peak") {
			return opt, usageErr("check: give --platform or --max-true-peak, not both (the platform sets the true-peak ceiling)")
		}
		p, err := delivery.Lookup(name)
		if err != nil {
			return opt, usageErr("--platform: %v", err)
		}
		opt.Platform = p
	}
	if list := c.String("playback"); list != "" {
		sys, err := delivery.ParseSystems(list)
		if err != nil {
			return opt, usageErr("--playback: %v", err)
		}
		opt.Playback = sys
	}
	if p := c.String("downmix-preset"); p != "" {
		if c.String("downmix") != "" {
			return opt, usageErr("check: give --downmix or --downmix-preset, not both")
		}
		fold, ok := bed.FoldPresets()[p]
		if !ok {
			return opt, usageErr("--downmix-preset %q: unknown preset; use one of %s", p, strings.Join(presetNames(), ", "))
		}
		opt.Fold = &fold
	}
	if p := c.String("downmix"); p != "" {
		spec, err := check.LoadDownmix(p)
		if err != nil {
			return opt, usageErr("--downmix: %v", err)
		}
		opt.Downmix = spec
	}
	return opt, nil
}

func runCheck(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("check: give one audio file (WAV, RF64, BW64 or FLAC)")
	}
	return checkFile(c, c.Args().First(), nil)
}

// checkFile checks path with the command's flags and prints the result;
// layout, when set, is the file's layout (render --check passes the
// layout it rendered).
func checkFile(c *cli.Context, path string, layout *speakers.Layout) error {
	rep, plots, err := runFileCheck(c, path, layout)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		if err := writeJSON(c.App.Writer, rep); err != nil {
			return err
		}
	} else {
		printCheck(c.App.Writer, rep, plots, c.Bool("quiet"), c.Float64("silence"))
	}
	return verdictErr(path, rep)
}

// runFileCheck runs the check and writes the plots.
func runFileCheck(c *cli.Context, path string, layout *speakers.Layout) (*check.Report, []string, error) {
	opt, err := checkOptions(c, layout)
	if err != nil {
		return nil, nil, err
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "checking")
	opt.Progress = bar.update
	rep, err := check.File(path, opt)
	bar.finish()
	if err != nil {
		return nil, nil, exitCode{2, err}
	}
	var plots []string
	if dir := c.String("plot"); dir != "" {
		if plots, err = check.WritePlots(rep, dir); err != nil {
			return nil, nil, err
		}
	}
	return rep, plots, nil
}

// renderCheck is `immerse render --check`: after RenderFile succeeded, it
// checks the file just written (in the layout rendered) and prints both
// reports: with --json one object {"render": …, "check": …}, else the
// render report then the check table. A failed check exits 1.
func renderCheck(c *cli.Context, scene *objects.Scene, r *render.Report, layout *speakers.Layout) error {
	rep, plots, err := runFileCheck(c, r.Output, layout)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		if err := writeJSON(c.App.Writer, struct {
			Render *render.Report `json:"render"`
			Check  *check.Report  `json:"check"`
		}{r, rep}); err != nil {
			return err
		}
	} else {
		printRenderReport(c.App.Writer, scene, r, c.Bool("quiet"))
		printCheck(c.App.Writer, rep, plots, c.Bool("quiet"), c.Float64("silence"))
	}
	return verdictErr(r.Output, rep)
}

// verdictErr turns a failed verdict into exit status 1.
func verdictErr(path string, rep *check.Report) error {
	if rep.Verdict == check.Fail {
		what := "failed"
		if !hasFail(rep) {
			what = "failed (--strict: warnings count)"
		}
		return exitCode{1, fmt.Errorf("check: %s %s: %d problem(s)", path, what, len(rep.Problems))}
	}
	return nil
}

func hasFail(r *check.Report) bool {
	for _, p := range r.Problems {
		if p.Severity == check.Fail {
			return true
		}
	}
	return false
}

// printCheck prints a compact table, one row per stage, and the problems
// with their times. quiet prints only the problems and the verdict.
func printCheck(w io.Writer, r *check.Report, plots []string, quiet bool, silenceDBFS float64) {
	if !quiet {
		fmt.Fprintf(w, "%s: %s, %d Hz, %.2f s\n", r.File, r.Layout, r.SampleRate, r.Duration)
		for _, n := range r.Notes {
			fmt.Fprintln(w, "note:", n)
		}
		row := func(format string, a ...any) {
			fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf(format, a...), " "))
		}
		const head = "  %-7s %3s %7s %6s %7s %7s %8s %8s %7s %7s %13s %9s"
		row(head, "stage", "ch", "I", "LRA", "M max", "S max", "peak", "TP", "clipped", "change", "corr mean/min", "mono loss")
		row(head, "", "", "LUFS", "LU", "LUFS", "LUFS", "dBFS", "dBTP", "", "LU", "", "LU")
		for _, s := range r.Stages {
			change, corr, loss := "", "", ""
			if s.LoudnessChangeLU != nil {
				change = fmt.Sprintf("%+.1f", *s.LoudnessChangeLU)
			}
			if s.Correlation != nil {
				corr = fmt.Sprintf("%.2f/%.2f", s.Correlation.Mean, s.Correlation.Min)
				loss = fmt.Sprintf("%.1f", *s.MonoLossLU)
			}
			row("  %-7s %3d %7s %6.1f %7s %7s %8s %8s %7d %7s %13s %9s",
				s.Name, s.Channels, fmtDB(s.IntegratedLUFS), s.LoudnessRangeLU, fmtDB(s.MaxMomentaryLUFS), fmtDB(s.MaxShortTermLUFS),
				fmtDB(s.SamplePeakDBFS), fmtDB(s.TruePeakDBTP), s.ClippedSamples, change, corr, loss)
		}
		if st := stereoStage(r); st != nil && len(st.MonoLossByBandLU) > 0 {
			var bands []string
			for _, b := range st.MonoLossByBandLU {
				bands = append(bands, fmt.Sprintf("%s %.1f", check.BandKey(b.CentreHz), b.LU))
			}
			fmt.Fprintf(w, "  %s mono loss per octave (Hz LU): %s\n", st.Name, strings.Join(bands, ", "))
		}
		s0 := r.Stages[0]
		fmt.Fprintf(w, "  silence: %.2f s leading, %.2f s trailing (under %g dBFS)\n", s0.LeadingSilenceSeconds, s0.TrailingSilenceSeconds, silenceDBFS)
		for _, p := range plots {
			fmt.Fprintln(w, "  plot:", p)
		}
	}
	if !quiet {
		printDelivery(w, r)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintln(w, "problems:")
		for _, p := range r.Problems {
			at := "         "
			if p.Time != nil {
				at = "at " + clock(*p.Time)
			}
			fmt.Fprintf(w, "  %-4s %-6s %-16s %s  %s\n", strings.ToUpper(p.Severity), p.Stage, p.Metric, at, p.Message)
		}
	}
	fmt.Fprintf(w, "verdict: %s\n", strings.ToUpper(r.Verdict))
}

func stereoStage(r *check.Report) *check.Stage {
	for i := range r.Stages {
		if r.Stages[i].Correlation != nil {
			return &r.Stages[i]
		}
	}
	return nil
}

// clock formats seconds as m:ss.sss.
func clock(s float64) string {
	m := int(s / 60)
	return fmt.Sprintf("%d:%06.3f", m, s-60*float64(m))
}
