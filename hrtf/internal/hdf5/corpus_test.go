package hdf5

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// corpusFeatures lists, per shared file, HDF5 features its README says it
// uses; the reader must have met each of them.
var corpusFeatures = map[string][]string{
	"MIT_KEMAR_normal_pinna.sofa":       {"superblock v0", "object header v2", "dense attribute storage", "dense link storage", "filter 2 (shuffle)", "filter 1 (deflate)"},
	"CIPIC_subject_003_hrir_final.sofa": {"superblock v2", "object header continuation", "dense attribute storage", "datatype float32 big-endian"},
	"FHK_HRIR_L2354.sofa":               {"superblock v2", "partial edge chunks"},
	"LISTEN_1002_IRC_1002_C_HRIR.sofa":  {"superblock v2", "chunk index v1 B-tree"},
	"dtf_nh2.sofa":                      {"superblock v2", "fractal heap indirect block"},
	"testfile.sofa":                     {"superblock v2", "attribute datatype int32 little-endian"},
}

// TestCorpusReads reads every object of every shared SOFA file.
func TestCorpusReads(t *testing.T) {
	for _, path := range sharedFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f := openPath(t, path)
			if err := readAll(f); err != nil {
				t.Fatal(err)
			}
			root, _ := f.Root()
			a, err := root.Attr("Conventions")
			if err != nil {
				t.Fatal(err)
			}
			if s, err := a.Text(); err != nil || s != "SOFA" {
				t.Errorf("Conventions = %q, %v", s, err)
			}
			for _, feat := range corpusFeatures[name] {
				if !hasFeature(f, feat) {
					t.Errorf("feature %q not exercised; got %v", feat, f.Features())
				}
			}
			t.Logf("features: %v", f.Features())
		})
	}
}

// TestCorpusMatchesH5dump compares every numeric dataset of every shared
// file byte for byte with h5dump's binary output (-b LE), and the string
// attributes SOFA needs with h5dump's text output.
func TestCorpusMatchesH5dump(t *testing.T) {
	h5dump, err := exec.LookPath("h5dump")
	if err != nil {
		t.Skip("h5dump not installed (Debian package hdf5-tools); skipping the cross-check")
	}
	dir := t.TempDir()
	for _, path := range sharedFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f := openPath(t, path)
			root, _ := f.Root()
			links, err := root.Links()
			if err != nil {
				t.Fatal(err)
			}
			// One h5dump call writes every numeric dataset, one after the
			// other, to one binary file.
			var names []string
			var want []byte
			for _, l := range links {
				d, err := root.Dataset(l.Name)
				if err != nil {
					t.Fatal(err)
				}
				if !d.Type.Numeric() {
					continue
				}
				raw, err := d.Raw()
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, "/"+l.Name)
				want = append(want, toLittleEndian(raw, d.Type)...)
			}
			if len(names) < 10 {
				t.Errorf("only %d numeric datasets", len(names))
			}
			out := filepath.Join(dir, "dump.bin")
			os.Remove(out)
			var args []string
			for _, n := range names {
				args = append(args, "-d", n)
			}
			args = append(args, "-b", "LE", "-o", out, path)
			if msg, err := exec.Command(h5dump, args...).CombinedOutput(); err != nil {
				t.Fatalf("h5dump: %v\n%s", err, msg)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("datasets %v: our %d bytes differ from h5dump's %d bytes", names, len(want), len(got))
			}
			attrs := []string{"/SOFAConventions", "/SOFAConventionsVersion", "/DataType", "/Conventions", "/Version", "/SourcePosition/Type", "/SourcePosition/Units"}
			dumped := h5dumpStrings(t, h5dump, path, attrs)
			sp, err := root.Dataset("SourcePosition")
			if err != nil {
				t.Fatal(err)
			}
			for i, attr := range attrs {
				var a *Attribute
				if name, ok := strings.CutPrefix(attr, "/SourcePosition/"); ok {
					a, err = sp.Attr(name)
				} else {
					a, err = root.Attr(attr[1:])
				}
				if err != nil {
					t.Fatal(err)
				}
				if got, err := a.Text(); err != nil || got != dumped[i] {
					t.Errorf("%s = %q, %v; h5dump says %q", attr, got, err, dumped[i])
				}
			}
		})
	}
}

var dumpString = regexp.MustCompile(`\(0\): "((?:[^"\\]|\\.)*)"`)

// h5dumpStrings prints the string attributes with one h5dump call and
// returns their values in order.
func h5dumpStrings(t *testing.T, h5dump, path string, attrs []string) []string {
	t.Helper()
	var args []string
	for _, a := range attrs {
		args = append(args, "-a", a)
	}
	out, err := exec.Command(h5dump, append(args, path)...).CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump %v: %v\n%s", args, err, out)
	}
	var vals []string
	for _, m := range dumpString.FindAllSubmatch(out, -1) {
		vals = append(vals, string(m[1]))
	}
	if len(vals) != len(attrs) {
		t.Fatalf("h5dump printed %d string values for %d attributes:\n%s", len(vals), len(attrs), out)
	}
	return vals
}

// toLittleEndian converts raw elements to little-endian byte order.
func toLittleEndian(raw []byte, t Datatype) []byte {
	out := slices.Clone(raw)
	if !t.BigEndian {
		return out
	}
	for i := 0; i+t.Size <= len(out); i += t.Size {
		slices.Reverse(out[i : i+t.Size])
	}
	return out
}

// TestRepackedKEMAR rewrites the MIT KEMAR file with h5repack into other
// layouts (many small chunks: multi-level v1 B-tree; the latest format:
// paged fixed array; fletcher32; contiguous) and checks that the IRs read
// back identical.
func TestRepackedKEMAR(t *testing.T) {
	if testing.Short() {
		t.Skip("repacking takes a second; skipped in -short mode")
	}
	h5repack, err := exec.LookPath("h5repack")
	if err != nil {
		t.Skip("h5repack not installed (Debian package hdf5-tools)")
	}
	src := filepath.Join(sharedSOFA, "MIT_KEMAR_normal_pinna.sofa")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("%s absent", src)
	}
	want, err := dataset(t, openPath(t, src), "Data.IR").Float64s()
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name     string
		args     []string
		features []string
	}{
		{"small-chunks", []string{"-l", "/Data.IR:CHUNK=20x1x32"}, []string{"v1 B-tree with more than one level", "partial edge chunks"}},
		{"latest", []string{"-L", "-l", "/Data.IR:CHUNK=16x1x16"}, []string{"superblock v3", "fixed array pages"}},
		{"fletcher", []string{"-f", "/Data.IR:FLET"}, []string{"fletcher32 verified"}},
		{"contiguous", []string{"-l", "/Data.IR:CONTI"}, []string{"layout contiguous"}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), v.name+".sofa")
			args := append(slices.Clone(v.args), src, out)
			if msg, err := exec.Command(h5repack, args...).CombinedOutput(); err != nil {
				t.Fatalf("h5repack %v: %v\n%s", args, err, msg)
			}
			f := openPath(t, out)
			got, err := dataset(t, f, "Data.IR").Float64s()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Error("Data.IR differs from the original")
			}
			for _, feat := range v.features {
				if !hasFeature(f, feat) {
					t.Errorf("feature %q not exercised; got %v", feat, f.Features())
				}
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	f := openPath(t, filepath.Join("testdata", "types.h5"))
	root, _ := f.Root()
	_, err := root.Dataset("Data.IR")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if want := `hdf5: group "/": no member "Data.IR"`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if _, err := root.Attr("Title"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing attribute: err = %v", err)
	}
}
