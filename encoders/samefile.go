package encoders

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrIsInput marks an output path that names the input file.
var ErrIsInput = errors.New("the output is the input")

// RefuseInput returns an error wrapping ErrIsInput when out names the file
// in — the same path, or another name for it (a hard or symbolic link) —
// so a job that reads in never overwrites it. A missing out is fine; an
// unreadable in is an error.
func RefuseInput(in, out string) error {
	ai, err1 := filepath.Abs(in)
	ao, err2 := filepath.Abs(out)
	if err1 == nil && err2 == nil && ai == ao {
		return fmt.Errorf("%s: %w; write to another file", out, ErrIsInput)
	}
	si, err := os.Stat(in)
	if err != nil {
		return err
	}
	so, err := os.Stat(out)
	switch {
	case err == nil && os.SameFile(si, so):
		return fmt.Errorf("%s is the input %s (a link to it): %w; write to another file", out, in, ErrIsInput)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return err
	}
	return nil
}
