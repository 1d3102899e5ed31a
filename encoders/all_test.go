package encoders

import (
	"path/filepath"
	"testing"
)

func TestReadWriteAll(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.wav")
	data := [][]float32{{0.5, -0.25, 0, 0.125}, {0, 1.0 / 8, -1, 0.75}}
	f := Format{SampleRate: 44100, Channels: 2, BitDepth: 32, Float: true}
	if err := WriteAll(p, f, data, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	got, gf, err := ReadAll(p)
	if err != nil {
		t.Fatal(err)
	}
	if gf.SampleRate != 44100 || gf.Channels != 2 || len(got[1]) != 4 {
		t.Fatalf("format %+v, %d frames", gf, len(got[1]))
	}
	for c := range data {
		for i := range data[c] {
			if got[c][i] != data[c][i] {
				t.Errorf("ch %d frame %d: %v, want %v", c, i, got[c][i], data[c][i])
			}
		}
	}
	if err := WriteAll(p, f, data, WriteOptions{}); err == nil {
		t.Error("WriteAll replaced an existing file without Overwrite")
	}
	if _, _, err := ReadAll(filepath.Join(t.TempDir(), "missing.wav")); err == nil {
		t.Error("ReadAll of a missing file succeeded")
	}
}
