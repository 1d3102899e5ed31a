package adm

import (
	"fmt"
	"testing"
)

// A second-order HOA object whose chna gives no pack references is one
// HOA item of nine channels, although BS.2094 nests the first-order pack
// (channels 1 to 4) inside the second-order one.
func TestHOAItemGroupsNestedPacks(t *testing.T) {
	axml := `<?xml version="1.0"?><ebuCoreMain><coreMetadata><format><audioFormatExtended>
<audioObject audioObjectID="AO_1001" audioObjectName="hoa"><audioPackFormatIDRef>AP_00040002</audioPackFormatIDRef>`
	c := &Chna{Tracks: 9}
	for k := 1; k <= 9; k++ {
		axml += fmt.Sprintf("<audioTrackUIDRef>ATU_%08d</audioTrackUIDRef>", k)
		c.Entries = append(c.Entries, ChnaEntry{Track: k, UID: fmt.Sprintf("ATU_%08d", k), TrackRef: fmt.Sprintf("AT_000400%02x_01", k)})
	}
	axml += `</audioObject></audioFormatExtended></format></coreMetadata></ebuCoreMain>`
	chna, err := c.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromChunks([]byte(axml), chna)
	if err != nil {
		t.Fatal(err)
	}
	items, err := d.Items(SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0].Tracks) != 9 || items[0].Pack.ID != "AP_00040002" {
		t.Fatalf("%d items; first %v tracks, pack %s", len(items), items[0].Tracks, items[0].Pack.ID)
	}
	for k, n := range items[0].Orders {
		if want := []int{0, 1, 1, 1, 2, 2, 2, 2, 2}[k]; n != want {
			t.Errorf("channel %d order %d, want %d", k, n, want)
		}
	}
}
