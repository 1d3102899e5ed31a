package adm

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sampleAXML is a small hand-written document exercising every element.
const sampleAXML = `<?xml version="1.0" encoding="UTF-8"?>
<ebuCoreMain xmlns="urn:ebu:metadata-schema:ebuCore_2016"><coreMetadata><format>
<audioFormatExtended version="ITU-R_BS.2076-2">
 <audioProgramme audioProgrammeID="APR_1002" audioProgrammeName="alt"><audioContentIDRef>ACO_1001</audioContentIDRef></audioProgramme>
 <audioProgramme audioProgrammeID="APR_1001" audioProgrammeName="main" start="00:00:00.00000">
  <audioContentIDRef>ACO_1001</audioContentIDRef>
  <audioProgrammeReferenceScreen aspectRatio="1.5">
   <screenCentrePosition azimuth="10.0" elevation="0.0" distance="1.0"/>
   <screenWidth azimuth="40.0"/>
  </audioProgrammeReferenceScreen>
 </audioProgramme>
 <audioContent audioContentID="ACO_1001" audioContentName="c"><audioObjectIDRef>AO_1001</audioObjectIDRef><audioObjectIDRef>AO_1003</audioObjectIDRef></audioContent>
 <audioObject audioObjectID="AO_1001" audioObjectName="group">
  <gain gainUnit="dB">-6</gain>
  <audioObjectIDRef>AO_1002</audioObjectIDRef>
 </audioObject>
 <audioObject audioObjectID="AO_1002" audioObjectName="voice" start="00:00:01.00000" duration="00:00:02.00000">
  <gain>0.5</gain>
  <audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef>
  <audioTrackUIDRef>ATU_00000001</audioTrackUIDRef>
 </audioObject>
 <audioObject audioObjectID="AO_1003" audioObjectName="bed">
  <audioComplementaryObjectIDRef>AO_1004</audioComplementaryObjectIDRef>
  <audioPackFormatIDRef>AP_00010002</audioPackFormatIDRef>
  <audioTrackUIDRef>ATU_00000002</audioTrackUIDRef>
  <audioTrackUIDRef>ATU_00000003</audioTrackUIDRef>
 </audioObject>
 <audioObject audioObjectID="AO_1004" audioObjectName="hoa">
  <mute>1</mute>
  <audioPackFormatIDRef>AP_00040001</audioPackFormatIDRef>
  <audioTrackUIDRef>ATU_00000004</audioTrackUIDRef>
  <audioTrackUIDRef>ATU_00000005</audioTrackUIDRef>
  <audioTrackUIDRef>ATU_00000006</audioTrackUIDRef>
  <audioTrackUIDRef>ATU_00000007</audioTrackUIDRef>
 </audioObject>
 <audioPackFormat audioPackFormatID="AP_00031001" audioPackFormatName="voice" typeLabel="0003" typeDefinition="Objects">
  <audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef>
 </audioPackFormat>
 <audioChannelFormat audioChannelFormatID="AC_00031001" audioChannelFormatName="voice" typeLabel="0003" typeDefinition="Objects">
  <audioBlockFormat audioBlockFormatID="AB_00031001_00000001" rtime="00:00:00.00000" duration="00:00:00.50000">
   <position coordinate="azimuth" screenEdgeLock="left">30.0</position>
   <position coordinate="elevation">10.0</position>
   <width>20</width><height>10</height><depth>0.2</depth><diffuse>0.25</diffuse>
   <gain>0.8</gain>
   <channelLock maxDistance="0.5">1</channelLock>
   <objectDivergence azimuthRange="30">0.5</objectDivergence>
   <zoneExclusion><zone minAzimuth="-180" maxAzimuth="180" minElevation="20" maxElevation="90">top</zone>
    <zone minX="-1" maxX="1" minY="-1" maxY="0" minZ="-1" maxZ="1"/></zoneExclusion>
   <screenRef>1</screenRef>
   <importance>7</importance>
  </audioBlockFormat>
  <audioBlockFormat audioBlockFormatID="AB_00031001_00000002" rtime="00:00:00.50000" duration="00:00:00.24000S48000">
   <position coordinate="X">0.5</position><position coordinate="Y">1</position><position coordinate="Z" screenEdgeLock="top">0</position>
   <cartesian>1</cartesian>
   <jumpPosition interpolationLength="0.05">1</jumpPosition>
  </audioBlockFormat>
 </audioChannelFormat>
 <audioTrackUID UID="ATU_00000001" sampleRate="48000" bitDepth="24"><audioTrackFormatIDRef>AT_00031001_01</audioTrackFormatIDRef><audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef></audioTrackUID>
 <audioTrackFormat audioTrackFormatID="AT_00031001_01" audioTrackFormatName="voice" formatDefinition="PCM"><audioStreamFormatIDRef>AS_00031001</audioStreamFormatIDRef></audioTrackFormat>
 <audioStreamFormat audioStreamFormatID="AS_00031001" audioStreamFormatName="voice" formatDefinition="PCM"><audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef><audioTrackFormatIDRef>AT_00031001_01</audioTrackFormatIDRef></audioStreamFormat>
</audioFormatExtended></format></coreMetadata></ebuCoreMain>`

