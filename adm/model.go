package adm

import "immerse/gaincalc"

// TypeDefinition is the ADM typeDefinition of packs and channels.
type TypeDefinition int

// The ADM type definitions (typeLabel 0001 to 0005).
const (
	DirectSpeakers TypeDefinition = 1
	Matrix         TypeDefinition = 2
	Objects        TypeDefinition = 3
	HOA            TypeDefinition = 4
	Binaural       TypeDefinition = 5
)

var typeNames = map[TypeDefinition]string{
	DirectSpeakers: "DirectSpeakers", Matrix: "Matrix", Objects: "Objects", HOA: "HOA", Binaural: "Binaural",
}

// String returns the typeDefinition name ("Objects").
func (t TypeDefinition) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "unknown"
}

// Label returns the typeLabel ("0003").
func (t TypeDefinition) Label() string { return "000" + string(rune('0'+int(t))) }

// Document is an ADM document (ITU-R BS.2076-2): the elements of an
// audioFormatExtended, with their references resolved (the *Refs fields
// hold the IDs as written, the pointer fields the elements they name).
// Elements of the BS.2094 common definitions that the document or its chna
// refers to are included.
type Document struct {
	// Version is the BS.2076 version the document declares
	// (audioFormatExtended version="ITU-R_BS.2076-2" gives 2); 0 when it
	// declares none.
	Version        int
	Programmes     []*Programme
	Contents       []*Content
	Objects        []*Object
	PackFormats    []*PackFormat
	ChannelFormats []*ChannelFormat
	StreamFormats  []*StreamFormat
	TrackFormats   []*TrackFormat
	TrackUIDs      []*TrackUID
}

// Programme is an audioProgramme.
type Programme struct {
	ID, Name, Language string
	Start, End         *Time
	ContentRefs        []string
	Contents           []*Content
	// ReferenceScreen is the audioProgrammeReferenceScreen (nil: default).
	ReferenceScreen *gaincalc.Screen
}

// Content is an audioContent.
type Content struct {
	ID, Name   string
	Language   string
	ObjectRefs []string
	Objects    []*Object
}

// Object is an audioObject.
type Object struct {
	ID, Name string
	// Start and Duration place the object on the programme timeline;
	// Duration nil means "to the end".
	Start, Duration *Time
	// Gain is linear (the XML may give it in dB with gainUnit="dB").
	Gain       float64
	Mute       bool
	Interact   bool
	Importance *int
	// PositionOffset is added to the positions of the object's blocks.
	PositionOffset *gaincalc.PositionOffset

	ObjectRefs        []string
	Objects           []*Object
	PackRefs          []string
	Packs             []*PackFormat
	TrackUIDRefs      []string
	TrackUIDs         []*TrackUID
	ComplementaryRefs []string
	Complementary     []*Object
}

// PackFormat is an audioPackFormat.
type PackFormat struct {
	ID, Name    string
	Type        TypeDefinition
	ChannelRefs []string
	Channels    []*ChannelFormat
	PackRefs    []string
	Packs       []*PackFormat
	Importance  *int
	// AbsoluteDistance in metres, when given.
	AbsoluteDistance *float64
	// HOA packs: normalization ("SN3D", "N3D", "FuMa"), nfcRefDist,
	// screenRef, when given at pack level.
	Normalization string
	NFCRefDist    *float64
	ScreenRef     *bool
	// Common marks a BS.2094 common definition.
	Common bool
}

// ChannelFormat is an audioChannelFormat.
type ChannelFormat struct {
	ID, Name string
	Type     TypeDefinition
	// LowPass and HighPass are the frequency elements in Hz (0: absent).
	LowPass, HighPass float64
	Blocks            []*BlockFormat
	Common            bool
}

// BlockFormat is an audioBlockFormat: the common part, and one of Objects,
// DirectSpeakers or HOA according to the channel's type.
type BlockFormat struct {
	ID string
	// RTime and Duration are relative to the object's start; both nil for
	// a block that covers the whole object.
	RTime, Duration *Time
	// Importance 0..10 (default 10).
	Importance int

	Objects        *ObjectsBlock
	DirectSpeakers *SpeakersBlock
	HOA            *HOABlock
}

// ObjectsBlock is the Objects part of a block: what the gain calculation
// reads (gaincalc.BlockFormat, with the block's gain), and the timing
// flags.
type ObjectsBlock struct {
	gaincalc.BlockFormat
	// JumpPosition: the block's position is reached over
	// InterpolationLength (nil: the whole block) rather than across the
	// whole block.
	JumpPosition        bool
	InterpolationLength *float64 // seconds
}

// Bound is a DirectSpeakers coordinate with its optional bounds.
type Bound struct {
	Value    float64
	Min, Max *float64
}

// SpeakersBlock is the DirectSpeakers part of a block.
type SpeakersBlock struct {
	// Labels are the speakerLabel elements as written (e.g.
	// "urn:itu:bs:2051:0:speaker:M+030" or "M+030").
	Labels []string
	// Cartesian positions use X, Y, Z; polar ones Azimuth, Elevation,
	// Distance (default 1).
	Cartesian                    bool
	Azimuth, Elevation, Distance Bound
	X, Y, Z                      Bound
	ScreenEdgeLock               gaincalc.ScreenEdgeLock
	Gain                         float64
}

// HOABlock is the HOA part of a block.
type HOABlock struct {
	Order, Degree int
	// Normalization "SN3D" (default), "N3D" or "FuMa".
	Normalization string
	Equation      string
	NFCRefDist    float64
	ScreenRef     bool
	Gain          float64
}

// StreamFormat is an audioStreamFormat.
type StreamFormat struct {
	ID, Name         string
	FormatDefinition string // "PCM"
	ChannelRef       string
	Channel          *ChannelFormat
	PackRef          string
	Pack             *PackFormat
	TrackFormatRefs  []string
	Common           bool
}

// TrackFormat is an audioTrackFormat.
type TrackFormat struct {
	ID, Name         string
	FormatDefinition string
	StreamRef        string
	Stream           *StreamFormat
	Common           bool
}

// TrackUID is an audioTrackUID: one track of the file.
type TrackUID struct {
	ID         string
	SampleRate int
	BitDepth   int
	// Track is the 1-based track index in the file (from chna); 0 when the
	// chna does not list the UID.
	Track          int
	TrackFormatRef string
	TrackFormat    *TrackFormat
	ChannelRef     string
	Channel        *ChannelFormat
	PackRef        string
	Pack           *PackFormat
}

// ChannelOf returns the channel format a track UID carries: directly, or
// through its track and stream formats.
func (u *TrackUID) ChannelOf() *ChannelFormat {
	if u.Channel != nil {
		return u.Channel
	}
	if u.TrackFormat != nil && u.TrackFormat.Stream != nil {
		return u.TrackFormat.Stream.Channel
	}
	return nil
}
