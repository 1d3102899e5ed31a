// Package hdf5 is a small, pure-Go reader for the subset of HDF5 that
// SOFA (AES69) HRTF files use. It reads groups, attributes and whole
// datasets; it does not write, and it does not read hyperslabs.
//
// Supported:
//   - superblock versions 0 to 3 (with a user block before it);
//   - object headers version 1 and 2 with continuation blocks;
//   - groups stored as symbol tables (v1 B-tree + local heap), as link
//     messages, or densely (fractal heap with direct and indirect blocks
//     plus a v2 B-tree name index); hard and soft links;
//   - attributes in object headers and in dense storage;
//   - dataspaces (scalar, simple, null) and datatypes: fixed-point
//     integers of 1, 2, 4 and 8 bytes, signed or not, IEEE binary32 and
//     binary64, either byte order; fixed-length strings and
//     variable-length strings (global heap);
//   - data layout messages version 3 and 4: compact, contiguous and
//     chunked storage; chunk indexes v1 B-tree (any depth), single chunk,
//     implicit, fixed array (paged or not) and v2 B-tree; partial edge
//     chunks; fill values;
//   - filters deflate (1), shuffle (2) and fletcher32 (3, verified).
//
// Anything else gives an error whose Kind is ErrUnsupported and whose
// message names the feature, e.g.
//
//	hdf5: dataset "/Data.IR": data layout class 3 (virtual) not supported
//
// Compound, reference, enumerated, array and variable-length sequence
// types are recognised so that attributes such as DIMENSION_LIST and
// REFERENCE_LIST can be skipped; reading their values is refused.
//
// Hostile input: every address and size is checked against the file size
// before it is read; a dataset may decode to at most MaxDecodedBytes and to
// at most 1032 bytes per byte of file; trees and heaps are walked with a
// depth limit and cycle checks. Malformed input gives an error of Kind
// ErrCorrupt, never a panic.
package hdf5
