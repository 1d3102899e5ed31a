package hrtf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"immerse/hrtf/internal/hdf5"
)

// Conventions that hold HRIR-shaped impulse responses. GeneralFIR-E is
// read when it has a single emitter.
var firConventions = map[string]bool{
	"SimpleFreeFieldHRIR": true,
	"GeneralFIR":          true,
	"GeneralFIR-E":        true,
	"GeneralFIRE":         true, // SOFA 1.x name of GeneralFIR-E
}

// LoadSOFA reads the SOFA (AES69) HRIR file at path. See ReadSOFA.
func LoadSOFA(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hrtf: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("hrtf: %w", err)
	}
	return ReadSOFA(f, st.Size(), filepath.Base(path))
}

// ReadSOFA reads a SOFA (AES69) file of size bytes from r; name is used in
// error messages. It reads the conventions SimpleFreeFieldHRIR,
// GeneralFIR and GeneralFIR-E (with one emitter) whose Data.IR holds
// M measurements × 2 receivers (ears) × N taps, and returns a validated
// Set in the immerse conventions:
//
//   - samples are converted to float32 from any integer or floating type;
//   - Data.SamplingRate may be one value or one per measurement (they must
//     agree) and must be a whole number of hertz;
//   - Data.Delay (I×R or M×R, in samples) goes to Set.Delay, nil when all
//     zero;
//   - SourcePosition (spherical degrees or cartesian metres) is taken
//     relative to ListenerPosition and turned into the listener's frame
//     given by ListenerView and ListenerUp, then into immerse coordinates:
//     unit vectors with the listener looking along +Y, +Z up, azimuth
//     positive to the left (SOFA's spherical azimuth has the same sense);
//   - the ears are ordered left, right (see the package documentation for
//     how the order is checked);
//   - Meta holds the global string attributes.
//
// Errors name the file and the problem; their kind is ErrInvalid or
// ErrUnsupported (for errors.Is).
func ReadSOFA(r io.ReaderAt, size int64, name string) (*Set, error) {
	e := fileErrors(name)
	f, err := hdf5.Open(r, size)
	if err != nil {
		return nil, e.wrap(err)
	}
	root, err := f.Root()
	if err != nil {
		return nil, e.wrap(err)
	}
	meta, err := globalAttributes(root)
	if err != nil {
		return nil, e.wrap(err)
	}
	if err := checkConvention(e, meta); err != nil {
		return nil, err
	}
	v := &vars{e: e, root: root}
	ir, m, n, err := v.impulseResponses(meta["SOFAConventions"])
	if err != nil {
		return nil, err
	}
	rate, err := v.samplingRate(m)
	if err != nil {
		return nil, err
	}
	delay, err := v.delays(m, rate)
	if err != nil {
		return nil, err
	}
	dirs, dists, err := v.directions(m)
	if err != nil {
		return nil, err
	}
	s := &Set{
		SampleRate: rate,
		Directions: dirs,
		Distances:  dists,
		IR:         make([][2][]float32, m),
		Delay:      delay,
		Meta:       meta,
	}
	for i := range s.IR {
		s.IR[i] = [2][]float32{ir[(2*i)*n : (2*i+1)*n : (2*i+1)*n], ir[(2*i+1)*n : (2*i+2)*n : (2*i+2)*n]}
	}
	v.orderEars(s)
	if err := s.Validate(); err != nil {
		return nil, e.invalid("%s", strings.TrimPrefix(err.Error(), "hrtf: "))
	}
	return s, nil
}

// globalAttributes returns the root group's string attributes.
func globalAttributes(root *hdf5.Group) (map[string]string, error) {
	attrs, err := root.Attrs()
	if err != nil {
		return nil, err
	}
	meta := make(map[string]string, len(attrs))
	for _, a := range attrs {
		if !a.Type.Text() {
			continue
		}
		s, err := a.Text()
		if err != nil {
			return nil, err
		}
		meta[a.Name] = s
	}
	return meta, nil
}

func checkConvention(e fileErrors, meta map[string]string) error {
	conv, ok := meta["Conventions"]
	if !ok {
		return e.invalid("not a SOFA file: the root group has no Conventions attribute")
	}
	if conv != "SOFA" {
		return e.invalid("not a SOFA file: global attribute Conventions is %q, want \"SOFA\"", conv)
	}
	name, ok := meta["SOFAConventions"]
	if !ok {
		return e.invalid("global attribute SOFAConventions is missing")
	}
	if !firConventions[name] {
		known := make([]string, 0, len(firConventions))
		for k := range firConventions {
			known = append(known, k)
		}
		sort.Strings(known)
		return e.unsupported("SOFA convention %q (DataType %q) not supported; immerse reads impulse responses of the conventions %s",
			name, meta["DataType"], strings.Join(known, ", "))
	}
	if dt, ok := meta["DataType"]; ok && dt != "FIR" && dt != "FIR-E" {
		return e.unsupported("SOFA DataType %q not supported (convention %s); want FIR or FIR-E", dt, name)
	}
	return nil
}
