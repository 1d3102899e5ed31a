package gaincalc

import "immerse/geom"

// Position is the position of an Objects audioBlockFormat: polar (Azimuth,
// Elevation, Distance) when Cartesian is false, else X, Y, Z.
//
// Which coordinates the position carries and how the block is rendered are
// separate in ADM: BlockFormat.Cartesian selects the renderer (egocentric
// polar or allocentric cartesian panning), Position.Cartesian only says how
// the numbers are written. BS.2127 turns either into a vector first (§7.3.2).
type Position struct {
	// Cartesian is true when X, Y, Z are given rather than polar coordinates.
	Cartesian bool
	// Azimuth and Elevation in degrees (ADM convention, azimuth positive to
	// the left); Distance 1 = the loudspeaker sphere.
	Azimuth, Elevation, Distance float64
	// X right, Y front, Z up; the loudspeaker cube is [-1, 1]³.
	X, Y, Z float64
	// ScreenEdgeLock locks the position to an edge of the screen.
	ScreenEdgeLock ScreenEdgeLock
}

// Polar returns a polar position (distance 1 unless given).
func Polar(azimuth, elevation, distance float64) Position {
	return Position{Azimuth: azimuth, Elevation: elevation, Distance: distance}
}

// Cart returns a cartesian position.
func Cart(x, y, z float64) Position { return Position{Cartesian: true, X: x, Y: y, Z: z} }

// ScreenEdgeLock is the ADM screenEdgeLock of a position: Horizontal is
// "left", "right" or ""; Vertical is "top", "bottom" or "". Other values lock
// nothing, but (as in the reference renderer) still route a cartesian
// position through the polar conversion of the edge-lock step.
type ScreenEdgeLock struct {
	Horizontal string
	Vertical   string
}

// set reports whether any lock is requested.
func (s ScreenEdgeLock) set() bool { return s.Horizontal != "" || s.Vertical != "" }

// ChannelLock is the ADM channelLock element: the object snaps to the
// nearest loudspeaker, if one lies within MaxDistance (when HasMaxDistance).
type ChannelLock struct {
	HasMaxDistance bool
	MaxDistance    float64
}

// Divergence is the ADM objectDivergence element. Value is 0..1; AzimuthRange
// (degrees, polar blocks) and PositionRange (cartesian blocks) say how far
// the two side images move. Absent ranges default per BS.2076-2: azimuthRange
// 45 degrees before version 2 of the document, 0 from version 2 (see
// ExtraData.DocumentVersion), positionRange 0.
type Divergence struct {
	Value            float64
	HasAzimuthRange  bool
	AzimuthRange     float64
	HasPositionRange bool
	PositionRange    float64
}

// Zone is one zone of an ADM zoneExclusion: a polar zone (azimuth range
// clockwise from MinAzimuth to MaxAzimuth, elevation range) or, when
// Cartesian is true, a box.
type Zone struct {
	Cartesian bool
	// Polar zone, degrees.
	MinAzimuth, MaxAzimuth, MinElevation, MaxElevation float64
	// Cartesian zone.
	MinX, MaxX, MinY, MaxY, MinZ, MaxZ float64
}

// BlockFormat is the part of an Objects audioBlockFormat that the gain
// calculation reads (BS.2076-2 §5.4.3.3). The zero value is not the ADM
// default: build blocks with NewBlockFormat, which sets Gain 1, or set Gain.
type BlockFormat struct {
	Position Position
	// Cartesian selects the allocentric renderer (ADM cartesian="1").
	Cartesian bool
	// Width, Height (degrees for polar blocks, 0..2 for cartesian ones) and
	// Depth (distance units, 0..2 for cartesian blocks): the object's extent.
	Width, Height, Depth float64
	// Gain is the block's linear gain (ADM gain, default 1).
	Gain float64
	// Diffuse is the diffuse fraction 0..1 of the power.
	Diffuse float64
	// ChannelLock, when non-nil, snaps the object to a loudspeaker.
	ChannelLock *ChannelLock
	// Divergence, when non-nil, spreads the object into three images.
	Divergence *Divergence
	// ZoneExclusion lists zones whose loudspeakers must stay silent.
	ZoneExclusion []Zone
	// ScreenRef marks screen-related content, scaled from the reference
	// screen to the reproduction screen.
	ScreenRef bool
}

// NewBlockFormat returns a block at pos with the ADM defaults (gain 1, no
// extent, no diffuse, nothing locked or excluded).
func NewBlockFormat(pos Position) BlockFormat {
	return BlockFormat{Position: pos, Gain: 1}
}

// Screen is an ADM screen (audioProgrammeReferenceScreen, or the
// reproduction screen of the room): polar (centre direction and width in
// degrees) or cartesian (centre position and width along X).
type Screen struct {
	Cartesian   bool
	AspectRatio float64
	// Polar screens: the centre and the horizontal angle the screen spans.
	CentreAzimuth, CentreElevation, CentreDistance float64
	WidthAzimuth                                   float64
	// Cartesian screens: the centre and the width along X.
	CentreX, CentreY, CentreZ float64
	WidthX                    float64
}

// DefaultScreen is the ADM default screen (BS.2076-2 §5.2.2): polar, centre
// straight ahead at distance 1, 58 degrees wide, aspect ratio 1.78.
var DefaultScreen = Screen{AspectRatio: 1.78, CentreDistance: 1, WidthAzimuth: 58}

// centre returns the screen centre as a vector.
func (s *Screen) centre() geom.Vec {
	if s.Cartesian {
		return geom.Vec{s.CentreX, s.CentreY, s.CentreZ}
	}
	return geom.Cart(s.CentreAzimuth, s.CentreElevation, s.CentreDistance)
}

// PositionOffset is the positionOffset of an audioObject (BS.2076-2): added
// to polar positions (azimuth, elevation, distance) or to cartesian ones.
type PositionOffset struct {
	Cartesian                    bool
	Azimuth, Elevation, Distance float64
	X, Y, Z                      float64
}

// ExtraData is what the gain calculation needs from outside the block: the
// reference screen of the programme, the audioObject's gain and mute and
// position offset, and the document version (for the divergence default).
type ExtraData struct {
	// ReferenceScreen is the audioProgrammeReferenceScreen; nil means the
	// default screen.
	ReferenceScreen *Screen
	// ObjectGain is the product of the gains of the audioObjects above the
	// channel (linear). The zero value silences the object: start from
	// NewExtraData, which sets 1.
	ObjectGain float64
	// ObjectMute silences the object.
	ObjectMute bool
	// PositionOffset, when non-nil, is added to the block's position; it
	// must use the same coordinates as the position.
	PositionOffset *PositionOffset
	// DocumentVersion is the BS.2076 version of the document (0 when the
	// document does not say, i.e. before BS.2076-2).
	DocumentVersion int
}

// NewExtraData returns the defaults: default reference screen, object gain
// 1, not muted, no offset, version 2 of BS.2076.
func NewExtraData() ExtraData { return ExtraData{ObjectGain: 1, DocumentVersion: 2} }
