package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/adm"
	"immerse/admrender"
	"immerse/objects"
	"immerse/render"
	"immerse/speakers"
)

// isWAVFamily reports whether path starts like a RIFF/RF64/BW64 file: such
// inputs of `immerse render` are ADM masters.
func isWAVFamily(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	switch string(b[:]) {
	case "RIFF", "RF64", "BW64":
		return true
	}
	return false
}

// admSelect reads --programme and --comp-object.
func admSelect(c *cli.Context) adm.SelectOptions {
	return adm.SelectOptions{Programme: c.String("programme"), ComplementaryObjects: c.StringSlice("comp-object")}
}

// runRenderADM renders an ADM master (ITU-R BS.2127) to a layout.
func runRenderADM(c *cli.Context, in string, l *speakers.Layout) error {
	if c.Bool("lfe-to-mains") {
		fmt.Fprintln(os.Stderr, "note: --lfe-to-mains does not apply to ADM masters (ITU-R BS.2127 routes their LFE channels)")
	}
	opt := admrender.FileOptions{
		Options:   admrender.Options{Layout: l, Select: admSelect(c)},
		BitDepth:  c.Int("bits"),
		Overwrite: c.Bool("force"),
	}
	if c.IsSet("normalize-peak") {
		v := c.Float64("normalize-peak")
		if v > 0 || v < -60 {
			return usageErr("--normalize-peak %g: give a level from -60 to 0 dBFS", v)
		}
		opt.NormalizePeakDB = &v
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "rendering")
	opt.Progress = bar.update
	var rep *render.Report
	var err error
	if c.Bool("binaural") || c.IsSet("virtual") {
		// Rendered to --virtual (else --layout) loudspeakers, then
		// binauralised with the speakers' static HRIRs.
		bc, berr := binauralOptions(c)
		if berr != nil {
			bar.finish()
			return berr
		}
		rep, err = admrender.RenderBinauralFile(in, c.String("output"), opt, bc)
		l, _ = speakers.Get("stereo") // what --check measures
	} else {
		rep, err = admrender.RenderFile(in, c.String("output"), opt)
	}
	bar.finish()
	if err != nil {
		return err
	}
	named := &objects.Scene{Source: in}
	if c.Bool("check") {
		return renderCheck(c, named, rep, l)
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	printRenderReport(os.Stdout, named, rep, c.Bool("quiet"))
	return nil
}

func admCommand() *cli.Command {
	return &cli.Command{
		Name:      "adm",
		Usage:     "inspect ADM BW64 masters, export a scene as one, convert one to a scene",
		ArgsUsage: "info MASTER.wav | export SCENE.json -o MASTER.wav | to-scene MASTER.wav -o SCENE.json",
		Description: `ADM BW64 masters carry ITU-R BS.2076 metadata (axml) and a track map (chna).
To render one, use: immerse render MASTER.wav --layout 7.1.4 -o feeds.wav

  info      programmes, contents, objects, packs, channels (block counts and
            durations) and the track map
  export    write a scene (objects and beds) as an ADM BW64 master: objects as
            Objects with a block per keyframe, beds on the BS.2094 common
            definitions; the stems are streamed into the master's tracks
  to-scene  write a master's objects and beds as a scene file with its stems
            beside it (WAV); metadata the scene format lacks is reported

Examples:
  immerse adm info master.wav --json
  immerse adm export scene.json -o master_adm.wav
  immerse adm to-scene master_adm.wav -o scene.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "export: the master (.wav); to-scene: the scene file (.json)"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite existing output files"},
			&cli.IntFlag{Name: "bits", Value: 24, Usage: "export: bit depth of the master: 16, 24 or 32 (float)"},
			&cli.StringFlag{Name: "programme", Usage: "to-scene: the audioProgramme ID (default: the lowest ID)"},
			&cli.StringSliceFlag{Name: "comp-object", Usage: "to-scene: an audioObject ID chosen from its complementary group (repeatable)"},
			quietFlag, jsonFlag,
		},
		Action: runADM,
	}
}

func runADM(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return usageErr("adm: give a subcommand: info, export or to-scene; see `immerse adm --help`")
	}
	sub, rest := args[0], args[1:]
	if len(rest) != 1 {
		return usageErr("adm %s: give one file; see `immerse adm --help`", sub)
	}
	switch sub {
	case "info":
		return admInfo(c, rest[0])
	case "export":
		return admExport(c, rest[0])
	case "to-scene":
		return admToScene(c, rest[0])
	}
	return usageErr("adm: unknown subcommand %q; use info, export or to-scene", sub)
}

func admInfo(c *cli.Context, path string) error {
	info, err := adm.Inspect(path)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, info)
	}
	printADMInfo(os.Stdout, info)
	return nil
}

func printADMInfo(w io.Writer, in *adm.FileInfo) {
	fmt.Fprintf(w, "%s: %s, %s, %.3f s (%d frames)\n", in.File, in.Container, in.Format, in.Duration, in.Frames)
	if !in.AXML {
		fmt.Fprintln(w, "  no axml: the chna refers to the BS.2094 common definitions")
	} else if in.Version > 0 {
		fmt.Fprintf(w, "  ADM: ITU-R BS.2076-%d\n", in.Version)
	}
	secs := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf("%.3f s", *p)
	}
	for _, p := range in.Programmes {
		fmt.Fprintf(w, "programme %s %q: contents %s\n", p.ID, p.Name, strings.Join(p.Contents, ", "))
	}
	for _, ct := range in.Contents {
		fmt.Fprintf(w, "content %s %q: objects %s\n", ct.ID, ct.Name, strings.Join(ct.Objects, ", "))
	}
	for _, o := range in.Objects {
		fmt.Fprintf(w, "object %s %q: start %s, duration %s, gain %s dB", o.ID, o.Name, secs(o.Start), secs(o.Duration), fmtDB(o.GainDB))
		if o.Mute {
			fmt.Fprint(w, ", muted")
		}
		if len(o.Objects) > 0 {
			fmt.Fprintf(w, ", objects %s", strings.Join(o.Objects, " "))
		}
		if len(o.Packs) > 0 {
			fmt.Fprintf(w, ", packs %s", strings.Join(o.Packs, " "))
		}
		if len(o.Tracks) > 0 {
			fmt.Fprintf(w, ", tracks %v", o.Tracks)
		}
		if len(o.Complementary) > 0 {
			fmt.Fprintf(w, ", complementary %s", strings.Join(o.Complementary, " "))
		}
		fmt.Fprintln(w)
	}
	for _, p := range in.Packs {
		common := ""
		if p.Common {
			common = " (common)"
		}
		fmt.Fprintf(w, "pack %s %q %s%s: %d channels\n", p.ID, p.Name, p.Type, common, len(p.Channels))
	}
	for _, ch := range in.Channels {
		extra := ""
		if ch.Label != "" {
			extra = " " + ch.Label
		}
		if ch.Duration > 0 {
			extra += fmt.Sprintf(", blocks over %.3f s", ch.Duration)
		}
		fmt.Fprintf(w, "channel %s %q %s: %d blocks%s\n", ch.ID, ch.Name, ch.Type, ch.Blocks, extra)
	}
	for _, t := range in.TrackMap {
		fmt.Fprintf(w, "track %d: %s -> %s (pack %s)\n", t.Track, t.UID, t.Channel, t.Pack)
	}
}

func admExport(c *cli.Context, scenePath string) error {
	out := c.String("output")
	if out == "" {
		return usageErr("adm export: give the master to write with -o FILE.wav")
	}
	s, err := objects.Load(scenePath)
	if err != nil {
		return usageErr("%v", err)
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "exporting")
	rep, err := adm.ExportFile(s, out, adm.ExportOptions{BitDepth: c.Int("bits"), Overwrite: c.Bool("force"), Progress: bar.update})
	bar.finish()
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	if !c.Bool("quiet") {
		fmt.Printf("%s -> %s\n  %s, %.2f s: %d tracks (%d objects, %d beds)\n", scenePath, rep.Output, rep.Format, rep.Duration, rep.Tracks, rep.Objects, rep.Beds)
	}
	return nil
}

func admToScene(c *cli.Context, master string) error {
	out := c.String("output")
	if out == "" {
		return usageErr("adm to-scene: give the scene file to write with -o FILE.json")
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "converting")
	rep, err := adm.ToScene(master, out, adm.SceneOptions{Select: admSelect(c), Overwrite: c.Bool("force"), Progress: bar.update})
	bar.finish()
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	if !c.Bool("quiet") {
		fmt.Printf("%s -> %s: %d objects, %d beds, %d stems\n", master, rep.Scene, rep.Objects, rep.Beds, len(rep.Stems))
	}
	return nil
}
