package hrtf

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSummaryKEMAR(t *testing.T) {
	s := Default().Summary()
	want := Summary{
		Convention: "SimpleFreeFieldHRIR", ConventionVersion: "1.0", Version: "1.0", Database: "MIT",
		Listener: "KEMAR, normal pinna", SampleRate: 44100, Measurements: 710, Taps: 512,
		// MIT azimuths reach 184° (ADM -176°) on the 50° ring (8° steps);
		// elevations run -40..90°.
		AzimuthMin: -176, AzimuthMax: 180, ElevationMin: -40, ElevationMax: 90,
		Distances: []float64{1.4},
	}
	if !slices.Equal(s.Distances, want.Distances) {
		t.Errorf("distances %v, want %v", s.Distances, want.Distances)
	}
	s.Distances, want.Distances = nil, nil
	if !reflect.DeepEqual(s, want) {
		t.Errorf("summary\n%+v\nwant\n%+v", s, want)
	}
	b, err := json.Marshal(Default().Summary())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"convention":"SimpleFreeFieldHRIR"`, `"sampleRate":44100`, `"measurements":710`, `"taps":512`,
		`"azimuthMin":-176`, `"elevationMax":90`, `"distances":[1.4]`, `"usesDelay":false`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestSummaryDelay(t *testing.T) {
	s := defaultSpec()
	s.delay, s.delayDim = []float64{0, 3}, []int{1, 2}
	sum := mustReadSpec(t, s).Summary()
	if !sum.UsesDelay || sum.Title != "synthetic" || sum.Organization != "immerse tests" || !slices.Equal(sum.Distances, []float64{1.5}) {
		t.Errorf("%+v", sum)
	}
	if sum.AzimuthMin != -135 || sum.AzimuthMax != 180 || sum.ElevationMin != 0 || sum.ElevationMax != 0 {
		t.Errorf("coverage %v..%v, %v..%v", sum.AzimuthMin, sum.AzimuthMax, sum.ElevationMin, sum.ElevationMax)
	}
}
