package hdf5

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// fixtures returns the committed test files (all small).
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.h5"))
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	if len(out) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	return out
}

// checkHostile opens and reads everything in b; it must not panic and any
// error must be one of this package's kinds.
func checkHostile(t testing.TB, b []byte) {
	f, err := Open(bytes.NewReader(b), int64(len(b)))
	if err == nil {
		err = readAll(f)
	}
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *hdf5.Error", err, err)
	}
	if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrNotHDF5) &&
		!errors.Is(err, ErrNotFound) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v has no kind", err)
	}
}

// TestHostileInput truncates and garbles the fixtures.
func TestHostileInput(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	trials := 400
	if testing.Short() {
		trials = 60
	}
	for name, b := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			for n := 0; n < len(b); n += 1 + len(b)/150 {
				checkHostile(t, b[:n])
			}
			for i := 0; i < trials; i++ {
				g := bytes.Clone(b)
				for k := 0; k < 1+rng.Intn(4); k++ {
					pos := rng.Intn(len(g))
					switch rng.Intn(3) {
					case 0:
						g[pos] ^= byte(1 << rng.Intn(8))
					case 1:
						g[pos] = 0xff
					default:
						g[pos] = byte(rng.Intn(256))
					}
				}
				checkHostile(t, g)
			}
		})
	}
}

// FuzzHDF5 opens arbitrary bytes as HDF5 and reads every object. Seeds:
// testdata/fuzz/FuzzHDF5, the fixtures, and the shared testfile.sofa when
// present.
func FuzzHDF5(f *testing.F) {
	for _, b := range fixtures(f) {
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join(sharedSOFA, "testfile.sofa")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkHostile(t, b)
	})
}
