package admrender

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"immerse/adm"
	"immerse/encoders"
)

// The test masters: a hand-written axml (testdata/ear/*.xml) whose
// audioTrackUIDs ATU_0000000n sit on track n, and synthetic audio: on each
// track, white noise of amplitude 0.1 from a xorshift generator seeded by
// the track number, quantised to 24 bits by the writer. The same code
// writes the file rendered once by the reference renderer (see
// testdata/ear/README.md) and the file our tests render.

// noiseGen is a xorshift64 generator of uniform noise in [-1, 1).
type noiseGen struct{ s uint64 }

func (g *noiseGen) next() float64 {
	g.s ^= g.s << 13
	g.s ^= g.s >> 7
	g.s ^= g.s << 17
	return float64(g.s>>11)/(1<<53)*2 - 1
}

// writeMaster writes a BW64 master of frames frames at 48 kHz with the
// axml of xmlPath and a chna built from its audioTrackUIDs.
func writeMaster(t testing.TB, xmlPath, out string, frames int) {
	t.Helper()
	axml, err := os.ReadFile(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := adm.ParseAXML(axml)
	if err != nil {
		t.Fatal(err)
	}
	chna := &adm.Chna{}
	for _, u := range doc.TrackUIDs {
		n, err := strconv.ParseInt(strings.TrimPrefix(u.ID, "ATU_"), 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		ref := u.TrackFormatRef
		if ref == "" {
			ref = u.ChannelRef
		}
		chna.Entries = append(chna.Entries, adm.ChnaEntry{Track: int(n), UID: u.ID, TrackRef: ref, PackRef: u.PackRef})
		chna.Tracks = max(chna.Tracks, int(n))
	}
	cb, err := chna.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	w, err := encoders.Create(out, encoders.Format{SampleRate: 48000, Channels: chna.Tracks, BitDepth: 24},
		encoders.WriteOptions{Overwrite: true, BW64: true, Container: encoders.WAV,
			Chunks: []encoders.Chunk{{ID: "chna", Data: cb}, {ID: "axml", Data: axml}}})
	if err != nil {
		t.Fatal(err)
	}
	gens := make([]noiseGen, chna.Tracks)
	for i := range gens {
		gens[i].s = 0x9E3779B97F4A7C15 * uint64(i+1)
	}
	buf := make([][]float32, chna.Tracks)
	for i := range buf {
		buf[i] = make([]float32, 4096)
	}
	for done := 0; done < frames; {
		n := min(4096, frames-done)
		for c := range buf {
			for i := 0; i < n; i++ {
				buf[c][i] = float32(0.1 * gens[c].next())
			}
		}
		view := make([][]float32, len(buf))
		for c := range buf {
			view[c] = buf[c][:n]
		}
		if err := w.Write(view); err != nil {
			t.Fatal(err)
		}
		done += n
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteMasterForReference(t *testing.T) {
	out := os.Getenv("ADMRENDER_WRITE_MASTER")
	if out == "" {
		t.Skip("set ADMRENDER_WRITE_MASTER=dir to write the test masters the reference renderer renders (see testdata/ear/README.md)")
	}
	for _, m := range earMasters {
		writeMaster(t, "testdata/ear/"+m.name+".xml", fmt.Sprintf("%s/%s.wav", out, m.name), m.frames)
	}
}

// earMasters are the masters compared with the reference renderer.
var earMasters = []struct {
	name   string
	frames int
}{
	{"objects", 57600},
	{"hoa", 28800},
	{"speakers", 28800},
}
