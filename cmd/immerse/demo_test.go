package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The demo files let a new user try the file-based commands: render the
// scene, export it as ADM and back into a new directory, mix the session.
func TestDemoFiles(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	if out, stderr, code := run(t, "", "demo", d); code != 0 || !strings.Contains(out, "12 stems") {
		t.Fatalf("demo: exit %d %s %s", code, out, stderr)
	}
	steps := [][]string{
		{"render", filepath.Join(d, "scene.json"), "--layout", "5.1.2", "-o", filepath.Join(dir, "o.flac"), "-q"},
		{"adm", "export", filepath.Join(d, "scene.json"), "-o", filepath.Join(dir, "m.wav"), "-q"},
		{"adm", "to-scene", filepath.Join(dir, "m.wav"), "-o", filepath.Join(dir, "back", "scene.json"), "-q"},
		{"render", filepath.Join(dir, "back", "scene.json"), "--layout", "stereo", "-o", filepath.Join(dir, "b.wav"), "-q"},
		{"mix", filepath.Join(d, "session.json"), "-o", filepath.Join(dir, "mix.wav"), "-q"},
	}
	for _, s := range steps {
		if _, stderr, code := run(t, "", s...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, stderr)
		}
	}
	if _, stderr, code := run(t, "", "demo", d); code == 0 || !strings.Contains(stderr, "--force") {
		t.Errorf("demo over existing files: exit %d %s", code, stderr)
	}
}
