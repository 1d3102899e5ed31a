package loudness

import "math"

// SurroundWeight is the BS.1770 channel weight of side/rear channels,
// 1.41 (about +1.5 dB), as printed in the standard.
const SurroundWeight = 1.41

// ChannelWeight returns the BS.1770-5 weight Gi of a loudspeaker channel at
// the given position (degrees, ADM convention: azimuth positive to the left,
// elevation positive up), for use as a Meter weight.
//
// Source: ITU-R BS.1770-5 (11/2023), Annex 3, Table 4 "Position-dependent
// weightings of the channels": for |elevation| < 30°, 1.41 (+1.5 dB) when
// 60° ≤ |azimuth| ≤ 120° and 1.00 otherwise; 1.00 for every channel at
// |elevation| ≥ 30°. LFE channels are not measured (weight 0, Annex 3 §1).
// The table is symmetric in azimuth, so the sign convention does not matter;
// the azimuth is wrapped into (-180, 180] first. For the BS.2051 layouts
// this gives Table 5 of BS.1770-5: M±060, M±090, M±110 weigh 1.41; M±030,
// M+000, M±135, M+180 and every U/T/B channel weigh 1.00.
//
// ffmpeg's ebur128 filter weighs by channel NAME instead: 1.41 for every
// back, side and top-back channel (BL, BR, BC, SL, SR, TBL, TBC, TBR, ...),
// 0 for LFE, 1 otherwise. The two agree for 5.1 (surrounds at ±110°), but
// differ for 7.1 and 7.1.4, where BL/BR sit at ±135° (1.00 here, 1.41 in
// ffmpeg) and TBL/TBR are elevated (1.00 here, 1.41 in ffmpeg).
func ChannelWeight(azimuth, elevation float64, lfe bool) float64 {
	if lfe {
		return 0
	}
	az := math.Abs(wrapDegrees(azimuth))
	if math.Abs(elevation) < 30 && az >= 60 && az <= 120 {
		return SurroundWeight
	}
	return 1
}

// wrapDegrees maps an angle in degrees into (-180, 180].
func wrapDegrees(a float64) float64 {
	a = math.Mod(a, 360)
	if a > 180 {
		a -= 360
	} else if a <= -180 {
		a += 360
	}
	return a
}
