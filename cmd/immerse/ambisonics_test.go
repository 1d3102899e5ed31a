package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"immerse/ambisonics"
	"immerse/demo"
	"immerse/encoders"
	"immerse/render"
)

// ambiTestApp is a stand-in for `immerse render` with the ambisonic flags
// wired the way runRender wires them (ambiRender before the loudspeaker
// and binaural routes), rendering the demo scene with its voice marked
// head-locked.
func ambiTestApp() *cli.App {
	errNotHandled := errors.New("not an ambisonic render")
	flags := []cli.Flag{
		&cli.StringFlag{Name: "layout", Value: "7.1.4"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}},
		&cli.IntFlag{Name: "bits", Value: 24},
		&cli.StringFlag{Name: "speakers"},
		&cli.Float64Flag{Name: "normalize-peak"},
		&cli.BoolFlag{Name: "lfe-to-mains"},
		&cli.BoolFlag{Name: "force", Aliases: []string{"f"}},
		&cli.IntFlag{Name: "workers"},
		&cli.BoolFlag{Name: "binaural"},
		&cli.StringFlag{Name: "virtual"},
		&cli.BoolFlag{Name: "check"},
		&cli.StringFlag{Name: "hrtf"},
		&cli.Float64Flag{Name: "lfe-gain"},
		quietFlag, jsonFlag,
	}
	return &cli.App{
		Name: "immerse", ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{{
			Name:  "render",
			Flags: append(flags, ambiRenderFlags()...),
			Action: func(c *cli.Context) error {
				sc, stems := demo.Scene(48000)
				sc.Objects[0].HeadLocked = true
				opt := render.FileOptions{Config: render.Config{Workers: c.Int("workers")}, BitDepth: c.Int("bits"), Overwrite: c.Bool("force"),
					Open: func(path string) (render.Stem, error) { return stems.Source(path, sc.SampleRate) }}
				if c.IsSet("normalize-peak") {
					v := c.Float64("normalize-peak")
					opt.NormalizePeakDB = &v
				}
				if ok, err := ambiRender(c, sc, opt); ok {
					return err
				}
				return errNotHandled
			},
		}},
	}
}

func runAmbi(args ...string) error {
	return ambiTestApp().Run(append([]string{"immerse", "render", "--quiet"}, args...))
}

func TestRenderAmbisonicsFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "vr.wav")
	if err := runAmbi("--ambisonics", "1", "--rotate", "90,0,0", "-o", out); err != nil {
		t.Fatal(err)
	}
	r, err := encoders.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Format(); f.Channels != 4 || f.ChannelMask != 0 {
		t.Errorf("field format %+v", f)
	}
	r.Close()
	side, err := ambisonics.ReadSidecar(filepath.Join(dir, "vr.json"))
	if err != nil || side.Order != 1 || side.HeadLocked != "vr_headlocked.wav" || side.Rotation == nil || side.Rotation.Yaw != 90 {
		t.Fatalf("sidecar %+v %v", side, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "vr_headlocked.wav")); err != nil {
		t.Error(err)
	}
	// FuMa at first order; N3D at third.
	if err := runAmbi("--ambisonics", "1", "--normalization", "fuma", "-o", filepath.Join(dir, "fuma.wav")); err != nil {
		t.Fatal(err)
	}
	if side, _ := ambisonics.ReadSidecar(filepath.Join(dir, "fuma.json")); side == nil || side.ChannelOrdering != "FuMa" {
		t.Errorf("FuMa sidecar %+v", side)
	}
	// Binaural through ambisonics.
	bin := filepath.Join(dir, "bin.wav")
	if err := runAmbi("--binaural", "--via-ambisonics", "3", "-o", bin); err != nil {
		t.Fatal(err)
	}
	r, err = encoders.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Format(); f.Channels != 2 || r.Length() != int64(demo.Duration*48000) {
		t.Errorf("binaural format %+v, %d frames", f, r.Length())
	}
	r.Close()
}

func TestRenderAmbisonicsUsage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.wav")
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--ambisonics", "8", "-o", out}, "choose 1 to 7"},
		{[]string{"--ambisonics", "2", "--normalization", "fuma", "-o", out}, "first order only"},
		{[]string{"--ambisonics", "2", "--binaural", "-o", out}, "--via-ambisonics 2"},
		{[]string{"--via-ambisonics", "2", "-o", out}, "add --binaural"},
		{[]string{"--ambisonics", "2", "--via-ambisonics", "2", "--binaural", "-o", out}, "not both"},
		{[]string{"--ambisonics", "2", "--layout", "5.1", "-o", out}, "--layout does not apply"},
		{[]string{"--ambisonics", "2", "--normalize-peak", "-1", "-o", out}, "--normalize-peak"},
		{[]string{"--ambisonics", "2", "--rotate", "a,b", "-o", out}, "yaw,pitch,roll"},
		{[]string{"--binaural", "--via-ambisonics", "2", "--ambisonic-decoder", "x", "-o", out}, "unknown binaural method"},
		{[]string{"--binaural", "--via-ambisonics", "2", "--normalization", "n3d", "-o", out}, "needs none"},
		{[]string{"--rotate", "90", "-o", out}, "goes with --ambisonics"},
		{[]string{"--ambisonics", "2", "--check", "-o", out}, "--check"},
	}
	for _, c := range cases {
		err := runAmbi(c.args...)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%v: %v, want %q", c.args, err, c.msg)
		}
	}
	// Without the ambisonic flags the render is not handled here.
	if err := runAmbi("-o", out); err == nil || !strings.Contains(err.Error(), "not an ambisonic render") {
		t.Errorf("plain render: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused render left an output")
	}
}
