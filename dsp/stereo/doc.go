// Package stereo holds the stereo tools of immerse's mixer: a mid/side
// processor (mid and side gains, width, an EQ on the mid or the side only)
// and a channel utility (gain, polarity, mono, swap, balance).
package stereo
