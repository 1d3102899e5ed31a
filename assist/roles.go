package assist

import (
	"math"
	"strings"
	"unicode"

	"immerse/dsp"
)

// Where a track's role came from (TrackReport.RoleFrom).
const (
	RoleFromSession  = "session"  // the track's "role" in the session file
	RoleFromName     = "name"     // the track's name ("Kick In", "Lead Vox")
	RoleFromSound    = "spectrum" // its spectrum and dynamics
	RoleFromMuted    = "muted"    // not heard, not analysed: "other"
	roleUnknown      = "other"
	lowSplitHz       = 120  // the sound classifier's low band: below
	highSplitHz      = 5000 // and its high band: above
	onsetRiseDB      = 6    // a hop this much louder than the one before is an onset
	percussiveOnsets = 0.04 // onsets per hop from which a track is percussive
)

// nameRule maps name keywords to a role. A keyword of several words
// matches consecutive words of the name; a single keyword matches a word
// equal to it, or starting with it when it has four letters or more
// ("guitars", "kicks").
type nameRule struct {
	role string
	keys []string
	// with: when set, the name must also contain one of these words.
	with []string
}

// nameRules are tried in order: the first match wins, so "Bass Drum" is a
// kick and "Lead Synth" a synth.
var nameRules = []nameRule{
	{role: "kick", keys: []string{"kick", "kik", "bd", "bass drum", "bassdrum"}},
	{role: "snare", keys: []string{"snare", "snr", "sn"}},
	{role: "hihat", keys: []string{"hihat", "hi hat", "hh", "hat", "hats"}},
	{role: "toms", keys: []string{"tom", "toms", "floor tom", "rack tom"}},
	{role: "overheads", keys: []string{"oh", "ohs", "overhead", "overheads", "cymbal", "cymbals", "ride", "crash"}},
	{role: "room", keys: []string{"room", "rooms"}},
	{role: "percussion", keys: []string{"perc", "percussion", "shaker", "conga", "congas", "bongo", "bongos", "tamb", "tambourine", "clap", "claps", "cowbell"}},
	{role: "drums", keys: []string{"drum", "drums", "kit", "loop", "beat", "breakbeat"}},
	{role: "lead-vocal", keys: []string{"lead", "main", "ld", "lv"}, with: []string{"vocal", "vocals", "vox", "voc", "voice", "vo"}},
	{role: "lead-vocal", keys: []string{"lv", "leadvox", "leadvocal"}},
	{role: "backing-vocal", keys: []string{"bv", "bvs", "bgv", "bgvs", "backing", "backings", "harmony", "harmonies", "choir", "oohs", "aahs"}},
	{role: "backing-vocal", keys: []string{"dbl", "double", "dub", "back"}, with: []string{"vocal", "vocals", "vox", "voc"}},
	{role: "vocal", keys: []string{"vocal", "vocals", "vox", "voc", "voice", "singer", "vocalist"}},
	{role: "dialogue", keys: []string{"dialog", "dialogue", "dx", "speech", "host", "guest", "narration", "narrator", "voiceover", "interview", "presenter", "speaker", "vo"}},
	{role: "bass", keys: []string{"bass", "sub", "808", "bassline"}},
	{role: "guitar", keys: []string{"gtr", "gtrs", "guitar", "guit", "gt"}},
	{role: "piano", keys: []string{"piano", "pno", "grand"}},
	{role: "keys", keys: []string{"keys", "key", "rhodes", "wurli", "wurlitzer", "organ", "ep", "clav", "keyboard", "keyboards"}},
	{role: "pad", keys: []string{"pad", "pads"}},
	{role: "synth", keys: []string{"synth", "synths", "syn", "arp", "pluck", "plucks", "moog"}},
	{role: "strings", keys: []string{"strings", "string", "str", "violin", "violins", "viola", "violas", "cello", "cellos", "celli", "orchestra"}},
	{role: "brass", keys: []string{"brass", "trumpet", "tpt", "horn", "horns", "trombone", "tbn", "tuba", "sax", "saxophone"}},
	{role: "woodwinds", keys: []string{"flute", "clarinet", "oboe", "bassoon", "woodwind", "woodwinds", "winds"}},
	{role: "fx", keys: []string{"fx", "sfx", "riser", "risers", "impact", "sweep", "whoosh", "effect", "effects"}},
	{role: "ambience", keys: []string{"amb", "ambience", "ambient", "atmos", "atmosphere", "field", "noise", "background", "bg"}},
}

