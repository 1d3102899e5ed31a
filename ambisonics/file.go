package ambisonics

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"immerse/objects"
	"immerse/render"
	"immerse/speakers"
)

// Options controls RenderFile.
type Options struct {
	// Order of the sound field, 1 to MaxOrder.
	Order int
	// Normalization of the channels (default SN3D: AmbiX).
	Normalization Normalization
	// Rotation turns the scene (world-locked objects and beds) before it is
	// encoded.
	Rotation Rotation
	// BitDepth of the outputs: 16, 24 (default) or 32 (float).
	BitDepth int
	// Overwrite replaces existing outputs.
	Overwrite bool
	// Open opens stems (default render.OpenFile).
	Open render.OpenFunc
	// Workers renders objects in parallel (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called after each block with the frames done
	// and the total, for the sound field and then the head-locked file.
	Progress func(done, total int64)
}

// Report says what RenderFile wrote.
type Report struct {
	// Field is the report of the ambisonic file (its Layout is the format,
	// e.g. "AmbiX order 3 (SN3D)", its channels are ACN0..).
	Field *render.Report `json:"field"`
	// HeadLocked is the report of the head-locked stereo file, nil when
	// the scene has no head-locked objects.
	HeadLocked *render.Report `json:"headLocked,omitempty"`
	// Sidecar is the path of the JSON sidecar.
	Sidecar string `json:"sidecar"`
	// Order, Channels and Normalization of the field.
	Order         int    `json:"order"`
	Channels      int    `json:"channels"`
	Normalization string `json:"normalization"`
	// Seconds is the wall-clock time of the whole render.
	Seconds float64 `json:"renderSeconds"`
}

// HeadLockedPath returns the head-locked stereo file of an ambisonic
// output: vr.wav -> vr_headlocked.wav.
func HeadLockedPath(out string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "_headlocked" + ext
}

// RenderFile renders a scene to an ambisonic file at out (AmbiX by
// default: ACN order, SN3D; a WAV with WAVE_FORMAT_EXTENSIBLE and channel
// mask 0 for more than two channels, or FLAC up to first order), with the
// encoder of this package in place of the loudspeaker panner (objects are
// encoded on the engine's gain grid and ramped between grid points; bed
// channels at their nominal directions, their LFE dropped with a
// warning). Objects marked headLocked are rendered instead to a stereo
// file beside it (HeadLockedPath, the 0+2+0 layout, BS.2127 panning),
// which a VR player mixes in without rotating it with the head. A JSON
// sidecar (SidecarPath) records the order, channel ordering and
// normalisation. All files are written to temporary names and renamed
// only when every one of them is complete.
func RenderFile(scene *objects.Scene, out string, opt Options) (*Report, error) {
	begin := time.Now()
	enc, err := NewEncoder(opt.Order, opt.Normalization, opt.Rotation)
	if err != nil {
		return nil, err
	}
	if opt.Open == nil {
		opt.Open = render.OpenFile
	}
	rate, err := sceneRate(scene, opt.Open)
	if err != nil {
		return nil, err
	}
	world, head := splitScene(scene, rate)
	if len(world.Objects) == 0 && len(world.Beds) == 0 {
		return nil, fmt.Errorf("ambisonics: %s: no world-locked objects or beds to encode (head-locked objects go to the stereo file beside the field); unmark some objects' headLocked", scene.Name())
	}
	headOut, side := HeadLockedPath(out), SidecarPath(out)
	if err := checkOutputs(scene, out, headOut, side, len(head.Objects) > 0, opt.Overwrite); err != nil {
		return nil, err
	}
	var temps []string
	cleanup := func() {
		for _, p := range temps {
			os.Remove(p)
		}
	}
	temp := func(final string) (string, error) {
		dir, base := filepath.Split(final)
		if dir == "" {
			dir = "."
		}
		f, err := os.CreateTemp(dir, "."+base+".tmp-*"+filepath.Ext(final))
		if err != nil {
			return "", fmt.Errorf("ambisonics: %s: cannot create a temporary file next to it: %w", final, err)
		}
		f.Close()
		temps = append(temps, f.Name())
		return f.Name(), nil
	}
	fopt := render.FileOptions{BitDepth: opt.BitDepth, Overwrite: true, Open: opt.Open, Progress: opt.Progress}
	rep := &Report{Sidecar: side, Order: opt.Order, Channels: enc.Channels(), Normalization: opt.Normalization.String()}

	tmpField, err := temp(out)
	if err != nil {
		return nil, err
	}
	fopt.Config = render.Config{Encoder: enc, Workers: opt.Workers}
	if rep.Field, err = render.RenderFile(world, tmpField, fopt); err != nil {
		cleanup()
		return nil, fmt.Errorf("ambisonics: %w", err)
	}
	rep.Field.Output = out
	meta := NewSidecar(opt.Order, opt.Normalization)
	meta.SampleRate, meta.Audio = rate, filepath.Base(out)
	if !opt.Rotation.IsZero() {
		r := opt.Rotation
		meta.Rotation = &r
	}
	moves := [][2]string{{tmpField, out}}
	if len(head.Objects) > 0 {
		tmpHead, err := temp(headOut)
		if err != nil {
			cleanup()
			return nil, err
		}
		stereo, err := speakers.Get("0+2+0")
		if err != nil {
			cleanup()
			return nil, err
		}
		fopt.Config = render.Config{Layout: stereo, Workers: opt.Workers}
		if rep.HeadLocked, err = render.RenderFile(head, tmpHead, fopt); err != nil {
			cleanup()
			return nil, fmt.Errorf("ambisonics: head-locked objects: %w", err)
		}
		rep.HeadLocked.Output = headOut
		meta.HeadLocked = filepath.Base(headOut)
		moves = append(moves, [2]string{tmpHead, headOut})
	}
	tmpSide, err := temp(side)
	if err != nil {
		cleanup()
		return nil, err
	}
	if err := writeSidecar(tmpSide, meta); err != nil {
		cleanup()
		return nil, fmt.Errorf("ambisonics: sidecar %s: %w", side, err)
	}
	moves = append(moves, [2]string{tmpSide, side})
	for _, m := range moves {
		if err := os.Rename(m[0], m[1]); err != nil {
			cleanup()
			return nil, fmt.Errorf("ambisonics: cannot move the finished %s into place: %w", m[1], err)
		}
	}
	rep.Seconds = time.Since(begin).Seconds()
	return rep, nil
}

