package speakers

import "fmt"

// wavSpeakers is the one table of WAVE_FORMAT_EXTENSIBLE speaker positions
// (dwChannelMask bits, Microsoft KSAUDIO / ffmpeg names), in bit order.
var wavSpeakers = [...]string{
	"FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC",
	"SL", "SR", "TC", "TFL", "TFC", "TFR", "TBL", "TBC", "TBR",
}

// WAVSpeakerBit returns the channel-mask bit of a WAV speaker name
// ("FL" -> 0x1, "TBR" -> 0x20000).
func WAVSpeakerBit(name string) (uint32, error) {
	for i, n := range wavSpeakers {
		if n == name {
			return 1 << uint(i), nil
		}
	}
	return 0, fmt.Errorf("speakers: %q is not a WAVE_FORMAT_EXTENSIBLE speaker name (want one of %v)", name, wavSpeakers)
}

// MaskNames lists the speaker names of a channel mask in bit (= file) order.
func MaskNames(mask uint32) []string {
	var names []string
	for i, n := range wavSpeakers {
		if mask&(1<<uint(i)) != 0 {
			names = append(names, n)
		}
	}
	return names
}

// MaskString formats a mask as ffmpeg spells it, e.g. "FL+FR+FC+LFE".
func MaskString(mask uint32) string {
	s := ""
	for i, n := range MaskNames(mask) {
		if i > 0 {
			s += "+"
		}
		s += n
	}
	return s
}