// nameWords splits a track name into lower-case words at spaces,
// punctuation, digit/letter changes and camel case: "LeadVox_2" -> lead,
// vox, 2; "808 Sub" -> 808, sub.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for _, r := range rs {
		switch {
		case unicode.IsLetter(r):
			if len(cur) > 0 {
				prev := cur[len(cur)-1]
				if unicode.IsDigit(prev) || unicode.IsUpper(r) && unicode.IsLower(prev) {
					flush()
				}
			}
			cur = append(cur, r)
		case unicode.IsDigit(r):
			if len(cur) > 0 && !unicode.IsDigit(cur[len(cur)-1]) {
				flush()
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return words
}

func wordMatch(words []string, key string) bool {
	kw := strings.Fields(key)
	for i := 0; i+len(kw) <= len(words); i++ {
		ok := true
		for j, k := range kw {
			w := words[i+j]
			if !(w == k || len(kw) == 1 && len(k) >= 4 && strings.HasPrefix(w, k)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// RoleForName returns the role a track's name implies ("Kick In" ->
// kick, "Lead Vox" -> lead-vocal, "Gtr L" -> guitar), or "" when the
// name says nothing.
func RoleForName(name string) string {
	words := nameWords(name)
	for _, r := range nameRules {
		hit := false
		for _, k := range r.keys {
			if wordMatch(words, k) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		if len(r.with) > 0 {
			with := false
			for _, k := range r.with {
				with = with || wordMatch(words, k)
			}
			if !with {
				continue
			}
		}
		return r.role
	}
	return ""
}

// SoundFeatures are what the sound-based role guess reads.
type SoundFeatures struct {
	// LowShare, MidShare and HighShare are the parts of the power below
	// 120 Hz, between 120 Hz and 5 kHz, and above 5 kHz.
	LowShare  float64 `json:"lowShare"`
	MidShare  float64 `json:"midShare"`
	HighShare float64 `json:"highShare"`
	// CentroidHz is the power-weighted mean frequency.
	CentroidHz float64 `json:"centroidHz"`
	// Onsets is the fraction of the hops where the signal plays that are
	// at least 6 dB louder than the hop before: hits (drums) have many,
	// sustained and legato sounds few.
	Onsets float64 `json:"onsets"`
}

// features computes the SoundFeatures of an analysed signal.
func (sa *SignalAnalysis) features(bands []Band) SoundFeatures {
	var f SoundFeatures
	var total, wsum float64
	for i, b := range bands {
		p := 0.0
		if sa.SpectrumDB != nil && sa.SpectrumDB[i] > dsp.MinDB {
			p = math.Pow(10, sa.SpectrumDB[i]/10)
		}
		total += p
		wsum += p * b.Centre
		switch {
		case b.Centre < lowSplitHz:
			f.LowShare += p
		case b.Centre > highSplitHz:
			f.HighShare += p
		default:
			f.MidShare += p
		}
	}
	if total > 0 {
		f.LowShare /= total
		f.MidShare /= total
		f.HighShare /= total
		f.CentroidHz = wsum / total
	}
	if sa.sig != nil {
		n, on := 0, 0
		prev := dsp.MinDB
		for k, a := range sa.active {
			lv := dsp.MinDB
			if m := sa.sig.hopN[k]; m > 0 {
				lv = dsp.PowerToDB(sa.sig.hopE[k] / (float64(m) * float64(sa.sig.ch)))
			}
			if a {
				n++
				if lv-prev >= onsetRiseDB {
					on++
				}
			}
			prev = lv
		}
		if n > 0 {
			f.Onsets = float64(on) / float64(n)
		}
	}
	return f
}

// RoleForSound guesses a role from the spectrum and dynamics (percussive:
// at least 4 % of the hops are onsets): mostly below 120 Hz is a kick when
// percussive, else a bass; mostly above 5 kHz is a hi-hat when
// percussive, else ambience; broadband and percussive with a body under
// 5 kHz is a snare; a low-mid centroid is a bass. Anything else is "other": the guess does not pretend to
// tell a vocal from a guitar.
func RoleForSound(f SoundFeatures) string {
	perc := f.Onsets >= percussiveOnsets
	switch {
	case f.LowShare >= 0.65 && perc:
		return "kick"
	case f.LowShare >= 0.65, f.LowShare >= 0.3 && f.CentroidHz < 400:
		return "bass"
	case f.HighShare >= 0.5 && perc:
		return "hihat"
	case f.HighShare >= 0.5:
		return "ambience"
	case perc && f.HighShare >= 0.15 && f.MidShare >= 0.3:
		return "snare"
	}
	return roleUnknown
}

func (f SoundFeatures) rounded() SoundFeatures {
	return SoundFeatures{LowShare: roundTo(f.LowShare, 0.001), MidShare: roundTo(f.MidShare, 0.001),
		HighShare: roundTo(f.HighShare, 0.001), CentroidHz: roundTo(f.CentroidHz, 0.1), Onsets: roundTo(f.Onsets, 0.001)}
}
