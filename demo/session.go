package demo

import (
	"immerse/mixer"
)

// The demo song: 8 bars of 4/4 at 120 bpm in A minor over Am–F–C–G,
// a two-bar intro then a vocal line.
const (
	// SessionDuration is the length of the demo session's stems (s).
	SessionDuration = 16.0
	bpm             = 120.0
	beat            = 60 / bpm // seconds
	bar             = 4 * beat
	bars            = 8
)

// Session returns the demo mix session and its stems at the given sample
// rate: kick, snare, hi-hats, bass, two rhythm guitars (double-tracked,
// panned wide), stereo electric piano and a vocal-like lead, through a
// drum bus with parallel compression, a plate reverb and a slap delay —
// the kind of session a mix engineer starts from. The bass ducks under
// the kick (sidechain), the vocal has a gain ride and a reverb-send swell,
// the keys a balance move. Stem paths are plain names; serve them with
// Stems.Source. Everything is synthesised deterministically.
func Session(rate int) (*mixer.Session, Stems) {
	st := Stems{
		"kick.wav":  {kick(rate)},
		"snare.wav": {snare(rate)},
		"hats.wav":  {hats(rate)},
		"bass.wav":  {bass(rate)},
		"gtr_l.wav": {guitar(rate, 21, -0.004)},
		"gtr_r.wav": {guitar(rate, 34, 0.003)},
		"keys.wav":  keys(rate),
		"vox.wav":   {vocal(rate)},
	}
	return demoSession(rate), st
}

// params builds an insert's parameter map.
type params = map[string]float64

func demoSession(rate int) *mixer.Session {
	hp := func(f, slope float64) mixer.Insert {
		return mixer.Insert{Type: "highpass", Params: params{"freq": f, "slope": slope}}
	}
	band := func(kind string, f, g, q float64) mixer.Band {
		return mixer.Band{Type: kind, Params: params{"freq": f, "gain": g, "q": q}}
	}
	eq := func(b ...mixer.Band) mixer.Insert { return mixer.Insert{Type: "eq", Bands: b} }
	comp := func(th, ratio, att, rel, makeup float64) mixer.Insert {
		return mixer.Insert{Type: "compressor", Params: params{"threshold": th, "ratio": ratio, "attack": att, "release": rel, "makeup": makeup}}
	}
	return &mixer.Session{
		SampleRate: rate,
		Source:     "demo session",
		Tracks: []mixer.Track{
			{Name: "Kick", File: "kick.wav", Role: "kick", Gain: -3, Output: "Drums", Inserts: []mixer.Insert{
				hp(30, 24),
				{Type: "gate", Params: params{"threshold": -40, "attack": 0.5, "hold": 40, "release": 90}},
				eq(band("peak", 60, 3, 1.2), band("peak", 350, -4, 1.5), band("peak", 4000, 3, 1.5)),
				comp(-14, 4, 5, 80, 2),
			}},
			{Name: "Snare", File: "snare.wav", Role: "snare", Gain: -5, Output: "Drums",
				Inserts: []mixer.Insert{hp(90, 12), eq(band("peak", 200, 2, 1.4), band("peak", 900, -3, 2), band("highshelf", 6000, 3, 0.7)), comp(-16, 3, 8, 120, 1)},
				Sends:   []mixer.Send{{Bus: "Plate", Level: -12}}},
			{Name: "Hats", File: "hats.wav", Role: "hihat", Gain: -12, Pan: 0.35, Output: "Drums",
				Inserts: []mixer.Insert{hp(400, 24), eq(band("highshelf", 9000, 2, 0.7))}},
			{Name: "Bass", File: "bass.wav", Role: "bass", Gain: -5, Inserts: []mixer.Insert{
				hp(35, 24),
				{Type: "compressor", Params: params{"threshold": -30, "ratio": 8, "attack": 1, "release": 90, "knee": 3}, Sidechain: "Kick"},
				{Type: "saturation", Params: params{"drive": 6, "mix": 0.35}},
				eq(band("peak", 80, 2, 1), band("peak", 700, 2, 1.5)),
			}},
			{Name: "Gtr L", File: "gtr_l.wav", Role: "guitar", Gain: -12.5, Pan: -0.8, Inserts: []mixer.Insert{
				hp(110, 24), eq(band("peak", 250, -3, 1.2), band("peak", 2500, 2, 1.5)),
				{Type: "lowpass", Params: params{"freq": 9000}},
			}},
			{Name: "Gtr R", File: "gtr_r.wav", Role: "guitar", Gain: -12.5, Pan: 0.8, Inserts: []mixer.Insert{
				hp(110, 24), eq(band("peak", 250, -3, 1.2), band("peak", 2500, 2, 1.5)),
				{Type: "lowpass", Params: params{"freq": 9000}},
			}},
			{Name: "Keys", File: "keys.wav", Role: "keys", Gain: -11, Width: mixer.F(1.3),
				Inserts: []mixer.Insert{hp(150, 12), comp(-22, 2.5, 15, 150, 2)},
				Sends:   []mixer.Send{{Bus: "Plate", Level: -10}},
				Automation: mixer.Automation{
					"balance": {{0, 0}, {8, 0}, {12, -0.3}, {16, 0.3}},
				}},
			{Name: "Lead Vocal", File: "vox.wav", Role: "lead-vocal", Gain: -3, Inserts: []mixer.Insert{
				eq(mixer.Band{Type: "highpass", Params: params{"freq": 90, "slope": 24}}, band("peak", 350, -3, 1.2), band("peak", 3000, 3, 1.5), mixer.Band{Type: "highshelf", Params: params{"freq": 10000, "gain": 2.5}}),
				{Type: "compressor", Params: params{"threshold": -22, "ratio": 3, "attack": 8, "release": 100, "knee": 6, "makeup": 4}},
				{Type: "saturation", Params: params{"drive": 4, "mix": 0.25}},
			},
				Sends: []mixer.Send{{Bus: "Plate", Level: -14}, {Bus: "Slap", Level: -16}},
				Automation: mixer.Automation{
					"gain":        {{0, -1}, {11.5, -1}, {12, 1}},
					"sends.Plate": {{0, -14}, {14, -14}, {16, -6}},
				}},
		},
		Buses: []mixer.Bus{
			{Name: "Drums", Inserts: []mixer.Insert{comp(-16, 2, 10, 120, 1)}, Sends: []mixer.Send{{Bus: "Crush", Level: 0}}},
			{Name: "Crush", Gain: -10, Inserts: []mixer.Insert{
				comp(-36, 20, 1, 50, 6),
				{Type: "saturation", Params: params{"drive": 8, "mix": 0.5}},
			}},
			{Name: "Plate", Inserts: []mixer.Insert{
				hp(200, 12),
				{Type: "reverb", Params: params{"size": 0.7, "decay": 1.8, "predelay": 25, "damping": 0.5, "mix": 1}},
			}},
			{Name: "Slap", Inserts: []mixer.Insert{
				{Type: "delay", Params: params{"time": 110, "feedback": 0.15, "mix": 1, "lowpass": 5000, "highpass": 300}},
			}},
		},
		Master: mixer.Master{Gain: -6, Inserts: []mixer.Insert{
			eq(mixer.Band{Type: "lowshelf", Params: params{"freq": 80, "gain": 1}}, mixer.Band{Type: "highshelf", Params: params{"freq": 12000, "gain": 1}}),
			{Type: "midside", Params: params{"side": 1}},
			comp(-12, 1.5, 30, 200, 0),
		}},
	}
}
