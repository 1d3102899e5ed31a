package mixer_test

import (
	"fmt"
	"io"
	"math"

	"immerse/dsp"
	"immerse/mixer"
)

// A session with a mono track panned hard left and a stereo track through
// a bus, mixed from stems held in memory.
func Example() {
	doc := `{
	  "sampleRate": 48000,
	  "tracks": [
	    {"name": "Click", "file": "click.wav", "pan": -1, "gain": -6},
	    {"name": "Pad", "file": "pad.wav", "output": "Keys", "balance": 0.5}
	  ],
	  "buses": [{"name": "Keys", "inserts": [{"type": "utility", "gain": -6}]}]
	}`
	s, err := mixer.ParseSession([]byte(doc), "session.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	stems := map[string][][]float32{
		"click.wav": {{1, 0, 0, 0}},
		"pad.wav":   {{0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}},
	}
	open := func(path string) (mixer.Stem, error) { return dsp.NewBufferSource(stems[path], 48000), nil }
	m, err := mixer.New(s, open, mixer.Config{TailSeconds: -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	out := dsp.NewBuffer(2, 8)
	n, _ := m.Read(out)
	_, err = m.Read(out)
	fmt.Println("frames:", n, "then", err == io.EOF)
	for i := 0; i < n; i++ {
		fmt.Printf("%.4f %.4f\n", out[0][i], out[1][i])
	}
	l, r := mixer.PanGains(0, -3)
	fmt.Printf("-3 dB law at centre: %.2f dB, %.2f dB\n", 20*math.Log10(l), 20*math.Log10(r))
	// Output:
	// frames: 4 then true
	// 0.6265 0.2506
	// 0.1253 0.2506
	// 0.1253 0.2506
	// 0.1253 0.2506
	// -3 dB law at centre: -3.01 dB, -3.01 dB
}

// The parameters of an insert type, as `immerse effects` lists them.
func ExampleEffects() {
	for _, e := range mixer.Effects() {
		if e.Type != "gate" {
			continue
		}
		for _, p := range e.Params[:4] {
			fmt.Printf("%-9s %-5s %5g .. %-4g default %g\n", p.Name, p.Unit, p.Min, p.Max, p.Default)
		}
	}
	// Output:
	// threshold dB     -100 .. 0    default -50
	// range     dB        0 .. 120  default 80
	// ratio     ratio     1 .. 100  default 100
	// attack    ms        0 .. 500  default 1
}
