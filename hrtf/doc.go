// Package hrtf holds head-related impulse response (HRIR) sets and renders
// sound through them: reading SOFA (AES69) files, the embedded default set,
// resampling, HRIR interpolation for any direction, partitioned FFT
// convolution, and the binauraliser that turns many moving mono sources into
// two ear signals.
//
// # SOFA files
//
// ReadSOFA and LoadSOFA read SOFA files with a pure-Go HDF5 reader
// (internal/hdf5; no cgo) that handles what published HRTF files use:
// superblocks v0 to v3, version-1 and -2 object headers, compact and dense
// (fractal heap + v2 B-tree) groups and attributes, compact, contiguous
// and chunked storage, deflate, shuffle and fletcher32. The conventions
// SimpleFreeFieldHRIR, GeneralFIR and GeneralFIR-E (one emitter) are read;
// others (SimpleFreeFieldHRTF, SimpleFreeFieldSOS, …) are refused with an
// error naming them.
//
// Coordinates are converted once, here: SOFA's cartesian frame is x front,
// y left, z up, and its spherical azimuth counts counterclockwise from the
// front, like ADM's. Source positions are taken relative to the listener
// position and turned into the listener's frame (ListenerView,
// ListenerUp), so a Set's directions are unit vectors in the immerse frame
// (+X right, +Y front, +Z up) as the listener hears them.
//
// Ear order: SOFA stores the left ear first and ReceiverPosition should
// show it at positive y. Several published files (the CIPIC, FH Köln and
// IRCAM LISTEN conversions among the test corpus) have ReceiverPosition
// with the ears the other way round while their data clearly hold the left
// ear first (sources on the left are 12 to 18 dB louder in receiver 0).
// ReadSOFA therefore lets the interaural level differences decide, and
// uses ReceiverPosition only when the set has no lateral measurements.
//
// # The default set
//
// Default returns the MIT KEMAR set (normal pinna; 710 directions, 512
// taps, 44.1 kHz), embedded in compact form (Set.MarshalBinary, 0.7 MB)
// and generated from the SOFA file by go generate. The measurements are
// by Bill Gardner and Keith Martin, MIT Media Lab, 1994: "HRTF
// Measurements of a KEMAR Dummy-Head Microphone", MIT Media Lab Perceptual
// Computing Technical Report #280. They are free to use provided the MIT
// Media Lab is acknowledged.
//
// # Interpolation
//
// NewInterpolator prepares a set for HRIRs at any direction: each measured
// response is split into a broadband delay per ear (its onset, refined to
// a fraction of a sample) and a time-aligned remainder. The measurement
// directions are triangulated on the sphere (their convex hull; coplanar
// faces become polygons interpolated with Wachspress coordinates, gaps in
// coverage such as below -40 degrees get a virtual point averaging the
// surrounding responses). A direction's HRIR is the barycentric blend of
// the aligned responses of its face, re-delayed by the same blend of their
// delays, so the interaural time difference moves smoothly instead of
// comb-filtering. Measured directions come back exactly.
//
// # Convolution and the binauraliser
//
// Filters are uniformly partitioned and convolved by overlap-save in the
// frequency domain (package dsp/fft). Binaural renders N mono sources: each
// source's input is transformed once per block; sources whose direction or
// gain did not change are summed in the frequency domain per ear, and those
// that did are rendered with their old and new filters and crossfaded over
// the block with one shared linear ramp, so moving sources never click and
// the number of inverse FFTs per block stays at most six, whatever the
// number of sources. By default the set is normalised so that a frontal
// source of 0 dBFS pink noise (100 Hz–10 kHz) gives 0 dBFS at each ear.
package hrtf
