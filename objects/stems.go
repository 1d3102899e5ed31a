package objects

import (
	"fmt"
)

// StemInfo is what the scene needs to know about a stem file.
type StemInfo struct {
	Channels   int
	SampleRate int
	Frames     int64
}

// StatFunc reports a stem's format without reading its audio.
type StatFunc func(path string) (StemInfo, error)

// Timeline is the result of checking a scene's stems: the sample rate and,
// per object and bed, the stem's length.
type Timeline struct {
	SampleRate int
	// ObjectFrames[i] and BedFrames[i] are the stem lengths in frames.
	ObjectFrames []int64
	BedFrames    []int64
	// Frames is the render length: the latest end of any stem.
	Frames int64
}

// CheckStems opens every stem through stat and checks it against the scene:
// it exists and is readable, objects are mono, beds have their layout's
// channel count, all stems share one sample rate, which equals sampleRate
// when the scene gives one.
func (s *Scene) CheckStems(stat StatFunc) (*Timeline, error) {
	tl := &Timeline{SampleRate: s.SampleRate}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("objects: %s: %s", s.Name(), fmt.Sprintf(format, a...))
	}
	rateFrom := "the scene's sampleRate"
	check := func(what, file string) (StemInfo, error) {
		info, err := stat(s.Path(file))
		if err != nil {
			return info, fail("%s: stem %q: %v", what, file, err)
		}
		if tl.SampleRate == 0 {
			tl.SampleRate, rateFrom = info.SampleRate, fmt.Sprintf("%s (%s)", what, file)
		} else if info.SampleRate != tl.SampleRate {
			return info, fail("%s: stem %q is %d Hz but %s is %d Hz; all stems must share one rate (resample the stem, e.g. with `ffmpeg -i in.wav -ar %d out.wav`)", what, file, info.SampleRate, rateFrom, tl.SampleRate, tl.SampleRate)
		}
		return info, nil
	}
	for i := range s.Objects {
		o := &s.Objects[i]
		what := fmt.Sprintf("object %q", o.Name)
		info, err := check(what, o.File)
		if err != nil {
			return nil, err
		}
		if info.Channels != 1 {
			return nil, fail("%s: stem %q has %d channels; objects take mono stems (split it, or use it as a bed)", what, o.File, info.Channels)
		}
		tl.ObjectFrames = append(tl.ObjectFrames, info.Frames)
		tl.Frames = max(tl.Frames, SampleIndex(o.Start, tl.SampleRate)+info.Frames)
	}
	for i := range s.Beds {
		b := &s.Beds[i]
		what := fmt.Sprintf("bed %q", b.Name)
		info, err := check(what, b.File)
		if err != nil {
			return nil, err
		}
		l, err := s.BedLayout(b)
		if err != nil {
			return nil, fail("%s: %v", what, err)
		}
		if info.Channels != len(l.Channels) {
			return nil, fail("%s: stem %q has %d channels but layout %s has %d (%v)", what, b.File, info.Channels, l.DisplayName(), len(l.Channels), l.WAVLabels())
		}
		tl.BedFrames = append(tl.BedFrames, info.Frames)
		tl.Frames = max(tl.Frames, SampleIndex(b.Start, tl.SampleRate)+info.Frames)
	}
	return tl, nil
}
