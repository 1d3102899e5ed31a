package admrender_test

import (
	"fmt"
	"os"
	"path/filepath"

	"immerse/adm"
	"immerse/admrender"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/speakers"
)

// A 5.1 master whose chna alone points at the BS.2094 common definitions
// (no axml), rendered to stereo: the centre channel plays on both front
// loudspeakers at -3 dB (the BS.2127 mapping rule for M+000).
func Example() {
	dir, _ := os.MkdirTemp("", "admrender-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "master.wav")

	chna := &adm.Chna{Tracks: 6}
	for i := 1; i <= 6; i++ {
		chna.Entries = append(chna.Entries, adm.ChnaEntry{Track: i, UID: fmt.Sprintf("ATU_%08d", i),
			TrackRef: fmt.Sprintf("AT_000100%02d_01", i), PackRef: "AP_00010003"})
	}
	payload, _ := chna.Bytes()
	w, _ := encoders.Create(path, encoders.Format{SampleRate: 48000, Channels: 6, BitDepth: 24},
		encoders.WriteOptions{Chunks: []encoders.Chunk{{ID: "chna", Data: payload}}})
	audio := dsp.NewBuffer(6, 4)
	audio[2][0] = 0.5 // a click on the centre track
	w.Write(audio)
	w.Close()

	stereo, _ := speakers.Get("stereo")
	r, err := admrender.Open(path, admrender.Options{Layout: stereo})
	if err != nil {
		panic(err)
	}
	defer r.Close()
	out := dsp.NewBuffer(r.Channels(), 4)
	n, _ := r.Read(out)
	fmt.Println(n, "frames, latency", r.Latency())
	for c, ch := range stereo.Channels {
		fmt.Printf("%s %.4f\n", ch.Label, out[c][0])
	}
	// Output:
	// 4 frames, latency 0
	// M+030 0.3536
	// M-030 0.3536
}
