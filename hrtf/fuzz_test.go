package hrtf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"immerse/hrtf/internal/hdf5/hdf5test"
)

// fuzzSpecs are the synthetic SOFA files used as fuzz seeds (also
// committed under testdata/fuzz/FuzzReadSOFA).
func fuzzSpecs() [][]byte {
	plain := defaultSpec()
	cart := defaultSpec()
	cart.srcCart = [][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, -1, 0}}
	cart.az, cart.el = []float64{0, 90, 0, -135}, []float64{0, 0, 90, 0}
	cart.view, cart.up, cart.listener = []float64{0, 1, 0}, []float64{0, 0, 1}, []float64{0, 0, 0.5}
	cart.delay, cart.delayDim = []float64{0, 1, 2, 3, 4, 5, 6, 7}, []int{4, 2}
	cart.receivers = []float64{0, -0.09, 0, 0, 0.09, 0}
	cart.irType = hdf5test.I32BE
	fire := defaultSpec()
	fire.conv, fire.dataType, fire.irShape = "GeneralFIR-E", "FIR-E", []int{8, 2, 16, 1}
	return [][]byte{plain.bytes(), cart.bytes(), fire.bytes()}
}

// TestFuzzSeedsRead: the synthetic seeds are valid files, so fuzzing
// starts from inputs that reach every stage of ReadSOFA.
func TestFuzzSeedsRead(t *testing.T) {
	for i, b := range fuzzSpecs() {
		if _, err := ReadSOFA(bytes.NewReader(b), int64(len(b)), "seed.sofa"); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}

// FuzzReadSOFA reads arbitrary bytes as a SOFA file: no panics, errors of
// this package's kinds, and any set returned is valid. Seeds: the
// synthetic files, testdata/fuzz/FuzzReadSOFA, and the shared
// testfile.sofa when present.
func FuzzReadSOFA(f *testing.F) {
	for _, b := range fuzzSpecs() {
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join(sharedSOFA, "testfile.sofa")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadSOFA(bytes.NewReader(b), int64(len(b)), "fuzz.sofa")
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error of no kind: %v", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("ReadSOFA returned an invalid set: %v", err)
		}
	})
}
