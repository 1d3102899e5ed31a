package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"immerse/demo"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "write the built-in demo scene and mix session (with their stems) to a directory, to try every command on real files",
		ArgsUsage: "DIR",
		Description: `Writes DIR/scene.json with its stems in DIR/scene/ (three moving objects and a
7.1.2 ambience bed) and DIR/session.json with its stems in DIR/session/ (an
eight-track song with buses, sends, sidechain and automation). Then, e.g.:

  immerse render DIR/scene.json --layout 5.1.4 -o out.wav
  immerse adm export DIR/scene.json -o master_adm.wav
  immerse mix DIR/session.json -o mix.wav --report
  immerse assist DIR/session.json --genre pop -o assisted.json`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "rate", Value: 48000, Usage: "sample rate of the stems in Hz"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "replace demo files already in DIR"},
			quietFlag, jsonFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErr("demo: give the directory to write to")
			}
			if r := c.Int("rate"); r < 8000 || r > 192000 {
				return usageErr("--rate %d: give a rate from 8000 to 192000 Hz", r)
			}
			w, err := demo.Write(c.Args().First(), c.Int("rate"), c.Bool("force"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return writeJSON(os.Stdout, w)
			}
			if !c.Bool("quiet") {
				fmt.Printf("wrote %s, %s and %d stems\n", w.Scene, w.Session, len(w.Stems))
			}
			return nil
		},
	}
}
