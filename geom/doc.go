// Package geom defines the one coordinate convention every immerse package
// shares, and the small pieces of spherical geometry built on it.
//
// The convention is that of ADM / ITU-R BS.2076: azimuth in degrees, 0 = front,
// positive = anticlockwise seen from above (to the LEFT), range (-180, 180];
// elevation in degrees, positive up, range [-90, 90]; distance 1 = the
// loudspeaker sphere. Cartesian coordinates: +X right, +Y front, +Z up.
//
// Any other convention (an HRTF file's, a plug-in's) is converted at the edge,
// once, with the functions here.
package geom
