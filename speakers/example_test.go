package speakers_test

import (
	"fmt"

	"immerse/speakers"
)

// A layout by its common name, its BS.2051 channels and the order its
// channels take in a WAV file (the channel mask's order).
func ExampleGet() {
	l, _ := speakers.Get("7.1.4")
	fmt.Println(l.Name, len(l.Channels), speakers.MaskString(l.Mask))
	fmt.Println(l.Labels())
	fmt.Println(l.WAVLabels())
	// Output:
	// 4+7+0 12 FL+FR+FC+LFE+BL+BR+SL+SR+TFL+TFR+TBL+TBR
	// [M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135 U+045 U-045 U+135 U-135]
	// [M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+045 U-045 U+135 U-135]
}
