package objects_test

import (
	"fmt"

	"immerse/objects"
)

// A pad that widens and turns diffuse over two seconds, then steps its
// zone exclusion off.
func ExampleTrajectory_At() {
	scene, err := objects.Parse([]byte(`{"objects": [{"name": "pad", "file": "pad.wav", "positions": [
	  {"time": 0, "azimuth": 30, "elevation": 0, "width": 20, "diffuse": 0,
	   "zoneExclusion": [{"minAzimuth": 100, "maxAzimuth": -100, "minElevation": -90, "maxElevation": 90}]},
	  {"time": 2, "azimuth": 30, "elevation": 0, "width": 80, "diffuse": 0.5, "zoneExclusion": []}]}]}`), "pad.json")
	if err != nil {
		panic(err)
	}
	tr := scene.Objects[0].Trajectory(48000)
	for _, t := range []float64{0, 1, 2} {
		st := tr.At(objects.SampleIndex(t, 48000))
		fmt.Printf("%g s: width %g, diffuse %g, %d zones\n", t, st.Width, st.Diffuse, len(st.ZoneExclusion))
	}
	// Output:
	// 0 s: width 20, diffuse 0, 1 zones
	// 1 s: width 50, diffuse 0.25, 1 zones
	// 2 s: width 80, diffuse 0.5, 0 zones
}
