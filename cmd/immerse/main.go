// Command immerse renders object-based immersive audio: scenes of moving
// objects and beds to any ITU-R BS.2051 loudspeaker layout, and inspects
// layouts, panner gains and audio files. Run `immerse help` for the
// commands; every command is a thin layer over the immerse Go packages.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

// exitCode errors carry the process exit status.
type exitCode struct {
	code int
	err  error
}

func (e exitCode) Error() string { return e.err.Error() }

// usageErr marks bad input (exit status 2).
func usageErr(format string, a ...any) error {
	return exitCode{2, fmt.Errorf(format, a...)}
}

func main() {
	app := &cli.App{
		Name:  "immerse",
		Usage: "object-based immersive audio: render scenes to speaker layouts, inspect layouts and files",
		Commands: []*cli.Command{
			renderCommand(),
			demoCommand(),
			layoutsCommand(),
			gainsCommand(),
			infoCommand(),
			decodeCommand(),
			virtualizeCommand(),
			hrtfCommand(),
			checkCommand(),
			loudnessCommand(),
			normalizeCommand(),
			mixCommand(),
			effectsCommand(),
			assistCommand(),
			analyzeCommand(),
			genresCommand(),
			prepCommand(),
			platformsCommand(),
			admCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return exitCode{2, err}
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	if err := app.Run(reorderArgs(app, os.Args)); err != nil {
		fmt.Fprintln(os.Stderr, "immerse:", err)
		var ec exitCode
		if errors.As(err, &ec) {
			os.Exit(ec.code)
		}
		os.Exit(1)
	}
}

// quietFlag is shared by every command that prints progress.
var quietFlag = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress bar and no notes"}

// jsonFlag asks for machine-readable output.
var jsonFlag = &cli.BoolFlag{Name: "json", Usage: "print machine-readable JSON"}
