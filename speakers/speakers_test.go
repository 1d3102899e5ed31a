package speakers

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestStandardLayouts(t *testing.T) {
	want := map[string]int{
		"0+2+0": 2, "0+5+0": 6, "2+5+0": 8, "4+5+0": 10, "4+5+1": 11, "3+7+0": 12,
		"4+9+0": 14, "9+10+3": 24, "0+7+0": 8, "4+7+0": 12, "2+7+0": 10, "6+9+0": 16, "0+1+0": 1,
	}
	if len(Standard()) != len(want) {
		t.Errorf("%d layouts, want %d", len(Standard()), len(want))
	}
	for name, n := range want {
		l, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Channels) != n {
			t.Errorf("%s has %d channels, want %d", name, len(l.Channels), n)
		}
	}
}

func TestAliases(t *testing.T) {
	for alias, name := range map[string]string{
		"stereo": "0+2+0", "5.1": "0+5+0", "5.1.2": "2+5+0", "5.1.4": "4+5+0", "7.1": "0+7+0",
		"7.1.2": "2+7+0", "7.1.4": "4+7+0", "9.1.6": "6+9+0", "22.2": "9+10+3", "STEREO": "0+2+0", "mono": "0+1+0",
	} {
		l, err := Get(alias)
		if err != nil || l.Name != name {
			t.Errorf("Get(%q) = %v, %v; want %s", alias, l, err, name)
		}
	}
	_, err := Get("7.2.4")
	if err == nil || !strings.Contains(err.Error(), "unknown layout \"7.2.4\"") || !strings.Contains(err.Error(), "7.1.4") {
		t.Errorf("unknown layout error = %v", err)
	}
}

// The channel masks ffmpeg and DAWs expect, and the file order they imply.
func TestWAVMasks(t *testing.T) {
	cases := []struct {
		layout string
		mask   uint32
		order  string // labels in file order
	}{
		{"stereo", 0x3, "M+030 M-030"},
		{"mono", 0x4, "M+000"},
		{"5.1", 0x3F, "M+030 M-030 M+000 LFE1 M+110 M-110"},
		{"5.1.2", 0x503F, "M+030 M-030 M+000 LFE1 M+110 M-110 U+030 U-030"},
		{"5.1.4", 0x2D03F, "M+030 M-030 M+000 LFE1 M+110 M-110 U+030 U-030 U+110 U-110"},
		{"7.1", 0x63F, "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090"},
		{"7.1.2", 0x563F, "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+090 U-090"},
		{"7.1.4", 0x2D63F, "M+030 M-030 M+000 LFE1 M+135 M-135 M+090 M-090 U+045 U-045 U+135 U-135"},
		{"4+9+0", 0x2D6FF, "M+030 M-030 M+000 LFE1 M+135 M-135 M+SC M-SC M+090 M-090 U+045 U-045 U+135 U-135"},
		{"9.1.6", 0, "M+030 M-030 M+000 LFE1 M+090 M-090 M+135 M-135 M+060 M-060 U+045 U-045 U+090 U-090 U+135 U-135"},
		{"22.2", 0, ""},
		{"4+5+1", 0, ""},
		{"3+7+0", 0, ""},
	}
	for _, c := range cases {
		l, _ := Get(c.layout)
		if l.Mask != c.mask {
			t.Errorf("%s: mask 0x%X, want 0x%X", c.layout, l.Mask, c.mask)
		}
		if c.order != "" {
			if got := strings.Join(l.WAVLabels(), " "); got != c.order {
				t.Errorf("%s: file order %s, want %s", c.layout, got, c.order)
			}
		}
	}
	l, _ := Get("7.1.4")
	if s := MaskString(l.Mask); s != "FL+FR+FC+LFE+BL+BR+SL+SR+TFL+TFR+TBL+TBR" {
		t.Errorf("7.1.4 mask string %s", s)
	}
	got, err := FromMask(0x2D63F, 12)
	if err != nil || got.Name != "4+7+0" {
		t.Errorf("FromMask(7.1.4) = %v, %v", got, err)
	}
	if _, err := FromMask(0x3F, 12); err == nil {
		t.Error("FromMask with the wrong channel count succeeded")
	}
	if _, err := FromMask(0, 2); err == nil || !strings.Contains(err.Error(), "--layout") {
		t.Errorf("FromMask(0) error %v", err)
	}
}

func TestGetReturnsCopy(t *testing.T) {
	a, _ := Get("7.1.4")
	a.Channels[0].Azimuth = 44
	b, _ := Get("7.1.4")
	if b.Channels[0].Azimuth != 30 {
		t.Error("Get shares channel storage between callers")
	}
}

