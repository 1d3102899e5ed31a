package hdf5

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// sharedSOFA is the shared corpus of SOFA files, read in place.
var sharedSOFA = filepath.Join("..", "..", "..", "..", "shared", "sofa")

func sharedFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedSOFA, "*.sofa"))
	if len(files) == 0 {
		t.Skipf("no SOFA files in %s (the shared test corpus is absent)", sharedSOFA)
	}
	return files
}

func openPath(t testing.TB, path string) *File {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func dataset(t testing.TB, f *File, path string) *Dataset {
	t.Helper()
	root, err := f.Root()
	if err != nil {
		t.Fatal(err)
	}
	d, err := root.Dataset(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readAll opens every object reachable from the root (depth-first, each
// object header once), reads every attribute and every dataset, and
// returns the first error that is not "unsupported". It is what the fuzz
// and hostile-input tests run.
func readAll(f *File) error {
	root, err := f.Root()
	if err != nil {
		return err
	}
	seen := map[uint64]bool{}
	var walk func(g *Group, depth int) error
	walk = func(g *Group, depth int) error {
		if depth > 8 || seen[g.oh.addr] {
			return nil
		}
		seen[g.oh.addr] = true
		if err := readAttrs(g.Attrs()); err != nil {
			return err
		}
		links, err := g.Links()
		if err != nil {
			return err
		}
		for _, l := range links {
			if l.Kind != HardLink || seen[l.addr] {
				continue
			}
			oh, err := f.objectHeader(l.addr)
			if err != nil {
				return err
			}
			if oh.find(msgLayout) == nil {
				if err := walk(&Group{f: f, path: joinPath(g.path, l.Name), oh: oh}, depth+1); err != nil {
					return err
				}
				continue
			}
			seen[l.addr] = true
			d, err := f.openDataset(oh, joinPath(g.path, l.Name))
			if err != nil {
				return err
			}
			if err := readAttrs(d.Attrs()); err != nil {
				return err
			}
			if d.Type.Numeric() {
				_, err = d.Float64s()
			} else if d.Type.Text() {
				_, err = d.Strings()
			} else {
				_, err = d.Raw()
			}
			if err != nil && !errors.Is(err, ErrUnsupported) {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}

func readAttrs(attrs []*Attribute, err error) error {
	if err != nil {
		return err
	}
	for _, a := range attrs {
		if a.Type.Numeric() {
			_, err = a.Float64s()
		} else {
			_, err = a.Strings()
		}
		if err != nil && !errors.Is(err, ErrUnsupported) {
			return err
		}
	}
	return nil
}

func hasFeature(f *File, name string) bool {
	for _, s := range f.Features() {
		if s == name {
			return true
		}
	}
	return false
}
