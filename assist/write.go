package assist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"immerse/encoders"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"immerse/mixer"
)

// ErrWouldOverwrite is matched by WriteSession's refusal to replace the
// session it was given (or an existing file without overwrite).
var ErrWouldOverwrite = errors.New("assist: refusing to overwrite")

// marshalSession encodes s in the mixer's session format: YAML for a
// .yaml or .yml path, JSON (indented) otherwise.
func marshalSession(s *mixer.Session, path string) ([]byte, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(s); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// WriteSession writes the assisted session s to path in the session
// format `immerse mix` reads (YAML for .yaml/.yml, JSON otherwise),
// atomically. It never replaces input, the session file s came from, and
// replaces another existing file only with overwrite. Stem paths are
// rewritten relative to path's directory when it differs from the input's,
// so the new file finds the same stems; everything else is written as it
// is in s.
func WriteSession(s *mixer.Session, path, input string, overwrite bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("assist: %s: %w", path, err)
	}
	if input != "" {
		if err := encoders.RefuseInput(input, path); errors.Is(err, encoders.ErrIsInput) {
			return fmt.Errorf("%w the input session %s (%v); give another -o", ErrWouldOverwrite, input, err)
		}
	}
	if _, err := os.Stat(path); err == nil && !overwrite {
		return fmt.Errorf("%w %s: it exists (use --force to replace it)", ErrWouldOverwrite, path)
	}
	out := rebase(s, filepath.Dir(abs))
	data, err := marshalSession(out, path)
	if err != nil {
		return fmt.Errorf("assist: encode %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".assist-*.tmp")
	if err != nil {
		return fmt.Errorf("assist: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("assist: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("assist: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("assist: write %s: %w", path, err)
	}
	return nil
}

// rebase returns s with relative stem paths made relative to dir (a copy
// when any changes).
func rebase(s *mixer.Session, dir string) *mixer.Session {
	if s.Dir == "" {
		return s
	}
	from, err := filepath.Abs(s.Dir)
	if err != nil || from == dir {
		return s
	}
	c := s.Clone()
	for i := range c.Tracks {
		f := c.Tracks[i].File
		if filepath.IsAbs(f) {
			continue
		}
		target := filepath.Join(from, f)
		if rel, err := filepath.Rel(dir, target); err == nil {
			c.Tracks[i].File = filepath.ToSlash(rel)
		} else {
			c.Tracks[i].File = target
		}
	}
	return c
}
