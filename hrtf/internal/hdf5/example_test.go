package hdf5_test

import (
	"bytes"
	"fmt"
	"os"

	"immerse/hrtf/internal/hdf5"
)

func Example() {
	data, err := os.ReadFile("testdata/chunked.h5")
	if err != nil {
		panic(err)
	}
	f, err := hdf5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	root, err := f.Root()
	if err != nil {
		panic(err)
	}
	d, err := root.Dataset("grid")
	if err != nil {
		panic(err)
	}
	v, err := d.Float64s()
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Shape, d.Type, d.Storage())
	fmt.Println(v[:3], v[30*19+29])
	// Output:
	// [20 30] int16 big-endian chunked (v1 B-tree) [8 8]
	// [0 1 2] 599
}
