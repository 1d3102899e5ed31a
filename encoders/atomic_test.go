package encoders

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var stereo16 = Format{SampleRate: 48000, Channels: 2, BitDepth: 16}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestRefuseExisting: without Overwrite an existing file is refused and
// left as it was; with Overwrite it is replaced.
func TestRefuseExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.wav")
	os.WriteFile(path, []byte("precious"), 0o644)
	_, err := Create(path, stereo16, WriteOptions{})
	if err == nil || !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Create over an existing file: %v; want fs.ErrExist naming the file and --force", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Error("existing file changed")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only out.wav", names)
	}
	writeAll(t, path, stereo16, WriteOptions{Overwrite: true}, codes(1, 2, 100, 16), 100)
	if info, err := Stat(path); err != nil || info.Length != 100 {
		t.Errorf("overwritten file: %+v, %v", info, err)
	}
}

// TestTempThenRename: while writing, only a hidden temporary file exists in
// the destination directory; Close renames it.
func TestTempThenRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mix.wav")
	w, err := Create(path, stereo16, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(codes(1, 2, 1000, 16)); err != nil {
		t.Fatal(err)
	}
	names := dirNames(t, dir)
	if len(names) != 1 || !strings.HasPrefix(names[0], ".mix.wav.tmp-") {
		t.Fatalf("while writing the directory holds %v, want one .mix.wav.tmp-*", names)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "mix.wav" {
		t.Errorf("after Close the directory holds %v, want [mix.wav]", names)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Close: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Close removed the file: %v", err)
	}
	if err := w.Write(codes(1, 2, 10, 16)); err == nil {
		t.Error("Write after Close succeeded")
	}
}

// TestAbort leaves no file behind, and leaves an existing file untouched.
func TestAbort(t *testing.T) {
	for _, existing := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "take.flac")
		if existing {
			os.WriteFile(path, []byte("old take"), 0o644)
		}
		w, err := Create(path, stereo16, WriteOptions{Overwrite: true})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(codes(1, 2, 10000, 16))
		if err := w.Abort(); err != nil {
			t.Fatal(err)
		}
		names := dirNames(t, dir)
		if existing {
			if b, _ := os.ReadFile(path); len(names) != 1 || string(b) != "old take" {
				t.Errorf("Abort: directory %v, file %q; want the old take only", names, b)
			}
		} else if len(names) != 0 {
			t.Errorf("Abort left %v", names)
		}
		if err := w.Close(); err != nil {
			t.Errorf("Close after Abort: %v", err)
		}
		if _, err := os.Stat(path); existing == (err != nil) {
			t.Errorf("Close after Abort changed the destination")
		}
	}
}

// TestFailedWrite breaks the temporary file under the Writer: Write (or
// Close) fails, and nothing is left at the destination; an existing file
// survives.
func TestFailedWrite(t *testing.T) {
	for _, c := range []struct {
		name     string
		failIn   string // "write" or "close"
		existing bool
	}{{"w.wav", "write", false}, {"c.wav", "close", false}, {"f.flac", "write", true}, {"g.flac", "close", false}} {
		dir := t.TempDir()
		path := filepath.Join(dir, c.name)
		if c.existing {
			os.WriteFile(path, []byte("keep"), 0o644)
		}
		w, err := Create(path, stereo16, WriteOptions{Overwrite: c.existing})
		if err != nil {
			t.Fatal(err)
		}
		w.file.Close() // the disk "fails"
		var werr error
		if c.failIn == "write" {
			for i := 0; i < 20 && werr == nil; i++ { // overflow the write buffer
				werr = w.Write(codes(uint64(i), 2, 48000, 16))
			}
			if werr == nil {
				t.Fatalf("%s: Write never failed", c.name)
			}
			if err := w.Write(codes(1, 2, 10, 16)); err != werr {
				t.Errorf("%s: error not sticky: %v", c.name, err)
			}
		} else {
			w.Write(codes(1, 2, 100, 16))
		}
		cerr := w.Close()
		if cerr == nil || !strings.Contains(cerr.Error(), path) {
			t.Errorf("%s: Close = %v, want an error naming the file", c.name, cerr)
		}
		names := dirNames(t, dir)
		if c.existing {
			if b, _ := os.ReadFile(path); len(names) != 1 || string(b) != "keep" {
				t.Errorf("%s: directory %v; the existing file must survive", c.name, names)
			}
		} else if len(names) != 0 {
			t.Errorf("%s: failed write left %v", c.name, names)
		}
	}
}

// TestDestinationAppears: a file created at the destination while writing
// (without Overwrite) is not replaced.
func TestDestinationAppears(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "race.wav")
	w, err := Create(path, stereo16, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(codes(1, 2, 100, 16))
	os.WriteFile(path, []byte("someone else's"), 0o644)
	if err := w.Close(); err == nil || !errors.Is(err, fs.ErrExist) {
		t.Errorf("Close = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "someone else's" {
		t.Error("the other file was replaced")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

// TestCreateErrors covers bad arguments to Create and Write.
func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		path string
		f    Format
		says string
	}{
		{filepath.Join(dir, "x.mp3"), stereo16, `extension ".mp3"`},
		{dir, stereo16, "container from the extension"},
		{filepath.Join(dir, "a.wav"), Format{SampleRate: 48000, Channels: 2, BitDepth: 20}, "20-bit"},
		{filepath.Join(dir, "b.wav"), Format{SampleRate: 48000, Channels: 2, BitDepth: 16, Float: true}, "float samples must be 32-bit"},
		{filepath.Join(dir, "c.wav"), Format{SampleRate: 48000, Channels: 0, BitDepth: 16}, "0 channels"},
		{filepath.Join(dir, "d.wav"), Format{SampleRate: 0, Channels: 1, BitDepth: 16}, "sample rate 0"},
		{filepath.Join(dir, "e.wav"), Format{SampleRate: 48000, Channels: 2, BitDepth: 16, ChannelMask: 0x7}, "mask 0x7 names 3 speakers"},
		{filepath.Join(dir, "nodir", "f.wav"), stereo16, "temporary file"},
	} {
		_, err := Create(c.path, c.f, WriteOptions{})
		if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Create(%s, %v) = %v, want an error naming the file and saying %q", c.path, c.f, err, c.says)
		}
	}
	os.Mkdir(filepath.Join(dir, "folder.wav"), 0o755)
	if _, err := Create(filepath.Join(dir, "folder.wav"), stereo16, WriteOptions{Overwrite: true}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Create over a directory: %v", err)
	}
	w, err := Create(filepath.Join(dir, "shape.wav"), stereo16, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Write([][]float32{make([]float32, 4)}); err == nil {
		t.Error("Write with 1 channel to a stereo file succeeded")
	}
	if err := w.Write([][]float32{make([]float32, 4), make([]float32, 3)}); err == nil {
		t.Error("Write with ragged channels succeeded")
	}
	if err := w.Write([][]float32{make([]float32, 4), make([]float32, 4)}); err != nil {
		t.Errorf("a shape error must not be sticky: %v", err)
	}
}
