package loudness

import "testing"

// BS.1770-5 Table 5: position-dependent weights of the BS.2051 loudspeakers.
func TestChannelWeightTable5(t *testing.T) {
	cases := []struct {
		label  string
		az, el float64
		lfe    bool
		want   float64
	}{
		{"M+000", 0, 0, false, 1}, {"M+SC", 15, 0, false, 1}, {"M-SC", -15, 0, false, 1},
		{"M+030", 30, 0, false, 1}, {"M-030", -30, 0, false, 1},
		{"M+060", 60, 0, false, 1.41}, {"M-060", -60, 0, false, 1.41},
		{"M+090", 90, 0, false, 1.41}, {"M-090", -90, 0, false, 1.41},
		{"M+110", 110, 0, false, 1.41}, {"M-110", -110, 0, false, 1.41},
		{"M+135", 135, 0, false, 1}, {"M-135", -135, 0, false, 1},
		{"M+180", 180, 0, false, 1},
		{"U+000", 0, 30, false, 1}, {"U+030", 30, 30, false, 1}, {"U-030", -30, 30, false, 1},
		{"U+045", 45, 30, false, 1}, {"U-045", -45, 30, false, 1},
		{"U+090", 90, 30, false, 1}, {"U-090", -90, 30, false, 1},
		{"U+110", 110, 30, false, 1}, {"U-110", -110, 30, false, 1},
		{"U+135", 135, 30, false, 1}, {"U-135", -135, 30, false, 1},
		{"U+180", 180, 30, false, 1}, {"T+000", 0, 90, false, 1},
		{"B+000", 0, -30, false, 1}, {"B+045", 45, -30, false, 1}, {"B-045", -45, -30, false, 1},
		{"LFE1", 45, -30, true, 0}, {"LFE2", -45, -30, true, 0},
		// Table 4 boundaries and wrapping.
		{"az 120", 120, 0, false, 1.41}, {"az 120.1", 120.1, 0, false, 1},
		{"az 59.9", 59.9, 0, false, 1}, {"el 29.9", 90, 29.9, false, 1.41},
		{"el -29.9", 90, -29.9, false, 1.41}, {"el -30", 90, -30, false, 1},
		{"az 250 = -110", 250, 0, false, 1.41}, {"az -470 = -110", -470, 0, false, 1.41},
	}
	for _, c := range cases {
		if got := ChannelWeight(c.az, c.el, c.lfe); got != c.want {
			t.Errorf("%s (az %g, el %g): weight %g, want %g", c.label, c.az, c.el, got, c.want)
		}
	}
}
