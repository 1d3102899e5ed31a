package hrtf

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"immerse/hrtf/internal/hdf5"
)

// vars reads the SOFA variables (HDF5 datasets) of one file.
type vars struct {
	e    fileErrors
	root *hdf5.Group
}

func shapeString(shape []uint64) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, " x ")
}

// dataset opens a variable; ok is false when it does not exist.
func (v *vars) dataset(name string) (d *hdf5.Dataset, ok bool, err error) {
	d, err = v.root.Dataset(name)
	if errors.Is(err, hdf5.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, v.e.wrap(err)
	}
	return d, true, nil
}

// text returns a string attribute of d, "" when absent.
func (v *vars) text(d *hdf5.Dataset, name string) (string, error) {
	a, err := d.Attr(name)
	if errors.Is(err, hdf5.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", v.e.wrap(err)
	}
	s, err := a.Text()
	return strings.TrimSpace(s), v.e.wrap(err)
}

// impulseResponses reads Data.IR as float32, M x 2 x N row-major.
func (v *vars) impulseResponses(convention string) (ir []float32, m, n int, err error) {
	d, ok, err := v.dataset("Data.IR")
	if err != nil {
		return nil, 0, 0, err
	}
	if !ok {
		return nil, 0, 0, v.e.invalid("no Data.IR variable: the file holds no impulse responses (convention %s)", convention)
	}
	shape := d.Shape
	switch {
	case len(shape) == 4 && strings.HasPrefix(convention, "GeneralFIR"):
		if shape[3] != 1 {
			return nil, 0, 0, v.e.unsupported("%s: Data.IR is %s (M x R x N x E) with %d emitters; an HRIR set needs one emitter (E = 1)",
				convention, shapeString(shape), shape[3])
		}
	case len(shape) == 3:
	default:
		return nil, 0, 0, v.e.invalid("Data.IR has shape %s; want M x R x N (measurements x receivers x taps)", shapeString(shape))
	}
	if shape[1] != 2 {
		return nil, 0, 0, v.e.unsupported("Data.IR is %s (M x R x N): %d receivers; an HRIR set needs R = 2 (left and right ear)",
			shapeString(shape), shape[1])
	}
	if shape[0] == 0 || shape[2] == 0 {
		return nil, 0, 0, v.e.invalid("Data.IR is %s: no measurements or no taps", shapeString(shape))
	}
	if !d.Type.Numeric() {
		return nil, 0, 0, v.e.unsupported("Data.IR has type %s; want integer or floating-point samples", d.Type)
	}
	ir, err = d.Float32s()
	if err != nil {
		return nil, 0, 0, v.e.wrap(err)
	}
	return ir, int(shape[0]), int(shape[2]), nil
}

// samplingRate reads Data.SamplingRate: one value, or one per measurement
// that must all agree.
func (v *vars) samplingRate(m int) (int, error) {
	d, ok, err := v.dataset("Data.SamplingRate")
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, v.e.invalid("no Data.SamplingRate variable")
	}
	if n := d.Len(); n != 1 && n != uint64(m) {
		return 0, v.e.invalid("Data.SamplingRate has %d values for %d measurements; want 1 or %d", n, m, m)
	}
	if u, err := v.text(d, "Units"); err != nil {
		return 0, err
	} else if u != "" && !strings.EqualFold(u, "hertz") && !strings.EqualFold(u, "hz") {
		return 0, v.e.unsupported("Data.SamplingRate:Units is %q; want \"hertz\"", u)
	}
	rates, err := d.Float64s()
	if err != nil {
		return 0, v.e.wrap(err)
	}
	for i, r := range rates {
		if r != rates[0] {
			return 0, v.e.unsupported("Data.SamplingRate differs between measurements (%g Hz at 0, %g Hz at %d); immerse needs one rate per set", rates[0], r, i)
		}
	}
	r := rates[0]
	if !(r >= 1 && r <= 10e6) || math.Abs(r-math.Round(r)) > 1e-6*r {
		return 0, v.e.invalid("Data.SamplingRate is %g Hz; want a whole number of hertz between 1 and 10 MHz", r)
	}
	return int(math.Round(r)), nil
}

// delays reads Data.Delay (I x R or M x R, optionally x E with E = 1) in
// samples; nil when absent or all zero.
func (v *vars) delays(m, rate int) ([][2]float64, error) {
	d, ok, err := v.dataset("Data.Delay")
	if err != nil || !ok {
		return nil, err
	}
	shape := d.Shape
	if len(shape) == 3 && shape[2] == 1 {
		shape = shape[:2]
	}
	if len(shape) != 2 || shape[1] != 2 || (shape[0] != 1 && shape[0] != uint64(m)) {
		return nil, v.e.invalid("Data.Delay has shape %s; want 1 x 2 or %d x 2 (I x R or M x R)", shapeString(d.Shape), m)
	}
	vals, err := d.Float64s()
	if err != nil {
		return nil, v.e.wrap(err)
	}
	scale := 1.0 // SOFA stores delays in samples
	if u, err := v.text(d, "Units"); err != nil {
		return nil, err
	} else if u == "s" || strings.HasPrefix(strings.ToLower(u), "second") {
		scale = float64(rate)
	}
	used := false
	for _, x := range vals {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, v.e.invalid("Data.Delay holds %v", x)
		}
		used = used || x != 0
	}
	if !used {
		return nil, nil
	}
	out := make([][2]float64, m)
	for i := range out {
		row := vals
		if shape[0] != 1 {
			row = vals[2*i:]
		}
		out[i] = [2]float64{row[0] * scale, row[1] * scale}
	}
	return out, nil
}
