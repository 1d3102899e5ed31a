package adm

import (
	"testing"
)

// fuzzLimits keep fuzzing fast; the parser must refuse, never panic.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxElements: 20000, MaxText: 4096}

func FuzzParseAXML(f *testing.F) {
	f.Add([]byte(sampleAXML))
	f.Add([]byte(`<audioFormatExtended><audioObject audioObjectID="AO_1001"><audioObjectIDRef>AO_1001</audioObjectIDRef></audioObject></audioFormatExtended>`))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><audioFormatExtended/>`))
	f.Add([]byte(`<audioFormatExtended><audioChannelFormat audioChannelFormatID="AC_00041001" typeLabel="0004"><audioBlockFormat><order>1</order><degree>-1</degree></audioBlockFormat></audioChannelFormat></audioFormatExtended>`))
	e, _ := FromScene(testScene(), 48000, 48000)
	f.Add(e.Doc.MarshalAXML())
	e, _ = FromScene(metaScene(), 48000, 48000)
	f.Add(e.Doc.MarshalAXML())
	chna, _ := sampleChna().Bytes()
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseAXMLLimits(data, fuzzLimits)
		if err != nil {
			return
		}
		c, _ := ParseChna(chna)
		if err := d.Resolve(c); err != nil {
			return
		}
		items, err := d.Items(SelectOptions{})
		if err != nil {
			return
		}
		// Whatever converts to a scene makes a valid one.
		if s, _, _ := d.SceneOf(items, 48000, 48000, func(i int, n string) string { return n }); len(s.Objects)+len(s.Beds) > 0 {
			if err := s.Validate(); err != nil {
				t.Fatalf("converted scene: %v", err)
			}
		}
		// What was read writes and reads back.
		if _, err := ParseAXMLLimits(d.MarshalAXML(), DefaultLimits); err != nil {
			t.Fatalf("re-reading written document: %v", err)
		}
	})
}

func FuzzParseCHNA(f *testing.F) {
	b, _ := sampleChna().Bytes()
	f.Add(b)
	f.Add([]byte{1, 0, 1, 0})
	f.Add(append([]byte{2, 0, 3, 0}, make([]byte, 120)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseChna(data)
		if err != nil {
			return
		}
		out, err := c.Bytes()
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		c2, err := ParseChna(out)
		if err != nil || len(c2.Entries) != len(c.Entries) {
			t.Fatalf("round trip: %v", err)
		}
		// A chna alone resolves against the common definitions or fails
		// cleanly.
		d := &Document{}
		if d.Resolve(c) == nil {
			d.Items(SelectOptions{})
		}
	})
}

func BenchmarkParseAXML(b *testing.B) {
	e, _ := FromScene(testScene(), 48000, 48000*60)
	doc := e.Doc.MarshalAXML()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseAXML(doc); err != nil {
			b.Fatal(err)
		}
	}
}
