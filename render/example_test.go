package render_test

import (
	"fmt"

	"immerse/dsp"
	"immerse/objects"
	"immerse/render"
	"immerse/speakers"
)

// Render a scene held in memory: one object that glides from the front
// (0°) to the left (90°) over one second, on 5.1.
func ExampleNew() {
	const rate = 48000
	stem := dsp.NewBuffer(1, rate)
	for i := range stem[0] {
		stem[0][i] = 0.5
	}
	scene := &objects.Scene{Objects: []objects.Object{{
		Name: "glide", File: "glide.wav",
		Positions: []objects.Keyframe{
			{Time: 0, Azimuth: objects.F(0), Elevation: objects.F(0)},
			{Time: 1, Azimuth: objects.F(90), Elevation: objects.F(0)},
		},
	}}}
	open := func(string) (render.Stem, error) { return dsp.NewBufferSource(stem, rate), nil }
	l, _ := speakers.Get("5.1")
	e, err := render.New(scene, open, render.Config{Layout: l})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	out := dsp.NewBuffer(e.Channels(), rate)
	n, _ := dsp.ReadFull(e, out)
	fmt.Println(n, "frames,", e.Channels(), "channels")
	// At the start the object is in the centre; at the end it is panned
	// between M+030 and M+110 in proportion sin(20°) : sin(60°) (VBAP),
	// scaled to power 1 and by the stem's 0.5.
	for c, ch := range l.Channels {
		fmt.Printf("%s start %.3f end %.3f\n", ch.Label, out[c][0], out[c][rate-1])
	}
	// Output:
	// 48000 frames, 6 channels
	// M+030 start 0.000 end 0.185
	// M-030 start 0.000 end 0.000
	// M+000 start 0.500 end 0.000
	// LFE1 start 0.000 end 0.000
	// M+110 start 0.000 end 0.465
	// M-110 start 0.000 end 0.000
}
