package adm

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// The common definitions of ITU-R BS.2094: DirectSpeakers channels and
// packs for the BS.2051 layouts, and HOA channels and packs, identified by
// IDs whose 4-hex-digit index is below 1000 (AC_00010001, AP_00010017 …).
// This is our own compact table of the standard's facts: IDs, names,
// speaker labels and nominal positions.

// commonSpeaker is one DirectSpeakers common channel: AC_0001xxxx with
// xxxx = id.
type commonSpeaker struct {
	id     int
	name   string
	label  string // BS.2051 label as in the common definitions
	az, el float64
	lfe    bool
}

var commonSpeakers = []commonSpeaker{
	{0x01, "FrontLeft", "M+030", 30, 0, false},
	{0x02, "FrontRight", "M-030", -30, 0, false},
	{0x03, "FrontCentre", "M+000", 0, 0, false},
	{0x04, "LowFrequencyEffects", "LFE", 0, -30, true},
	{0x05, "SurroundLeft", "M+110", 110, 0, false},
	{0x06, "SurroundRight", "M-110", -110, 0, false},
	{0x07, "FrontLeftOfCentre", "M+022", 22.5, 0, false},
	{0x08, "FrontRightOfCentre", "M-022", -22.5, 0, false},
	{0x09, "BackCentre", "M+180", 180, 0, false},
	{0x0a, "SideLeft", "M+090", 90, 0, false},
	{0x0b, "SideRight", "M-090", -90, 0, false},
	{0x0c, "TopCentre", "T+000", 0, 90, false},
	{0x0d, "TopFrontLeft", "U+030", 30, 30, false},
	{0x0e, "TopFrontCentre", "U+000", 0, 30, false},
	{0x0f, "TopFrontRight", "U-030", -30, 30, false},
	{0x10, "TopSurroundLeft", "U+110", 110, 30, false},
	{0x11, "TopBackCentre", "U+180", 180, 30, false},
	{0x12, "TopSurroundRight", "U-110", -110, 30, false},
	{0x13, "TopSideLeft", "U+090", 90, 30, false},
	{0x14, "TopSideRight", "U-090", -90, 30, false},
	{0x15, "BottomFrontCentre", "B+000", 0, -30, false},
	{0x16, "BottomFrontLeftMid", "B+045", 45, -30, false},
	{0x17, "BottomFrontRightMid", "B-045", -45, -30, false},
	{0x18, "FrontLeftWide", "M+060", 60, 0, false},
	{0x19, "FrontRightWide", "M-060", -60, 0, false},
	{0x1a, "BackLeftMidDiffuse", "M+135_Diff", 135, 0, false},
	{0x1b, "BackRightMidDiffuse", "M-135_Diff", -135, 0, false},
	{0x1c, "BackLeftMid", "M+135", 135, 0, false},
	{0x1d, "BackRightMid", "M-135", -135, 0, false},
	{0x1e, "TopBackLeftMid", "U+135", 135, 30, false},
	{0x1f, "TopBackRightMid", "U-135", -135, 30, false},
	{0x20, "LowFrequencyEffectsL", "LFEL", 45, -30, true},
	{0x21, "LowFrequencyEffectsR", "LFER", -45, -30, true},
	{0x22, "TopFrontLeftMid", "U+045", 45, 30, false},
	{0x23, "TopFrontRightMid", "U-045", -45, 30, false},
	{0x24, "FrontLeftScreen", "M+SC", 25, 0, false},
	{0x25, "FrontRightScreen", "M-SC", -25, 0, false},
	{0x26, "FrontLeftMid", "M+045", 45, 0, false},
	{0x27, "FrontRightMid", "M-045", -45, 0, false},
	{0x28, "UpperTopBackCentre", "UH+180", 180, 45, false},
}

// commonSpeakerPack is a DirectSpeakers common pack: AP_0001xxxx.
type commonSpeakerPack struct {
	id       int
	name     string
	layout   string // the immerse layout it matches ("" for none)
	channels []int
}

