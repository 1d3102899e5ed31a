package check

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestWritePlots: a 7.1.4 check writes the four PNGs, each decodable and
// PlotWidth × PlotHeight; a mono file gets no 2.0 plots. Set
// IMMERSE_PLOT_DIR to keep the files for a look.
func TestWritePlots(t *testing.T) {
	l := mustLayout(t, "7.1.4")
	n := 10 * rate
	src := make([][]float32, 12)
	for c := range src {
		src[c] = musicLike(uint64(70+c), n)
	}
	common := musicLike(7, n)
	for c := range src {
		for i := range common {
			src[c][i] = 0.5*src[c][i] + 0.8*common[i]
		}
	}
	// An anti-phase stretch in the fronts from 4 to 6 s.
	for i := 4 * rate; i < 6*rate; i++ {
		src[1][i] = -src[0][i]
	}
	dir := os.Getenv("IMMERSE_PLOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	r, err := File(layoutFile(t, t.TempDir(), "mix-714.wav", l, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := WritePlots(r, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{PlotLoudness, PlotCorrelation, PlotMonoLoss, PlotTruePeak}
	if len(paths) != len(want) {
		t.Fatalf("plots %v", paths)
	}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Errorf("plot %d is %s, want %s", i, p, want[i])
		}
		checkPNG(t, p)
	}
	mono := writeFile(t, t.TempDir(), "mono.wav", 0, [][]float32{musicLike(1, 4*rate)})
	r, err = File(mono, Options{})
	if err != nil {
		t.Fatal(err)
	}
	monoDir := t.TempDir()
	paths, err = WritePlots(r, monoDir)
	if err != nil || len(paths) != 2 || filepath.Base(paths[0]) != PlotLoudness || filepath.Base(paths[1]) != PlotTruePeak {
		t.Fatalf("mono plots %v %v", paths, err)
	}
	for _, p := range paths {
		checkPNG(t, p)
	}
	if left, _ := filepath.Glob(filepath.Join(monoDir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != PlotWidth || b.Dy() != PlotHeight {
		t.Errorf("%s: %dx%d, want %dx%d", path, b.Dx(), b.Dy(), PlotWidth, PlotHeight)
	}
}
