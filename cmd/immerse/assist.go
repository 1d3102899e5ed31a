package main

import (
	"errors"
	"fmt"
	"immerse/encoders"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"immerse/assist"
	"immerse/demo"
	"immerse/mixer"
)

func assistCommand() *cli.Command {
	return &cli.Command{
		Name:      "assist",
		Usage:     "listen to a mix session, explain what is wrong, and write the fixes as a session",
		ArgsUsage: "SESSION.json|SESSION.yaml",
		Description: `Mixes the session once and measures every track as the session plays it
(after its inserts, before its fader, where it plays): loudness, peaks,
crest, level spread, 1/3-octave spectrum, width; the correlation of tracks
that are microphones on one source; masking in critical bands; what a
phone or earbuds keep. Each track gets a role (from the session, its name
or its sound). The suggestions are session edits, each with its reason and
its expected effect: balance against the focus track, EQ (mud, harshness,
air, rumble), masking (complementary cuts, sidechain ducking), dynamics,
phase and alignment, panning, reverb and delay returns, translation, and
gain staging to the headroom target. See ` + "`immerse genres`" + ` for the
genre profiles.

-o writes the whole session with the suggestions applied, in the format
` + "`immerse mix`" + ` reads (JSON, or YAML for .yaml); the input is never
overwritten. --reference matches the master's tone, loudness and width to
a mastered track (--match picks which, --strength how far).

Examples:
  immerse assist session.json --genre pop
  immerse assist session.json --genre hiphop -o assisted.json
  immerse assist session.json --json > suggestions.json
  immerse assist session.json --reference ref_master.wav --match tone,width -o matched.json
  immerse assist --demo`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "genre", Aliases: []string{"g"}, Value: "pop", Usage: "genre profile (see `immerse genres`)"},
			&cli.StringFlag{Name: "profile", Usage: "YAML file with your own genres (added to the built-in ones)"},
			&cli.StringFlag{Name: "focus", Usage: "the track the balance is measured against (default: the lead vocal)"},
			&cli.Float64Flag{Name: "headroom", Value: mixer.DefaultHeadroomDB, Usage: "headroom the master keeps, dB (peaks at -headroom dBTP)"},
			&cli.StringFlag{Name: "reference", Usage: "a mastered track (WAV or FLAC) to match the master to"},
			&cli.Float64Flag{Name: "strength", Value: 100, Usage: "how far reference matching goes, percent (0-100)"},
			&cli.StringFlag{Name: "match", Value: "tone,loudness,width", Usage: "what reference matching changes: tone, loudness, width"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the assisted session here (never the input)"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "replace an existing output file (never the input)"},
			&cli.BoolFlag{Name: "demo", Usage: "assist the built-in demo session (synthesised stems, no files needed)"},
			&cli.IntFlag{Name: "workers", Usage: "goroutines (default: all cores; the result is identical for any value)"},
			quietFlag, jsonFlag,
		},
		Action: runAssist,
	}
}

func runAssist(c *cli.Context) error {
	profiles := assist.DefaultProfiles()
	if p := c.String("profile"); p != "" {
		var err error
		if profiles, err = assist.LoadProfiles(p); err != nil {
			return usageErr("%v", err)
		}
	}
	if _, err := profiles.Genre(c.String("genre")); err != nil {
		return usageErr("%v", err)
	}
	if h := c.Float64("headroom"); !(h > 0 && h <= 60) {
		return usageErr("--headroom %g: give the headroom in dB, more than 0 and up to 60 (6 = peaks at -6 dBTP)", h)
	}
	if st := c.Float64("strength"); !(st >= 0 && st <= 100) {
		return usageErr("--strength %g: give a percentage, 0 to 100", st)
	}
	opt := assist.Options{
		Genre: c.String("genre"), Profiles: profiles, Focus: c.String("focus"), HeadroomDB: c.Float64("headroom"),
		Reference: c.String("reference"), Strength: c.Float64("strength"), Workers: c.Int("workers"),
	}
	if opt.Reference != "" {
		opt.Match = strings.Split(c.String("match"), ",")
		if opt.Strength == 0 {
			return usageErr("--strength 0 matches nothing; give 1 to 100")
		}
	}
	var s *mixer.Session
	input := ""
	switch {
	case c.Bool("demo"):
		if c.NArg() > 0 {
			return usageErr("assist: give a session file or --demo, not both")
		}
		if c.String("output") != "" {
			return usageErr("assist: -o with --demo: the demo's stems live in memory; write your own session to assist and save it")
		}
		const rate = 48000
		sess, stems := demo.Session(rate)
		s = sess
		opt.Open = func(path string) (mixer.Stem, error) { return stems.Source(path, rate) }
	case c.NArg() == 1:
		input = c.Args().First()
		var err error
		if s, err = mixer.LoadSession(input); err != nil {
			if errors.Is(err, mixer.ErrInvalid) {
				return usageErr("%v", err)
			}
			return err
		}
	default:
		return usageErr("assist: give one session file (or --demo); see `immerse assist --help`")
	}
	if out := c.String("output"); out != "" {
		// Refuse before the analysis rather than after it.
		if err := checkAssistOutput(out, input, c.Bool("force")); err != nil {
			return usageErr("%v", err)
		}
	}
	bar := newProgress(c.Bool("quiet") || c.Bool("json"), "assist")
	opt.Progress = func(stage string, done, total int64) {
		if bar.bar != nil {
			bar.bar.Describe(stage)
		}
		bar.update(done, total)
	}
	rep, err := assist.Assist(s, opt)
	bar.finish()
	if err != nil {
		if errors.Is(err, mixer.ErrInvalid) || errors.Is(err, assist.ErrOption) {
			return usageErr("%v", err)
		}
		return err
	}
	if out := c.String("output"); out != "" {
		if err := assist.WriteSession(rep.Assisted, out, input, c.Bool("force")); err != nil {
			if errors.Is(err, assist.ErrWouldOverwrite) {
				return usageErr("%v", err)
			}
			return err
		}
	}
	if c.Bool("json") {
		return writeJSON(os.Stdout, rep)
	}
	if !c.Bool("quiet") {
		if err := assist.WriteText(os.Stdout, rep); err != nil {
			return err
		}
		if out := c.String("output"); out != "" {
			fmt.Printf("wrote the assisted session to %s (play it with `immerse mix %s -o mix.wav`)\n", out, out)
		}
	}
	return nil
}

// checkAssistOutput refuses an output that is the input, or an existing
// file without --force.
func checkAssistOutput(out, input string, force bool) error {
	if input != "" {
		if err := encoders.RefuseInput(input, out); errors.Is(err, encoders.ErrIsInput) {
			return fmt.Errorf("assist: -o %s is the input session; the input is never overwritten, give another file", out)
		}
	}
	if _, err := os.Stat(out); err == nil && !force {
		return fmt.Errorf("assist: -o %s exists; use --force to replace it", out)
	}
	return nil
}
