package ambisonics

import (
	"encoding/json"
	"testing"
)

// FuzzParseSidecar: any input gives a sidecar or an error, never a panic;
// an accepted sidecar is consistent and survives a round trip.
func FuzzParseSidecar(f *testing.F) {
	good, _ := json.Marshal(NewSidecar(3, SN3D))
	f.Add(good)
	fuma, _ := json.Marshal(NewSidecar(1, FuMa))
	f.Add(fuma)
	f.Add([]byte(`{"format":"ambisonics","order":2,"channels":9,"channelOrdering":"ACN","normalization":"N3D","headLocked":"x.wav","rotation":{"yaw":90,"pitch":0,"roll":0}}`))
	f.Add([]byte(`{"format":"ambisonics","order":9,"channels":100}`))
	f.Add([]byte(`{"format":"ambisonics","order":2,"channels":9,"channelOrdering":"FuMa","normalization":"FuMa"}`))
	f.Add([]byte(`{"format":"ambisonics","order":-1}`))
	f.Add([]byte(`{"objects":[]}`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(`[`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSidecar(data, "fuzz.json")
		if err != nil {
			return
		}
		n, err := s.Norm()
		if err != nil || n.check(s.Order) != nil || s.Channels != Channels(s.Order) {
			t.Fatalf("accepted an inconsistent sidecar %+v", s)
		}
		back, _ := json.Marshal(s)
		if _, err := ParseSidecar(back, "round trip"); err != nil {
			t.Fatalf("round trip of %+v: %v", s, err)
		}
	})
}
