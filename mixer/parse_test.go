package mixer

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestParseExampleJSONAndYAML(t *testing.T) {
	j, err := LoadSession("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	y, err := LoadSession("testdata/session.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if j.Dir != "testdata" || j.Path("kick.wav") != "testdata/kick.wav" {
		t.Errorf("Dir %q, Path %q", j.Dir, j.Path("kick.wav"))
	}
	y.Source = j.Source
	if !reflect.DeepEqual(j, y) {
		t.Errorf("JSON and YAML differ:\n%+v\n%+v", j, y)
	}
	if len(j.Tracks) != 3 || len(j.Buses) != 4 || j.Law() != -3 || j.SampleRate != 48000 {
		t.Fatalf("parsed %+v", j)
	}
	v := j.Tracks[2]
	if v.Name != "Lead Vocal" || v.Inserts[1].Params["ratio"] != 3 || v.Inserts[1].Params["knee"] != 6 ||
		len(v.Inserts[0].Bands) != 4 || v.Inserts[0].Bands[1].Params["q"] != 1.2 || v.Inserts[0].Bands[3].Type != "highshelf" ||
		v.Sends[1] != (Send{Bus: "Slap", Level: -18}) || v.Automation["gain"][2] != (Breakpoint{31, 1.5}) {
		t.Errorf("lead vocal %+v", v)
	}
	if j.Tracks[1].Inserts[0].Sidechain != "Kick" || j.Buses[2].Inserts[0].Params["decay"] != 2.2 ||
		j.Buses[3].Inserts[0].Params["lowpass"] != 5000 || j.Master.Inserts[0].Params["side"] != 1.5 {
		t.Errorf("sidechain / bus / master values: %+v %+v", j.Tracks[1], j.Buses)
	}
}

// TestMarshalRoundTrip: a session written as JSON or YAML parses back to
// the same session (tools edit sessions in Go and save them).
func TestMarshalRoundTrip(t *testing.T) {
	s, err := LoadSession("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	s.Source, s.Dir = "", ""
	s.Tracks[0].Width = F(1.5)
	s.Tracks[0].Inserts[1].Choices = map[string]string{"detector": "rms"}
	s.Tracks[1].Inserts[0].Params["autoMakeup"] = 1
	for _, enc := range []func(any) ([]byte, error){json.Marshal, yaml.Marshal} {
		data, err := enc(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseSession(data, "")
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		back.Source = ""
		if !reflect.DeepEqual(s, back) {
			t.Errorf("round trip differs:\n%s", data)
		}
	}
	c := s.Clone()
	c.Tracks[2].Inserts[0].Bands[0].Params["freq"] = 120
	c.Tracks[2].Automation["gain"][0][1] = 0
	if s.Tracks[2].Inserts[0].Bands[0].Params["freq"] != 90 || s.Tracks[2].Automation["gain"][0][1] != -3 {
		t.Error("Clone shares data with the original")
	}
}

func TestParseErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string {
		if !strings.Contains(string(base), old) {
			t.Fatalf("test edit: %q not in the example", old)
		}
		return strings.Replace(string(base), old, new, 1)
	}
	cases := []struct{ doc, want string }{
		{edit(`"ratio": 3,`, `"ratio": 0.5,`),
			`mixer: session.json: track "Lead Vocal" insert 2 (compressor): field "ratio": 0.5 is out of range; allowed 1 to 100`},
		{edit(`"threshold": -20`, `"threshold": 5`),
			`track "Lead Vocal" insert 2 (compressor): field "threshold": 5 dB is out of range; allowed -80 to 0 dB`},
		{edit(`"ratio": 3,`, `"ration": 3,`),
			`track "Lead Vocal" insert 2 (compressor): unknown field "ration" (did you mean "ratio"?)`},
		{edit(`"pan": 0, "output": "Drums"`, `"pan": 0, "outptu": "Drums"`),
			`track "Kick": unknown field "outptu" (did you mean "output"?)`},
		{edit(`"output": "Drums"`, `"output": "Drum"`),
			`track "Kick": field "output": no bus named "Drum" (did you mean "Drums"?)`},
		{edit(`{"bus": "Plate", "level": -14}`, `{"bus": "Hall", "level": -14}`),
			`track "Lead Vocal" send 1: field "bus": no bus named "Hall"; buses: Drums, Crush, Plate, Slap`},
		{edit(`"sidechain": "Kick"`, `"sidechain": "Kik"`),
			`track "Bass" insert 1 (compressor): field "sidechain": no track or bus named "Kik" (did you mean "Kick"?)`},
		{edit(`"gain": -8}`, `"gain": -8, "sends": [{"bus": "Drums"}]}`),
			`routing cycle: bus "Drums" -send-> bus "Crush" -send-> bus "Drums"`},
		{edit(`"gain": -8}`, `"gain": -8, "output": "Drums"}`),
			`routing cycle: bus "Drums" -send-> bus "Crush" -output-> bus "Drums"`},
		{edit(`{"type": "compressor", "threshold": -12, "ratio": 2}`, `{"type": "compressor", "threshold": -12, "ratio": 2, "sidechain": "Bass"}`),
			`routing cycle: track "Bass" -output-> master`}, // placeholder replaced below
		{edit(`[30.5, -3], [31.0, 1.5]`, `[31.5, -3], [31.0, 1.5]`),
			`track "Lead Vocal" automation "gain" point 3: time 31 s is not after point 2 at 31.5 s; times must increase`},
		{edit(`"sends.Plate": [[0, -14], [45, -8]]`, `"sends.Plate": [[0, -14], [45, 30]]`),
			`track "Lead Vocal" automation "sends.Plate" point 2: value 30 dB is out of range; allowed -120 to 24 dB`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"pna": [[0, 0], [60, -0.2]]`),
			`track "Lead Vocal" automation "pna": unknown parameter (did you mean "pan"?)`},
		{edit(`"sends.Plate": [[0, -14]`, `"sends.Hall": [[0, -14]`),
			`automation "sends.Hall": the strip has no send to bus "Hall"; add the send first`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"inserts.1.ratio": [[0, 3], [1, 120]]`),
			`track "Lead Vocal" automation "inserts.1.ratio" point 2: value 120 is out of range; allowed 1 to 100`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"inserts.5.ratio": [[0, 3]]`),
			`automation "inserts.5.ratio": insert index 5: there are 3 inserts (indices 0 to 2)`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"inserts.1.detector": [[0, 1]]`),
			`parameter "detector" of compressor is fixed when the mix starts and cannot be automated`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"inserts.0.bands.2.gain": [[0, -2], [1, 40]]`),
			`automation "inserts.0.bands.2.gain" point 2: value 40 dB is out of range; allowed -36 to 36 dB`},
		{edit(`"pan": [[0, 0], [60, -0.2]]`, `"pan": [[0, 0], [60]]`),
			`automation "pan" point 2: want [time_s, value], two numbers`},
		{edit(`"type": "highpass", "freq": 30`, `"type": "higpass", "freq": 30`),
			`track "Kick" insert 1: unknown insert type "higpass" (did you mean "highpass"?)`},
		{edit(`{"type": "peak", "freq": 350`, `{"type": "peek", "freq": 350`),
			`track "Lead Vocal" insert 1 (eq) band 2: field "type": "peek" is not one of`},
		{edit(`{"type": "highpass", "freq": 90}`, `{"type": "highpass", "freq": 90, "slope": 20}`),
			`track "Lead Vocal" insert 1 (eq) band 1: field "slope": 20 dB/oct is not a multiple of 6`},
		{edit(`"panLaw": -3`, `"panLaw": -5`), `field "panLaw": -5 dB is not a pan law; use 0, -3, -4.5 or -6`},
		{edit(`"sampleRate": 48000`, `"sampleRate": 4000`), `field "sampleRate": 4000 Hz is out of range`},
		{edit(`{"name": "Crush"`, `{"name": "Kick"`), `bus "Kick": the name is already used by a track; names must be unique`},
		{edit(`{"name": "Crush"`, `{"name": "Master"`), `bus "Master": the name "master" is reserved for the master`},
		{edit(`"gain": -4, "pan": 0,`, `"gain": -4, "pan": 1.5,`), `track "Bass": field "pan": 1.5 is out of range; allowed -1 to 1`},
		{edit(`"gain": -4, "pan": 0,`, `"gain": -4, "pan": 0, "role": "bas",`), `track "Bass": field "role": unknown role "bas" (did you mean "bass"?)`},
		{edit(`"drive": 4, "mix": 0.3`, `"drive": 4, "mix": 0.3, "oversample": 3`), `insert 3 (saturation): field "oversample": 3 is not 1, 2, 4 or 8`},
		{edit(`"size": 0.7`, `"size": "big"`), `bus "Plate" insert 1 (reverb): field "size": want a number, found the string "big"`},
		{edit(`"feedback": 0.15`, `"feedback": 0.15, "sidechain": "Kick"`), `bus "Slap" insert 1 (delay): unknown field "sidechain"`},
		{`{"tracks": []}`, `the session has no tracks`},
		{`{"tracks": [{"file": "a.wav"}]}`, `track 1: field "name" is missing`},
		{`[1, 2]`, `top level: want an object with named fields, found a list`},
		{"{\n \"tracks\": [\n}", `line 3`},
	}
	// A sidechain from the Bass, which feeds the master, on the Drums bus is
	// fine; one that closes a loop is not: Bass keyed by Drums while Bass
	// feeds Drums.
	cases[9] = struct{ doc, want string }{
		strings.Replace(edit(`"sidechain": "Kick"`, `"sidechain": "Drums"`), `"gain": -4, "pan": 0,`, `"gain": -4, "pan": 0, "output": "Drums",`, 1),
		`routing cycle: track "Bass" -output-> bus "Drums" -sidechain-> track "Bass"`}
	for _, c := range cases {
		_, err := ParseSession([]byte(c.doc), "session.json")
		wantErr(t, err, c.want)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%v does not match ErrInvalid", err)
		}
	}
}

func TestParseYAMLErrorsAlike(t *testing.T) {
	doc := "tracks:\n  - name: Kick\n    file: kick.wav\n    inserts:\n      - {type: compressor, ratio: 0.5}\n"
	_, err := ParseSession([]byte(doc), "s.yaml")
	wantErr(t, err, `mixer: s.yaml: track "Kick" insert 1 (compressor): field "ratio": 0.5 is out of range; allowed 1 to 100`)
	_, err = ParseSession([]byte("tracks: [\n"), "s.yaml")
	if err == nil || !strings.Contains(err.Error(), "s.yaml") {
		t.Errorf("YAML syntax error: %v", err)
	}
}

func TestValidateGoBuiltSession(t *testing.T) {
	s := &Session{Tracks: []Track{{Name: "A", File: "a.wav", Inserts: []Insert{
		{Type: "compressor", Params: map[string]float64{"ratio": 0.5}},
	}}}}
	wantErr(t, s.Validate(), `mixer: session: track "A" insert 1 (compressor): field "ratio": 0.5 is out of range; allowed 1 to 100`)
	s.Tracks[0].Inserts[0] = Insert{Type: "compressor", Params: map[string]float64{"autoMakeup": 2}}
	wantErr(t, s.Validate(), `field "autoMakeup": want true or false (1 or 0), found 2`)
	s.Tracks[0].Inserts[0] = Insert{Type: "compressor", Params: map[string]float64{"detector": 1}}
	wantErr(t, s.Validate(), `field "detector": want one of "peak", "rms", found the number 1`)
	s.Tracks[0].Inserts[0] = Insert{Type: "delay", Choices: map[string]string{"note": "1/1"}, Params: map[string]float64{"bpm": 30}}
	wantErr(t, s.Validate(), `insert 1 (delay): note "1/1" at 30 bpm lasts 8000 ms, longer than 4000 ms`)
	s.Tracks[0].Inserts[0] = Insert{Type: "eq", Bands: []Band{{Type: "peak", Params: map[string]float64{"freq": 0.5}}}}
	wantErr(t, s.Validate(), `insert 1 (eq) band 1: field "freq": 0.5 Hz is out of range; allowed 1 to 96000 Hz`)
	s.Tracks[0].Inserts[0] = Insert{Type: "utility", Bands: []Band{{}}}
	wantErr(t, s.Validate(), `field "bands": utility takes no bands`)
	s.Tracks[0].Inserts = nil
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}