// sampleChna maps seven tracks; tracks 2 and 3 via the common stereo
// definitions, 4..7 via HOA channels directly (the BS.2076-2 route).
func sampleChna() *Chna {
	return &Chna{Tracks: 7, Entries: []ChnaEntry{
		{1, "ATU_00000001", "AT_00031001_01", "AP_00031001"},
		{2, "ATU_00000002", "AT_00010001_01", "AP_00010002"},
		{3, "ATU_00000003", "AT_00010002_01", "AP_00010002"},
		{4, "ATU_00000004", "AC_00040001", "AP_00040001"},
		{5, "ATU_00000005", "AC_00040002", "AP_00040001"},
		{6, "ATU_00000006", "AC_00040003", "AP_00040001"},
		{7, "ATU_00000007", "AC_00040004", "AP_00040001"},
	}}
}

func mustSample(t *testing.T) *Document {
	t.Helper()
	chna, err := sampleChna().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromChunks([]byte(sampleAXML), chna)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseSample(t *testing.T) {
	d := mustSample(t)
	if d.Version != 2 || len(d.Programmes) != 2 || len(d.Objects) != 4 {
		t.Fatalf("version %d, %d programmes, %d objects", d.Version, len(d.Programmes), len(d.Objects))
	}
	p := d.Programmes[1]
	if s := p.ReferenceScreen; s == nil || s.AspectRatio != 1.5 || s.CentreAzimuth != 10 || s.WidthAzimuth != 40 {
		t.Errorf("reference screen %+v", p.ReferenceScreen)
	}
	if g := d.Objects[0].Gain; math.Abs(g-math.Pow(10, -6.0/20)) > 1e-15 {
		t.Errorf("dB gain read as %g", g)
	}
	var ch *ChannelFormat
	for _, c := range d.ChannelFormats {
		if c.ID == "AC_00031001" {
			ch = c
		}
	}
	b := ch.Blocks[0]
	o := b.Objects
	if o.Position.Azimuth != 30 || o.Position.Elevation != 10 || o.Position.Distance != 1 || o.Position.ScreenEdgeLock.Horizontal != "left" {
		t.Errorf("position %+v", o.Position)
	}
	if o.Width != 20 || o.Height != 10 || o.Depth != 0.2 || o.Diffuse != 0.25 || o.Gain != 0.8 || !o.ScreenRef || b.Importance != 7 {
		t.Errorf("block 1: %+v", o.BlockFormat)
	}
	if o.ChannelLock == nil || !o.ChannelLock.HasMaxDistance || o.ChannelLock.MaxDistance != 0.5 {
		t.Errorf("channelLock %+v", o.ChannelLock)
	}
	if dv := o.Divergence; dv == nil || dv.Value != 0.5 || !dv.HasAzimuthRange || dv.AzimuthRange != 30 || dv.HasPositionRange {
		t.Errorf("divergence %+v", o.Divergence)
	}
	if len(o.ZoneExclusion) != 2 || o.ZoneExclusion[0].MinElevation != 20 || !o.ZoneExclusion[1].Cartesian || o.ZoneExclusion[1].MaxY != 0 {
		t.Errorf("zones %+v", o.ZoneExclusion)
	}
	b2 := ch.Blocks[1]
	o2 := b2.Objects
	if !o2.Position.Cartesian || !o2.Cartesian || o2.Position.X != 0.5 || o2.Position.ScreenEdgeLock.Vertical != "top" || !o2.JumpPosition || *o2.InterpolationLength != 0.05 {
		t.Errorf("block 2 %+v", o2)
	}
	if *b2.Duration != (Time{24000, 48000}) || b2.RTime.Seconds() != 0.5 {
		t.Errorf("block 2 times %v %v", b2.RTime, b2.Duration)
	}
}

func TestItemsSample(t *testing.T) {
	d := mustSample(t)
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Default programme APR_1001 (lowest ID); AO_1003 plays, its
	// complementary AO_1004 does not.
	if len(items) != 3 {
		t.Fatalf("%d items: %+v", len(items), items)
	}
	v := items[0]
	// Only the innermost object's gain (0.5) applies, as in EAR; the
	// enclosing object's -6 dB does not multiply in.
	wantGain := 0.5
	if v.Type != Objects || v.Tracks[0] != 1 || math.Abs(v.Gain-wantGain) > 1e-15 || len(v.Objects) != 2 || v.ReferenceScreen == nil {
		t.Errorf("voice item %+v", v)
	}
	// Blocks on the programme timeline: the object holding the track
	// starts at 1 s (as in the reference renderer, the start of the
	// innermost object counts).
	if v.Blocks[0].Start.Seconds() != 1 || v.Blocks[0].End.Seconds() != 1.5 || v.Blocks[1].End.Seconds() != 2 {
		t.Errorf("voice blocks at %v-%v, %v-%v", v.Blocks[0].Start, v.Blocks[0].End, v.Blocks[1].Start, v.Blocks[1].End)
	}
	if items[1].Label != "M+030" || items[2].Label != "M-030" || items[1].Pack.ID != "AP_00010002" || items[2].Tracks[0] != 3 {
		t.Errorf("stereo bed items %+v %+v", items[1], items[2])
	}
	x := v.ExtraData(d.Version)
	if x.ObjectGain != v.Gain || x.DocumentVersion != 2 {
		t.Errorf("extra data %+v", x)
	}

	// Choosing the complementary object plays the HOA pack instead.
	items, err = d.Items(SelectOptions{ComplementaryObjects: []string{"AO_1004"}})
	if err != nil {
		t.Fatal(err)
	}
	h := items[len(items)-1]
	if len(items) != 2 || h.Type != HOA || fmt.Sprint(h.Tracks) != "[4 5 6 7]" || fmt.Sprint(h.Orders) != "[0 1 1 1]" ||
		fmt.Sprint(h.Degrees) != "[0 -1 0 1]" || h.Normalization != "SN3D" || !h.Mute {
		t.Errorf("HOA item %+v", h)
	}
	if _, err := d.Items(SelectOptions{Programme: "APR_1009"}); err == nil || !strings.Contains(err.Error(), "APR_1001, APR_1002") {
		t.Errorf("unknown programme: %v", err)
	}
	if _, err := d.Items(SelectOptions{ComplementaryObjects: []string{"AO_1002"}}); err == nil || !strings.Contains(err.Error(), "AO_1002") {
		t.Errorf("bad complementary object: %v", err)
	}
	if items, err := d.Items(SelectOptions{Programme: "APR_1002"}); err != nil || items[0].ReferenceScreen != nil {
		t.Errorf("programme APR_1002: %v", err)
	}
}

// TestMarshalRoundTrip: model -> XML -> model keeps every field.
func TestMarshalRoundTrip(t *testing.T) {
	d := mustSample(t)
	d2, err := ParseAXML(d.MarshalAXML())
	if err != nil {
		t.Fatal(err)
	}
	chna, _ := sampleChna().Bytes()
	c, _ := ParseChna(chna)
	if err := d2.Resolve(c); err != nil {
		t.Fatal(err)
	}
	a, _ := d.Items(SelectOptions{ComplementaryObjects: []string{"AO_1004"}})
	b, _ := d2.Items(SelectOptions{ComplementaryObjects: []string{"AO_1004"}})
	if !reflect.DeepEqual(flatten(a), flatten(b)) {
		t.Errorf("items differ after a round trip:\n%+v\n%+v", flatten(a), flatten(b))
	}
	for i := range d.ChannelFormats {
		x, y := d.ChannelFormats[i], d2.ChannelFormats[i]
		if x.Common {
			continue
		}
		if !reflect.DeepEqual(x, y) {
			for k := range x.Blocks {
				t.Errorf("channel %s differs after a round trip:\n%+v %+v\n%+v %+v", x.ID, *x.Blocks[k], *x.Blocks[k].Objects, *y.Blocks[k], *y.Blocks[k].Objects)
			}
		}
	}
}

// flatten prints the comparable content of items.
func flatten(items []Item) []string {
	var out []string
	for _, it := range items {
		s := fmt.Sprintf("%s %v %v %g %v %s %v %v %s", it.Type, it.Tracks, it.TrackUIDs, it.Gain, it.Mute, it.Label, it.Orders, it.Degrees, it.Normalization)
		for _, b := range it.Blocks {
			s += fmt.Sprintf(" [%s %s %s]", b.ID, b.Start, b.End)
			if b.Objects != nil {
				s += fmt.Sprintf("%+v %+v %+v %v", b.Objects.Position, b.Objects.ChannelLock, b.Objects.Divergence, b.Objects.ZoneExclusion)
			}
		}
		out = append(out, s)
	}
	return out
}

func TestChnaOnly(t *testing.T) {
	// A 7.1.4 bed described by its chna alone.
	c := &Chna{Tracks: 12}
	ids := []string{"01", "02", "03", "04", "0a", "0b", "1c", "1d", "22", "23", "1e", "1f"}
	for i, id := range ids {
		c.Entries = append(c.Entries, ChnaEntry{Track: i + 1, UID: fmt.Sprintf("ATU_%08d", i+1), TrackRef: "AT_000100" + id + "_01", PackRef: "AP_00010017"})
	}
	b, _ := c.Bytes()
	d, err := FromChunks(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
		if it.Type != DirectSpeakers || it.Pack.ID != "AP_00010017" || !it.Blocks[0].Open {
			t.Errorf("item %+v", it)
		}
	}
	if got := strings.Join(labels, " "); got != "M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135 U+045 U-045 U+135 U-135" {
		t.Errorf("labels %s", got)
	}
	if !items[3].LFE || items[0].LFE {
		t.Error("LFE flags")
	}
}

func TestCommonDefinitions(t *testing.T) {
	for _, tc := range []struct {
		layout, pack string
		n            int
	}{{"0+2+0", "AP_00010002", 2}, {"0+5+0", "AP_00010003", 6}, {"4+7+0", "AP_00010017", 12},
		{"9+10+3", "AP_00010009", 24}, {"2+7+0", "AP_00010016", 10}, {"6+9+0", "", 0}} {
		id := CommonPackForLayout(tc.layout)
		if id != tc.pack {
			t.Errorf("%s: pack %q, want %q", tc.layout, id, tc.pack)
			continue
		}
		if id != "" && len(CommonPack(id).Channels) != tc.n {
			t.Errorf("%s: %d channels", id, len(CommonPack(id).Channels))
		}
	}
	c := CommonChannel("AC_00010022")
	if b := c.Blocks[0].DirectSpeakers; SpeakerLabel(b.Labels[0]) != "U+045" || b.Azimuth.Value != 45 || b.Elevation.Value != 30 {
		t.Errorf("AC_00010022: %+v", b)
	}
	if c := CommonChannel("AC_00010004"); c.LowPass != 120 {
		t.Errorf("LFE low pass %g", c.LowPass)
	}
	tf := CommonTrackFormat("AT_0001001e_01")
	if tf == nil || tf.Stream.Channel.ID != "AC_0001001e" {
		t.Errorf("AT_0001001e_01: %+v", tf)
	}
	// HOA: ACN 8 is order 2 degree 2; third-order SN3D nests order 2.
	if h := CommonChannel("AC_00040009").Blocks[0].HOA; h.Order != 2 || h.Degree != 2 || h.Normalization != "SN3D" {
		t.Errorf("AC_00040009: %+v", h)
	}
	if h := CommonChannel("AC_00040204").Blocks[0].HOA; h.Order != 1 || h.Degree != 1 || h.Normalization != "FuMa" || CommonChannel("AC_00040204").Name != "FuMa_X" {
		t.Errorf("AC_00040204: %+v", h)
	}
	if p := CommonPack("AP_00040003"); len(p.Channels) != 7 || p.Packs[0].ID != "AP_00040002" {
		t.Errorf("AP_00040003: %d channels, packs %v", len(p.Channels), p.PackRefs)
	}
	if SpeakerLabel("urn:itu:bs:2051:0:speaker:LFER") != "LFE2" || SpeakerLabel(" M+030 ") != "M+030" {
		t.Error("SpeakerLabel")
	}
}

func TestTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Time
		out  string
	}{
		{"00:00:01.50000", Time{150000, 100000}, "00:00:01.50000"},
		{"01:02:03.5", Time{37235, 10}, "01:02:03.50000"},
		{"00:00:00.00001S48000", Time{1, 48000}, "00:00:00.00001S48000"},
		{"00:01:00.24000S48000", Time{60*48000 + 24000, 48000}, "00:01:00.24000S48000"},
		{"00:00:00.123456789", Time{123456789, 1000000000}, "00:00:00.123456789"},
	} {
		got, err := ParseTime(tc.in)
		if err != nil || got != tc.want || got.String() != tc.out {
			t.Errorf("ParseTime(%q) = %+v (%s), %v", tc.in, got, got, err)
		}
	}
	for _, bad := range []string{"", "1:2", "00:00:01", "00:61:00.0", "aa:00:00.0", "00:00:00.5S4", "00:00:00.1S0", "00:00:00.1234567890", "100:00:00.0"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
	if n := (Time{1, 3}).Samples(48000); n != 16000 {
		t.Errorf("1/3 s = %d samples", n)
	}
	if s := SampleTime(1, 48000); s.String() != "00:00:00.00001S48000" {
		t.Errorf("SampleTime(1) = %s", s)
	}
	if s := SampleTime(24000, 48000); s.String() != "00:00:00.50000" {
		t.Errorf("SampleTime(24000) = %s", s)
	}
}

