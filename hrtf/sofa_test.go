package hrtf

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"immerse/geom"
	"immerse/hrtf/internal/hdf5/hdf5test"
)

// sharedSOFA is the shared corpus, read in place (never copied).
var sharedSOFA = filepath.Join("..", "..", "shared", "sofa")

func sharedFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedSOFA, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s absent (the shared SOFA corpus is not here): %v", p, err)
	}
	return p
}

func readSpec(t *testing.T, s *sofaSpec) (*Set, error) {
	t.Helper()
	b := s.bytes()
	return ReadSOFA(bytes.NewReader(b), int64(len(b)), "synthetic.sofa")
}

func mustReadSpec(t *testing.T, s *sofaSpec) *Set {
	t.Helper()
	set, err := readSpec(t, s)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func near(a, b geom.Vec, tol float64) bool { return a.Sub(b).Norm() <= tol }

// corpusShapes lists what each shared HRIR file holds.
var corpusShapes = []struct {
	file             string
	m, taps, rate    int
	dist             float64
	az0, el0         float64 // direction of measurement 0, ADM degrees
	database, listen string
}{
	{"MIT_KEMAR_normal_pinna.sofa", 710, 512, 44100, 1.4, 0, -40, "MIT", "KEMAR, normal pinna"},
	{"CIPIC_subject_003_hrir_final.sofa", 1250, 200, 44100, 1, 82.89292388955351, -7.053022130283171, "CIPIC", "subject_003"},
	{"FHK_HRIR_L2354.sofa", 2354, 128, 48000, 3.25, 0, 90, "FHK", "HRIR_L2354"},
	{"LISTEN_1002_IRC_1002_C_HRIR.sofa", 187, 512, 48000, 1.95, 0, -45, "LISTEN", "1002"},
	{"dtf_nh2.sofa", 1550, 256, 48000, 1.2, 0, -30, "ARI", "nh2"},
}

func TestReadSharedFiles(t *testing.T) {
	for _, c := range corpusShapes {
		t.Run(c.file, func(t *testing.T) {
			s, err := LoadSOFA(sharedFile(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != c.m || s.Taps() != c.taps || s.SampleRate != c.rate {
				t.Errorf("%d x %d taps at %d Hz, want %d x %d at %d", s.Len(), s.Taps(), s.SampleRate, c.m, c.taps, c.rate)
			}
			if err := s.Validate(); err != nil {
				t.Error(err)
			}
			if got := s.Meta["SOFAConventions"]; got != "SimpleFreeFieldHRIR" {
				t.Errorf("SOFAConventions = %q", got)
			}
			if s.Meta["DatabaseName"] != c.database || s.Meta["ListenerShortName"] != c.listen {
				t.Errorf("DatabaseName %q ListenerShortName %q", s.Meta["DatabaseName"], s.Meta["ListenerShortName"])
			}
			if want := geom.Cart(c.az0, c.el0, 1); !near(s.Directions[0], want, 1e-9) {
				t.Errorf("direction 0 = %v, want %v (az %v el %v)", s.Directions[0], want, c.az0, c.el0)
			}
			if math.Abs(s.Distances[0]-c.dist) > 1e-9 || s.Delay != nil {
				t.Errorf("distance %v delay %v", s.Distances[0], s.Delay)
			}
			// The left ear is louder for sources on the left, for every file.
			if db, ok := interauralEvidence(s.Directions, s.IR); !ok || db < 10 {
				t.Errorf("left sources are only %.1f dB louder in the left ear", db)
			} else {
				t.Logf("left-ear level advantage for left sources: %.1f dB", db)
			}
		})
	}
}

// TestKEMARDirections: the MIT measurement at SOFA azimuth 90, elevation 0
// is on the listener's left: geom.Cart(90, 0, 1), and louder in the left ear.
func TestKEMARDirections(t *testing.T) {
	s, err := LoadSOFA(sharedFile(t, "MIT_KEMAR_normal_pinna.sofa"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		az        float64
		leftLouds bool
	}{{90, true}, {-90, false}} {
		want := geom.Cart(c.az, 0, 1)
		i := -1
		for k, d := range s.Directions {
			if near(d, want, 1e-9) {
				i = k
			}
		}
		if i < 0 {
			t.Fatalf("no measurement at %v", want)
		}
		l, r := sumSquares(s.IR[i][0]), sumSquares(s.IR[i][1])
		ild := 10 * math.Log10(l/r)
		t.Logf("azimuth %v: measurement %d, left-right level %+.1f dB", c.az, i, ild)
		if (ild > 6) != c.leftLouds || math.Abs(ild) < 6 {
			t.Errorf("azimuth %v: left-right level %+.1f dB", c.az, ild)
		}
	}
	if want := (geom.Vec{-1, 0, 0}); !near(geom.Cart(90, 0, 1), want, 1e-12) {
		t.Fatal("geom.Cart(90, 0, 1) is not the left")
	}
}

// TestSOFAFrames pins the conversion of SOFA coordinates (x front, y left,
// z up) to the immerse frame.
func TestSOFAFrames(t *testing.T) {
	cases := []struct {
		x, y, z float64
		want    geom.Vec
	}{
		{1, 0, 0, geom.Cart(0, 0, 1)},  // front
		{0, 1, 0, geom.Cart(90, 0, 1)}, // left
		{0, -1, 0, geom.Cart(-90, 0, 1)},
		{0, 0, 1, geom.Cart(0, 90, 1)}, // up
		{-1, 0, 0, geom.Cart(180, 0, 1)},
	}
	for _, c := range cases {
		if got := fromSOFACartesian(c.x, c.y, c.z); !near(got, c.want, 1e-12) {
			t.Errorf("SOFA (%v, %v, %v) -> %v, want %v", c.x, c.y, c.z, got, c.want)
		}
		// Spherical and cartesian SOFA agree.
		p := fromSOFACartesian(c.x, c.y, c.z)
		if got := fromSOFASpherical(p.Azimuth(), p.Elevation(), 2); !near(got.dir, c.want, 1e-12) || got.dist != 2 {
			t.Errorf("spherical (%v, %v) -> %v", p.Azimuth(), p.Elevation(), got)
		}
	}
}

func TestListenerFrame(t *testing.T) {
	// The listener looks along SOFA +y (to the global left), head up: a
	// source at global +y is in front of them, one at global +x on their
	// right.
	s := defaultSpec()
	s.srcCart = [][3]float64{{0, 2, 0}, {2, 0, 0}, {0, 0, 3}, {-1, 0, 0}}
	s.az = []float64{0, -90, 0, 90} // for the synthetic IRs only
	s.el = []float64{0, 0, 0, 0}
	s.view, s.up = []float64{0, 1, 0}, []float64{0, 0, 1}
	set := mustReadSpec(t, s)
	want := []geom.Vec{geom.Cart(0, 0, 1), geom.Cart(-90, 0, 1), geom.Cart(0, 90, 1), geom.Cart(90, 0, 1)}
	for i, w := range want {
		if !near(set.Directions[i], w, 1e-12) {
			t.Errorf("source %d: direction %v, want %v", i, set.Directions[i], w)
		}
	}
	if d := set.Distances; d[0] != 2 || d[2] != 3 || d[3] != 1 {
		t.Errorf("distances %v", d)
	}
	// A listener lying on their back (up = global -x, looking up): a
	// source overhead is in front, one at global +x is above their head.
	s.view, s.up = []float64{0, 0, 1}, []float64{-1, 0, 0}
	set = mustReadSpec(t, s)
	if !near(set.Directions[2], geom.Cart(0, 0, 1), 1e-12) || !near(set.Directions[3], geom.Cart(0, 90, 1), 1e-12) {
		t.Errorf("lying listener: %v %v", set.Directions[2], set.Directions[3])
	}
}

func TestListenerPositionIsSubtracted(t *testing.T) {
	s := defaultSpec()
	s.srcCart = [][3]float64{{1, 0, 1.7}, {0, 0, 2.7}}
	s.az, s.el = []float64{0, 0}, []float64{0, 0}
	s.listener = []float64{0, 0, 1.7}
	set := mustReadSpec(t, s)
	if !near(set.Directions[0], geom.Cart(0, 0, 1), 1e-12) || !near(set.Directions[1], geom.Cart(0, 90, 1), 1e-12) {
		t.Errorf("directions %v", set.Directions)
	}
	if math.Abs(set.Distances[0]-1) > 1e-12 || math.Abs(set.Distances[1]-1) > 1e-12 {
		t.Errorf("distances %v", set.Distances)
	}
}

func TestEarOrder(t *testing.T) {
	left := geom.Cart(90, 0, 1)
	idx := func(set *Set) int {
		for i, d := range set.Directions {
			if near(d, left, 1e-9) {
				return i
			}
		}
		t.Fatal("no left measurement")
		return 0
	}
	leftLouder := func(set *Set, i int) bool { return sumSquares(set.IR[i][0]) > sumSquares(set.IR[i][1]) }

	// Data with the right ear first: swapped back whatever ReceiverPosition says.
	for _, rp := range [][]float64{nil, {0, 0.09, 0, 0, -0.09, 0}, {0, -0.09, 0, 0, 0.09, 0}} {
		s := defaultSpec()
		s.swapEars = true
		s.receivers = rp
		s.delay, s.delayDim = []float64{1, 2}, []int{1, 2}
		set := mustReadSpec(t, s)
		if i := idx(set); !leftLouder(set, i) {
			t.Errorf("ReceiverPosition %v: right-first data not swapped", rp)
		}
		if set.Delay[0] != [2]float64{2, 1} {
			t.Errorf("delays not swapped with the ears: %v", set.Delay[0])
		}
	}
	// Median-plane data cannot tell: ReceiverPosition decides.
	for _, c := range []struct {
		rp   []float64
		swap bool
	}{{nil, false}, {[]float64{0, 0.09, 0, 0, -0.09, 0}, false}, {[]float64{0, -0.09, 0, 0, 0.09, 0}, true}} {
		s := defaultSpec()
		s.az, s.el = []float64{0, 0, 180, 0}, []float64{0, 45, 0, -30}
		s.receivers = c.rp
		s.delay, s.delayDim = []float64{1, 2}, []int{1, 2}
		set := mustReadSpec(t, s)
		if swapped := set.Delay[0] == [2]float64{2, 1}; swapped != c.swap {
			t.Errorf("median plane, ReceiverPosition %v: swapped %v, want %v", c.rp, swapped, c.swap)
		}
	}
}

// TestCIPICReceiverPosition: CIPIC's ReceiverPosition puts receiver 0 at
// y = -0.09 (the right), but its data hold the left ear first.
func TestCIPICReceiverPosition(t *testing.T) {
	s, err := LoadSOFA(sharedFile(t, "CIPIC_subject_003_hrir_final.sofa"))
	if err != nil {
		t.Fatal(err)
	}
	// Measurement 0 is at azimuth 82.9°: on the left.
	if l, r := sumSquares(s.IR[0][0]), sumSquares(s.IR[0][1]); l < 10*r {
		t.Errorf("left source: left %.3g right %.3g", l, r)
	}
}

func TestSamplingRateAndDelay(t *testing.T) {
	s := defaultSpec()
	s.rate = []float64{44100, 44100, 44100, 44100, 44100, 44100, 44100, 44100}
	s.delay = make([]float64, 16)
	s.delay[6], s.delay[7] = 3, 4.5
	s.delayDim = []int{8, 2}
	set := mustReadSpec(t, s)
	if set.SampleRate != 44100 || set.Delay == nil || set.Delay[3] != [2]float64{3, 4.5} || set.Delay[0] != [2]float64{0, 0} {
		t.Errorf("rate %d delay %v", set.SampleRate, set.Delay)
	}
	s.delay, s.delayDim = []float64{0, 0}, []int{1, 2}
	if set = mustReadSpec(t, s); set.Delay != nil {
		t.Errorf("all-zero Data.Delay gives %v, want nil", set.Delay)
	}
}

func TestSampleTypes(t *testing.T) {
	for _, typ := range []hdf5test.Type{hdf5test.F64LE, hdf5test.F64BE, hdf5test.F32LE, hdf5test.F32BE} {
		s := defaultSpec()
		s.irType = typ
		set := mustReadSpec(t, s)
		if got, want := set.IR[1][0][3], float32(s.ir(1, 0, 3)); got != want {
			t.Errorf("type %v: sample %v, want %v", typ, got, want)
		}
	}
	// Integer samples are read as their values.
	s := defaultSpec()
	s.irType = hdf5test.I16BE
	set := mustReadSpec(t, s)
	if got := set.IR[2][0][0]; got != float32(int16(s.ir(2, 0, 0))) {
		t.Errorf("int16 sample %v", got)
	}
}

func TestGeneralFIRE(t *testing.T) {
	s := defaultSpec()
	s.conv, s.dataType = "GeneralFIR-E", "FIR-E"
	s.irShape = []int{8, 2, 16, 1}
	set := mustReadSpec(t, s)
	if set.Len() != 8 || set.Taps() != 16 {
		t.Errorf("%d x %d", set.Len(), set.Taps())
	}
	s.conv = "GeneralFIR"
	s.dataType = "FIR"
	s.irShape = nil
	if _, err := readSpec(t, s); err != nil {
		t.Errorf("GeneralFIR: %v", err)
	}
}

// TestErrors checks the precise errors of the brief: a non-HDF5 file, a
// truncated file, an HDF5 file without Data.IR, a wrong convention, and
// the shared 4-D GeneralFIR-E test file with two emitters.
func TestErrors(t *testing.T) {
	noIR := defaultSpec()
	noIR.noIR = true
	hrtfConv := defaultSpec()
	hrtfConv.conv, hrtfConv.dataType = "SimpleFreeFieldHRTF", "TF"
	badRates := defaultSpec()
	badRates.rate = []float64{48000, 48000, 44100, 48000, 48000, 48000, 48000, 48000}
	fracRate := defaultSpec()
	fracRate.rate = []float64{44100.5}
	notSOFA := defaultSpec()
	notSOFA.sofa = "CF-1.6"
	full := defaultSpec().bytes()
	cases := []struct {
		name string
		data []byte
		kind error
		msg  string
	}{
		{"not HDF5", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), ErrInvalid, "hrtf: x.sofa: no HDF5 signature at offset 0, 512, 1024, … (not an HDF5 file)"},
		{"truncated", full[:len(full)-100], ErrInvalid, "hrtf: x.sofa: superblock: file is truncated: it has " + strconv.Itoa(len(full)-100) + " bytes but its superblock says it ends at byte " + strconv.Itoa(len(full))},
		{"no Data.IR", noIR.bytes(), ErrInvalid, "hrtf: x.sofa: no Data.IR variable: the file holds no impulse responses (convention SimpleFreeFieldHRIR)"},
		{"wrong convention", hrtfConv.bytes(), ErrUnsupported, `hrtf: x.sofa: SOFA convention "SimpleFreeFieldHRTF" (DataType "TF") not supported; immerse reads impulse responses of the conventions GeneralFIR, GeneralFIR-E, GeneralFIRE, SimpleFreeFieldHRIR`},
		{"not SOFA", notSOFA.bytes(), ErrInvalid, `hrtf: x.sofa: not a SOFA file: global attribute Conventions is "CF-1.6", want "SOFA"`},
		{"rates differ", badRates.bytes(), ErrUnsupported, "hrtf: x.sofa: Data.SamplingRate differs between measurements (48000 Hz at 0, 44100 Hz at 2); immerse needs one rate per set"},
		{"fractional rate", fracRate.bytes(), ErrInvalid, "hrtf: x.sofa: Data.SamplingRate is 44100.5 Hz; want a whole number of hertz between 1 and 10 MHz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadSOFA(bytes.NewReader(c.data), int64(len(c.data)), "x.sofa")
			if !errors.Is(err, c.kind) {
				t.Fatalf("err = %v, want kind %v", err, c.kind)
			}
			if c.msg != "" && err.Error() != c.msg {
				t.Errorf("err = %q\nwant  %q", err, c.msg)
			}
			t.Log(err)
		})
	}
	t.Run("testfile.sofa", func(t *testing.T) {
		// sofar's 4-D GeneralFIR-E test file has E = 2 emitters (its
		// Data.IR is all zeros and its 3 measurements share one source
		// position): it is not an HRIR set, so it is refused.
		_, err := LoadSOFA(sharedFile(t, "testfile.sofa"))
		want := "hrtf: testfile.sofa: GeneralFIR-E: Data.IR is 3 x 2 x 256 x 2 (M x R x N x E) with 2 emitters; an HRIR set needs one emitter (E = 1)"
		if !errors.Is(err, ErrUnsupported) || err.Error() != want {
			t.Errorf("err = %v\nwant  %s", err, want)
		}
	})
	t.Run("truncated KEMAR", func(t *testing.T) {
		b, err := os.ReadFile(sharedFile(t, "MIT_KEMAR_normal_pinna.sofa"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ReadSOFA(bytes.NewReader(b[:len(b)/2]), int64(len(b)/2), "MIT.sofa")
		want := "hrtf: MIT.sofa: superblock: file is truncated: it has 586579 bytes but its superblock says it ends at byte 1173158"
		if !errors.Is(err, ErrInvalid) || err.Error() != want {
			t.Errorf("err = %v\nwant  %s", err, want)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := LoadSOFA(filepath.Join(t.TempDir(), "none.sofa"))
		if err == nil || !strings.Contains(err.Error(), "none.sofa") || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v", err)
		}
	})
}
