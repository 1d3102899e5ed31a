package delivery

import (
	"fmt"
	"slices"
	"strings"
)

// Target kinds: how a platform uses its loudness figure.
const (
	// Normalization: the player turns the programme to the target (a
	// louder master is turned down, a quieter one up or not, see
	// Platform.TurnsUp). Missing it is no reason for rejection.
	Normalization = "normalization"
	// Delivery: a delivery specification; a programme off the target by
	// more than the tolerance does not meet it.
	Delivery = "delivery"
	// Maximum: the integrated loudness must not exceed the figure.
	Maximum = "maximum"
)

// Platform is a delivery preset: a loudness target, how it is measured and
// what the platform does with it, and the document it comes from.
type Platform struct {
	// Name is the preset's key (`--platform spotify`).
	Name string `json:"name"`
	// Title is the platform's name for messages ("Spotify").
	Title string `json:"title"`
	// IntegratedLUFS is the loudness target (for Maximum, the ceiling).
	IntegratedLUFS float64 `json:"integratedLUFS"`
	// ToleranceLU is the allowed deviation (see ToleranceSource).
	ToleranceLU float64 `json:"toleranceLU"`
	// TruePeakDBTP is the maximum true peak.
	TruePeakDBTP float64 `json:"truePeakDBTP"`
	// Target is Normalization, Delivery or Maximum.
	Target string `json:"target"`
	// DialogueGated: the target applies to the loudness of the dialogue
	// (measured over speech only), not of the whole programme.
	DialogueGated bool `json:"dialogueGated"`
	// TurnsUp: a normalising platform also raises quieter programmes
	// (Spotify, Apple Music); false: it only turns loud ones down.
	TurnsUp bool `json:"turnsUp"`
	// UpLimitedByPeak: positive gain stops where the true peak would pass
	// TruePeakDBTP (Spotify's normal mode).
	UpLimitedByPeak bool `json:"upLimitedByPeak,omitempty"`
	// Modes are listener-selectable alternative targets (Spotify's loud
	// and quiet modes).
	Modes []Mode `json:"modes,omitempty"`
	// Fallback is the full-programme rule that applies when the dialogue
	// is too short a part of the programme to gate on (Netflix).
	Fallback *Fallback `json:"fallback,omitempty"`
	// ToleranceSource says where the tolerance comes from (the platform,
	// or immerse's convention for normalising platforms, which publish
	// none).
	ToleranceSource string `json:"toleranceSource"`
	// Source is the document the figures come from.
	Source Source `json:"source"`
	// Notes are further rules and caveats.
	Notes []string `json:"notes,omitempty"`
}

// Mode is an alternative normalisation target a listener can choose.
type Mode struct {
	Name           string  `json:"name"`
	IntegratedLUFS float64 `json:"integratedLUFS"`
	// Limiter: the platform reaches this target whatever the true peak,
	// with a limiter (Spotify's loud mode).
	Limiter bool `json:"limiter,omitempty"`
}

// Fallback is a full-programme (not dialogue-gated) target used when the
// dialogue is less than MinDialoguePercent of the programme.
type Fallback struct {
	IntegratedLUFS     float64 `json:"integratedLUFS"`
	ToleranceLU        float64 `json:"toleranceLU"`
	MinDialoguePercent float64 `json:"minDialoguePercent"`
}

// Source is the document a preset's figures come from.
type Source struct {
	Title   string `json:"title"`
	Version string `json:"version"` // version or year
	URL     string `json:"url,omitempty"`
	// Verified says how the figures were checked when the table was
	// written: "official" (read on the platform's or body's own
	// page/document) or "secondary" (reported by third parties; the
	// platform publishes no specification we could reach).
	Verified string `json:"verified"`
}

// ourTolerance explains the tolerance of normalising platforms.
const ourTolerance = "immerse convention: the platform normalises and publishes no tolerance; the check warns outside ±1 LU"

