package demo

import (
	"path/filepath"
	"strings"
	"testing"

	"immerse/encoders"
	"immerse/mixer"
	"immerse/objects"
)

// The written demo files load as a valid scene and session whose stems
// exist and match the synthesised ones.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	w, err := Write(dir, 48000, false)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := objects.Load(w.Scene)
	if err != nil {
		t.Fatal(err)
	}
	_, sst := Scene(48000)
	for _, o := range sc.Objects {
		r, err := encoders.Open(sc.Path(o.File))
		if err != nil {
			t.Fatal(err)
		}
		if r.Length() != int64(len(sst[filepath.Base(o.File)][0])) {
			t.Errorf("%s: %d frames", o.File, r.Length())
		}
		r.Close()
	}
	b, _ := encoders.Stat(sc.Path(sc.Beds[0].File))
	if b.Format.ChannelMask != 0x563F || b.Format.Channels != 10 {
		t.Errorf("bed stem %+v", b.Format)
	}
	se, err := mixer.LoadSession(w.Session)
	if err != nil {
		t.Fatal(err)
	}
	if len(se.Tracks) != 8 || !strings.HasPrefix(se.Tracks[0].File, "session/") {
		t.Errorf("session tracks %+v", se.Tracks)
	}
	if _, err := Write(dir, 48000, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second write without overwrite: %v", err)
	}
	if _, err := Write(dir, 48000, true); err != nil {
		t.Errorf("overwrite: %v", err)
	}
}
