package encoders

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRefuseInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.wav")
	os.WriteFile(in, []byte("x"), 0o644)
	link := filepath.Join(dir, "link.wav")
	if err := os.Link(in, link); err != nil {
		t.Skip("no hard links here")
	}
	for _, out := range []string{in, filepath.Join(dir, ".", "in.wav"), link} {
		if err := RefuseInput(in, out); !errors.Is(err, ErrIsInput) {
			t.Errorf("RefuseInput(%s) = %v", out, err)
		}
	}
	if err := RefuseInput(in, filepath.Join(dir, "new.wav")); err != nil {
		t.Errorf("a new file: %v", err)
	}
	if err := RefuseInput(filepath.Join(dir, "missing.wav"), filepath.Join(dir, "o.wav")); err == nil {
		t.Error("a missing input passed")
	}
}

func TestAtBitDepth(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 2, BitDepth: 24}
	if g := f.AtBitDepth(32); g.BitDepth != 32 || !g.Float {
		t.Errorf("32: %+v", g)
	}
	if g := (Format{BitDepth: 32, Float: true}).AtBitDepth(16); g.BitDepth != 16 || g.Float {
		t.Errorf("16: %+v", g)
	}
	if g := (Format{BitDepth: 8}).AtBitDepth(0); g.BitDepth != 16 {
		t.Errorf("8-bit kept: %+v", g)
	}
	if g := f.AtBitDepth(0); g != f {
		t.Errorf("0 changed %+v", g)
	}
}
