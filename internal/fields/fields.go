// Package fields decodes JSON and YAML documents into plain Go values with
// errors that say exactly where the problem is: the file, the path of
// names and indices leading to the value (`object "heli" keyframe 3`), the
// field, what is wrong and, for a misspelt field, which name was meant.
//
// The scene and session parsers read their documents through it, so both
// formats give the same messages.
package fields

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxDocument is the largest document Decode accepts (bytes).
const MaxDocument = 64 << 20

// Decode parses data as JSON (when it starts with '{' or '[') or YAML into
// a tree of map[string]any, []any, string, float64, bool and nil.
func Decode(data []byte) (any, error) {
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("document is %d bytes; at most %d are accepted", len(data), MaxDocument)
	}
	t := bytes.TrimSpace(data)
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, jsonError(data, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("unexpected data after the JSON document")
		}
		return normalize(v)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return normalize(v)
}

// jsonError adds a line and column to JSON syntax errors.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(data[:off], '\n'))
	return fmt.Errorf("line %d column %d: %w", line, col, err)
}

func normalize(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", x, err)
		}
		return f, nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case float32:
		return float64(x), nil
	case map[string]any:
		for k, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
		return x, nil
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = n
		}
		return m, nil
	case []any:
		for i, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
		return x, nil
	}
	return v, nil
}

// Object reads the fields of one JSON/YAML object. Accessors record the
// first error; Err reports it, or an unknown field, after all reads.
type Object struct {
	where string
	m     map[string]any
	used  map[string]bool
	err   error
}

// AsObject views v as an object located at where ("object \"heli\"").
func AsObject(v any, where string) (*Object, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: want an object with named fields, found %s", where, kind(v))
	}
	return &Object{where: where, m: m, used: map[string]bool{}}, nil
}

// Where is the location prefix of this object.
func (o *Object) Where() string { return o.where }

// Has reports whether the field is present.
func (o *Object) Has(name string) bool { _, ok := o.m[name]; return ok }

// Keys returns the object's field names, sorted.
func (o *Object) Keys() []string {
	k := make([]string, 0, len(o.m))
	for n := range o.m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func (o *Object) fail(format string, a ...any) {
	if o.err == nil {
		o.err = fmt.Errorf("%s: %s", o.where, fmt.Sprintf(format, a...))
	}
}

// Raw returns the value of a field (nil when absent) and marks it as known.
func (o *Object) Raw(name string) any {
	o.used[name] = true
	return o.m[name]
}

// Float reads a finite number; absent fields give def.
func (o *Object) Float(name string, def float64) float64 {
	p := o.OptFloat(name)
	if p == nil {
		return def
	}
	return *p
}

// OptFloat reads an optional finite number (nil when absent).
func (o *Object) OptFloat(name string) *float64 {
	v, ok := o.m[name]
	o.used[name] = true
	if !ok || v == nil {
		return nil
	}
	f, isNum := v.(float64)
	if !isNum {
		o.fail("field %q: want a number, found %s", name, kind(v))
		return nil
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		o.fail("field %q: %v is not a finite number", name, f)
		return nil
	}
	return &f
}

// Range reads a number and checks lo <= v <= hi (unit names the unit in
// messages, e.g. "dB").
func (o *Object) Range(name string, def, lo, hi float64, unit string) float64 {
	v := o.Float(name, def)
	if v < lo || v > hi {
		o.fail("field %q: %g%s is out of range; allowed %g to %g%s", name, v, unit, lo, hi, unit)
	}
	return v
}

// Int reads a whole number.
func (o *Object) Int(name string, def int) int {
	p := o.OptFloat(name)
	if p == nil {
		return def
	}
	if *p != math.Trunc(*p) || math.Abs(*p) > 1<<31 {
		o.fail("field %q: want a whole number, found %g", name, *p)
		return def
	}
	return int(*p)
}

// String reads a string; required fields that are absent or empty fail.
func (o *Object) String(name string, required bool) string {
	v, ok := o.m[name]
	o.used[name] = true
	if !ok || v == nil {
		if required {
			o.fail("field %q is missing", name)
		}
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		o.fail("field %q: want a string, found %s", name, kind(v))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		o.fail("field %q is empty", name)
	}
	return s
}

// Bool reads a boolean.
func (o *Object) Bool(name string) bool {
	v, ok := o.m[name]
	o.used[name] = true
	if !ok || v == nil {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		o.fail("field %q: want true or false, found %s", name, kind(v))
	}
	return b
}

// Array reads a list (nil when absent).
func (o *Object) Array(name string, required bool) []any {
	v, ok := o.m[name]
	o.used[name] = true
	if !ok || v == nil {
		if required {
			o.fail("field %q is missing", name)
		}
		return nil
	}
	a, isArr := v.([]any)
	if !isArr {
		o.fail("field %q: want a list, found %s", name, kind(v))
		return nil
	}
	return a
}

// Fail records an error about this object (the first one wins).
func (o *Object) Fail(format string, a ...any) { o.fail(format, a...) }

// Err returns the first error, or an error for the first field that no
// accessor read (an unknown or misspelt field), with a suggestion.
func (o *Object) Err() error {
	if o.err != nil {
		return o.err
	}
	for _, k := range o.Keys() {
		if !o.used[k] {
			known := make([]string, 0, len(o.used))
			for u := range o.used {
				known = append(known, u)
			}
			sort.Strings(known)
			if s := Suggest(k, known); s != "" {
				return fmt.Errorf("%s: unknown field %q (did you mean %q?)", o.where, k, s)
			}
			return fmt.Errorf("%s: unknown field %q (known fields: %s)", o.where, k, strings.Join(known, ", "))
		}
	}
	return nil
}

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// Suggest returns the name in known closest to s (a case-insensitive
// match, or an edit distance of at most 2), or "": the "did you mean" of
// error messages.
func Suggest(s string, known []string) string {
	best, bestD := "", 3
	ls := strings.ToLower(s)
	for _, k := range known {
		if strings.EqualFold(k, s) {
			return k
		}
		if d := editDistance(ls, strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99 // long strings are never typos of short names
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
