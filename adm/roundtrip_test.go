package adm

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"immerse/encoders"
	"immerse/geom"
	"immerse/objects"
)

// testScene has two moving objects (one with a jump and gain automation)
// and a 7.1.4 bed.
func testScene() *objects.Scene {
	f := objects.F
	return &objects.Scene{
		SampleRate: 48000,
		Objects: []objects.Object{
			{Name: "heli", File: "heli.wav", Gain: -3, Positions: []objects.Keyframe{
				{Time: 0, Azimuth: f(30), Elevation: f(0)},
				{Time: 0.5, Azimuth: f(110), Elevation: f(30), Gain: f(-6)},
				{Time: 0.75, Azimuth: f(-90), Elevation: f(10), Distance: f(0.5), Jump: true},
			}},
			{Name: "fly", File: "fly.wav", Positions: []objects.Keyframe{
				{Time: 0.2, X: f(0.5), Y: f(0.5), Z: f(0.2)},
			}},
		},
		Beds: []objects.Bed{{Name: "music", File: "music.wav", Layout: "7.1.4"}},
	}
}

func TestExportRoundTrip(t *testing.T) {
	s := testScene()
	e, err := FromScene(s, 48000, 48000)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Tracks) != 2+12 {
		t.Fatalf("%d tracks, want 14", len(e.Tracks))
	}
	// Through the bytes of both chunks and back.
	chna, err := e.Chna.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromChunks(e.Doc.MarshalAXML(), chna)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 14 {
		t.Fatalf("%d items, want 14", len(items))
	}
	heli := items[0]
	if heli.Type != Objects || heli.Tracks[0] != 1 || math.Abs(heli.Gain-math.Pow(10, -3.0/20)) > 1e-12 {
		t.Errorf("heli item: %+v", heli)
	}
	// The scene's trajectory is reached at the end of every gliding block.
	traj := s.Objects[0].Trajectory(48000)
	for _, b := range heli.Blocks {
		ob := b.Objects
		endSample := b.End.Samples(48000)
		if ob.JumpPosition {
			endSample = b.Start.Samples(48000)
		}
		st := traj.At(endSample)
		got := geom.Cart(ob.Position.Azimuth, ob.Position.Elevation, ob.Position.Distance)
		want := st.Dir.Scale(st.Distance)
		if got.Sub(want).Norm() > 1e-9 {
			t.Errorf("block %s [%s, %s): position %v, scene %v at sample %d", b.ID, b.Start, b.End, got, want, endSample)
		}
		if g := 20 * math.Log10(ob.Gain); math.Abs(g-st.GainDB) > 1e-9 {
			t.Errorf("block %s: gain %.3f dB, scene %.3f dB", b.ID, g, st.GainDB)
		}
	}
	last := heli.Blocks[len(heli.Blocks)-1]
	if last.End.Samples(48000) != 48000 {
		t.Errorf("last block ends at %s", last.End)
	}
	// The bed: 12 DirectSpeakers items on the common 7.1.4 pack, file
	// tracks in WAV order (FL FR FC LFE BL BR SL SR TFL TFR TBL TBR).
	want := []string{"M+030", "M-030", "M+000", "LFE1", "M+135", "M-135", "M+090", "M-090", "U+045", "U-045", "U+135", "U-135"}
	for i, it := range items[2:] {
		if it.Type != DirectSpeakers || it.Pack.ID != "AP_00010017" || it.Label != want[i] || it.Tracks[0] != 3+i {
			t.Errorf("bed track %d: %s %s label %s track %v", i, it.Type, it.Pack.ID, it.Label, it.Tracks)
		}
		if it.LFE != (want[i] == "LFE1") {
			t.Errorf("bed track %d: LFE %v", i, it.LFE)
		}
	}
}

func TestExportFile(t *testing.T) {
	s := testScene()
	e, err := FromScene(s, 48000, 4800)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "master.wav")
	w, err := e.Create(path, encoders.Format{}, encoders.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([][]float32, len(e.Tracks))
	for i := range buf {
		buf[i] = make([]float32, 4800)
		for n := range buf[i] {
			buf[i][n] = float32(0.1 * math.Sin(float64(n*(i+1))*0.01))
		}
	}
	if err := w.Write(buf); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := encoders.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Container() != encoders.BW64 && r.Container() != encoders.WAV {
		t.Errorf("container %s", r.Container())
	}
	d, err := ReadFrom(r, path)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil || len(items) != 14 {
		t.Fatalf("items: %d, %v", len(items), err)
	}
	if !strings.Contains(string(e.Doc.MarshalAXML()), `audioFormatExtended version="ITU-R_BS.2076-2"`) {
		t.Error("axml lacks the version")
	}
}
