package admrender

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/adm"
	"immerse/dsp"
	"immerse/encoders"
)

// masterBytes returns a small objects master as bytes, and the offset
// and size of its chunk id.
func masterBytes(t testing.TB, xml []byte, frames int) []byte {
	t.Helper()
	dir := t.TempDir()
	x := filepath.Join(dir, "m.xml")
	if err := os.WriteFile(x, xml, 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(dir, "m.wav")
	writeMaster(t, x, m, frames)
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func chunkAt(t testing.TB, b []byte, id string) (int, int) {
	t.Helper()
	i := bytes.Index(b, []byte(id))
	if i < 0 {
		t.Fatalf("no %s chunk", id)
	}
	return i, int(binary.LittleEndian.Uint32(b[i+4:]))
}

// openBytes opens a master held in memory and renders a few blocks.
func openBytes(b []byte, layoutName string) error {
	f, err := encoders.OpenReader(bytes.NewReader(b), "master.wav")
	if err != nil {
		return err
	}
	defer f.Close()
	doc, err := adm.ReadFrom(f, "master.wav")
	if err != nil {
		return err
	}
	l, _ := layoutByName(layoutName)
	r, err := New(f, doc, Options{Layout: l})
	if err != nil {
		return err
	}
	buf := dsp.NewBuffer(r.Channels(), BlockSize)
	for i := 0; i < 8; i++ {
		if _, err := r.Read(buf); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Broken masters give precise errors and no panic.
func TestBadMasters(t *testing.T) {
	xml, err := os.ReadFile("testdata/ear/objects.xml")
	if err != nil {
		t.Fatal(err)
	}
	good := masterBytes(t, xml, 4800)
	if err := openBytes(good, "4+7+0"); err != nil {
		t.Fatalf("the good master fails: %v", err)
	}
	edit := func(from, to string) []byte {
		if !bytes.Contains(xml, []byte(from)) {
			t.Fatalf("no %q in the XML", from)
		}
		return masterBytes(t, bytes.Replace(xml, []byte(from), []byte(to), 1), 4800)
	}
	axmlAt, axmlSize := chunkAt(t, good, "axml")
	chnaAt, _ := chunkAt(t, good, "chna")
	for _, c := range []struct {
		name string
		file []byte
		want []string
	}{
		{"axml cut short", good[:axmlAt+8+axmlSize/2], []string{"no axml chunk: is it truncated?"}},
		{"chna size past the end", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[chnaAt+4:], 1<<30)
			return b
		}(), []string{"chna"}},
		{"no chna", func() []byte {
			b := bytes.Clone(good)
			copy(b[chnaAt:], "junk")
			return b
		}(), []string{"no chna chunk"}},
		{"missing pack", edit("<audioPackFormatIDRef>AP_00031002</audioPackFormatIDRef>", "<audioPackFormatIDRef>AP_00031abc</audioPackFormatIDRef>"), []string{"AP_00031abc"}},
		{"cycle", edit(`<audioObject audioObjectID="AO_1009" audioObjectName="child">`, `<audioObject audioObjectID="AO_1009" audioObjectName="child"><audioObjectIDRef>AO_1008</audioObjectIDRef>`), []string{"AO_1008", "AO_1009", "cycle"}},
		{"interpolation too long", edit(`<jumpPosition interpolationLength="0.025">`, `<jumpPosition interpolationLength="0.5">`), []string{"AB_00031002_00000002", "interpolationLength 0.5 s is longer than the block"}},
		{"block past its object", edit(`start="00:00:00.25000" duration="00:00:00.70000"`, `start="00:00:00.25000" duration="00:00:00.50000"`), []string{"AB_00031007_00000002", "after its audioObject"}},
		{"offset of the other kind", edit(`<positionOffset coordinate="azimuth">10</positionOffset>`, `<positionOffset coordinate="X">0.1</positionOffset>`), []string{"AO_1007", "positionOffset"}},
	} {
		err := openBytes(c.file, "4+7+0")
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
		t.Logf("%s: %v", c.name, err)
	}
}

// FuzzOpen feeds arbitrary bytes through the whole route of a master:
// container, chunks, ADM XML, chna, item selection, renderer set-up and
// the first blocks of audio. Nothing may panic.
func FuzzOpen(f *testing.F) {
	xml, err := os.ReadFile("testdata/ear/speakers.xml")
	if err != nil {
		f.Fatal(err)
	}
	good := masterBytes(f, xml, 600)
	f.Add(good)
	f.Add(good[:len(good)/2])
	hoa, err := os.ReadFile("testdata/ear/hoa.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(masterBytes(f, hoa, 100))
	f.Fuzz(func(t *testing.T, b []byte) {
		openBytes(b, "0+5+0")
	})
}
