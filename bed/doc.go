// Package bed maps channel beds onto loudspeaker layouts: bed channels
// that exist in the target layout go straight to them; the others are
// panned to their nominal position with the BS.2127 point-source panner, so
// a 7.1.2 bed renders sensibly to 5.1 or stereo; LFE goes to the target's
// LFE channel, or is dropped with a warning, or (on request) is mixed into
// the front pair. It also holds the standard downmix matrices.
package bed
