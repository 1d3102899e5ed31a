package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/demo"
	"immerse/objects"
	"immerse/render"
	"immerse/speakers"
)

func renderCommand() *cli.Command {
	return &cli.Command{
		Name:      "render",
		Usage:     "render a scene (or the built-in demo) to loudspeaker feeds",
		ArgsUsage: "SCENE.json|SCENE.yaml|MASTER_ADM.wav",
		Description: `Renders every object (VBAP, the ITU-R BS.2127 point-source panner) and bed
to the channels of a layout and writes one multichannel file: WAV (channel
mask and order as ffmpeg and DAWs expect; RF64 past 4 GiB) or FLAC (up to 8
channels) by extension. The output is written atomically.

Examples:
  immerse render --demo --layout 7.1.4 -o demo-714.wav
  immerse render scene.json --layout 5.1.4 --bits 24 -o out.flac
  immerse render scene.json --layout 4+7+0 --speakers room.yaml -o out.wav
  immerse render scene.json --binaural -o out_binaural.wav       (or --virtual 7.1.4, --hrtf x.sofa)
  immerse render scene.json --ambisonics 3 -o scene_ambix_o3.wav
  immerse render scene.json --binaural --via-ambisonics 5 -o bin.wav
  immerse render master_adm.wav --layout 7.1.4 -o feeds.wav   (ADM BW64, ITU-R BS.2127)`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Value: "7.1.4", Usage: "target layout: a BS.2051 name or alias (see: immerse layouts) or a custom layout file"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav or .flac); required"},
			&cli.BoolFlag{Name: "demo", Usage: "render the built-in demo scene (synthesised, no files needed)"},
			&cli.IntFlag{Name: "bits", Value: 24, Usage: "output bit depth: 16, 24 or 32 (32-bit float, WAV only)"},
			&cli.StringFlag{Name: "speakers", Usage: "file with the real speaker positions of the layout (BS.2127: nominal triangulation, real-position gains)"},
			&cli.Float64Flag{Name: "normalize-peak", Usage: "scale the render so its highest sample peak is at this level in dBFS (e.g. -1)"},
			&cli.BoolFlag{Name: "lfe-to-mains", Usage: "when the layout has no LFE, mix bed LFE into M+030/M-030 at -3 dB each instead of dropping it"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite an existing output file"},
			&cli.IntFlag{Name: "workers", Usage: "goroutines rendering objects (default: all cores; the output is identical for any value)"},
			&cli.StringFlag{Name: "programme", Usage: "ADM masters: the audioProgramme ID to render (default: the lowest ID)"},
			&cli.StringSliceFlag{Name: "comp-object", Usage: "ADM masters: an audioObject ID to choose from its complementary group (repeatable)"},
			&cli.BoolFlag{Name: "binaural", Usage: "render for headphones: every object through its own moving HRIR (or via --virtual speakers)"},
			&cli.StringFlag{Name: "virtual", Usage: "binaural via this virtual loudspeaker layout (static HRIR per speaker)"},
			&cli.BoolFlag{Name: "check", Usage: "after rendering, run the fold-down check on the output (see: immerse check; its threshold flags apply)"},
			quietFlag, jsonFlag,
		}, append(binauralFlags(), append(ambiRenderFlags(), checkFlags()...)...)...),
		Action: runRender,
	}
}

func loadLayout(c *cli.Context) (*speakers.Layout, error) {
	l, err := speakers.Resolve(c.String("layout"))
	if err != nil {
		return nil, usageErr("--layout: %v", err)
	}
	if p := c.String("speakers"); p != "" {
		if l, err = speakers.LoadRealPositions(p, l); err != nil {
			return nil, usageErr("--speakers: %v", err)
		}
	}
	return l, nil
}

