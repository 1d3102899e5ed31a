// Package gaincalc implements the object gain calculation of ITU-R BS.2127
// (§7, "Render items with typeDefinition==Objects"): from one ADM
// audioBlockFormat of an Objects channel and the data around it (reference
// screen, audioObject gain and mute), the gain of every loudspeaker for the
// direct path and for the diffuse (decorrelated) path.
//
// The calculation is the standard's straight run of steps, each in a file of
// its own and cited in its comment:
//
//  1. position offset of the audioObject, then coordinate transformation
//     (polar positions to a vector on the sphere, cartesian positions clipped
//     to the cube) (§7.3.2);
//  2. screen scaling of screenRef objects from the reference screen to the
//     reproduction screen (§7.3.3);
//  3. screen edge lock (§7.3.4);
//  4. channel lock, egocentric or allocentric (§7.3.6);
//  5. divergence into up to three positions (§7.3.7);
//  6. the extent panner per position: the polar extent panner around the
//     point-source panner for polar metadata (§7.3.8), the allocentric
//     panner and allocentric extent for cartesian=true (§7.3.9–7.3.10 and
//     §11);
//  7. zone exclusion with the downmix of excluded loudspeakers (§7.3.12);
//  8. block and object gain, then the direct/diffuse split
//     direct = g·sqrt(1-diffuse), diffuse = g·sqrt(diffuse) (§7.3.13–7.3.14).
//
// importance is not part of the gains (BS.2127 leaves it to the renderer's
// item selection).
//
// New does the heavy work once per layout (triangulation of the point-source
// panner, the extent panner's 1,652 virtual sources, zone-exclusion
// priority groups, the allocentric speaker grid); Gains then allocates
// nothing. The reference implementation is the EBU ADM Renderer (EAR); the
// tests reproduce its outputs to 1e-10.
package gaincalc
