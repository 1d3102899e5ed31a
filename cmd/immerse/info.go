package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/urfave/cli/v2"

	"immerse/ambisonics"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/speakers"
)

func log10(x float64) float64 { return math.Log10(x) }

func infoCommand() *cli.Command {
	return &cli.Command{
		Name:      "info",
		Usage:     "show an audio file's format, channels, layout, duration and peak per channel",
		ArgsUsage: "FILE",
		Flags:     []cli.Flag{jsonFlag, quietFlag},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErr("info: give one audio file")
			}
			info, err := fileInfo(c.Args().First(), newProgress(c.Bool("quiet") || c.Bool("json"), "scanning"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return writeJSON(os.Stdout, info)
			}
			printInfo(os.Stdout, info)
			return nil
		},
	}
}

// fileReport is what `immerse info` prints.
type fileReport struct {
	File        string        `json:"file"`
	Container   string        `json:"container"`
	Format      string        `json:"format"`
	SampleRate  int           `json:"sampleRate"`
	Channels    int           `json:"channels"`
	ChannelMask string        `json:"channelMask,omitempty"`
	Layout      string        `json:"layout,omitempty"`
	Frames      int64         `json:"frames"`
	Duration    float64       `json:"duration"`
	Peaks       []channelPeak `json:"peaks"`
	// Ambisonics describes an AmbiX file, from its JSON sidecar.
	Ambisonics *ambisonics.Sidecar `json:"ambisonics,omitempty"`
}

type channelPeak struct {
	Channel  int     `json:"channel"`
	Name     string  `json:"name,omitempty"`
	Label    string  `json:"label,omitempty"`
	PeakDBFS float64 `json:"peakDBFS"`
}

func fileInfo(path string, bar *progress) (*fileReport, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f := r.Format()
	rep := &fileReport{File: path, Container: r.Container().String(), Format: f.String(), SampleRate: f.SampleRate,
		Channels: f.Channels, Frames: r.Length(), Duration: float64(r.Length()) / float64(f.SampleRate)}
	var names, labels []string
	if f.ChannelMask != 0 {
		rep.ChannelMask = fmt.Sprintf("0x%X (%s)", f.ChannelMask, speakers.MaskString(f.ChannelMask))
		names = speakers.MaskNames(f.ChannelMask)
		if l, err := speakers.FromMask(f.ChannelMask, f.Channels); err == nil {
			rep.Layout = l.DisplayName()
			labels = l.WAVLabels()
		}
	}
	if f.ChannelMask == 0 {
		if side, err := ambisonics.ReadSidecar(ambisonics.SidecarPath(path)); err == nil && side.Channels == f.Channels {
			rep.Ambisonics = side
			if n, err := side.Norm(); err == nil {
				labels = n.Labels(side.Order)
			}
		}
	}
	peaks := make([]float32, f.Channels)
	buf := dsp.NewBuffer(f.Channels, 8192)
	var done int64
	for {
		n, err := r.Read(buf)
		for c := range buf {
			for _, v := range buf[c][:n] {
				peaks[c] = max(peaks[c], float32(math.Abs(float64(v))))
			}
		}
		done += int64(n)
		bar.update(done, r.Length())
		if err == io.EOF {
			break
		}
		if err != nil {
			bar.finish()
			return nil, err
		}
	}
	bar.finish()
	for c, p := range peaks {
		cp := channelPeak{Channel: c + 1, PeakDBFS: math.Round(dsp.GainToDB(float64(p))*100) / 100}
		if c < len(names) {
			cp.Name = names[c]
		}
		if c < len(labels) {
			cp.Label = labels[c]
		}
		rep.Peaks = append(rep.Peaks, cp)
	}
	return rep, nil
}

func printInfo(w io.Writer, r *fileReport) {
	fmt.Fprintf(w, "%s\n  %s, %s, %d channels, %.3f s (%d frames)\n", r.File, r.Container, r.Format, r.Channels, r.Duration, r.Frames)
	if r.ChannelMask != "" {
		fmt.Fprintf(w, "  channel mask %s\n", r.ChannelMask)
	}
	if r.Layout != "" {
		fmt.Fprintf(w, "  layout %s\n", r.Layout)
	}
	if a := r.Ambisonics; a != nil {
		fmt.Fprintf(w, "  ambisonics order %d, %s, %s (sidecar %s)\n", a.Order, a.ChannelOrdering, a.Normalization, ambisonics.SidecarPath(r.File))
		if a.HeadLocked != "" {
			fmt.Fprintf(w, "  head-locked stereo beside it: %s\n", a.HeadLocked)
		}
	}
	for _, p := range r.Peaks {
		fmt.Fprintf(w, "  %2d %-4s %-7s peak %7s dBFS\n", p.Channel, p.Name, p.Label, fmtDB(p.PeakDBFS))
	}
}
