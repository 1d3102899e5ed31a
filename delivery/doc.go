// Package delivery holds the delivery presets of platforms (loudness
// targets, true-peak ceilings, what each platform does with a programme,
// and the documents they come from), the approximation of dialogue-gated
// loudness that one of them needs, and the playback models that tell what
// a phone, earbuds, a laptop, a car or a TV keeps of a mix. Package check
// uses them for `check --platform` and `check --playback`, package
// normalize for `normalize --platform`.
//
// # Presets
//
//	name          LUFS  tolerance  dBTP  target         turns up  source (verified)
//	spotify        -14  ±1 (ours)    -1  normalization  yes*      Spotify for Artists (official)
//	apple-music    -16  ±1 (ours)    -1  normalization  yes       third parties; Apple publishes none
//	youtube        -14  ±1 (ours)    -1  normalization  no        third parties; YouTube publishes none
//	amazon-music   -14  ±1 (ours)    -2  normalization  no        third parties
//	tidal          -14  ±1 (ours)    -1  normalization  no        MeterPlugs 2016, from TIDAL
//	deezer         -15  ±1 (ours)    -1  normalization  no        third parties
//	podcast        -16  ±1           -1  delivery                 Apple Podcasts; AES TD1004 (-16..-20)
//	ebu-r128       -23  ±0.5         -1  delivery                 EBU R 128 v3.0/v4.0 (official)
//	atsc-a85       -24  ±2           -2  delivery                 ATSC A/85:2013
//	netflix        -27  ±2 dialogue  -2  delivery                 Netflix Sound Mix Specifications v1.4–1.5
//	atmos-music    ≤-18 (ceiling)    -1  maximum                  Dolby Atmos Music spec via Apple/UMG (official)
//
// (*) Spotify turns quiet masters up only as far as 1 dB of true-peak
// headroom allows (its own example: -20 LUFS with a -5 dBTP peak is lifted
// to -16 LUFS); its loud mode (-11) applies a limiter, its quiet mode is
// -19. Netflix's fallback: a programme with less than 15% dialogue is held
// to -24 LKFS ±2 LU full-programme. Normalising platforms publish no
// tolerance; immerse warns (never fails) outside ±1 LU and says what the
// platform will do. Where a platform publishes nothing, the numbers are
// the ones third parties report and the Source says so (Verified
// "secondary"). EBU R 128's ±0.5 LU is version 3.0's (2014); version 4.0
// (2020) separates ±1 LU for production from ±0.2 LU for QC measurements.
//
// Assess turns a measurement into an Assessment: for a normalising
// platform the playback gain ("Spotify will turn this down 4.2 dB") and
// its modes; for a specification whether it is met and the gain that
// would meet it; for a ceiling whether it is under it.
//
// # Dialogue gating (an approximation)
//
// Netflix measures dialogue-gated loudness: ITU-R BS.1770-1 while Dolby's
// proprietary speech detector hears speech. DialogueMeter approximates it
// with a documented speech-activity detector on BS.1770's 400 ms blocks
// (speech-band energy share, voiced frames, syllabic level modulation; see
// DialogueMeter). Every report that uses it says "dialogue-gated
// (approximation)"; without it, the integrated loudness is used and said
// to be used, never passed off as dialogue-gated. On synthetic signals it
// finds 93–99% of speech blocks, 84% of speech over a music bed 15 dB
// down, and no block of music, drums, noise or a tone; over a programme
// of speech, music 10 dB louder and speech, its dialogue loudness is
// within 0.5 LU of the speech parts' loudness.
//
// # Playback models
//
// Each System is a few RBJ biquads (package dsp/filter) plus whether the
// device plays a mono sum; the curves are typical, documented
// approximations (no single published measurement stands behind them;
// System.Basis says what each rests on):
//
//	phone    mono; 4th-order high-pass 300 Hz, +4 dB at 2.5 kHz, low-pass 12 kHz
//	earbuds  2nd-order high-pass 60 Hz (unsealed), +4 dB at 3 kHz, -4 dB shelf from 9 kHz
//	laptop   4th-order high-pass 200 Hz, +3 dB at 1 kHz, low-pass 15 kHz
//	car      2nd-order high-pass 35 Hz, +6 dB cabin gain below 80 Hz, -3 dB at 250 Hz, -3 dB shelf from 8 kHz
//	tv       4th-order high-pass 120 Hz, +2 dB at 2 kHz, low-pass 14 kHz
//
// PlaybackMeter reports per system the loudness change (LU, on the
// programme's own gated blocks), the level change per octave band (31.5 Hz
// to 16 kHz) and LowEndLostPercent: the share of the power of the octaves
// 31.5–125 Hz (22–177 Hz) the system does not reproduce, 100·(1 − out/in).
// Measured: a 50 Hz tone loses 59 LU on the phone (the model: 62 dB; the
// tone's onset transient accounts for the rest), a 1 kHz tone gains 0.74
// LU (the model's response there); white noise's per-octave losses equal
// the models' band responses within 0.5 dB.
package delivery
