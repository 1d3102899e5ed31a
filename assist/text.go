package assist

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"immerse/mixer"
)

// WriteText prints the report for people: what was measured per track,
// each suggestion with its reason and expected effect, the warnings, and
// the summary line.
func WriteText(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	focus := ""
	if r.Focus != "" {
		focus = fmt.Sprintf(", focus %q", r.Focus)
	}
	ew.printf("%s (%s%s): %.1f s at %d Hz\n", r.Session, r.Genre, focus, r.DurationSeconds, r.SampleRate)
	m := r.Master
	ew.printf("  master %s LUFS, true peak %s dBTP, PLR %.1f dB, LRA %.1f LU", fmtLevel(m.IntegratedLUFS), fmtLevel(m.TruePeakDBTP), m.PLRDB, m.LoudnessRangeLU)
	if m.SideToMidDB != nil {
		ew.printf(", side/mid %s dB", fmtLevel(*m.SideToMidDB))
	}
	if m.FocusOverRestLU != nil {
		ew.printf(", focus over the rest %+.1f LU", *m.FocusOverRestLU)
	}
	ew.printf("\n\nTracks as the session plays them (after inserts, before fader, where they play):\n")
	width := len("track")
	for _, t := range r.Tracks {
		width = max(width, len(t.Name))
	}
	ew.printf("  %-*s  %-24s %6s %5s %6s %5s %6s %6s %7s %6s %6s\n", width, "track", "role (from)", "LUFS", "LRA", "dBTP", "crest", "spread", "dB/oct", "in mix", "focus", "phone")
	for _, t := range r.Tracks {
		role := fmt.Sprintf("%s (%s)", t.Role, t.RoleFrom)
		if t.Measurements == nil {
			ew.printf("  %-*s  %-24s muted: not heard, not analysed\n", width, t.Name, role)
			continue
		}
		tm := t.Measurements
		f := "-"
		if tm.FocusLU != nil {
			f = fmt.Sprintf("%+.1f", *tm.FocusLU)
		}
		phone := "-"
		if v, ok := tm.KeptLU["phone"]; ok {
			phone = fmt.Sprintf("%.1f", v)
		}
		ew.printf("  %-*s  %-24s %6s %5.1f %6s %5.1f %6.1f %6.1f %7s %6s %6s\n", width, t.Name, role,
			fmtLevel(tm.IntegratedLUFS), tm.LoudnessRangeLU, fmtLevel(tm.TruePeakDBTP), tm.CrestDB, tm.SpreadDB,
			tm.TiltDBPerOctave, fmtLevel(tm.MixLUFS), f, phone)
	}
	if len(r.Pairs) > 0 {
		ew.printf("\nCorrelated tracks (one source):\n")
		for _, p := range r.Pairs {
			ew.printf("  %s / %s: correlation %+.2f at %+.2f ms (%+.2f without a shift)\n", p.A, p.B, p.Correlation, p.LagMs, p.ZeroLag)
		}
	}
	if len(r.Masking) > 0 {
		ew.printf("\nMasking:\n")
		for _, mk := range r.Masking {
			ew.printf("  %s masks %s at %g-%g Hz %.0f%% of the time (fix: %s)\n", mk.Masker, mk.Masked, mk.LowHz, mk.HighHz, 100*mk.Fraction, mk.Fix)
		}
	}
	if r.Reference != nil {
		rf := r.Reference
		ew.printf("\nReference %s (%s at %.0f%%): %.1f LUFS against the mix's %.1f, side/mid %.1f dB against %.1f\n",
			rf.File, strings.Join(rf.Match, ", "), rf.Strength, rf.ReferenceLUFS, rf.MixLUFS, rf.ReferenceSideToMidDB, rf.MixSideToMidDB)
		ew.printf("  octave (Hz)   mid difference -> remaining   side difference -> remaining  (dB)\n")
		for _, b := range rf.Bands {
			ew.printf("  %8g      %+6.1f -> %+6.1f              %+6.1f -> %+6.1f\n", b.CentreHz, b.DifferenceDB, b.RemainingDB, b.SideDifferenceDB, b.SideRemainingDB)
		}
	}
	ew.printf("\nSuggestions:\n")
	if len(r.Suggestions) == 0 {
		ew.printf("  none\n")
	}
	for k, s := range r.Suggestions {
		ew.printf("  %d. [%s] %s: %s\n", k+1, s.Kind, s.Track, s.Change.Describe())
		ew.printf("     why: %s\n", s.Reason)
		if e := describeExpected(s.Expected); e != "" {
			ew.printf("     expected: %s\n", e)
		}
	}
	if len(r.Warnings) > 0 {
		ew.printf("\nWarnings:\n")
		for _, wn := range r.Warnings {
			ew.printf("  - %s (%s): %s\n", wn.Track, wn.Kind, wn.Reason)
		}
	}
	ew.printf("\n%s\n", r.Summary)
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

func describeExpected(m map[string]Effect) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		e := m[k]
		parts = append(parts, fmt.Sprintf("%s %s -> %s %s", k, num(e.From), num(e.To), e.Unit))
	}
	return strings.Join(parts, "; ")
}

func num(v float64) string {
	if v <= -200 {
		return "-inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Describe says what the change does, in session terms.
func (c Change) Describe() string {
	switch c.Op {
	case OpSet:
		return fmt.Sprintf("%s %v -> %v", c.Field, c.From, c.To)
	case OpAddInsert:
		return "add insert " + describeInsert(c.Insert)
	case OpEQBand:
		b := c.Band
		s := fmt.Sprintf("EQ band %s at %s Hz", b.Type, num(b.Params["freq"]))
		if g, ok := b.Params["gain"]; ok {
			s += fmt.Sprintf(", %s dB", num(g))
		}
		if q, ok := b.Params["q"]; ok {
			s += fmt.Sprintf(", Q %s", num(q))
		}
		if sl, ok := b.Params["slope"]; ok {
			s += fmt.Sprintf(", %s dB/oct", num(sl))
		}
		if c.From != nil {
			if f, ok := c.From.(float64); ok && f != 0 {
				s += fmt.Sprintf(" (was %s dB)", num(f))
			}
		}
		return s + " (in the EQ at the end of the chain)"
	case OpAddSend:
		return fmt.Sprintf("send to %q at %s dB", c.Send.Bus, num(c.Send.Level))
	case OpAddBus:
		var ins []string
		for k := range c.Bus.Inserts {
			ins = append(ins, describeInsert(&c.Bus.Inserts[k]))
		}
		return fmt.Sprintf("add bus %q: %s", c.Bus.Name, strings.Join(ins, ", then "))
	}
	return c.Op
}

func describeInsert(in *mixer.Insert) string {
	var p []string
	keys := make([]string, 0, len(in.Params))
	for k := range in.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p = append(p, fmt.Sprintf("%s %s", k, num(in.Params[k])))
	}
	for _, k := range sortedKeys(in.Choices) {
		p = append(p, fmt.Sprintf("%s %s", k, in.Choices[k]))
	}
	if in.Sidechain != "" {
		p = append(p, fmt.Sprintf("keyed by %q", in.Sidechain))
	}
	for _, b := range in.Bands {
		p = append(p, fmt.Sprintf("%s %s Hz %s dB", b.Type, num(b.Params["freq"]), num(b.Params["gain"])))
	}
	return fmt.Sprintf("%s (%s)", in.Type, strings.Join(p, ", "))
}
