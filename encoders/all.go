package encoders

import (
	"fmt"
	"io"
)

// ReadAll reads a whole audio file into memory (planar, file channel
// order) — for short files and tests; long ones should be streamed with
// Open and Read.
func ReadAll(path string) ([][]float32, Format, error) {
	r, err := Open(path)
	if err != nil {
		return nil, Format{}, err
	}
	defer r.Close()
	f := r.Format()
	if r.Length() < 0 {
		return nil, f, fmt.Errorf("encoders: %s: the stream does not state its length; read it with Open", path)
	}
	total := int(r.Length())
	out := make([][]float32, f.Channels)
	for c := range out {
		out[c] = make([]float32, total)
	}
	view := make([][]float32, f.Channels)
	pos := 0
	for pos < total {
		for c := range out {
			view[c] = out[c][pos:]
		}
		n, err := r.Read(view)
		pos += n
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, f, err
		}
		if n == 0 {
			break
		}
	}
	for c := range out {
		out[c] = out[c][:pos]
	}
	return out, f, nil
}

// WriteAll writes planar samples to a new file at path in one go (with
// Create's atomic semantics).
func WriteAll(path string, f Format, data [][]float32, opt WriteOptions) error {
	w, err := Create(path, f, opt)
	if err != nil {
		return err
	}
	if err := w.Write(data); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}
