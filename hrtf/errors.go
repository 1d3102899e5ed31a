package hrtf

import (
	"errors"
	"fmt"
	"strings"

	"immerse/hrtf/internal/hdf5"
)

// Kinds of error returned by ReadSOFA and LoadSOFA, for errors.Is.
var (
	// ErrUnsupported: the file is valid but uses a SOFA convention or an
	// HDF5 feature this package does not read; the message names it.
	ErrUnsupported = errors.New("hrtf: unsupported SOFA or HDF5 feature")
	// ErrInvalid: the file is not SOFA, is truncated or corrupt, or its
	// variables are inconsistent.
	ErrInvalid = errors.New("hrtf: invalid SOFA file")
)

// sofaError is an error about one file: "hrtf: name: what".
type sofaError struct {
	name string
	msg  string
	kind error
	err  error // underlying (an hdf5 error), may be nil
}

func (e *sofaError) Error() string { return "hrtf: " + e.name + ": " + e.msg }

func (e *sofaError) Unwrap() []error {
	if e.err == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.err}
}

// fileErrors builds the errors of one file.
type fileErrors string

func (n fileErrors) invalid(format string, args ...any) error {
	return &sofaError{name: string(n), msg: fmt.Sprintf(format, args...), kind: ErrInvalid}
}

func (n fileErrors) unsupported(format string, args ...any) error {
	return &sofaError{name: string(n), msg: fmt.Sprintf(format, args...), kind: ErrUnsupported}
}

// wrap turns an error of the HDF5 reader into an error about this file,
// keeping its text without the "hdf5: " prefix.
func (n fileErrors) wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *sofaError
	if errors.As(err, &se) {
		return err
	}
	kind := ErrInvalid
	if errors.Is(err, hdf5.ErrUnsupported) {
		kind = ErrUnsupported
	}
	return &sofaError{name: string(n), msg: strings.TrimPrefix(err.Error(), "hdf5: "), kind: kind, err: err}
}
