package adm

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
	"immerse/objects"
	"immerse/speakers"
)

func keyBlock(start, end string, az float64, jump bool, interp *float64, gain float64) TimedBlock {
	s, _ := ParseTime(start)
	e, _ := ParseTime(end)
	ob := &ObjectsBlock{JumpPosition: jump, InterpolationLength: interp}
	ob.Position.Azimuth, ob.Position.Distance, ob.Gain = az, 1, gain
	return TimedBlock{BlockFormat: &BlockFormat{ID: "AB", Objects: ob}, Start: s, End: e}
}

// Blocks become keyframes that reproduce the ADM timing: worked out by
// hand.
func TestKeyframes(t *testing.T) {
	il := 0.025
	blocks := []TimedBlock{
		keyBlock("00:00:00.00000", "00:00:00.30000", 0, false, nil, 1),    // first: at 0
		keyBlock("00:00:00.30000", "00:00:00.60000", 90, false, nil, 1),   // glides over the block: hold at 0.3, key at 0.6
		keyBlock("00:00:00.60000", "00:00:00.90000", 90, true, &il, 0.5),  // ramps the gain over 25 ms
		keyBlock("00:00:01.00000", "00:00:01.20000", 45, false, nil, 0.5), // after a gap: jump
		keyBlock("00:00:01.20000", "00:00:01.40000", -45, true, nil, 0.5), // jump
	}
	keys, dropped, fitted := Keyframes(blocks, 48000, nil, 2)
	g := -20 * math.Log10(2)
	want := []struct {
		t, az float64
		jump  bool
		gain  *float64
	}{
		{0, 0, false, nil}, {0.3, 0, false, nil}, {0.6, 90, false, nil}, {0.625, 90, false, &g}, {1, 45, true, &g}, {1.2, -45, true, &g},
	}
	if len(keys) != len(want) || len(dropped) != 0 || len(fitted) != 0 {
		t.Fatalf("%d keyframes %+v, dropped %v", len(keys), keys, dropped)
	}
	for i, w := range want {
		k := keys[i]
		if math.Abs(k.Time-w.t) > 1e-12 || *k.Azimuth != w.az || k.Jump != w.jump || (k.Gain == nil) != (w.gain == nil) || k.Gain != nil && math.Abs(*k.Gain-*w.gain) > 1e-12 {
			t.Errorf("keyframe %d: time %g az %g jump %v gain %v; want %+v", i, k.Time, *k.Azimuth, k.Jump, k.Gain, w)
		}
	}
	// Metadata a block uses is given on every keyframe (0 where a block
	// has none); what the scene cannot hold is named.
	blocks[1].Objects.Width, blocks[2].Objects.Diffuse, blocks[3].Objects.ScreenRef = 20, 0.5, true
	keys, dropped, _ = Keyframes(blocks, 48000, nil, 2)
	if strings.Join(dropped, "; ") != "screenRef" {
		t.Errorf("dropped %v", dropped)
	}
	wantW := []float64{0, 0, 20, 0, 0, 0}
	wantD := []float64{0, 0, 0, 0.5, 0, 0}
	for i, k := range keys {
		if k.Width == nil || *k.Width != wantW[i] || k.Diffuse == nil || *k.Diffuse != wantD[i] || k.Height != nil || k.Divergence != nil {
			t.Errorf("keyframe %d: width %v diffuse %v height %v", i, k.Width, k.Diffuse, k.Height)
		}
	}
}

