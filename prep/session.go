package prep

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"immerse/encoders"
	"immerse/mixer"
)

// SessionReport says what Session did.
type SessionReport struct {
	// Session is the new session file.
	Session string `json:"session"`
	// Stems are the cleaned stems, one per distinct stem file of the
	// session (several tracks may share one).
	Stems []StemReport `json:"stems"`
}

// StemReport is one cleaned stem.
type StemReport struct {
	Tracks []string `json:"tracks"`
	Prep   *Report  `json:"prep"`
}

// Session cleans every track's stem of s into outDir (created if needed)
// and writes there a copy of the session whose tracks point at the
// cleaned stems (file names relative to outDir); everything else of the
// session is kept, marshalled by the mixer's session types. The session
// file keeps its name (session.json when s has none) and format (YAML for
// .yaml/.yml). A stem used by several tracks is cleaned once; stems of
// the same name from different folders get -2, -3, … before the
// extension. Nothing is overwritten unless Overwrite, and never an input.
func Session(s *mixer.Session, outDir string, opt Options) (*SessionReport, error) {
	if err := opt.validate(); err != nil {
		return nil, inputErr(err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("prep: %w", err)
	}
	// Distinct stems, their output names and total length for progress.
	type stem struct {
		in, out string
		tracks  []string
		frames  int64
	}
	var stems []*stem
	byPath := map[string]*stem{}
	used := map[string]bool{}
	var total int64
	for _, t := range s.Tracks {
		in := s.Path(t.File)
		key, err := filepath.Abs(in)
		if err != nil {
			key = in
		}
		if st, ok := byPath[key]; ok {
			st.tracks = append(st.tracks, t.Name)
			continue
		}
		info, err := encoders.Stat(in)
		if err != nil {
			return nil, inputErr(fmt.Errorf("prep: %s: track %q: %w", s.Name(), t.Name, err))
		}
		name := uniqueName(filepath.Base(in), used)
		st := &stem{in: in, out: filepath.Join(outDir, name), tracks: []string{t.Name}, frames: max(info.Length, 0)}
		byPath[key] = st
		stems = append(stems, st)
		total += st.frames
	}
	// Refuse before writing anything: an output that is an input, or that
	// exists (without Overwrite).
	for _, st := range stems {
		if err := notSameFile(st.in, st.out); err != nil {
			return nil, inputErr(err)
		}
		if _, err := os.Stat(st.out); err == nil && !opt.Overwrite {
			return nil, inputErr(fmt.Errorf("prep: %s exists; give --force to replace it", st.out))
		}
	}
	rep := &SessionReport{}
	var offset int64
	outName := map[string]string{}
	for _, st := range stems {
		o := opt
		if opt.Progress != nil {
			base := offset
			o.Progress = func(done, t int64) {
				// Scale this stem's passes to its share of the total.
				if t > 0 {
					opt.Progress(base+done*st.frames/t, total)
				}
			}
		}
		r, err := File(st.in, st.out, o)
		if err != nil {
			return nil, fmt.Errorf("prep: %s: track %q: %w", s.Name(), st.tracks[0], err)
		}
		offset += st.frames
		rep.Stems = append(rep.Stems, StemReport{Tracks: st.tracks, Prep: r})
		key, _ := filepath.Abs(st.in)
		outName[key] = filepath.Base(st.out)
	}
	c := s.Clone()
	for i := range c.Tracks {
		key, _ := filepath.Abs(s.Path(c.Tracks[i].File))
		c.Tracks[i].File = outName[key]
	}
	path, err := writeSession(c, s, outDir, opt.Overwrite)
	if err != nil {
		return nil, err
	}
	rep.Session = path
	return rep, nil
}

// uniqueName returns name, or name with -2, -3, … before its extension,
// not yet in used (compared case-insensitively), and records it.
func uniqueName(name string, used map[string]bool) string {
	ext := filepath.Ext(name)
	stemName := strings.TrimSuffix(name, ext)
	cand := name
	for k := 2; used[strings.ToLower(cand)]; k++ {
		cand = fmt.Sprintf("%s-%d%s", stemName, k, ext)
	}
	used[strings.ToLower(cand)] = true
	return cand
}

// writeSession writes c into outDir atomically under the original's name
// and format, after checking that it parses back.
func writeSession(c, orig *mixer.Session, outDir string, overwrite bool) (string, error) {
	name := "session.json"
	if orig.Source != "" {
		name = filepath.Base(orig.Source)
	}
	path := filepath.Join(outDir, name)
	var data []byte
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		data, err = yaml.Marshal(c)
	default:
		data, err = json.MarshalIndent(c, "", "  ")
		data = append(data, '\n')
	}
	if err != nil {
		return "", fmt.Errorf("prep: session: %w", err)
	}
	if _, err := mixer.ParseSession(data, path); err != nil {
		return "", fmt.Errorf("prep: the cleaned session does not parse back (a bug): %w", err)
	}
	if orig.Source != "" {
		if err := notSameFile(orig.Source, path); err != nil {
			return "", inputErr(err)
		}
	}
	if _, err := os.Stat(path); err == nil && !overwrite {
		return "", inputErr(fmt.Errorf("prep: %s exists; give --force to replace it", path))
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("prep: %w", err)
	}
	tmp, err := os.CreateTemp(outDir, "."+name+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("prep: %w", err)
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("prep: %w", werr)
	}
	return path, nil
}
