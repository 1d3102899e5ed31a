package hdf5

import (
	"errors"
	"fmt"
)

// Kinds of error, for errors.Is. Every error returned by this package is an
// *Error whose Kind is one of these.
var (
	// ErrNotHDF5 means the input has no HDF5 signature at any of the places
	// a superblock may start.
	ErrNotHDF5 = errors.New("not an HDF5 file")
	// ErrCorrupt means a structure is malformed, truncated, points outside
	// the file or fails its checksum.
	ErrCorrupt = errors.New("corrupt or truncated HDF5 file")
	// ErrUnsupported means the file uses an HDF5 feature this reader does
	// not implement; the message names the feature.
	ErrUnsupported = errors.New("unsupported HDF5 feature")
	// ErrNotFound means a named link or attribute does not exist.
	ErrNotFound = errors.New("not found")
	// ErrTooLarge means a dataset or structure is bigger than the reader's
	// limits (see MaxDecodedBytes).
	ErrTooLarge = errors.New("too large")
)

// Error describes what went wrong and where.
type Error struct {
	// Where locates the problem: `dataset "/Data.IR"`, `object header at 0x3a0`.
	// Nested locations are joined with ": ".
	Where string
	// Msg says what is wrong.
	Msg string
	// Kind is ErrNotHDF5, ErrCorrupt, ErrUnsupported, ErrNotFound or ErrTooLarge.
	Kind error
	// Err is an underlying cause (a zlib or I/O error), or nil.
	Err error
}

// Error formats the error as "hdf5: where: what[: cause]".
func (e *Error) Error() string {
	s := "hdf5: "
	if e.Where != "" {
		s += e.Where + ": "
	}
	s += e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the kind and the cause, so that errors.Is works with both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newErr(kind error, where, format string, args ...any) *Error {
	return &Error{Where: where, Msg: fmt.Sprintf(format, args...), Kind: kind}
}

func corrupt(where, format string, args ...any) error {
	return newErr(ErrCorrupt, where, format, args...)
}

func unsupported(where, format string, args ...any) error {
	return newErr(ErrUnsupported, where, format, args...)
}

// within prefixes the location of err with where: errors from low-level
// structures gain the name of the object being read.
func within(where string, err error) error {
	if err == nil || where == "" {
		return err
	}
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.Where == "" {
			c.Where = where
		} else {
			c.Where = where + ": " + c.Where
		}
		return &c
	}
	return &Error{Where: where, Msg: "read failed", Kind: ErrCorrupt, Err: err}
}

func hexAddr(a uint64) string { return fmt.Sprintf("%#x", a) }
