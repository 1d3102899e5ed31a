// Package speakers holds loudspeaker layouts: every ITU-R BS.2051 layout
// with its nominal positions and allowed ranges, the common Atmos-style
// aliases (stereo, 5.1, 5.1.2, 5.1.4, 7.1, 7.1.2, 7.1.4, 9.1.6), custom
// layouts read from JSON or YAML, and the one table that maps channels to
// WAVE_FORMAT_EXTENSIBLE speaker positions.
//
// Channels carry BS.2051 labels (M+030, M-030, M+000, LFE1, U+045, …) and
// are kept in BS.2051 order. Files written for a layout that has a channel
// mask use the WAV order instead (ascending mask bits, e.g. 7.1.4 = FL FR FC
// LFE BL BR SL SR TFL TFR TBL TBR): Layout.WAVOrder gives the mapping.
//
// Positions follow the ADM convention of package geom (azimuth positive to
// the left).
package speakers
