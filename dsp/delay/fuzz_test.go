package delay

import (
	"math"
	"testing"
)

// FuzzNoteSeconds: any note string from a session file either parses to a
// positive finite duration or returns an error; it never panics.
func FuzzNoteSeconds(f *testing.F) {
	for _, s := range append(Notes, "3/16", "1/8T", " 1/4 ", "1/", "/4", "1/4..", "99999999999999999999/1", "1/-4", "t", ".") {
		f.Add(s, 120.0)
	}
	f.Add("1/4", 0.0)
	f.Add("1/4", math.NaN())
	f.Add("64/1", 1e-310)
	f.Add("1/4", math.Inf(1))
	f.Fuzz(func(t *testing.T, note string, bpm float64) {
		s, err := NoteSeconds(note, bpm)
		if err != nil {
			return
		}
		if !(s > 0) || math.IsInf(s, 0) {
			t.Fatalf("NoteSeconds(%q, %g) = %g without an error", note, bpm, s)
		}
	})
}
