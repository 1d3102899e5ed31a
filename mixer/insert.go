package mixer

import (
	"errors"
	"fmt"
	"immerse/internal/fields"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// checkInsert validates one insert's type and values against the dsp
// tables; where locates it (`track "Bass" insert 1 (compressor)`).
// Sidechain names are checked by the routing validation.
func checkInsert(in *Insert, where string) error {
	e := effectByName(in.Type)
	if e == nil {
		return unknownType(in.Type, where)
	}
	for _, name := range sortedKeys(in.Params) {
		p := e.param(name)
		if p == nil {
			return unknownField(where, name, e.fieldNames())
		}
		info := e.info(p)
		if len(info.Choices) > 0 {
			return fmt.Errorf("%s: field %q: want one of %s, found the number %g", where, name, quoteList(info.Choices), in.Params[name])
		}
		if err := checkValue(info, in.Params[name], p.check); err != nil {
			return fmt.Errorf("%s: field %q: %v", where, name, err)
		}
	}
	for _, name := range sortedKeys(in.Choices) {
		p := e.param(name)
		if p == nil {
			return unknownField(where, name, e.fieldNames())
		}
		info := e.info(p)
		if err := checkChoice(info, in.Choices[name]); err != nil {
			return fmt.Errorf("%s: field %q: %v", where, name, err)
		}
	}
	if len(in.Bands) > 0 && !e.bands {
		return fmt.Errorf("%s: field \"bands\": %s takes no bands (eq and midside do)", where, e.name)
	}
	if in.Sidechain != "" && !e.sidechain {
		return fmt.Errorf("%s: field \"sidechain\": %s takes no sidechain key (compressor and gate do)", where, e.name)
	}
	if len(in.Bands) > filter.MaxBands {
		return fmt.Errorf("%s: %d bands; at most %d", where, len(in.Bands), filter.MaxBands)
	}
	for j := range in.Bands {
		if err := checkBand(&in.Bands[j], fmt.Sprintf("%s band %d", where, j+1)); err != nil {
			return err
		}
	}
	if e.name == "midside" && len(in.Bands) > 0 && (in.Choices["eqTarget"] == "" || in.Choices["eqTarget"] == "none") {
		return fmt.Errorf("%s: the bands apply to nothing; set \"eqTarget\" to \"mid\" or \"side\"", where)
	}
	p, _, err := e.values(in)
	if err != nil {
		return fmt.Errorf("%s: %v", where, err)
	}
	if e.check != nil {
		if msg := e.check(p); msg != "" {
			return fmt.Errorf("%s: %s", where, msg)
		}
	}
	// The dsp package's own validation, as a safety net for combinations
	// the table cannot express.
	if ps, ok := p.(interface{ Validate() error }); ok {
		if err := ps.Validate(); err != nil {
			return fmt.Errorf("%s: %s", where, e.rename(err.Error()))
		}
	}
	return nil
}

func checkBand(b *Band, where string) error {
	info := bandInfo(bandTypeTag)
	if b.Type != "" {
		if err := checkChoice(info, b.Type); err != nil {
			return fmt.Errorf("%s: field \"type\": %v", where, err)
		}
	}
	for _, name := range sortedKeys(b.Params) {
		bp := bandParamByName(name)
		if bp == nil {
			return unknownField(where, name, bandFieldNames())
		}
		if err := checkValue(bandInfo(bp.tag), b.Params[name], bp.check); err != nil {
			return fmt.Errorf("%s: field %q: %v", where, name, err)
		}
	}
	return nil
}

// checkValue checks a number against a table entry: finite, within
// [Min, Max], whole for whole-number units, 0/1 for booleans, plus extra.
func checkValue(info dsp.ParamInfo, v float64, extra func(float64) string) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%v is not a finite number", v)
	}
	if info.Unit == "bool" {
		if v != 0 && v != 1 {
			return fmt.Errorf("want true or false (1 or 0), found %g", v)
		}
		return nil
	}
	u := unitSuffix(info.Unit)
	if v < info.Min || v > info.Max {
		return fmt.Errorf("%g%s is out of range; allowed %g to %g%s", v, u, info.Min, info.Max, u)
	}
	if wholeParam(info) && v != math.Trunc(v) {
		return fmt.Errorf("want a whole number, found %g", v)
	}
	if extra != nil {
		if msg := extra(v); msg != "" {
			return fmt.Errorf("%g%s %s", v, u, msg)
		}
	}
	return nil
}

func checkChoice(info dsp.ParamInfo, s string) error {
	if !slices.Contains(info.Choices, s) {
		if g := suggest(s, info.Choices); g != "" {
			return fmt.Errorf("%q is not one of %s (did you mean %q?)", s, quoteList(info.Choices), g)
		}
		return fmt.Errorf("%q is not one of %s", s, quoteList(info.Choices))
	}
	return nil
}

// wholeParam reports parameters stored in int fields (slopes, factors).
func wholeParam(info dsp.ParamInfo) bool {
	return info.Unit == "dB/oct" || info.Unit == "x"
}

