package hdf5_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"immerse/hrtf/internal/hdf5"
	"immerse/hrtf/internal/hdf5/hdf5test"
)

func open(t *testing.T, b []byte) *hdf5.File {
	t.Helper()
	f, err := hdf5.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func sample() *hdf5test.Group {
	r := hdf5test.NewRoot()
	r.Attr("Conventions", "SOFA").Attr("Rate", 48000.0).Attr("Vector", []float64{1, -2, 3.5})
	r.Dataset("x", hdf5test.F32BE, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6.5}).Attr("Units", "metre")
	r.Dataset("c", hdf5test.I16LE, []int{4}, []float64{-1, 2, -3, 4}).Compact()
	r.Group("sub").Dataset("s", hdf5test.U64BE, nil, []float64{7})
	return r
}

// TestWriterMatchesH5dump checks the test-file builder against libhdf5:
// h5dump must read what it writes, with the same values.
func TestWriterMatchesH5dump(t *testing.T) {
	h5dump, err := exec.LookPath("h5dump")
	if err != nil {
		t.Skip("h5dump not installed (Debian package hdf5-tools)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "w.h5")
	if err := os.WriteFile(path, sample().Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.bin")
	if msg, err := exec.Command(h5dump, "-d", "/x", "-b", "LE", "-o", out, path).CombinedOutput(); err != nil {
		t.Fatalf("h5dump rejects the builder's file: %v\n%s", err, msg)
	}
	b, _ := os.ReadFile(out)
	var got []float32
	for i := 0; i+4 <= len(b); i += 4 {
		got = append(got, math.Float32frombits(binary.LittleEndian.Uint32(b[i:])))
	}
	if want := []float32{1, 2, 3, 4, 5, 6.5}; !slices.Equal(got, want) {
		t.Errorf("h5dump reads /x = %v, want %v", got, want)
	}
	if msg, err := exec.Command(h5dump, path).CombinedOutput(); err != nil {
		t.Fatalf("h5dump: %v\n%s", err, msg)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	f := open(t, sample().Bytes())
	root, _ := f.Root()
	x, err := root.Dataset("x")
	if err != nil {
		t.Fatal(err)
	}
	v, err := x.Float64s()
	if err != nil || !slices.Equal(v, []float64{1, 2, 3, 4, 5, 6.5}) || !slices.Equal(x.Shape, []uint64{2, 3}) {
		t.Errorf("x = %v %v, %v", x.Shape, v, err)
	}
	c, _ := root.Dataset("c")
	if v, err := c.Float64s(); err != nil || !slices.Equal(v, []float64{-1, 2, -3, 4}) {
		t.Errorf("c = %v, %v", v, err)
	}
	s, err := root.Dataset("/sub/s")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Float64s(); err != nil || !slices.Equal(v, []float64{7}) || s.Shape != nil {
		t.Errorf("s = %v %v, %v", s.Shape, v, err)
	}
	a, _ := root.Attr("Vector")
	if v, err := a.Float64s(); err != nil || !slices.Equal(v, []float64{1, -2, 3.5}) {
		t.Errorf("Vector = %v, %v", v, err)
	}
	u, _ := x.Attr("Units")
	if s, err := u.Text(); err != nil || s != "metre" {
		t.Errorf("Units = %q, %v", s, err)
	}
}

// TestErrorsNameTheProblem checks the messages of errors a user may meet.
func TestErrorsNameTheProblem(t *testing.T) {
	virtual := hdf5test.NewRoot()
	virtual.Dataset("Data.IR", hdf5test.F64LE, []int{2}, []float64{1, 2}).RawLayout([]byte{4, 3})
	external := hdf5test.NewRoot()
	external.Dataset("ext", hdf5test.F64LE, []int{2}, []float64{1, 2}).RawMessage(7, make([]byte, 8))
	huge := hdf5test.NewRoot()
	huge.Dataset("big", hdf5test.F64LE, []int{1 << 40}, []float64{1})
	badLayout := hdf5test.NewRoot()
	badLayout.Dataset("old", hdf5test.F64LE, []int{1}, []float64{1}).RawLayout([]byte{2, 1, 0, 0})
	types, err := os.ReadFile(filepath.Join("testdata", "types.h5"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file []byte
		path string
		kind error
		msg  string
	}{
		{"virtual", virtual.Bytes(), "Data.IR", hdf5.ErrUnsupported, `hdf5: dataset "/Data.IR": data layout class 3 (virtual) not supported`},
		{"external", external.Bytes(), "ext", hdf5.ErrUnsupported, `hdf5: dataset "/ext": external data files not supported`},
		{"too large", huge.Bytes(), "big", hdf5.ErrTooLarge, ""},
		{"layout v2", badLayout.Bytes(), "old", hdf5.ErrUnsupported, `hdf5: dataset "/old": data layout: data layout message version 2 not supported (only 3 and 4)`},
		{"not hdf5", []byte("RIFF....WAVEfmt this is not an HDF5 file at all"), "", hdf5.ErrNotHDF5, "hdf5: no HDF5 signature at offset 0, 512, 1024, … (not an HDF5 file)"},
		{"empty", nil, "", hdf5.ErrNotHDF5, "hdf5: file of 0 bytes is too short to hold an HDF5 signature"},
		{"truncated", types[:len(types)/2], "", hdf5.ErrCorrupt, "hdf5: superblock: file is truncated: it has 7324 bytes but its superblock says it ends at byte 14648"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := hdf5.Open(bytes.NewReader(c.file), int64(len(c.file)))
			if err == nil {
				root, _ := f.Root()
				var d *hdf5.Dataset
				d, err = root.Dataset(c.path)
				if err == nil {
					_, err = d.Float64s()
				}
			}
			if !errors.Is(err, c.kind) {
				t.Fatalf("err = %v, want kind %v", err, c.kind)
			}
			if c.msg != "" && err.Error() != c.msg {
				t.Errorf("err = %q\nwant  %q", err, c.msg)
			}
			t.Log(err)
		})
	}
}

// TestChunkedFill: chunks never written read as the fill value, here for a
// deflated 5 x 7 dataset in 2 x 3 chunks (partial edge chunks) with two
// chunks missing. libhdf5 (h5dump) must read the same values.
func TestChunkedFill(t *testing.T) {
	vals := make([]float64, 35)
	for i := range vals {
		vals[i] = float64(i)
	}
	r := hdf5test.NewRoot()
	r.Dataset("c", hdf5test.F64LE, []int{5, 7}, vals).Chunked([]int{2, 3}, 4, 8).Deflate().Fill(-1)
	r.Dataset("z", hdf5test.I16BE, []int{3, 3}, vals[:9]).Chunked([]int{2, 2}, 0)
	b := r.Bytes()
	want := map[string][]float64{"c": make([]float64, 35), "z": make([]float64, 9)}
	for i := 0; i < 5; i++ {
		for j := 0; j < 7; j++ {
			// Chunk 4 covers rows 2-3, columns 3-5; chunk 8 rows 4, columns 6.
			v := float64(7*i + j)
			if (i/2 == 1 && j/3 == 1) || (i/2 == 2 && j/3 == 2) {
				v = -1
			}
			want["c"][7*i+j] = v
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v := float64(3*i + j)
			if i < 2 && j < 2 {
				v = 0 // no fill value: zero
			}
			want["z"][3*i+j] = v
		}
	}
	f := open(t, b)
	root, _ := f.Root()
	for name, w := range want {
		d, err := root.Dataset(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.Float64s()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s = %v\nwant %v", name, got, w)
		}
	}
	h5dump, err := exec.LookPath("h5dump")
	if err != nil {
		t.Skip("h5dump not installed (Debian package hdf5-tools)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.h5")
	os.WriteFile(path, b, 0o644)
	out := filepath.Join(dir, "c.bin")
	if msg, err := exec.Command(h5dump, "-d", "/c", "-b", "LE", "-o", out, path).CombinedOutput(); err != nil {
		t.Fatalf("h5dump: %v\n%s", err, msg)
	}
	raw, _ := os.ReadFile(out)
	var lib []float64
	for i := 0; i+8 <= len(raw); i += 8 {
		lib = append(lib, math.Float64frombits(binary.LittleEndian.Uint64(raw[i:])))
	}
	if !slices.Equal(lib, want["c"]) {
		t.Errorf("h5dump reads %v\nwant %v", lib, want["c"])
	}
}
