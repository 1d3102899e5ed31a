package fields

import (
	"strings"
	"testing"
)

func TestDecodeJSONAndYAMLAlike(t *testing.T) {
	j, err := Decode([]byte(`{"a": 1, "b": [true, "x"], "c": {"d": 2.5}}`))
	if err != nil {
		t.Fatal(err)
	}
	y, err := Decode([]byte("a: 1\nb: [true, x]\nc: {d: 2.5}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{j, y} {
		o, err := AsObject(v, "doc")
		if err != nil {
			t.Fatal(err)
		}
		if o.Float("a", 0) != 1 || len(o.Array("b", true)) != 2 {
			t.Errorf("decoded %v", v)
		}
		c, _ := AsObject(o.Raw("c"), "c")
		if c.Float("d", 0) != 2.5 || c.Err() != nil || o.Err() != nil {
			t.Errorf("nested %v %v", c.Err(), o.Err())
		}
	}
}

func TestErrors(t *testing.T) {
	v, _ := Decode([]byte(`{"azimuth": "x", "elevaton": 3, "n": 1.5, "r": 40}`))
	cases := []struct {
		read func(o *Object)
		want string
	}{
		{func(o *Object) { o.Float("azimuth", 0) }, `keyframe 2: field "azimuth": want a number, found the string "x"`},
		{func(o *Object) { o.Raw("azimuth"); o.Raw("n"); o.Raw("r"); o.Float("elevation", 0) }, `unknown field "elevaton" (did you mean "elevation"?)`},
		{func(o *Object) { o.Raw("azimuth"); o.Raw("elevaton"); o.Raw("r"); o.Int("n", 0) }, `field "n": want a whole number, found 1.5`},
		{func(o *Object) { o.Raw("azimuth"); o.Raw("elevaton"); o.Raw("n"); o.Range("r", 0, -24, 24, " dB") }, `field "r": 40 dB is out of range; allowed -24 to 24 dB`},
		{func(o *Object) { o.String("name", true) }, `field "name" is missing`},
	}
	for _, c := range cases {
		o, _ := AsObject(v, "keyframe 2")
		c.read(o)
		if err := o.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	if _, err := Decode([]byte("{\n  \"a\": 1,\n  \"b\": ]\n}")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("syntax error without line: %v", err)
	}
	if _, err := AsObject([]any{}, "x"); err == nil || !strings.Contains(err.Error(), "found a list") {
		t.Errorf("AsObject(list) = %v", err)
	}
	y, _ := Decode([]byte("a: .nan\n"))
	o, _ := AsObject(y, "doc")
	o.Float("a", 0)
	if err := o.Err(); err == nil || !strings.Contains(err.Error(), "not a finite number") {
		t.Errorf("NaN accepted: %v", err)
	}
}