var commonSpeakerPacks = []commonSpeakerPack{
	{0x01, "mono_(0+1+0)", "", []int{0x03}},
	{0x02, "stereo_(0+2+0)", "0+2+0", []int{0x01, 0x02}},
	{0x0a, "3.0_(0+3+0)", "", []int{0x01, 0x02, 0x03}},
	{0x0b, "4.0_(0+4+0)", "", []int{0x01, 0x02, 0x03, 0x09}},
	{0x0c, "5.0_(0+5+0)", "", []int{0x01, 0x02, 0x03, 0x05, 0x06}},
	{0x03, "5.1_(0+5+0)", "0+5+0", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06}},
	{0x0d, "6.1_(0+6+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09}},
	{0x0e, "7.1front_(0+7+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x26, 0x27}},
	{0x0f, "7.1back_(0+7+0)", "0+7+0", []int{0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d}},
	{0x04, "7.1top_(2+5+0)", "2+5+0", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f}},
	{0x12, "7.1side_5.1+sc_(0+7+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x24, 0x25}},
	{0x13, "7.1topside_5.1.2_(2+5+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x13, 0x14}},
	{0x14, "9.1screen_5.1.2+sc_(2+7+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x13, 0x14, 0x24, 0x25}},
	{0x16, "9.1_7.1.2_(2+7+0)", "2+7+0", []int{0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d, 0x13, 0x14}},
	{0x05, "9.1_5.1.4_(4+5+0)", "4+5+0", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12}},
	{0x10, "10.1_(4+5+1)", "4+5+1", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12, 0x15}},
	{0x07, "10.2_(3+7+0)", "3+7+0", []int{0x03, 0x01, 0x02, 0x22, 0x23, 0x0a, 0x0b, 0x1c, 0x1d, 0x28, 0x20, 0x21}},
	{0x15, "11.1_5.1.4+sc_(4+7+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12, 0x24, 0x25}},
	{0x17, "11.1_7.1.4_(4+7+0)", "4+7+0", []int{0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f}},
	{0x08, "13.1_(4+9+0)", "4+9+0", []int{0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f, 0x24, 0x25}},
	{0x09, "22.2_(9+10+3)", "9+10+3", []int{0x18, 0x19, 0x03, 0x20, 0x1c, 0x1d, 0x01, 0x02, 0x09, 0x21, 0x0a, 0x0b, 0x22, 0x23, 0x0e, 0x0c, 0x1e, 0x1f, 0x13, 0x14, 0x11, 0x15, 0x16, 0x17}},
	{0x11, "Auro-3D_(9+9+0)", "", []int{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0b, 0x1a, 0x1b, 0x0d, 0x0f, 0x0e, 0x10, 0x12, 0x13, 0x14, 0x1e, 0x1f}},
}

// hoaNorms are the HOA normalisations of the common definitions: channel
// index base and highest order with packs (3D, ACN order; FuMa to 3rd).
var hoaNorms = []struct {
	name     string
	base     int
	maxOrder int
}{{"SN3D", 0x000, 6}, {"N3D", 0x100, 6}, {"FuMa", 0x200, 3}}

// fumaNames are the FuMa channel letters in ACN order.
var fumaNames = []string{"W", "Y", "Z", "X", "V", "T", "R", "S", "U", "Q", "O", "M", "K", "L", "N", "P"}

// commonDefs is the table built once.
type commonDefs struct {
	packs    map[string]*PackFormat
	channels map[string]*ChannelFormat
	streams  map[string]*StreamFormat
	tracks   map[string]*TrackFormat
	layout   map[string]string // immerse layout name -> pack ID
}

var (
	commonOnce sync.Once
	common     *commonDefs
)

func commons() *commonDefs {
	commonOnce.Do(func() { common = buildCommon() })
	return common
}

func hexID(prefix string, typ, idx int) string { return fmt.Sprintf("%s_%04x%04x", prefix, typ, idx) }

func buildCommon() *commonDefs {
	c := &commonDefs{packs: map[string]*PackFormat{}, channels: map[string]*ChannelFormat{},
		streams: map[string]*StreamFormat{}, tracks: map[string]*TrackFormat{}, layout: map[string]string{}}
	addChannel := func(ch *ChannelFormat, typ, idx int) {
		c.channels[ch.ID] = ch
		s := &StreamFormat{ID: hexID("AS", typ, idx), Name: "PCM_" + ch.Name, FormatDefinition: "PCM",
			ChannelRef: ch.ID, Channel: ch, Common: true}
		t := &TrackFormat{ID: hexID("AT", typ, idx) + "_01", Name: "PCM_" + ch.Name, FormatDefinition: "PCM",
			StreamRef: s.ID, Stream: s, Common: true}
		s.TrackFormatRefs = []string{t.ID}
		c.streams[s.ID] = s
		c.tracks[t.ID] = t
	}
	for _, s := range commonSpeakers {
		ch := &ChannelFormat{ID: hexID("AC", 1, s.id), Name: s.name, Type: DirectSpeakers, Common: true}
		if s.lfe {
			ch.LowPass = 120
		}
		ch.Blocks = []*BlockFormat{{ID: fmt.Sprintf("AB_0001%04x_00000001", s.id), Importance: 10,
			DirectSpeakers: &SpeakersBlock{Labels: []string{"urn:itu:bs:2051:0:speaker:" + s.label},
				Azimuth: Bound{Value: s.az}, Elevation: Bound{Value: s.el}, Distance: Bound{Value: 1}, Gain: 1}}}
		addChannel(ch, 1, s.id)
	}
	for _, p := range commonSpeakerPacks {
		pk := &PackFormat{ID: hexID("AP", 1, p.id), Name: p.name, Type: DirectSpeakers, Common: true}
		for _, id := range p.channels {
			ch := c.channels[hexID("AC", 1, id)]
			pk.ChannelRefs = append(pk.ChannelRefs, ch.ID)
			pk.Channels = append(pk.Channels, ch)
		}
		c.packs[pk.ID] = pk
		if p.layout != "" {
			c.layout[p.layout] = pk.ID
		}
	}
	for ni, nm := range hoaNorms {
		nch := (nm.maxOrder + 1) * (nm.maxOrder + 1)
		for acn := 0; acn < nch; acn++ {
			order := int(math.Sqrt(float64(acn)))
			degree := acn - order*order - order
			name := fmt.Sprintf("%s_ACN_%d", nm.name, acn)
			if nm.name == "FuMa" {
				name = "FuMa_" + fumaNames[acn]
			}
			idx := nm.base + acn + 1
			ch := &ChannelFormat{ID: hexID("AC", 4, idx), Name: name, Type: HOA, Common: true,
				Blocks: []*BlockFormat{{ID: fmt.Sprintf("AB_0004%04x_00000001", idx), Importance: 10,
					HOA: &HOABlock{Order: order, Degree: degree, Normalization: nm.name, Gain: 1}}}}
			addChannel(ch, 4, idx)
		}
		var prev *PackFormat
		for order := 1; order <= nm.maxOrder; order++ {
			pk := &PackFormat{ID: hexID("AP", 4, ni*0x10+order), Type: HOA, Common: true, Normalization: nm.name,
				Name: fmt.Sprintf("3D_order%d_%s", order, nm.name)}
			if nm.name != "FuMa" {
				pk.Name += "_ACN"
			}
			first := order * order
			if prev == nil {
				first = 0
			} else {
				pk.PackRefs, pk.Packs = []string{prev.ID}, []*PackFormat{prev}
			}
			for acn := first; acn < (order+1)*(order+1); acn++ {
				ch := c.channels[hexID("AC", 4, nm.base+acn+1)]
				pk.ChannelRefs = append(pk.ChannelRefs, ch.ID)
				pk.Channels = append(pk.Channels, ch)
			}
			c.packs[pk.ID] = pk
			prev = pk
		}
	}
	return c
}

// isCommonID reports whether id is in the range of the BS.2094 common
// definitions (index below 0x1000), e.g. AP_00010017, AT_00010001_01.
func isCommonID(id string) bool {
	if len(id) < 11 || id[2] != '_' {
		return false
	}
	var idx int
	if _, err := fmt.Sscanf(id[7:11], "%04x", &idx); err != nil {
		return false
	}
	return idx < 0x1000
}

// CommonPackForLayout returns the ID of the BS.2094 common DirectSpeakers
// pack for an immerse layout name ("4+7+0" gives AP_00010017), or "" when
// BS.2094 defines none (9.1.6).
func CommonPackForLayout(layout string) string { return commons().layout[layout] }

// CommonPack returns a BS.2094 common pack by ID (nil if none). The
// returned element must not be modified.
func CommonPack(id string) *PackFormat { return commons().packs[id] }

// CommonChannel returns a BS.2094 common channel format by ID (nil if
// none). The returned element must not be modified.
func CommonChannel(id string) *ChannelFormat { return commons().channels[id] }

// CommonTrackFormat returns a BS.2094 common track format by ID (nil if
// none); its stream format and channel are linked.
func CommonTrackFormat(id string) *TrackFormat { return commons().tracks[id] }

// SpeakerLabel turns a speakerLabel as written in ADM into a BS.2051 label
// of the speakers package: the "urn:itu:bs:2051:N:speaker:" prefix goes, and
// the common definitions' LFE names become LFE1/LFE2.
func SpeakerLabel(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "urn:itu:bs:2051:") {
		if i := strings.LastIndex(s, ":speaker:"); i >= 0 {
			s = s[i+len(":speaker:"):]
		}
	}
	switch s {
	case "LFE", "LFEL":
		return "LFE1"
	case "LFER":
		return "LFE2"
	}
	return s
}
