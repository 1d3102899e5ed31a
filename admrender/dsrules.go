package admrender

import (
	"math"
	"slices"
	"strings"
)

// The DirectSpeakers mapping rules of BS.2127 §8: how a channel of an ITU
// layout (a BS.2094 common pack) plays on another layout. For a channel
// with a given speaker label, the first rule whose output loudspeakers all
// exist in the target layout (and whose input and output layout
// conditions hold) gives its gains. Each rule also stands for its mirror
// image (+ and − swapped), tried right after it.

// ruleGain is one loudspeaker of a rule and its gain.
type ruleGain struct {
	label string
	gain  float64
}

// mappingRule maps one speaker label to loudspeakers of the target.
type mappingRule struct {
	label string
	gains []ruleGain
	// in and out restrict the rule to input and output layouts (nil: any).
	in, out []string
}

// rule builds a rule from label/power pairs: the gain of each loudspeaker
// is the square root of the power share given.
func rule(label string, pairs ...any) mappingRule {
	r := mappingRule{label: label}
	for i := 0; i < len(pairs); i += 2 {
		r.gains = append(r.gains, ruleGain{pairs[i].(string), math.Sqrt(pairs[i+1].(float64))})
	}
	return r
}

func (r mappingRule) from(layouts ...string) mappingRule { r.in = layouts; return r }
func (r mappingRule) to(layouts ...string) mappingRule   { r.out = layouts; return r }

// baseRules are the rules of the standard, left side only.
var baseRules = []mappingRule{
	rule("M+000", "M+000", 1.0),
	rule("M+000", "M+030", 1.0/2, "M-030", 1.0/2),

	rule("M+060", "M+060", 1.0),
	rule("M+060", "M+030", 2.0/3, "M+110", 1.0/3),
	rule("M+060", "M+030", 1.0/2, "M+090", 1.0/2),
	rule("M+060", "M+030", 1.0),

	rule("M+090", "M+090", 1.0),
	rule("M+090", "M+030", 1.0/3, "M+110", 2.0/3).from("9+10+3"),
	rule("M+090", "M+030", 1.0/2, "M+110", 1.0/2),
	rule("M+090", "M+030", 1.0/2),

	rule("M+110", "M+110", 1.0),
	rule("M+110", "M+135", 1.0),
	rule("M+110", "M+030", 1.0/2),

	rule("M+135", "M+135", 1.0),
	rule("M+135", "M+110", 1.0),
	rule("M+135", "M+030", 1.0/2),

	rule("M+180", "M+180", 1.0),
	rule("M+180", "M+135", 1.0/2, "M-135", 1.0/2),
	rule("M+180", "M+110", 1.0/2, "M-110", 1.0/2),
	rule("M+180", "M+030", 1.0/4, "M-030", 1.0/4),

	rule("U+000", "U+000", 1.0),
	rule("U+000", "U+030", 1.0/2, "U-030", 1.0/2),
	rule("U+000", "U+045", 1.0/2, "U-045", 1.0/2),
	rule("U+000", "M+000", 1.0),
	rule("U+000", "M+030", 1.0/2, "M-030", 1.0/2),

	rule("U+030", "U+030", 1.0),
	rule("U+030", "U+045", 1.0),
	rule("U+030", "M+030", 1.0),

	rule("U+045", "U+045", 1.0),
	rule("U+045", "U+030", 1.0),
	rule("U+045", "M+030", 1.0),

	rule("U+090", "U+090", 1.0),
	rule("U+090", "U+045", 2.0/3, "UH+180", 1.0/3).from("9+10+3"),
	rule("U+090", "U+030", 1.0/2, "U+110", 1.0/2),
	rule("U+090", "U+045", 1.0/2, "U+135", 1.0/2),
	rule("U+090", "M+090", 1.0),
	rule("U+090", "U+030", 1.0/2, "M+110", 1.0/2),
	rule("U+090", "M+030", 1.0/2, "M+110", 1.0/2),
	rule("U+090", "M+030", 1.0/2),

	rule("U+110", "U+110", 1.0),
	rule("U+110", "U+135", 1.0),
	rule("U+110", "U+045", 1.0/2, "UH+180", 1.0/2),
	rule("U+110", "M+110", 1.0),
	rule("U+110", "M+135", 1.0),
	rule("U+110", "M+030", 1.0/2),

	rule("U+135", "U+135", 1.0),
	rule("U+135", "U+110", 1.0),
	rule("U+135", "U+045", 1.0/3, "UH+180", 2.0/3).from("9+10+3"),
	rule("U+135", "U+045", 1.0/2, "UH+180", 1.0/2),
	rule("U+135", "M+135", 1.0),
	rule("U+135", "M+110", 1.0),
	rule("U+135", "M+030", 1.0/2),

	rule("U+180", "U+180", 1.0),
	rule("U+180", "UH+180", 1.0),
	rule("U+180", "U+135", 1.0/2, "U-135", 1.0/2),
	rule("U+180", "U+110", 1.0/2, "U-110", 1.0/2),
	rule("U+180", "M+135", 1.0/2, "M-135", 1.0/2),
	rule("U+180", "M+110", 1.0/2, "M-110", 1.0/2),
	rule("U+180", "M+030", 1.0/4, "M-030", 1.0/4),

	rule("UH+180", "UH+180", 1.0),
	rule("UH+180", "U+180", 1.0),
	rule("UH+180", "U+135", 1.0/2, "U-135", 1.0/2),
	rule("UH+180", "U+110", 1.0/2, "U-110", 1.0/2),
	rule("UH+180", "M+135", 1.0/2, "M-135", 1.0/2),
	rule("UH+180", "M+110", 1.0/2, "M-110", 1.0/2),
	rule("UH+180", "M+030", 1.0/4, "M-030", 1.0/4),

	rule("T+000", "T+000", 1.0),
	rule("T+000", "U+045", 1.0/4, "U-045", 1.0/4, "U+135", 1.0/4, "U-135", 1.0/4),
	rule("T+000", "U+030", 1.0/4, "U-030", 1.0/4, "U+110", 1.0/4, "U-110", 1.0/4),
	rule("T+000", "U+045", 1.0/3, "U-045", 1.0/3, "UH+180", 1.0/3),
	rule("T+000", "U+045", 1.0/4, "U-045", 1.0/4, "M+135", 1.0/4, "M-135", 1.0/4),
	rule("T+000", "U+030", 1.0/4, "U-030", 1.0/4, "M+110", 1.0/4, "M-110", 1.0/4),
	rule("T+000", "M+030", 1.0/4, "M-030", 1.0/4, "M+135", 1.0/4, "M-135", 1.0/4),
	rule("T+000", "M+030", 1.0/4, "M-030", 1.0/4, "M+110", 1.0/4, "M-110", 1.0/4),
	rule("T+000", "M+030", 1.0/4, "M-030", 1.0/4),

	rule("B+000", "B+000", 1.0),
	rule("B+000", "M+000", 1.0),
	rule("B+000", "M+030", 1.0/2, "M-030", 1.0/2),

	rule("B+045", "B+045", 1.0),
	rule("B+045", "M+030", 1.0),

	rule("LFE1", "LFE1", 1.0).from("9+10+3", "3+7+0").to("9+10+3", "3+7+0"),
	rule("LFE2", "LFE2", 1.0).from("9+10+3", "3+7+0").to("9+10+3", "3+7+0"),
	rule("LFE1", "LFE1", 1.0/2).from("9+10+3", "3+7+0"),
	rule("LFE2", "LFE1", 1.0/2).from("9+10+3", "3+7+0"),
	rule("LFE1", "LFE1", 1.0),
}