// checkOutputs refuses to start a render that would replace files it
// may not: existing outputs without overwrite, the scene file itself, or
// a JSON file that is not a sidecar.
func checkOutputs(scene *objects.Scene, out, headOut, side string, hasHead, overwrite bool) error {
	if scene.Source != "" && sameFile(scene.Source, side) {
		return fmt.Errorf("ambisonics: the sidecar of %s would be %s, the scene file itself; choose another output name", out, side)
	}
	paths := []string{out}
	if hasHead {
		paths = append(paths, headOut)
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			if st.IsDir() {
				return fmt.Errorf("ambisonics: %s is a directory; give a file name for the output", p)
			}
			if !overwrite {
				return fmt.Errorf("ambisonics: %s: the output file already exists; use --force (Overwrite) to replace it: %w", p, os.ErrExist)
			}
		}
	}
	return checkSidecarTarget(side, overwrite)
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(sa, sb)
}

// sceneRate checks every stem of the scene and returns the render's
// sample rate.
func sceneRate(scene *objects.Scene, open render.OpenFunc) (int, error) {
	tl, err := scene.CheckStems(func(path string) (objects.StemInfo, error) {
		s, err := open(path)
		if err != nil {
			return objects.StemInfo{}, err
		}
		defer s.Close()
		return objects.StemInfo{Channels: s.Channels(), SampleRate: s.SampleRate(), Frames: s.Length()}, nil
	})
	if err != nil {
		return 0, fmt.Errorf("ambisonics: %w", err)
	}
	if tl.SampleRate <= 0 {
		return 0, errors.New("ambisonics: the scene has no stems, so no sample rate; add objects or beds")
	}
	return tl.SampleRate, nil
}

// splitScene returns the world-locked part of sc (objects that are not
// head-locked, and every bed) and the head-locked objects, both at rate.
func splitScene(sc *objects.Scene, rate int) (world, head *objects.Scene) {
	w, h := *sc, *sc
	w.SampleRate, h.SampleRate = rate, rate
	w.Objects, h.Objects, h.Beds = nil, nil, nil
	for _, o := range sc.Objects {
		if o.HeadLocked {
			h.Objects = append(h.Objects, o)
		} else {
			w.Objects = append(w.Objects, o)
		}
	}
	return &w, &h
}
