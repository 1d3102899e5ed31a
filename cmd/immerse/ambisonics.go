package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"immerse/ambisonics"
	"immerse/hrtf"
	"immerse/objects"
	"immerse/render"
)

// ambiRenderFlags are the flags `immerse render` takes for its ambisonic
// routes: --ambisonics N (an AmbiX field) and --binaural --via-ambisonics N.
// (--binaural and --hrtf belong to the binaural route of render itself.)
func ambiRenderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "ambisonics", Usage: "render an ambisonic sound field of this order (1-7) instead of loudspeaker feeds: AmbiX (ACN, SN3D) unless --normalization; headLocked objects go to NAME_headlocked.wav (stereo) and a sidecar NAME.json says order and normalization"},
		&cli.StringFlag{Name: "normalization", Value: "sn3d", Usage: "with --ambisonics: sn3d (AmbiX), n3d, or fuma (first order only, channels W X Y Z, W at -3 dB)"},
		&cli.StringFlag{Name: "rotate", Usage: "with --ambisonics or --via-ambisonics: turn the scene by yaw,pitch,roll in degrees (yaw + = to the left, pitch + = up, roll + = top to the right; applied roll, then pitch, then yaw)"},
		&cli.IntFlag{Name: "via-ambisonics", Usage: "with --binaural: render through an ambisonic field of this order (1-7) and a binaural ambisonic decoder, the usual VR route"},
		&cli.StringFlag{Name: "ambisonic-decoder", Value: "magls", Usage: "with --via-ambisonics: magls (magnitude least squares) or virtual (virtual loudspeakers)"},
	}
}

// ambiRender runs `render --ambisonics N` or `render --binaural
// --via-ambisonics N` for runRender, which has built the scene and opt
// (its Open, BitDepth, Overwrite and Workers are used). It returns
// handled = false when neither route was asked for.
func ambiRender(c *cli.Context, scene *objects.Scene, opt render.FileOptions) (handled bool, err error) {
	order, via := c.Int("ambisonics"), c.Int("via-ambisonics")
	binaural := c.Bool("binaural")
	switch {
	case !c.IsSet("ambisonics") && !c.IsSet("via-ambisonics"):
		for _, f := range []string{"normalization", "rotate", "ambisonic-decoder"} {
			if c.IsSet(f) {
				return true, usageErr("render: --%s goes with --ambisonics or --via-ambisonics", f)
			}
		}
		return false, nil
	case c.IsSet("ambisonics") && c.IsSet("via-ambisonics"):
		return true, usageErr("render: give --ambisonics N (an ambisonic file) or --binaural --via-ambisonics N (binaural through ambisonics), not both")
	case c.IsSet("ambisonics") && binaural:
		return true, usageErr("render: --ambisonics writes a sound field; for binaural through ambisonics use --binaural --via-ambisonics %d", order)
	case c.IsSet("via-ambisonics") && !binaural:
		return true, usageErr("render: --via-ambisonics is a way to render --binaural; add --binaural (or use --ambisonics %d for the field itself)", via)
	}
	for _, f := range []string{"layout", "speakers", "lfe-to-mains", "virtual", "lfe-gain"} {
		if c.IsSet(f) {
			return true, usageErr("render: --%s does not apply to ambisonic renders (an encoded field has no loudspeakers and no LFE)", f)
		}
	}
	if c.Bool("check") {
		return true, usageErr("render: --check measures loudspeaker or binaural feeds; for an ambisonic render run `immerse check` on the decoded or binaural file")
	}
	if opt.NormalizePeakDB != nil {
		return true, usageErr("render: --normalize-peak is not supported with ambisonics; use --bits 32 to keep peaks over full scale")
	}
	if o := max(order, via); o < 1 || o > ambisonics.MaxOrder {
		return true, usageErr("render: ambisonic order %d; choose 1 to %d", o, ambisonics.MaxOrder)
	}
	var rot ambisonics.Rotation
	if s := c.String("rotate"); s != "" {
		if rot, err = ambisonics.ParseRotation(s); err != nil {
			return true, usageErr("--rotate: %v", err)
		}
	}
	out := c.String("output")
	quiet := c.Bool("quiet") || c.Bool("json")
	if via > 0 {
		if c.IsSet("normalization") {
			return true, usageErr("render: --normalization is for --ambisonics files; the binaural route needs none")
		}
		method, err := ambisonics.ParseBinauralMethod(c.String("ambisonic-decoder"))
		if err != nil {
			return true, usageErr("--ambisonic-decoder: %v", err)
		}
		bopt := ambisonics.BinauralFileOptions{Order: via, Rotation: rot, Design: ambisonics.BinauralOptions{Method: method},
			BitDepth: opt.BitDepth, Overwrite: opt.Overwrite, Open: opt.Open, Workers: opt.Workers}
		if p := c.String("hrtf"); p != "" {
			if bopt.HRTF, err = ambiLoadHRTF(p); err != nil {
				return true, err
			}
		}
		bar := newProgress(quiet, "rendering")
		bopt.Progress = bar.update
		rep, err := ambisonics.BinauralFile(scene, out, bopt)
		bar.finish()
		if err != nil {
			return true, err
		}
		if c.Bool("json") {
			return true, writeJSON(os.Stdout, rep)
		}
		printRenderReport(os.Stdout, scene, rep, c.Bool("quiet"))
		return true, nil
	}
	norm, err := ambisonics.ParseNormalization(c.String("normalization"))
	if err != nil {
		return true, usageErr("--normalization: %v", err)
	}
	aopt := ambisonics.Options{Order: order, Normalization: norm, Rotation: rot,
		BitDepth: opt.BitDepth, Overwrite: opt.Overwrite, Open: opt.Open, Workers: opt.Workers}
	bar := newProgress(quiet, "rendering")
	aopt.Progress = bar.update
	rep, err := ambisonics.RenderFile(scene, out, aopt)
	bar.finish()
	if err != nil {
		return true, err
	}
	if c.Bool("json") {
		return true, writeJSON(os.Stdout, rep)
	}
	printAmbiReport(os.Stdout, scene, rep, c.Bool("quiet"))
	return true, nil
}

func printAmbiReport(w io.Writer, scene *objects.Scene, r *ambisonics.Report, quiet bool) {
	printRenderReport(w, scene, r.Field, quiet)
	if r.HeadLocked != nil {
		printRenderReport(w, scene, r.HeadLocked, quiet)
	}
	if !quiet {
		fmt.Fprintf(w, "  sidecar %s: order %d, %d channels, %s, %s\n", r.Sidecar, r.Order, r.Channels, ambiOrdering(r.Normalization), r.Normalization)
	}
}

func ambiOrdering(norm string) string {
	if n, err := ambisonics.ParseNormalization(norm); err == nil {
		return n.ChannelOrdering()
	}
	return "ACN"
}

// ambiLoadHRTF reads a SOFA file for the binaural decoders.
func ambiLoadHRTF(path string) (*hrtf.Set, error) {
	set, err := hrtf.LoadSOFA(path)
	if err != nil {
		return nil, usageErr("--hrtf: %v", err)
	}
	return set, nil
}
