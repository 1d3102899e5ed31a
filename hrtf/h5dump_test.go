package hrtf

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/sofa_h5dump.json from h5dump")

// irSlice is a run of Data.IR samples: count taps from tap n of receiver
// r of measurement m (or of measurements m, m+1 when rows is 2).
type irSlice struct {
	M, R, N, Rows, Count int
	Values               []float64 `json:",omitempty"`
}

type goldenFile struct {
	File   string
	Slices []irSlice
}

// goldenSlices lists, per shared file, the slices compared with h5dump:
// the first 8 taps of measurement 0 (left), the last 8 taps of the last
// measurement (right), and a block across chunk boundaries (into the
// partial edge chunks for FHK).
var goldenSlices = []goldenFile{
	{"MIT_KEMAR_normal_pinna.sofa", []irSlice{{0, 0, 0, 1, 8, nil}, {709, 1, 504, 1, 8, nil}, {354, 1, 252, 2, 8, nil}}},
	{"CIPIC_subject_003_hrir_final.sofa", []irSlice{{0, 0, 0, 1, 8, nil}, {1249, 1, 192, 1, 8, nil}, {600, 1, 100, 2, 8, nil}}},
	{"FHK_HRIR_L2354.sofa", []irSlice{{0, 0, 0, 1, 8, nil}, {2353, 1, 120, 1, 8, nil}, {2245, 0, 118, 2, 10, nil}}},
	{"LISTEN_1002_IRC_1002_C_HRIR.sofa", []irSlice{{0, 0, 0, 1, 8, nil}, {186, 1, 504, 1, 8, nil}, {100, 0, 256, 2, 8, nil}}},
	{"dtf_nh2.sofa", []irSlice{{0, 0, 0, 1, 8, nil}, {1549, 1, 248, 1, 8, nil}, {774, 1, 124, 2, 8, nil}}},
}

const goldenPath = "testdata/sofa_h5dump.json"

var dumpData = regexp.MustCompile(`(?s)DATA \{(.*?)\}`)

// h5dumpSlice runs h5dump on a slice of Data.IR and parses the values.
func h5dumpSlice(t *testing.T, h5dump, path string, s irSlice) []float64 {
	t.Helper()
	args := []string{"-d", "/Data.IR", "-s", fmt.Sprintf("%d,%d,%d", s.M, s.R, s.N),
		"-c", fmt.Sprintf("%d,1,%d", s.Rows, s.Count), "-m", "%.17g", "-y", "-w", "0", path}
	out, err := exec.Command(h5dump, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump %v: %v\n%s", args, err, out)
	}
	m := dumpData.FindSubmatch(out)
	if m == nil {
		t.Fatalf("h5dump %v: no DATA in\n%s", args, out)
	}
	var vals []float64
	for _, f := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("h5dump value %q: %v", f, err)
		}
		vals = append(vals, v)
	}
	if len(vals) != s.Rows*s.Count {
		t.Fatalf("h5dump gave %d values, want %d", len(vals), s.Rows*s.Count)
	}
	return vals
}

// checkSlice compares a slice of the set with values read by h5dump
// (float64 in the file, float32 in the set).
func checkSlice(t *testing.T, set *Set, s irSlice, want []float64) {
	t.Helper()
	for row := 0; row < s.Rows; row++ {
		for k := 0; k < s.Count; k++ {
			got := set.IR[s.M+row][s.R][s.N+k]
			if w := float32(want[row*s.Count+k]); got != w {
				t.Errorf("IR[%d][%d][%d] = %v, h5dump says %v", s.M+row, s.R, s.N+k, got, w)
			}
		}
	}
}

// TestIRMatchesH5dump compares slices of every shared file with h5dump,
// and with -update rewrites testdata/sofa_h5dump.json from it.
func TestIRMatchesH5dump(t *testing.T) {
	h5dump, err := exec.LookPath("h5dump")
	if err != nil {
		t.Skip("h5dump not installed (Debian package hdf5-tools); TestIRGoldenValues checks stored values instead")
	}
	var golden []goldenFile
	for _, g := range goldenSlices {
		path := sharedFile(t, g.File)
		set, err := LoadSOFA(path)
		if err != nil {
			t.Fatal(err)
		}
		out := goldenFile{File: g.File}
		for _, s := range g.Slices {
			vals := h5dumpSlice(t, h5dump, path, s)
			checkSlice(t, set, s, vals)
			s.Values = vals
			out.Slices = append(out.Slices, s)
		}
		golden = append(golden, out)
	}
	if *update {
		b, err := json.MarshalIndent(golden, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIRGoldenValues checks the values stored from h5dump, so the reader
// is checked even where h5dump is not installed.
func TestIRGoldenValues(t *testing.T) {
	b, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	var golden []goldenFile
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden) != len(goldenSlices) {
		t.Fatalf("%s has %d files, want %d", goldenPath, len(golden), len(goldenSlices))
	}
	for _, g := range golden {
		set, err := LoadSOFA(sharedFile(t, g.File))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range g.Slices {
			checkSlice(t, set, s, s.Values)
		}
	}
}