// unitSuffix is the unit as printed after a number (" dB"), or "" for
// dimensionless units.
func unitSuffix(unit string) string {
	switch unit {
	case "", "ratio", "x", "bool", "%":
		return ""
	}
	return " " + unit
}

// values builds the dsp params struct (a pointer) and the bands of an
// insert from its defaults and the session values. The insert must be
// checked (checkInsert) except for what this reports.
func (e *effect) values(in *Insert) (any, []filter.BandParams, error) {
	p := e.defaults()
	for name, v := range in.Params {
		q := e.param(name)
		if q == nil {
			return nil, nil, fmt.Errorf("unknown parameter %q", name)
		}
		assign(p, q.tag, v, "")
	}
	for name, s := range in.Choices {
		q := e.param(name)
		if q == nil {
			return nil, nil, fmt.Errorf("unknown parameter %q", name)
		}
		assign(p, q.tag, 0, s)
	}
	var bands []filter.BandParams
	for _, b := range in.Bands {
		bp := filter.DefaultBandParams()
		if b.Type != "" {
			bp.Kind = filter.Kind(b.Type)
		}
		for name, v := range b.Params {
			q := bandParamByName(name)
			if q == nil {
				return nil, nil, fmt.Errorf("unknown band parameter %q", name)
			}
			assign(&bp, q.tag, v, "")
		}
		bands = append(bands, bp)
	}
	return p, bands, nil
}

// build constructs the processor of a checked insert.
func (e *effect) construct(in *Insert, rate, channels int) (dsp.Processor, error) {
	if e.stereo && channels != 2 {
		return nil, fmt.Errorf("%s needs a stereo signal and this strip is mono; put it on a bus or use a stereo stem", e.name)
	}
	p, bands, err := e.values(in)
	if err != nil {
		return nil, err
	}
	proc, err := e.build(p, bands, rate, channels)
	if err != nil {
		return nil, errors.New(e.rename(err.Error()))
	}
	return proc, nil
}

// rename replaces the dsp field names in a message ("lookahead_ms") by
// their session names ("lookahead").
func (e *effect) rename(msg string) string {
	for _, p := range e.params {
		if p.tag != p.name {
			msg = strings.ReplaceAll(msg, p.tag, p.name)
		}
	}
	for _, p := range bandParams {
		if e.bands && p.tag != p.name {
			msg = strings.ReplaceAll(msg, p.tag, p.name)
		}
	}
	return msg
}

// assign sets the field of the struct *ptr whose json tag is tag to v (a
// number: float, int or bool field) or s (a string field).
func assign(ptr any, tag string, v float64, s string) {
	rv := reflect.ValueOf(ptr).Elem()
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name != tag {
			continue
		}
		f := rv.Field(i)
		switch f.Kind() {
		case reflect.Float64, reflect.Float32:
			f.SetFloat(v)
		case reflect.Int, reflect.Int64, reflect.Int32:
			f.SetInt(int64(v))
		case reflect.Bool:
			f.SetBool(v != 0)
		case reflect.String:
			f.SetString(s)
		}
		return
	}
	panic(fmt.Sprintf("mixer: %s has no field tagged %q", rt, tag))
}

// fieldNames lists the session fields of an insert of this type.
func (e *effect) fieldNames() []string {
	n := []string{"type"}
	for _, p := range e.params {
		n = append(n, p.name)
	}
	if e.bands {
		n = append(n, "bands")
	}
	if e.sidechain {
		n = append(n, "sidechain")
	}
	return n
}

func bandFieldNames() []string {
	n := []string{"type"}
	for _, p := range bandParams {
		n = append(n, p.name)
	}
	return n
}

// automatable lists the parameters with setters.
func (e *effect) automatable() []string {
	var n []string
	for _, p := range e.params {
		if p.set != nil {
			n = append(n, p.name)
		}
	}
	return n
}

func unknownType(t, where string) error {
	if t == "" {
		return fmt.Errorf("%s: field \"type\" is missing; use one of %s", where, strings.Join(effectNames(), ", "))
	}
	if g := suggest(t, effectNames()); g != "" {
		return fmt.Errorf("%s: unknown insert type %q (did you mean %q?); see `immerse effects`", where, t, g)
	}
	return fmt.Errorf("%s: unknown insert type %q; use one of %s (see `immerse effects`)", where, t, strings.Join(effectNames(), ", "))
}

func unknownField(where, name string, known []string) error {
	if g := suggest(name, known); g != "" {
		return fmt.Errorf("%s: unknown field %q (did you mean %q?)", where, name, g)
	}
	return fmt.Errorf("%s: unknown field %q (known fields: %s)", where, name, strings.Join(known, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

func quote(s string) string { return strconv.Quote(s) }

func fmtG(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// suggest is fields.Suggest (one "did you mean" for every parser).
func suggest(s string, known []string) string { return fields.Suggest(s, known) }
