package delivery

import (
	"encoding/json"
	"testing"
)

// FuzzParseSystems: no list panics; an accepted list names known systems
// without repeats.
func FuzzParseSystems(f *testing.F) {
	for _, s := range []string{"phone", "phone,earbuds,laptop,car", "all", " TV , car ", ",", "phone,,phone", "hifi", "all,hifi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sys, err := ParseSystems(s)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, x := range sys {
			if seen[x.Name] {
				t.Errorf("%q: %s twice", s, x.Name)
			}
			seen[x.Name] = true
		}
		if len(sys) == 0 || len(sys) > len(systems) {
			t.Errorf("%q: %d systems", s, len(sys))
		}
	})
}

// FuzzBandsJSON: reading the band object never panics, and what reads
// writes back to the same bands.
func FuzzBandsJSON(f *testing.F) {
	for _, s := range []string{`{"31.5":-1,"63":-2}`, `{}`, `{"x":1}`, `[1,2]`, `{"1e400":1}`, `null`, `{"63":"a"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b Bands
		if err := json.Unmarshal([]byte(s), &b); err != nil {
			return
		}
		data, err := json.Marshal(b)
		if err != nil {
			return // e.g. a NaN/Inf key cannot be written back
		}
		var back Bands
		if err := json.Unmarshal(data, &back); err != nil || len(back) != len(b) {
			t.Errorf("%q -> %s -> %v (%v)", s, data, back, err)
		}
	})
}
