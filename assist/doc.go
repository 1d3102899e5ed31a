// Package assist is immerse's mix assistant: it listens to a mixer
// session, says what it hears track by track, and writes its suggestions
// as edits of the session — concrete parameters that `immerse mix` plays,
// each with the measurement that motivated it and the effect expected.
//
// # Analysis
//
// Analyze mixes the session once (mixer.ReadTapped) and measures every
// heard track as the session plays it: after its phase invert and inserts,
// before its fader, on the stems' timeline (plugin latency taken out), and
// only where it plays. A frame plays when the momentary loudness (400 ms)
// around it is above -70 LUFS and within 20 LU of the track's integrated
// loudness. Per track (Measurements): integrated, short-term and
// momentary loudness and the loudness range (BS.1770-5 and EBU Tech 3342,
// package dsp/loudness), sample and true peak, crest factor and
// peak-to-loudness ratio, the distribution of 0.26 s RMS levels, the
// long-term 1/3-octave spectrum (IEC 61260-1 bands from Hann-windowed FFT
// frames of about 170 ms, averaged where the track plays) and its tilt,
// and for stereo tracks correlation and side-to-mid ratio. Between tracks:
// the cross-correlation (below 8 kHz, every other frame where both play)
// with its best lag within ±10 ms, and masking in ERB critical bands
// (Glasberg & Moore 1990) of 85 ms hops. The buses and the master are
// measured too.
//
// Each track gets a role (the mixer's Roles): from its "role" in the
// session, else from its name ("Kick In", "Lead Vox", "Gtr L"; RoleForName),
// else from its sound (RoleForSound: low, mid and high shares, centroid,
// onsets). The report says which (TrackReport.RoleFrom).
//
// # Suggestions
//
// Assist turns the analysis into suggestions, in this order, each applied
// to a working copy so that later ones see earlier ones:
//
//   - phase: microphones on one source (correlation ≥ 0.5 at the best lag)
//     in opposite polarity get phaseInvert on the quieter track; a steady
//     lag gets a pure delay on the earlier one.
//   - eq: a high-pass where energy below the role's lowest useful
//     frequency is more than -20 dB of the rest; cuts of low-mid mud
//     (200-500 Hz) and harshness (2-5 kHz) where the 1/3-octave spectrum
//     bulges over the median of its neighbourhood (1 to 1.67 octaves
//     away) by more than the role allows, sized to the excess up to the
//     per-move limit (6 dB; a band never goes past it); a high shelf at
//     10 kHz when the air (10-16 kHz against 2-5 kHz) is short of the
//     role's target. Bands go in an EQ at the end of the chain.
//   - dynamics: a compressor when the level spread (95th over 50th
//     percentile) exceeds the genre's limit for the role, its makeup from
//     the static curve; over-compression warnings under the role's crest
//     floor (or the master's PLR floor).
//   - balance: faders set so each source sits where the genre puts it
//     against the focus track (loudness measured where both play; sources
//     grouped by correlation move together). The focus sits over the rest
//     of the mix by the genre's FocusOverRestLU — Pestana & Reiss (2014):
//     a lead vocal about as loud as everything else; Gerdes & Siedenburg
//     (2023): about +1 dB in pop — and the rest is shared among the roles,
//     0 dB for all being the equal-loudness balance of Perez-Gonzalez &
//     Reiss (2009). Bus processing counts: each bus's measured transfer
//     (output over input) carries a track's level to the master.
//   - masking: a track masked in its key bands (kick and bass lows, voice
//     consonants, snare crack) for 40 % of the time it sounds there gets
//     its masker ducked under it (kick and bass, in genres that do it, or
//     when no cut clears it) or a complementary cut on the lower-priority
//     track, the smallest that clears it.
//   - panning: kick, bass, lead vocal and dialogue centred; same-role
//     mono tracks stacked in the centre spread to the genre's width.
//   - space: reverb and delay returns set to the genre's level against the
//     dry signal (pop's vocal -9 LU, Pestana & Reiss 2014); a reverb bus
//     created when the genre wants one and the session has none.
//   - translation: what each playback model of package delivery (phone,
//     earbuds, laptop, car, TV) keeps of each track's loudness; a bass the
//     phone loses gets harmonics (parallel saturation, its effect
//     simulated with dsp/saturate).
//   - reference (with Options.Reference): the master gets an EQ, a
//     mid/side side gain and its fader or a limiter so its tone, width and
//     loudness match a reference file (see ReferenceReport).
//   - gain: the edited session is mixed again; trims keep every strip out
//     of clipping and the master's true peak at -6 dBTP (Options.HeadroomDB).
//
// When phase, dynamics or ducking suggestions were made, the edited
// session is analysed again and the balance settled on what it measures,
// so that assisting an assisted session suggests (almost) nothing new.
//
// # Profiles
//
// The genres (pop, rock, hiphop, electronic, classical, podcast) live in
// an embedded YAML file, profiles/genres.yaml, in which every number cites
// its source or is labelled a starting point (DefaultProfiles,
// LoadProfiles for a user's own).
//
// # JSON
//
// A Report marshals to the schema of `immerse assist --json`:
//
//	{"session", "genre", "focus", "sampleRate", "durationSeconds",
//	 "bands": [Hz …],
//	 "tracks": [{"name", "role", "roleFrom", "muted",
//	             "measurements": {Measurements…, "gainDB", "mixLUFS",
//	                              "focusLU", "keptLU": {device: LU}, "sound"}}],
//	 "master": {Measurements…, "focusOverRestLU"},
//	 "pairs": [{"a", "b", "correlation", "zeroLagCorrelation", "lagMs"}],
//	 "masking": [{"masked", "masker", "lowHz", "highHz", "fraction", "fix"}],
//	 "suggestions": [{"track", "kind", "reason",
//	                  "change": {"op", "field", "from", "to", "insert", "band", "send", "bus"},
//	                  "expected": {name: {"from", "to", "unit"}}}],
//	 "warnings": [{"track", "kind", "reason"}],
//	 "reference": {ReferenceReport…},
//	 "summary"}
//
// Everything is deterministic: the same session gives the same report and
// the same assisted session, whatever the number of workers.
package assist