// mappingRules are baseRules, each followed by its mirror image when that
// differs.
var mappingRules = withMirrors(baseRules)

// mirrorLabel swaps the side of a label: M+030 <-> M-030; labels on the
// median plane (…000, …180) and labels without a sign stay.
func mirrorLabel(l string) string {
	switch {
	case strings.HasSuffix(l, "000"), strings.HasSuffix(l, "180"):
		return l
	case strings.Contains(l, "+"):
		return strings.Replace(l, "+", "-", 1)
	}
	return strings.Replace(l, "-", "+", 1)
}

func withMirrors(rules []mappingRule) []mappingRule {
	var out []mappingRule
	for _, r := range rules {
		out = append(out, r)
		m := r
		m.label = mirrorLabel(r.label)
		m.gains = nil
		for _, g := range r.gains {
			m.gains = append(m.gains, ruleGain{mirrorLabel(g.label), g.gain})
		}
		if m.label != r.label || !sameGains(m.gains, r.gains) {
			out = append(out, m)
		}
	}
	return out
}

// sameGains compares two gain lists as sets.
func sameGains(a, b []ruleGain) bool {
	if len(a) != len(b) {
		return false
	}
	byLabel := func(x, y ruleGain) int { return strings.Compare(x.label, y.label) }
	sa, sb := slices.Clone(a), slices.Clone(b)
	slices.SortFunc(sa, byLabel)
	slices.SortFunc(sb, byLabel)
	return slices.Equal(sa, sb)
}

// ituPackLayouts are the BS.2094 common packs the rules apply to, with the
// layout each stands for.
var ituPackLayouts = map[string]string{
	"AP_00010001": "0+1+0",
	"AP_00010002": "0+2+0",
	"AP_0001000c": "0+5+0",
	"AP_00010003": "0+5+0",
	"AP_00010004": "2+5+0",
	"AP_00010005": "4+5+0",
	"AP_00010010": "4+5+1",
	"AP_00010007": "3+7+0",
	"AP_00010008": "4+9+0",
	"AP_00010009": "9+10+3",
	"AP_0001000f": "0+7+0",
	"AP_00010017": "4+7+0",
}

// ruleGains returns the gains the first applicable rule gives a channel
// labelled label of input layout in, on a target layout named out with
// channel labels outLabels; nil when no rule applies.
func ruleGains(in, label, out string, index func(string) int) []ruleGain {
	for i := range mappingRules {
		r := &mappingRules[i]
		if r.label != label || r.in != nil && !slices.Contains(r.in, in) || r.out != nil && !slices.Contains(r.out, out) {
			continue
		}
		ok := true
		for _, g := range r.gains {
			if index(g.label) < 0 {
				ok = false
				break
			}
		}
		if ok {
			return r.gains
		}
	}
	return nil
}