func runRender(c *cli.Context) error {
	if c.String("output") == "" {
		return usageErr("render: give the output file with -o FILE (.wav or .flac)")
	}
	l, err := loadLayout(c)
	if err != nil {
		return err
	}
	var scene *objects.Scene
	opt := render.FileOptions{
		Config:    render.Config{Layout: l, LFEToMains: c.Bool("lfe-to-mains"), Workers: c.Int("workers")},
		BitDepth:  c.Int("bits"),
		Overwrite: c.Bool("force"),
	}
	switch {
	case c.Bool("demo"):
		if c.NArg() > 0 {
			return usageErr("render: give a scene file or --demo, not both")
		}
		sc, stems := demo.Scene(48000)
		scene = sc
		opt.Open = func(path string) (render.Stem, error) { return stems.Source(path, sc.SampleRate) }
	case c.NArg() == 1 && isWAVFamily(c.Args().First()):
		return runRenderADM(c, c.Args().First(), l)
	case c.NArg() == 1:
		if scene, err = objects.Load(c.Args().First()); err != nil {
			return usageErr("%v", err)
		}
	default:
		return usageErr("render: give one scene file (or --demo); see `immerse render --help`")
	}
	if c.IsSet("normalize-peak") {
		v := c.Float64("normalize-peak")
		if v > 0 || v < -60 {
			return usageErr("--normalize-peak %g: give a level from -60 to 0 dBFS", v)
		}
		opt.NormalizePeakDB = &v
	}
	if handled, err := ambiRender(c, scene, opt); handled {
		return err
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "rendering")
	opt.Progress = bar.update
	var rep *render.Report
	if c.Bool("binaural") || c.IsSet("virtual") {
		bc, berr := binauralOptions(c)
		if berr != nil {
			bar.finish()
			return berr
		}
		rep, err = render.RenderBinauralFile(scene, c.String("output"), opt, bc)
		l, _ = speakers.Get("stereo") // what --check measures
	} else {
		rep, err = render.RenderFile(scene, c.String("output"), opt)
	}
	bar.finish()
	if err != nil {
		return err
	}
	if c.Bool("check") {
		return renderCheck(c, scene, rep, l)
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	printRenderReport(os.Stdout, scene, rep, c.Bool("quiet"))
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printRenderReport(w io.Writer, scene *objects.Scene, r *render.Report, quiet bool) {
	printWarnings(r.Warnings)
	if quiet {
		return
	}
	fmt.Fprintf(w, "%s -> %s\n", scene.Name(), r.Output)
	printReportBody(w, r, "rendered", "lower the gains or use --normalize-peak -1")
}

// printWarnings writes a job's warnings to stderr.
func printWarnings(warnings []string) {
	for _, warn := range warnings {
		fmt.Fprintln(os.Stderr, "warning:", warn)
	}
}

// printReportBody prints a written file's format line (verb: "rendered",
// "decoded", …), its peaks per channel and, on stderr, a warning with hint
// when samples went over full scale.
func printReportBody(w io.Writer, r *render.Report, verb, hint string) {
	fmt.Fprintf(w, "  %s: %s, %.2f s; %s in %.2f s (%.0fx real time)\n",
		r.Layout, r.Format, r.Duration, verb, r.Seconds, r.RealTimeFactor)
	if r.NormalizeGainDB != nil {
		fmt.Fprintf(w, "  normalised: gain %+.2f dB\n", *r.NormalizeGainDB)
	}
	var labels, peaks []string
	for _, ch := range r.Channels {
		labels = append(labels, fmt.Sprintf("%7s", ch.Label))
		peaks = append(peaks, fmt.Sprintf("%7s", fmtDB(ch.PeakDBFS)))
	}
	fmt.Fprintf(w, "  channel %s\n", strings.Join(labels, ""))
	fmt.Fprintf(w, "  peak dB %s\n", strings.Join(peaks, ""))
	if r.Clipped > 0 {
		var where []string
		for _, ch := range r.Channels {
			if ch.Clipped > 0 {
				where = append(where, fmt.Sprintf("%s %d", ch.Label, ch.Clipped))
			}
		}
		what := "clipped in the integer output"
		if r.ClipsKept {
			what = "kept in the float output"
		}
		fmt.Fprintf(os.Stderr, "warning: %d samples over full scale (%s) were %s; %s\n", r.Clipped, strings.Join(where, ", "), what, hint)
	}
}

func fmtDB(db float64) string {
	if db <= -200 {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", db)
}
