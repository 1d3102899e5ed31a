package adm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/objects"
)

// SceneOptions control ToScene.
type SceneOptions struct {
	// Select chooses the programme and complementary objects.
	Select SelectOptions
	// Overwrite replaces an existing scene file and stems.
	Overwrite bool
	// Progress, when set, is called after each block with the frames done
	// and the total.
	Progress func(done, total int64)
}

// SceneReport says what ToScene wrote.
type SceneReport struct {
	Scene    string   `json:"scene"`
	Stems    []string `json:"stems"`
	Objects  int      `json:"objects"`
	Beds     int      `json:"beds"`
	Warnings []string `json:"warnings,omitempty"`
}

// ToScene converts the ADM master at master into an immerse scene file at
// sceneOut (JSON) with its stems beside it (WAV files named after the
// scene and the objects, in the master's sample format), streaming the
// master once. See Document.SceneOf for what is converted and what is
// dropped; the report's warnings say it for this master.
func ToScene(master, sceneOut string, opt SceneOptions) (*SceneReport, error) {
	r, err := encoders.Open(master)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	d, err := ReadFrom(r, master)
	if err != nil {
		return nil, err
	}
	items, err := d.Items(opt.Select)
	if err != nil {
		return nil, err
	}
	if !opt.Overwrite {
		if _, err := os.Stat(sceneOut); err == nil {
			return nil, fmt.Errorf("adm: %s exists; use --force to replace it", sceneOut)
		}
	}
	dir := filepath.Dir(sceneOut)
	base := strings.TrimSuffix(filepath.Base(sceneOut), filepath.Ext(sceneOut))
	stemName := func(i int, name string) string {
		return fmt.Sprintf("%s_%02d_%s.wav", base, i+1, fileSafe(name))
	}
	s, stems, warn := d.SceneOf(items, r.SampleRate(), r.Length(), stemName)
	if len(stems) == 0 {
		return nil, fmt.Errorf("adm: %s: nothing of the programme fits a scene (%s)", master, strings.Join(warn, "; "))
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("adm: the converted scene is not valid (a bug): %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("adm: create the scene's directory: %w", err)
	}
	f := r.Format()
	bits := 24
	switch {
	case f.Float || f.BitDepth == 32:
		bits = 32
	case f.BitDepth == 16:
		bits = 16
	}
	rep := &SceneReport{Scene: sceneOut, Objects: len(s.Objects), Beds: len(s.Beds), Warnings: warn}
	writers := make([]*encoders.Writer, len(stems))
	abort := func() {
		for _, w := range writers {
			if w != nil {
				w.Abort()
			}
		}
	}
	for i, st := range stems {
		w, err := encoders.Create(filepath.Join(dir, st.File), encoders.Format{SampleRate: f.SampleRate, Channels: len(st.Tracks),
			BitDepth: bits, Float: bits == 32, ChannelMask: stemMask(s, st.File)}, encoders.WriteOptions{Overwrite: opt.Overwrite})
		if err != nil {
			abort()
			return nil, fmt.Errorf("adm: %w", err)
		}
		writers[i] = w
		rep.Stems = append(rep.Stems, filepath.Join(dir, st.File))
	}
	if err := copyStems(r, stems, writers, opt.Progress); err != nil {
		abort()
		return nil, err
	}
	for _, w := range writers {
		if err := w.Close(); err != nil {
			abort()
			return nil, fmt.Errorf("adm: %w", err)
		}
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(sceneOut, append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("adm: %w", err)
	}
	return rep, nil
}

// stemMask is the channel mask of a bed stem's layout (0 for objects).
func stemMask(s *objects.Scene, file string) uint32 {
	for i := range s.Beds {
		if s.Beds[i].File == file {
			if l, err := s.BedLayout(&s.Beds[i]); err == nil {
				return l.Mask
			}
		}
	}
	return 0
}

// fileSafe keeps letters, digits, '-' and '_' of a name for a file name.
func fileSafe(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() > 40 {
		return b.String()[:40]
	}
	return b.String()
}

// copyStems streams the master once into the stems, silencing every
// channel outside its active ranges.
func copyStems(r encoders.Reader, stems []SceneStem, writers []*encoders.Writer, progress func(done, total int64)) error {
	const block = 4096
	in := dsp.NewBuffer(r.Channels(), block)
	view := make([][]float32, r.Channels())
	outs := make([][][]float32, len(stems))
	views := make([][][]float32, len(stems))
	for i, st := range stems {
		outs[i] = dsp.NewBuffer(len(st.Tracks), block)
		views[i] = make([][]float32, len(st.Tracks))
	}
	total := r.Length()
	for pos := int64(0); ; {
		n := 0
		for n < block {
			m, err := r.Read(dsp.Slice(view, in, n, block))
			n += m
			if errors.Is(err, io.EOF) || errors.Is(err, encoders.ErrTruncated) {
				break
			}
			if err != nil {
				return err
			}
		}
		if n == 0 {
			return nil
		}
		for i, st := range stems {
			out := dsp.Slice(views[i], outs[i], 0, n)
			for c, tr := range st.Tracks {
				clear(out[c])
				if tr == 0 {
					continue
				}
				for _, a := range st.Active[c] {
					lo, hi := max(a[0], pos), min(a[1], pos+int64(n))
					if lo < hi {
						copy(out[c][lo-pos:hi-pos], in[tr-1][lo-pos:hi-pos])
					}
				}
			}
			if err := writers[i].Write(out); err != nil {
				return fmt.Errorf("adm: writing %s: %w", st.File, err)
			}
		}
		pos += int64(n)
		if progress != nil {
			progress(pos, total)
		}
		if n < block {
			return nil
		}
	}
}