func TestChnaBytes(t *testing.T) {
	c := sampleChna()
	b, err := c.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4+40*7 {
		t.Fatalf("%d bytes", len(b))
	}
	c2, err := ParseChna(b)
	if err != nil || fmt.Sprint(c2) != fmt.Sprint(c) {
		t.Errorf("round trip: %+v, %v", c2, err)
	}
	// Reserved (track 0) entries are skipped; trailing room is allowed.
	b = append(b, make([]byte, 80)...)
	b[2] = 9
	if c3, err := ParseChna(b); err != nil || len(c3.Entries) != 7 {
		t.Errorf("reserved entries: %v", err)
	}
	for name, mod := range map[string]func([]byte){
		"truncated": func(b []byte) { b[2] = 200 },
		"bad UID":   func(b []byte) { copy(b[6:], "XYZ_") },
		"bad ref":   func(b []byte) { copy(b[18:], "QQ_") },
		"track":     func(b []byte) { b[4] = 99 },
	} {
		b, _ := c.Bytes()
		mod(b)
		if _, err := ParseChna(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// errorCase edits the sample document and expects an error naming what.
func TestParseErrors(t *testing.T) {
	chna, _ := sampleChna().Bytes()
	for _, tc := range []struct{ old, new, want string }{
		{`<audioObjectIDRef>AO_1002</audioObjectIDRef>`, `<audioObjectIDRef>AO_1099</audioObjectIDRef>`, `audioObject AO_1001: audioObjectIDRef "AO_1099" names no element`},
		{`<audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef>
  <audioTrackUIDRef>`, `<audioPackFormatIDRef>AP_00031009</audioPackFormatIDRef>
  <audioTrackUIDRef>`, `audioObject AO_1002: audioPackFormatIDRef "AP_00031009"`},
		{`<audioPackFormatIDRef>AP_00010002</audioPackFormatIDRef>`, `<audioPackFormatIDRef>AP_00010099</audioPackFormatIDRef>`, `not a BS.2094 common definition`},
		{`<gain>0.5</gain>`, `<gain>0.5</gain><audioObjectIDRef>AO_1001</audioObjectIDRef>`, `form a cycle (AO_1001 -> AO_1002 -> AO_1001)`},
		{`rtime="00:00:00.50000"`, `rtime="00:00:0x.50000"`, `audioBlockFormat AB_00031001_00000002`},
		{`<width>20</width>`, `<width>wide</width>`, `width "wide" is not a finite number`},
		{`<diffuse>0.25</diffuse>`, `<diffuse>1.5</diffuse>`, `AB_00031001_00000001 (line 40): diffuse 1.5 is outside 0..1`},
		{`<position coordinate="elevation">10.0</position>`, ``, `found azimuth`},
		{`duration="00:00:00.50000"`, ``, `rtime and duration must be given together`},
		{`audioObjectID="AO_1003"`, `audioObjectID="AO_1002"`, `audioObject AO_1002 is defined twice`},
		{`typeLabel="0003" typeDefinition="Objects">
  <audioChannelFormatIDRef>`, `typeDefinition="Things">
  <audioChannelFormatIDRef>`, `unknown typeDefinition "Things"`},
		{`<zone minX="-1" maxX="1" minY="-1" maxY="0" minZ="-1" maxZ="1"/>`, `<zone minX="-1"/>`, `a zone needs`},
		{`rtime="00:00:00.50000" duration="00:00:00.24000S48000"`, `rtime="00:00:00.40000" duration="00:00:00.24000S48000"`, `starts at 00:00:01.40000, before the previous block ends (00:00:01.50000)`},
	} {
		doc := strings.Replace(sampleAXML, tc.old, tc.new, 1)
		if doc == sampleAXML {
			t.Fatalf("edit %q not applied", tc.old)
		}
		d, err := FromChunks([]byte(doc), chna)
		if err == nil {
			_, err = d.Items(SelectOptions{})
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("edit %q: error %v, want %q", tc.new, err, tc.want)
		}
	}
	// A pack cycle.
	doc := strings.Replace(sampleAXML, `<audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef>
 </audioPackFormat>`, `<audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef><audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef>
 </audioPackFormat>`, 1)
	if _, err := FromChunks([]byte(doc), chna); err == nil || !strings.Contains(err.Error(), "audioPackFormat AP_00031001: nested audioPackFormats form a cycle") {
		t.Errorf("pack cycle: %v", err)
	}
}

// TestHostileXML: entity tricks, deep nesting and huge strings are refused
// quickly and without unbounded memory.
func TestHostileXML(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><audioFormatExtended><audioContent audioContentID="ACO_1001" audioContentName="&lol3;"/></audioFormatExtended>`
	deep := strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000)
	huge := `<audioFormatExtended><audioContent audioContentID="ACO_1001" audioContentName="` + strings.Repeat("x", 1<<20) + `"/></audioFormatExtended>`
	hugeText := `<audioFormatExtended><audioContent audioContentID="ACO_1001">` + strings.Repeat("y", 1<<20) + `</audioContent></audioFormatExtended>`
	external := `<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><audioFormatExtended/>`
	undefined := `<audioFormatExtended><audioContent audioContentID="&xxe;"/></audioFormatExtended>`
	many := "<audioFormatExtended>" + strings.Repeat("<b/>", 200000) + "</audioFormatExtended>"
	for name, doc := range map[string]string{"billion laughs": laughs, "deep nesting": deep, "huge attribute": huge,
		"huge text": hugeText, "external entity": external, "undefined entity": undefined, "many elements": many} {
		start := time.Now()
		_, err := ParseAXMLLimits([]byte(doc), Limits{MaxBytes: 4 << 20, MaxDepth: 64, MaxElements: 100000, MaxText: 64 << 10})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if name != "undefined entity" && !errors.Is(err, ErrLimit) {
			t.Errorf("%s: error %v does not wrap ErrLimit", name, err)
		}
		t.Logf("%s: refused in %v: %v", name, time.Since(start).Round(time.Microsecond), clipText(err.Error()))
	}
	if _, err := ParseAXMLLimits(make([]byte, 5<<20), Limits{MaxBytes: 4 << 20, MaxDepth: 64, MaxElements: 10, MaxText: 10}); !errors.Is(err, ErrLimit) {
		t.Errorf("oversized document: %v", err)
	}
}

// TestSharedObjectsBounded: a chain of objects each nesting the next twice
// would make 2^40 paths; the walk stops with an error instead.
func TestSharedObjectsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<audioFormatExtended>`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, `<audioObject audioObjectID="AO_%04x"><audioObjectIDRef>AO_%04x</audioObjectIDRef><audioObjectIDRef>AO_%04x</audioObjectIDRef></audioObject>`, 0x1001+i, 0x1002+i, 0x1002+i)
	}
	fmt.Fprintf(&b, `<audioObject audioObjectID="AO_%04x"/></audioFormatExtended>`, 0x1001+40)
	d, err := FromChunks([]byte(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := d.Items(SelectOptions{}); err == nil || !strings.Contains(err.Error(), "reached more than") {
		t.Errorf("shared objects: %v", err)
	}
	t.Logf("refused after %v", time.Since(start).Round(time.Millisecond))
}
