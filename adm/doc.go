// Package adm reads and writes the metadata of ADM BW64 masters: the Audio
// Definition Model of ITU-R BS.2076-2 carried in a file's axml chunk, the
// track map of its chna chunk (ITU-R BS.2088), and the common definitions
// of ITU-R BS.2094 built in.
//
// Reading: ParseAXML turns the XML into a Document (audioProgramme,
// audioContent, audioObject, audioPackFormat, audioChannelFormat with its
// audioBlockFormats for Objects, DirectSpeakers and HOA, audioStreamFormat,
// audioTrackFormat, audioTrackUID; times in both ADM forms). It is built for
// hostile input: the document size, nesting depth, element count and the
// length of every attribute and text are capped (Limits), and DOCTYPE or
// ENTITY declarations are refused, so entity tricks never expand.
// Document.Resolve links the references, takes track indices from the
// chna, pulls in the common definitions a file refers to (so a chna that
// points at AP_00010017 without any axml is a 7.1.4 bed), and reports
// unknown IDs and cycles between nested objects or packs by element ID.
// FromChunks and ReadFile do all of this.
//
// Selecting: Document.Items chooses the programme (the lowest ID unless one
// is named) and complementary objects like the reference renderer, and
// lists what to render: per Objects or DirectSpeakers channel (per pack for
// HOA) the file tracks, the blocks on the programme timeline, the product
// of the nested objects' gains and their mute, the DirectSpeakers label and
// LFE flag, the HOA orders, degrees and normalization.
//
// Writing: FromScene describes an immerse scene as ADM (objects as Objects
// with a block per keyframe segment carrying the keyframes' extent,
// diffuse, divergence, channel lock and zone exclusion, beds as
// DirectSpeakers on the common definitions), MarshalAXML and Chna.Bytes
// serialise it, and Export.Create opens a BW64 writer carrying both
// chunks, into which the caller streams the tracks in Export.Tracks order.
// Document.SceneOf (and ToScene, for files) goes the other way, keeping
// that metadata in the scene's keyframes and naming what the scene format
// cannot hold (screen reference and edge lock, allocentric rendering).
package adm