func write(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCustomLayout(t *testing.T) {
	p := write(t, "room.yaml", `
name: quad-room
speakers:
  - {label: FL, azimuth: 45, elevation: 0}
  - {label: FR, azimuth: -45, elevation: 0, distance: 2}
  - {label: RL, azimuth: 135, elevation: 0}
  - {label: RR, azimuth: -135, elevation: 0}
  - {label: SUB, lfe: true}
`)
	l, err := Resolve(p)
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "quad-room" || len(l.Channels) != 5 || l.Channels[1].Distance != 2 || !l.Channels[4].LFE || l.Mask != 0 || !l.Custom {
		t.Errorf("custom layout parsed as %+v", l)
	}
	j := write(t, "room.json", `{"speakers": [{"label": "L", "azimuth": 30, "wav": "FL"}, {"label": "R", "azimuth": -30, "wav": "FR"}]}`)
	l, err = Resolve(j)
	if err != nil || l.Name != "room" || l.Mask != 3 {
		t.Errorf("json layout %+v, %v", l, err)
	}
}

func TestRealPositions(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("base: 7.1.4\nspeakers:\n")
	base, _ := Get("7.1.4")
	for _, c := range base.Channels {
		az := c.Azimuth
		if c.Label == "M+030" {
			az = 40
		}
		sb.WriteString("  - {label: " + c.Label + ", azimuth: " + ftoa(az) + ", elevation: " + ftoa(c.Elevation) + "}\n")
	}
	l, err := Parse([]byte(sb.String()), "room.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := l.Channels[0]
	if l.Name != "4+7+0" || c.Azimuth != 40 || c.NominalAzimuth != 30 || l.Mask != 0x2D63F {
		t.Errorf("real positions: %+v", l)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func TestLayoutFileErrors(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"empty.yaml", "name: x\n", "no speakers"},
		{"dup.yaml", "speakers:\n - {label: A, azimuth: 0}\n - {label: A, azimuth: 10}\n", "label used twice"},
		{"az.yaml", "speakers:\n - {label: A, azimuth: 190}\n", "azimuth 190 is outside [-180, 180]"},
		{"field.yaml", "speakers:\n - {label: A, azimut: 10}\n", "field azimut not found"},
		{"field.json", `{"speakers": [{"label": "A", "elev": 1}]}`, "unknown field \"elev\""},
		{"base.yaml", "base: 7.1.4\nspeakers:\n - {label: M+030, azimuth: 30}\n", "channel M-030 of 4+7+0 is missing"},
		{"range.yaml", "base: 5.1\nspeakers:\n - {label: M+030, azimuth: 30}\n - {label: M-030, azimuth: -30}\n - {label: M+000, azimuth: 0}\n - {label: M+110, azimuth: 90}\n - {label: M-110, azimuth: -110}\n", "azimuth 90 is outside the range 100..120"},
		{"label.yaml", "base: 5.1\nspeakers:\n - {label: Ls, azimuth: 110}\n", "label \"Ls\" is not a channel of 0+5+0"},
		{"wav.yaml", "speakers:\n - {label: A, azimuth: 30, wav: XX}\n", "not a WAVE_FORMAT_EXTENSIBLE speaker name"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.body), c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %v, want it to contain %q and the file name", c.name, err, c.want)
		}
	}
}

func TestWithoutLFE(t *testing.T) {
	l, _ := Get("22.2")
	nl, idx := l.WithoutLFE()
	if len(nl.Channels) != 22 || !reflect.DeepEqual(idx[:4], []int{0, 1, 2, 4}) {
		t.Errorf("WithoutLFE: %d channels, idx %v", len(nl.Channels), idx)
	}
}

func TestLoadRealPositions(t *testing.T) {
	base, _ := Get("5.1")
	p := write(t, "room.yaml", "speakers:\n - {label: M+030, azimuth: 28}\n - {label: M-030, azimuth: -31}\n - {label: M+000, azimuth: 0}\n - {label: M+110, azimuth: 115, elevation: 5}\n - {label: M-110, azimuth: -105}\n")
	l, err := LoadRealPositions(p, base)
	if err == nil {
		t.Fatalf("M+030 at 28 degrees accepted (BS.2051 allows only 30 for 0+5+0): %+v", l)
	}
	p = write(t, "room2.yaml", "speakers:\n - {label: M+030, azimuth: 30}\n - {label: M-030, azimuth: -30}\n - {label: M+000, azimuth: 0}\n - {label: M+110, azimuth: 115, elevation: 5}\n - {label: M-110, azimuth: -105}\n")
	l, err = LoadRealPositions(p, base)
	if err != nil {
		t.Fatal(err)
	}
	if c := l.Channels[l.Index("M+110")]; c.Azimuth != 115 || c.Elevation != 5 || c.NominalAzimuth != 110 {
		t.Errorf("M+110 = %+v", c)
	}
	other, _ := Get("7.1.4")
	if _, err := LoadRealPositions(p, other); err == nil || !strings.Contains(err.Error(), `label "M+110" is not a channel of 4+7+0`) {
		t.Errorf("wrong base: %v", err)
	}
}
