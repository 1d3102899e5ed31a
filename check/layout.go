package check

import (
	"fmt"
	"regexp"

	"immerse/dsp/loudness"
	"immerse/encoders"
	"immerse/speakers"
)

// FileLayout returns the layout of a file of format f: given (when not nil;
// its channel count must match), else the built-in layout of the file's
// WAV channel mask, else mono or stereo for a 1- or 2-channel file without
// a mask. name is the file, for errors. The note says when the file's mask
// names another layout than the one given ("" otherwise).
func FileLayout(f encoders.Format, given *speakers.Layout, name string) (l *speakers.Layout, note string, err error) {
	if given != nil {
		if len(given.Channels) != f.Channels {
			return nil, "", fmt.Errorf("check: %s: the file has %d channels but layout %s has %d (%s); give the file's layout (see: immerse layouts)",
				name, f.Channels, StageName(given), len(given.Channels), joinLabels(given.Labels()))
		}
		if f.ChannelMask != 0 && given.Mask != 0 && f.ChannelMask != given.Mask {
			note = fmt.Sprintf("the file's channel mask 0x%X (%s) differs from layout %s's 0x%X; its channels were taken in %s's order as asked",
				f.ChannelMask, speakers.MaskString(f.ChannelMask), StageName(given), given.Mask, StageName(given))
		}
		return given, note, nil
	}
	if f.ChannelMask == 0 {
		switch f.Channels {
		case 1:
			l, err = speakers.Get("mono")
		case 2:
			l, err = speakers.Get("stereo")
		default:
			return nil, "", fmt.Errorf("check: %s: the file has %d channels and no channel mask; name its layout (e.g. --layout 7.1.4)", name, f.Channels)
		}
		return l, "", err
	}
	l, err = speakers.FromMask(f.ChannelMask, f.Channels)
	if err != nil {
		return nil, "", fmt.Errorf("check: %s: %w", name, err)
	}
	return l, "", nil
}

func joinLabels(labels []string) string {
	s := ""
	for i, l := range labels {
		if i > 0 {
			s += " "
		}
		s += l
	}
	return s
}

var numericName = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)

// StageName is the name a layout's stage goes by in reports: its "x.y" or
// "x.y.z" alias when it has one ("7.1.4", "2.0", "1.0"), else its display
// name ("4+5+1", a custom layout's name).
func StageName(l *speakers.Layout) string {
	for _, a := range l.Aliases {
		if numericName.MatchString(a) {
			return a
		}
	}
	return l.DisplayName()
}

// Weights returns the BS.1770-5 channel weights of a layout in its BS.2051
// channel order, from each channel's nominal position
// (loudness.ChannelWeight; LFE channels 0).
func Weights(l *speakers.Layout) []float64 {
	w := make([]float64, len(l.Channels))
	for i, c := range l.Channels {
		w[i] = loudness.ChannelWeight(c.NominalAzimuth, c.NominalElevation, c.LFE)
	}
	return w
}
