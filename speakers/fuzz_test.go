package speakers

import (
	"strings"
	"testing"
)

// FuzzParse: a layout file never panics; an accepted layout is valid and
// its WAV order is a permutation of its channels.
func FuzzParse(f *testing.F) {
	f.Add([]byte("name: quad\nspeakers:\n  - {label: FL, azimuth: 45}\n  - {label: FR, azimuth: -45}\n  - {label: S, lfe: true}\n"))
	f.Add([]byte(`{"base": "7.1.4", "speakers": [{"label": "M+030", "azimuth": 40}]}`))
	f.Add([]byte(`{"speakers": [{"label": "L", "azimuth": 30, "wav": "FL"}, {"label": "R", "azimuth": -30, "wav": "FR"}]}`))
	f.Add([]byte("base: 5.1\nspeakers: [{label: M+030, azimuth: 30, distance: 2}]\n"))
	f.Add([]byte("speakers:\n  - {label: A, azimuth: .nan}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "speakers: fuzz.yaml: ") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if err := l.Validate(); err != nil {
			t.Fatalf("accepted an invalid layout: %v", err)
		}
		seen := make([]bool, len(l.Channels))
		for _, k := range l.WAVOrder() {
			if k < 0 || k >= len(seen) || seen[k] {
				t.Fatalf("WAV order %v is not a permutation", l.WAVOrder())
			}
			seen[k] = true
		}
	})
}
