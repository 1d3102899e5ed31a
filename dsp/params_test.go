package dsp

import (
	"errors"
	"math"
	"strings"
	"testing"
)

type testParams struct {
	Freq  float64 `json:"freq_hz"`
	Order int     `json:"order,omitempty"`
	Mode  string  `json:"mode"`
	On    bool    `json:"on"`
	Other float64 // not in the table
}

var testTable = []ParamInfo{
	{Name: "freq_hz", Unit: "Hz", Min: 10, Max: 20000, Default: 1000, Doc: "f"},
	{Name: "order", Min: 1, Max: 8, Default: 2, Doc: "o"},
	{Name: "mode", Max: 1, Default: 1, Choices: []string{"a", "b"}, Doc: "m"},
	{Name: "on", Unit: "bool", Max: 1, Default: 1, Doc: "b"},
}

func TestDefaultAndCheckParams(t *testing.T) {
	var p testParams
	DefaultParams(testTable, &p)
	if p != (testParams{Freq: 1000, Order: 2, Mode: "b", On: true}) {
		t.Fatalf("defaults %+v", p)
	}
	if err := CheckParams("x", testTable, p); err != nil {
		t.Fatal(err)
	}
	if err := CheckParams("x", testTable, &p); err != nil {
		t.Fatal("pointer:", err)
	}
	cases := []struct {
		mod  func(*testParams)
		want string
	}{
		{func(p *testParams) { p.Freq = 5 }, "x: freq_hz = 5 Hz is outside the allowed range [10, 20000]"},
		{func(p *testParams) { p.Freq = math.NaN() }, "x: freq_hz = NaN Hz is outside"},
		{func(p *testParams) { p.Order = 9 }, "x: order = 9 is outside the allowed range [1, 8]"},
		{func(p *testParams) { p.Mode = "c" }, `x: mode = "c" is not one of {"a", "b"}`},
	}
	for _, c := range cases {
		q := p
		c.mod(&q)
		err := CheckParams("x", testTable, q)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrParam) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a table naming a missing field did not panic")
		}
	}()
	CheckParams("x", []ParamInfo{{Name: "nope"}}, p)
}

func TestRamp(t *testing.T) {
	r := NewRamp(1, 4)
	if !r.Steady() || r.Next() != 1 {
		t.Fatal("a new ramp is not at rest")
	}
	r.Set(3)
	got := []float64{r.Next(), r.Next(), r.Next(), r.Next(), r.Next()}
	want := []float64{1.5, 2, 2.5, 3, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ramp %v, want %v", got, want)
		}
	}
	if !r.Steady() || r.Target() != 3 || r.Value() != 3 {
		t.Error("ramp not settled")
	}
	r.Set(0)
	r.Next()
	r.Set(0) // same target: the ramp goes on
	if r.Next() != 1.5 {
		t.Errorf("re-setting the target restarted the ramp: %g", r.Value())
	}
	r.Finish()
	if r.Value() != 0 || !r.Steady() {
		t.Error("Finish did not jump to the target")
	}
	if RampFrames(48000) != 960 || RampFrames(1) != 1 {
		t.Errorf("RampFrames %d %d", RampFrames(48000), RampFrames(1))
	}
}
