package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/ambisonics"
)

func decodeCommand() *cli.Command {
	return &cli.Command{
		Name:      "decode",
		Usage:     "decode an ambisonic file (AmbiX) to loudspeaker feeds or binaural",
		ArgsUsage: "FIELD.wav",
		Description: `Decodes an ambisonic sound field of order 1 to 7 — its channel count
(N+1)² gives the order — to the loudspeakers of a layout (AllRAD: max-rE
weighting, energy-preserving; files as render writes them) or, with
--binaural, to headphones (MagLS filters from the HRTF set, or virtual
loudspeakers). The input is read as AmbiX (ACN, SN3D) unless the sidecar
NAME.json written by render --ambisonics, or --normalization, says
otherwise. The output has the input's length and is written atomically.

Examples:
  immerse decode field_ambix.wav --layout 7.1.4 -o feeds.wav
  immerse decode field_ambix.wav --binaural -o bin.wav
  immerse decode field_ambix.wav --binaural --hrtf subject.sofa --method virtual -o bin.wav
  immerse decode bformat.wav --normalization fuma --layout 5.1 --rotate 90 -o out.wav`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file (.wav, or .flac up to 8 channels); required"},
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Value: "7.1.4", Usage: "target layout: a BS.2051 name or alias (see: immerse layouts) or a custom layout file"},
			&cli.StringFlag{Name: "speakers", Usage: "file with the real speaker positions of the layout"},
			&cli.BoolFlag{Name: "binaural", Usage: "decode to headphones instead of loudspeakers"},
			&cli.StringFlag{Name: "hrtf", Usage: "SOFA file with the HRTF set for --binaural (default: the built-in MIT KEMAR set)"},
			&cli.StringFlag{Name: "method", Value: "magls", Usage: "binaural decoder: magls (magnitude least squares, best) or virtual (virtual loudspeakers)"},
			&cli.BoolFlag{Name: "covariance", Usage: "MagLS: apply the diffuse-field covariance constraint (better for reverberant fields, costs plane-wave cues at low orders)"},
			&cli.Float64Flag{Name: "cutoff", Value: ambisonics.DefaultCutoffHz, Usage: "MagLS: frequency in Hz above which only HRTF magnitudes are fitted"},
			&cli.StringFlag{Name: "normalization", Usage: "input normalization: sn3d (AmbiX), n3d or fuma (first order, W X Y Z); default: the sidecar's, else sn3d"},
			&cli.StringFlag{Name: "weighting", Value: "max-re", Usage: "loudspeaker decoder weighting: max-re or basic"},
			&cli.StringFlag{Name: "rotate", Usage: "turn the sound field before decoding: yaw,pitch,roll in degrees (yaw + = left, pitch + = up, roll + = top to the right)"},
			&cli.IntFlag{Name: "bits", Value: 24, Usage: "output bit depth: 16, 24 or 32 (32-bit float, WAV only)"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite an existing output file"},
			quietFlag, jsonFlag,
		},
		Action: runDecode,
	}
}

func runDecode(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageErr("decode: give one ambisonic file; see `immerse decode --help`")
	}
	if c.String("output") == "" {
		return usageErr("decode: give the output file with -o FILE")
	}
	opt := ambisonics.DecodeOptions{BitDepth: c.Int("bits"), Overwrite: c.Bool("force")}
	if c.Bool("binaural") {
		if c.IsSet("layout") || c.IsSet("speakers") {
			return usageErr("decode: --binaural decodes to headphones; drop --layout/--speakers")
		}
		m, err := ambisonics.ParseBinauralMethod(c.String("method"))
		if err != nil {
			return usageErr("--method: %v", err)
		}
		if v := c.Float64("cutoff"); v <= 0 {
			return usageErr("--cutoff %g: give a frequency in Hz, e.g. 2000", v)
		}
		opt.Binaural = ambisonics.BinauralOptions{Method: m, CutoffHz: c.Float64("cutoff"), Covariance: c.Bool("covariance")}
		if p := c.String("hrtf"); p != "" {
			set, err := ambiLoadHRTF(p)
			if err != nil {
				return err
			}
			opt.HRTF = set
		}
	} else {
		for _, f := range []string{"hrtf", "method", "covariance", "cutoff"} {
			if c.IsSet(f) {
				return usageErr("decode: --%s is for --binaural", f)
			}
		}
		l, err := loadLayout(c)
		if err != nil {
			return err
		}
		opt.Layout = l
		switch strings.ToLower(c.String("weighting")) {
		case "max-re", "maxre":
			opt.Speakers.Weighting = ambisonics.MaxRE
		case "basic", "none":
			opt.Speakers.Weighting = ambisonics.Basic
		default:
			return usageErr("--weighting %q: use max-re or basic", c.String("weighting"))
		}
	}
	if s := c.String("normalization"); s != "" {
		n, err := ambisonics.ParseNormalization(s)
		if err != nil {
			return usageErr("--normalization: %v", err)
		}
		opt.Input = &n
	}
	if s := c.String("rotate"); s != "" {
		r, err := ambisonics.ParseRotation(s)
		if err != nil {
			return usageErr("--rotate: %v", err)
		}
		opt.Rotation = r
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "decoding")
	opt.Progress = bar.update
	rep, err := ambisonics.DecodeFile(c.Args().First(), c.String("output"), opt)
	bar.finish()
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	printDecodeReport(os.Stdout, rep, c.Bool("quiet"))
	return nil
}

func printDecodeReport(w io.Writer, r *ambisonics.DecodeReport, quiet bool) {
	printWarnings(r.Warnings)
	if quiet {
		return
	}
	from := r.NormalizationFrom
	if r.Sidecar != "" && from == "sidecar" {
		from = "from " + r.Sidecar
	}
	fmt.Fprintf(w, "%s (order %d, %s, %s) -> %s\n", r.Input, r.Order, r.Normalization, from, r.Output)
	printReportBody(w, &r.Report, "decoded", "use --bits 32, or lower the input level")
}