// scene -> ADM -> scene: every object's trajectory (direction, distance
// and gain at every 10th sample) and gain come back, and the bed is the
// same layout.
func TestSceneRoundTrip(t *testing.T) {
	s := testScene()
	const frames = 48000
	e, err := FromScene(s, 48000, frames)
	if err != nil {
		t.Fatal(err)
	}
	chna, _ := e.Chna.Bytes()
	d, err := FromChunks(e.Doc.MarshalAXML(), chna)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back, stems, warn := d.SceneOf(items, 48000, frames, func(i int, name string) string { return fmt.Sprintf("%d.wav", i) })
	if len(warn) != 0 {
		t.Errorf("warnings %v", warn)
	}
	if len(back.Objects) != len(s.Objects) || len(back.Beds) != 1 || len(stems) != 3 {
		t.Fatalf("%d objects, %d beds, %d stems", len(back.Objects), len(back.Beds), len(stems))
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	for i := range s.Objects {
		a, b := &s.Objects[i], &back.Objects[i]
		if a.Name != b.Name || math.Abs(a.Gain-b.Gain) > 1e-9 {
			t.Errorf("object %q gain %g came back as %q gain %g", a.Name, a.Gain, b.Name, b.Gain)
		}
		ta, tb := a.Trajectory(48000), b.Trajectory(48000)
		for n := int64(0); n < frames; n += 10 {
			sa, sb := ta.At(n), tb.At(n)
			if sa.Dir.Sub(sb.Dir).Norm() > 1e-9 || math.Abs(sa.Distance-sb.Distance) > 1e-9 || math.Abs(sa.GainDB-sb.GainDB) > 1e-9 {
				t.Fatalf("object %q at sample %d: %+v, came back as %+v", a.Name, n, sa, sb)
			}
		}
	}
	l1, _ := s.BedLayout(&s.Beds[0])
	l2, _ := back.BedLayout(&back.Beds[0])
	if l1.Name != l2.Name || back.Beds[0].Gain != 0 {
		t.Errorf("bed %s came back as %s", l1.Name, l2.Name)
	}
	// The bed's stem takes the master's tracks in the layout's WAV order.
	for c, tr := range stems[2].Tracks {
		if tr != 3+c {
			t.Errorf("bed channel %d from track %d", c, tr)
		}
	}
}

// writeStem writes a test stem: channel c is a ramp c+1, c+2, … scaled.
func writeStem(t *testing.T, path string, channels, frames int, mask uint32) {
	t.Helper()
	w, err := encoders.Create(path, encoders.Format{SampleRate: 48000, Channels: channels, BitDepth: 24, ChannelMask: mask}, encoders.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	buf := dsp.NewBuffer(channels, frames)
	for c := range buf {
		for i := range buf[c] {
			buf[c][i] = float32((c+1)*1000+i) / (1 << 23)
		}
	}
	if err := w.Write(buf); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// ExportFile places every stem on its tracks at its start; ToScene gives
// the stems back (silent outside the blocks) and a scene that loads.
func TestExportAndToSceneFiles(t *testing.T) {
	dir := t.TempDir()
	l, _ := speakers.Get("5.1")
	writeStem(t, filepath.Join(dir, "a.wav"), 1, 1000, 0)
	writeStem(t, filepath.Join(dir, "bed.wav"), 6, 1500, l.Mask)
	f := objects.F
	s := &objects.Scene{Dir: dir, Source: "test.json",
		Objects: []objects.Object{{Name: "a", File: "a.wav", Start: 0.005, Positions: []objects.Keyframe{{Time: 0, Azimuth: f(30), Elevation: f(0)}}}},
		Beds:    []objects.Bed{{Name: "bed", File: "bed.wav", Layout: "5.1", Gain: -3}}}
	master := filepath.Join(dir, "master.wav")
	rep, err := ExportFile(s, master, ExportOptions{ForceDS64: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Frames != 1500 || rep.Tracks != 7 {
		t.Fatalf("report %+v", rep)
	}
	r, err := encoders.Open(master)
	if err != nil {
		t.Fatal(err)
	}
	if r.Container() != encoders.BW64 {
		t.Errorf("container %s, want BW64 (ForceDS64)", r.Container())
	}
	buf := dsp.NewBuffer(7, 1500)
	if n, err := dsp.ReadFull(r, buf); n != 1500 || err != nil {
		t.Fatal(n, err)
	}
	r.Close()
	code := func(v float32) int { return int(math.Round(float64(v) * (1 << 23))) }
	for i := 0; i < 1500; i++ {
		want := 0
		if i >= 240 && i < 1240 {
			want = 1000 + i - 240
		}
		if got := code(buf[0][i]); got != want {
			t.Fatalf("object track frame %d: %d, want %d", i, got, want)
		}
		for c := 0; c < 6; c++ {
			if got := code(buf[1+c][i]); got != (c+1)*1000+i {
				t.Fatalf("bed track %d frame %d: %d", c, i, got)
			}
		}
	}
	// And back to a scene.
	scene := filepath.Join(dir, "back.json")
	srep, err := ToScene(master, scene, SceneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if srep.Objects != 1 || srep.Beds != 1 || len(srep.Warnings) != 0 {
		t.Fatalf("report %+v", srep)
	}
	back, err := objects.Load(scene)
	if err != nil {
		t.Fatal(err)
	}
	if back.Beds[0].Layout != "0+5+0" || math.Abs(back.Beds[0].Gain+3) > 1e-9 {
		t.Errorf("bed %+v", back.Beds[0])
	}
	st, err := encoders.Open(back.Path(back.Beds[0].File))
	if err != nil {
		t.Fatal(err)
	}
	if st.Format().ChannelMask != l.Mask || st.Length() != 1500 {
		t.Errorf("bed stem %s, %d frames", st.Format(), st.Length())
	}
	st.Close()
	if _, err := ToScene(master, scene, SceneOptions{}); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("overwrote the scene without Overwrite: %v", err)
	}
	if _, err := os.Stat(back.Path(back.Objects[0].File)); err != nil {
		t.Error(err)
	}
}

// HOA and muted content cannot go into a scene: warnings say so.
func TestSceneOfWarnings(t *testing.T) {
	d := mustSample(t)
	items, err := d.Items(SelectOptions{ComplementaryObjects: []string{"AO_1004"}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, warn := d.SceneOf(items, 48000, 96000, func(i int, n string) string { return n })
	all := strings.Join(warn, "\n")
	if !strings.Contains(all, "AO_1004") || !strings.Contains(all, "muted") {
		t.Errorf("warnings: %s", all)
	}
}

func TestDescribe(t *testing.T) {
	info := mustSample(t).Describe()
	if len(info.Programmes) != 2 || len(info.Objects) != 4 || len(info.TrackMap) != 7 {
		t.Fatalf("%d programmes, %d objects, %d tracks", len(info.Programmes), len(info.Objects), len(info.TrackMap))
	}
	var voice ChannelInfo
	for _, c := range info.Channels {
		if c.ID == "AC_00031001" {
			voice = c
		}
	}
	if voice.Blocks != 2 || math.Abs(voice.Duration-1) > 1e-12 {
		t.Errorf("voice channel %+v (two blocks: 0.5 s, then 24000/48000 s)", voice)
	}
	if info.TrackMap[0].Track != 1 || info.TrackMap[3].Pack != "AP_00040001" {
		t.Errorf("track map %+v", info.TrackMap)
	}
}