// platforms is the preset table, in listing order.
var platforms = []Platform{
	{Name: "spotify", Title: "Spotify", IntegratedLUFS: -14, ToleranceLU: 1, TruePeakDBTP: -1, Target: Normalization,
		TurnsUp: true, UpLimitedByPeak: true,
		Modes:           []Mode{{Name: "loud", IntegratedLUFS: -11, Limiter: true}, {Name: "normal", IntegratedLUFS: -14}, {Name: "quiet", IntegratedLUFS: -19}},
		ToleranceSource: ourTolerance,
		Source: Source{Title: "Spotify for Artists: Loudness normalization", Version: "2021–2024",
			URL: "https://support.spotify.com/artists/article/loudness-normalization/", Verified: "official"},
		Notes: []string{"measured with ITU-R BS.1770; albums are normalised as a whole",
			"positive gain stops 1 dB under full scale (true peak); loud mode applies a limiter at -1 dB (5 ms attack, 100 ms decay)",
			"Spotify advises -2 dBTP for masters louder than -14 LUFS (lossy encoding)"}},
	{Name: "apple-music", Title: "Apple Music", IntegratedLUFS: -16, ToleranceLU: 1, TruePeakDBTP: -1, Target: Normalization,
		TurnsUp: true, ToleranceSource: ourTolerance,
		Source: Source{Title: "Apple Digital Masters (true-peak headroom); Sound Check level as measured by third parties", Version: "2019–2021",
			URL: "https://www.apple.com/apple-music/apple-digital-masters/", Verified: "secondary"},
		Notes: []string{"Sound Check normalises to about -16 LUFS; Apple publishes no figure",
			"leave 1 dB of true-peak headroom for the AAC encode"}},
	{Name: "youtube", Title: "YouTube", IntegratedLUFS: -14, ToleranceLU: 1, TruePeakDBTP: -1, Target: Normalization,
		ToleranceSource: ourTolerance,
		Source:          Source{Title: "YouTube playback loudness (\"content loudness\" in Stats for nerds), as measured by third parties", Version: "2019–2024", Verified: "secondary"},
		Notes:           []string{"YouTube publishes no loudness specification; loud videos are turned down to about -14 LUFS, quiet ones are not turned up"}},
	{Name: "amazon-music", Title: "Amazon Music", IntegratedLUFS: -14, ToleranceLU: 1, TruePeakDBTP: -2, Target: Normalization,
		ToleranceSource: ourTolerance,
		Source:          Source{Title: "Amazon Music loudness normalisation, as reported by third parties", Version: "2020–2024", Verified: "secondary"},
		Notes:           []string{"Amazon publishes no loudness specification; -14 LUFS / -2 dBTP is the commonly reported recommendation; we assume loud tracks are turned down only"}},
	{Name: "tidal", Title: "TIDAL", IntegratedLUFS: -14, ToleranceLU: 1, TruePeakDBTP: -1, Target: Normalization,
		ToleranceSource: ourTolerance,
		Source: Source{Title: "\"Tidal adds loudness normalization\" (MeterPlugs, details from TIDAL)", Version: "2016",
			URL: "https://www.meterplugs.com/blog/2016/10/07/tidal-adds-loudness-normalization.html", Verified: "secondary"},
		Notes: []string{"measured with ITU-R BS.1770-4; music quieter than -14 LUFS is not raised"}},
	{Name: "deezer", Title: "Deezer", IntegratedLUFS: -15, ToleranceLU: 1, TruePeakDBTP: -1, Target: Normalization,
		ToleranceSource: ourTolerance,
		Source:          Source{Title: "Deezer loudness normalisation, as reported by third parties", Version: "2020–2024", Verified: "secondary"},
		Notes:           []string{"Deezer publishes no loudness specification; we assume loud tracks are turned down only"}},
	{Name: "podcast", Title: "Podcast (Apple Podcasts)", IntegratedLUFS: -16, ToleranceLU: 1, TruePeakDBTP: -1, Target: Delivery,
		ToleranceSource: "Apple Podcasts: -16 LKFS ±1 dB",
		Source: Source{Title: "Apple Podcasts for Creators: Audio requirements; AES TD1004.1.15-10 Recommendation for Loudness of Audio Streaming and Network File Playback",
			Version: "Apple 2021–2024; AES 2015", URL: "https://podcasters.apple.com/support/893-audio-requirements", Verified: "secondary"},
		Notes: []string{"AES TD1004 recommends a stream target loudness of -16 to -20 LUFS (not above -16, not below -20) and a maximum true peak of -1 dBTP",
			"podcast players mostly do not normalise: the file plays as delivered"}},
	{Name: "ebu-r128", Title: "EBU R 128", IntegratedLUFS: -23, ToleranceLU: 0.5, TruePeakDBTP: -1, Target: Delivery,
		ToleranceSource: "EBU R 128 v3.0 (2014): ±0.5 LU (±1 LU for live programmes)",
		Source: Source{Title: "EBU R 128 Loudness normalisation and permitted maximum level of audio signals", Version: "v3.0 (2014); v4.0 (2020)",
			URL: "https://tech.ebu.ch/publications/r128", Verified: "official"},
		Notes: []string{"v4.0 (2020) separates the production tolerance (±1 LU) from the QC measurement tolerance (±0.2 LU); ±0.5 LU is v3.0's",
			"gating per ITU-R BS.1770 (absolute -70 LUFS, relative -10 LU)"}},
	{Name: "atsc-a85", Title: "ATSC A/85", IntegratedLUFS: -24, ToleranceLU: 2, TruePeakDBTP: -2, Target: Delivery,
		ToleranceSource: "ATSC A/85: -24 LKFS ±2 dB",
		Source: Source{Title: "ATSC Recommended Practice A/85: Techniques for Establishing and Maintaining Audio Loudness for Digital Television",
			Version: "A/85:2013", Verified: "secondary"},
		Notes: []string{"the US CALM Act makes A/85 binding for commercials",
			"A/85 anchors on dialogue where it can; measured here over the full programme (BS.1770)"}},
	{Name: "netflix", Title: "Netflix", IntegratedLUFS: -27, ToleranceLU: 2, TruePeakDBTP: -2, Target: Delivery, DialogueGated: true,
		Fallback:        &Fallback{IntegratedLUFS: -24, ToleranceLU: 2, MinDialoguePercent: 15},
		ToleranceSource: "Netflix: -27 LKFS ±2 LU dialogue-gated",
		Source: Source{Title: "Netflix Sound Mix Specifications & Best Practices", Version: "v1.4–v1.5",
			URL: "https://partnerhelp.netflixstudios.com/hc/en-us/articles/360050414014-Loudness-and-True-Peaks-How-to-Measure-and-When-to-Flag", Verified: "secondary"},
		Notes: []string{"dialogue-gated per ITU-R BS.1770-1 with Dolby's speech gating (Dialogue Intelligence); immerse approximates the gating (see the delivery package documentation)",
			"programmes with less than 15% dialogue use the full-programme loudness: -24 LKFS ±2 LU (BS.1770-3 or later)",
			"Netflix's QC partners flag only outside ±3 LU and over -1 dBTP (partner help centre)"}},
	{Name: "atmos-music", Title: "Dolby Atmos Music", IntegratedLUFS: -18, ToleranceLU: 0, TruePeakDBTP: -1, Target: Maximum,
		ToleranceSource: "a ceiling, not a target",
		Source: Source{Title: "Dolby Atmos Music delivery specification (as in Apple Music's and Universal Music's Dolby Atmos asset specifications)",
			Version: "2021–2024", URL: "https://contentguide.universalmusic.com/dolby-atmos-audio-servicing-asset-specifications/", Verified: "official"},
		Notes: []string{"integrated loudness at most -18 LKFS and true peak at most -1 dBTP, measured with ITU-R BS.1770-4",
			"Universal measures on the 5.1 re-render and flags tracks under -31 LKFS"}},
}

// Platforms returns the presets, in listing order (copies).
func Platforms() []Platform {
	out := make([]Platform, len(platforms))
	for i, p := range platforms {
		out[i] = p.clone()
	}
	return out
}

// Names lists the presets' names.
func Names() []string {
	n := make([]string, len(platforms))
	for i, p := range platforms {
		n[i] = p.Name
	}
	return n
}

// Lookup returns the preset named name (case-insensitive).
func Lookup(name string) (*Platform, error) {
	for _, p := range platforms {
		if strings.EqualFold(p.Name, name) {
			c := p.clone()
			return &c, nil
		}
	}
	return nil, fmt.Errorf("delivery: unknown platform %q; use one of %s (see `immerse platforms`)", name, strings.Join(Names(), ", "))
}

func (p Platform) clone() Platform {
	p.Modes = slices.Clone(p.Modes)
	p.Notes = slices.Clone(p.Notes)
	if p.Fallback != nil {
		f := *p.Fallback
		p.Fallback = &f
	}
	return p
}
