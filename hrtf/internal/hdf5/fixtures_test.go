package hdf5

import (
	"path/filepath"
	"slices"
	"testing"
)

// The fixtures in testdata were written by libhdf5's own tools (see
// testdata/make.sh); their values are simple formulas.

func TestTypesFixture(t *testing.T) {
	f := openPath(t, filepath.Join("testdata", "types.h5"))
	root, err := f.Root()
	if err != nil {
		t.Fatal(err)
	}
	links, err := root.Links()
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 21 {
		t.Errorf("%d links, want 21", len(links))
	}
	for _, sign := range []string{"i", "u", "f"} {
		for _, bits := range []string{"8", "16", "32", "64"} {
			if sign == "f" && (bits == "8" || bits == "16") {
				continue
			}
			for _, order := range []string{"LE", "BE"} {
				name := sign + bits + order
				d := dataset(t, f, name)
				if !slices.Equal(d.Shape, []uint64{2, 3, 4}) {
					t.Errorf("%s: shape %v", name, d.Shape)
				}
				if d.Type.BigEndian != (order == "BE") || d.Type.Size*8 != atoi(bits) {
					t.Errorf("%s: type %v", name, d.Type)
				}
				v, err := d.Float64s()
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				for i, x := range v {
					want := float64(i)
					if sign == "i" {
						want -= 12
					}
					if x != want {
						t.Errorf("%s[%d] = %v, want %v", name, i, x, want)
						break
					}
				}
			}
		}
	}
	s, err := dataset(t, f, "strings").Strings()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"hello", "world wide", "x"}; !slices.Equal(s, want) {
		t.Errorf("strings = %q, want %q", s, want)
	}
	for _, feat := range []string{"superblock v0", "object header v1", "symbol table group (v1 B-tree + local heap)", "global heap", "variable-length string"} {
		if !hasFeature(f, feat) {
			t.Errorf("feature %q not exercised; got %v", feat, f.Features())
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = 10*n + int(c-'0')
	}
	return n
}

// checkChunkFixture checks the four datasets of chunked.h5 and its copies.
func checkChunkFixture(t *testing.T, f *File) {
	t.Helper()
	ramp, err := dataset(t, f, "ramp").Float64s()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range ramp {
		if v != float64(i) {
			t.Fatalf("ramp[%d] = %v", i, v)
		}
	}
	if len(ramp) != 100 {
		t.Errorf("ramp has %d values", len(ramp))
	}
	d := dataset(t, f, "/grid")
	grid, err := d.Float64s()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Shape, []uint64{20, 30}) || len(grid) != 600 {
		t.Fatalf("grid shape %v", d.Shape)
	}
	for i := 0; i < 20; i++ {
		for j := 0; j < 30; j++ {
			if grid[30*i+j] != float64(30*i+j) {
				t.Fatalf("grid[%d][%d] = %v", i, j, grid[30*i+j])
			}
		}
	}
	tall, err := dataset(t, f, "tall").Float64s()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range tall {
		if v != float64(i%100) {
			t.Fatalf("tall[%d] = %v", i, v)
		}
	}
	one, err := dataset(t, f, "one").Float32s()
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; !slices.Equal(one, want) {
		t.Errorf("one = %v", one)
	}
}

func TestChunkedFixtures(t *testing.T) {
	cases := []struct {
		file     string
		features []string
	}{
		{"chunked.h5", []string{"superblock v0", "chunk index v1 B-tree", "v1 B-tree with more than one level",
			"filter 1 (deflate)", "filter 2 (shuffle)", "fletcher32 verified", "partial edge chunks"}},
		{"latest.h5", []string{"superblock v3", "object header v2", "chunk index fixed array", "fixed array pages",
			"chunk index v2 B-tree", "chunk index single chunk", "fletcher32 verified", "partial edge chunks", "dense link storage"}},
		{"userblock.h5", []string{"layout compact", "layout contiguous"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f := openPath(t, filepath.Join("testdata", c.file))
			checkChunkFixture(t, f)
			for _, feat := range c.features {
				if !hasFeature(f, feat) {
					t.Errorf("feature %q not exercised; got %v", feat, f.Features())
				}
			}
		})
	}
}

func TestUserBlock(t *testing.T) {
	f := openPath(t, filepath.Join("testdata", "userblock.h5"))
	if f.base != 512 {
		t.Errorf("superblock found at %d, want 512", f.base)
	}
}

func TestDenseLinksFixture(t *testing.T) {
	f := openPath(t, filepath.Join("testdata", "links.h5"))
	root, err := f.Root()
	if err != nil {
		t.Fatal(err)
	}
	links, err := root.Links()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range links {
		names = append(names, l.Name)
	}
	slices.Sort(names)
	if len(names) != 60 || names[0] != "d00" || names[59] != "d59" {
		t.Fatalf("links %v", names)
	}
	for i, name := range names {
		v, err := dataset(t, f, name).Float64s()
		if err != nil || len(v) != 1 || v[0] != float64(i) {
			t.Errorf("%s = %v, %v; want [%d]", name, v, err, i)
		}
	}
	for _, feat := range []string{"dense link storage", "fractal heap indirect block", "v2 B-tree internal node"} {
		if !hasFeature(f, feat) {
			t.Errorf("feature %q not exercised; got %v", feat, f.Features())
		}
	}
}
