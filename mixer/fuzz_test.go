package mixer

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// FuzzParseSession: hostile documents never panic; whatever parses is
// valid and survives a JSON round trip unchanged.
func FuzzParseSession(f *testing.F) {
	for _, name := range []string{"testdata/session.json", "testdata/session.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		`{"tracks": [{"name": "a", "file": "a.wav"}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "output": "b"}], "buses": [{"name": "b", "output": "b"}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "sends": [{"bus": "b", "pre": true}]}], "buses": [{"name": "b", "sends": [{"bus": "c"}]}, {"name": "c"}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "inserts": [{"type": "eq", "bands": [{"type": "notch", "freq": 50, "q": 30}]}],
		  "automation": {"inserts.0.bands.0.freq": [[0, 50], [1, 60]], "gain": [[0, -120]]}}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "inserts": [{"type": "compressor", "sidechain": "b", "detector": "rms"}]}, {"name": "b", "file": "b.flac", "mute": true}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "inserts": [{"type": "delay", "note": "1/8.", "bpm": 96, "pingPong": true}]}]}`,
		"tracks:\n- name: a\n  file: a.wav\n  width: 0.5\n  balance: -1\n  inserts: [{type: utility, mono: true}]\n",
		`{"tracks": [{"name": "a", "file": "a.wav", "automation": {"inserts.0.": [[0, 1]]}}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav", "automation": {"pan": [[1e308, 0], [-1, 2]]}}]}`,
		`{"tracks": [{"name": "a", "file": "a.wav"}], "master": {"inserts": [{"type": "limiter", "ceiling": -1}], "automation": {"gain": [[0, 0]]}}}`,
		`{"sampleRate": 1e20, "panLaw": "x", "tracks": null}`,
		"&a [*a, *a]",
		`{"tracks": [{"name": "a", "file": "a.wav", "inserts": [{"type": 3}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSession(data, "fuzz.json")
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("parsed but invalid: %v", err)
		}
		s.AutoTail()
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseSession(out, "fuzz.json")
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(s, back) {
			t.Fatalf("round trip differs:\n%s", out)
		}
	})
}
