package adm_test

import (
	"fmt"

	"immerse/adm"
)

// A file whose chna points at the BS.2094 common definitions of 5.1, with
// no axml at all, is understood as a 5.1 bed.
func Example() {
	chna := &adm.Chna{Tracks: 6}
	for i, ch := range []string{"01", "02", "03", "04", "05", "06"} {
		chna.Entries = append(chna.Entries, adm.ChnaEntry{
			Track: i + 1, UID: fmt.Sprintf("ATU_%08d", i+1),
			TrackRef: "AT_000100" + ch + "_01", PackRef: "AP_00010003",
		})
	}
	payload, _ := chna.Bytes()
	doc, err := adm.FromChunks(nil, payload)
	if err != nil {
		panic(err)
	}
	items, err := doc.Items(adm.SelectOptions{})
	if err != nil {
		panic(err)
	}
	for _, it := range items {
		fmt.Println(it.Tracks[0], it.Type, it.Label, it.LFE)
	}
	// Output:
	// 1 DirectSpeakers M+030 false
	// 2 DirectSpeakers M-030 false
	// 3 DirectSpeakers M+000 false
	// 4 DirectSpeakers LFE1 true
	// 5 DirectSpeakers M+110 false
	// 6 DirectSpeakers M-110 false
}
