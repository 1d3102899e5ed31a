package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

func layoutsCommand() *cli.Command {
	return &cli.Command{
		Name:      "layouts",
		Usage:     "list every built-in layout with its channels, positions and WAV channel mask",
		ArgsUsage: "[LAYOUT|FILE]",
		Flags:     []cli.Flag{jsonFlag},
		Action: func(c *cli.Context) error {
			var list []*speakers.Layout
			if c.NArg() > 0 {
				l, err := speakers.Resolve(c.Args().First())
				if err != nil {
					return usageErr("%v", err)
				}
				list = []*speakers.Layout{l}
			} else {
				list = speakers.Standard()
			}
			if c.Bool("json") {
				return writeJSON(os.Stdout, list)
			}
			w := bufio.NewWriter(os.Stdout)
			defer w.Flush()
			for _, l := range list {
				printLayout(w, l)
			}
			return nil
		},
	}
}

func printLayout(w io.Writer, l *speakers.Layout) {
	name := l.Name
	if len(l.Aliases) > 0 {
		name += " (" + strings.Join(l.Aliases, ", ") + ")"
	}
	mask := "no WAV channel mask: files keep this order"
	if l.Mask != 0 {
		mask = fmt.Sprintf("WAV mask 0x%X: %s", l.Mask, speakers.MaskString(l.Mask))
	}
	fmt.Fprintf(w, "%s — %d channels, %s\n", name, len(l.Channels), mask)
	for _, c := range l.Channels {
		if c.LFE {
			fmt.Fprintf(w, "  %-7s %-4s LFE\n", c.Label, c.WAV)
			continue
		}
		fmt.Fprintf(w, "  %-7s %-4s az %7.1f  el %5.1f", c.Label, c.WAV, c.Azimuth, c.Elevation)
		if c.AzimuthRange[0] != c.AzimuthRange[1] || c.ElevationRange[0] != c.ElevationRange[1] {
			fmt.Fprintf(w, "   (allowed az %g..%g, el %g..%g)", c.AzimuthRange[0], c.AzimuthRange[1], c.ElevationRange[0], c.ElevationRange[1])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func gainsCommand() *cli.Command {
	return &cli.Command{
		Name:  "gains",
		Usage: "print the panner's gains for one direction, or for many read from a file",
		Description: `Gains of the ITU-R BS.2127 point-source panner, channel by channel in BS.2051
order (LFE included, gain 0). Azimuth is positive to the LEFT (ADM).

  immerse gains --layout 7.1.4 --az 30 --el 15
  immerse gains --layout 7.1.4 --dirs directions.txt --json   # "azimuth elevation" per line; - = stdin`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "layout", Aliases: []string{"l"}, Value: "7.1.4", Usage: "layout name, alias or custom layout file"},
			&cli.StringFlag{Name: "speakers", Usage: "real speaker positions of the layout (file)"},
			&cli.Float64Flag{Name: "az", Usage: "azimuth in degrees (positive = left)"},
			&cli.Float64Flag{Name: "el", Usage: "elevation in degrees (positive = up)"},
			&cli.StringFlag{Name: "dirs", Usage: "`FILE` of \"azimuth elevation\" lines (- for stdin); one result per line"},
			jsonFlag,
		},
		Action: runGains,
	}
}

func runGains(c *cli.Context) error {
	l, err := loadLayout(c)
	if err != nil {
		return err
	}
	p, err := panner.NewPointSource(l)
	if err != nil {
		return usageErr("%v", err)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()
	emit := newGainsPrinter(w, l, c.Bool("json"))
	var g []float64
	if path := c.String("dirs"); path != "" {
		if c.IsSet("az") || c.IsSet("el") {
			return usageErr("gains: give --az/--el or --dirs, not both")
		}
		in := os.Stdin
		if path != "-" {
			f, err := os.Open(path)
			if err != nil {
				return usageErr("--dirs: %v", err)
			}
			defer f.Close()
			in = f
		}
		sc := bufio.NewScanner(in)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" || text[0] == '#' {
				continue
			}
			az, el, err := parseDirection(text)
			if err != nil {
				return usageErr("%s line %d: %v", path, line, err)
			}
			g = p.Gains(g, geom.Cart(az, el, 1))
			emit(az, el, g)
		}
		return sc.Err()
	}
	az, el := c.Float64("az"), c.Float64("el")
	if err := checkDirection(az, el); err != nil {
		return usageErr("gains: %v", err)
	}
	g = p.Gains(g, geom.Cart(az, el, 1))
	emit(az, el, g)
	return nil
}

func parseDirection(s string) (float64, float64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("want two numbers, azimuth and elevation, found %q", s)
	}
	az, err1 := strconv.ParseFloat(f[0], 64)
	el, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("want two numbers, azimuth and elevation, found %q", s)
	}
	return az, el, checkDirection(az, el)
}

func checkDirection(az, el float64) error {
	if az < -180 || az > 180 {
		return fmt.Errorf("azimuth %g is outside -180..180", az)
	}
	if el < -90 || el > 90 {
		return fmt.Errorf("elevation %g is outside -90..90", el)
	}
	return nil
}

// newGainsPrinter writes one direction's gains, as a table or as one JSON
// line ({"layout","azimuth","elevation","channels","gains"}), formatting
// numbers directly so thousands of directions stay fast.
func newGainsPrinter(w *bufio.Writer, l *speakers.Layout, asJSON bool) func(az, el float64, g []float64) {
	labels := l.Labels()
	if !asJSON {
		return func(az, el float64, g []float64) {
			fmt.Fprintf(w, "%s, azimuth %g, elevation %g\n", l.DisplayName(), az, el)
			for i, v := range g {
				db := "-inf"
				if v > 0 {
					db = strconv.FormatFloat(20*log10(v), 'f', 2, 64)
				}
				fmt.Fprintf(w, "  %-7s %.6f  %7s dB\n", labels[i], v, db)
			}
		}
	}
	prefix := `{"layout": ` + strconv.Quote(l.Name) + `, "azimuth": `
	var chans strings.Builder
	chans.WriteString(`, "channels": [`)
	for i, s := range labels {
		if i > 0 {
			chans.WriteString(", ")
		}
		chans.WriteString(strconv.Quote(s))
	}
	chans.WriteString(`], "gains": [`)
	mid := chans.String()
	buf := make([]byte, 0, 1024)
	return func(az, el float64, g []float64) {
		buf = append(buf[:0], prefix...)
		buf = strconv.AppendFloat(buf, az, 'g', -1, 64)
		buf = append(buf, `, "elevation": `...)
		buf = strconv.AppendFloat(buf, el, 'g', -1, 64)
		buf = append(buf, mid...)
		for i, v := range g {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = strconv.AppendFloat(buf, v, 'g', 17, 64)
		}
		buf = append(buf, "]}\n"...)
		w.Write(buf)
	}
}
