package assist

import (
	"math"
	"testing"

	"immerse/dsp/filter"
	"immerse/mixer"
)

// Planted defects: each variant of the demo session carries one defect;
// the assistant must find it on the right track, and mixing the assisted
// session and measuring it again (independently of the package's own
// analysis) must show it fixed.

// plantMud boosts the "Gtr L" stem by +9 dB at 350 Hz (Q 1.4, about an
// octave): low-mid mud on one of two otherwise identical takes.
func plantMud(t *testing.T, f *fixture) {
	p := filter.DefaultBandParams()
	p.Kind, p.FreqHz, p.GainDB, p.Q = filter.Peak, 350, 9, 1.4
	f.stems["gtr_l.wav"] = [][]float32{filtered(t, f.stems["gtr_l.wav"][0], p)}
}

// mudDB is the level of 300-400 Hz of "Gtr L" over that of "Gtr R" (the
// clean twin take), both as the session plays them (after their inserts,
// before their faders).
func mudDB(t *testing.T, f *fixture, s *mixer.Session) float64 {
	band := [][2]float64{{300, 400}}
	l := bandPowers(f.tapped(t, s, "Gtr L"), band)[0]
	r := bandPowers(f.tapped(t, s, "Gtr R"), band)[0]
	return db10(l / r)
}

func TestPlantedMudIsCut(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	plantMud(t, f)
	r := f.assist(t, Options{})
	var cut *Suggestion
	for _, s := range suggestionsFor(r, "Gtr L", KindEQ) {
		if s.Change.Op == OpEQBand && s.Change.Band.Type == "peak" {
			cut = &s
		}
	}
	if cut == nil {
		t.Fatalf("no EQ cut on Gtr L; suggestions %+v", r.Suggestions)
	}
	fr, g := cut.Change.Band.Params["freq"], cut.Change.Band.Params["gain"]
	if fr < 280 || fr > 440 || g >= -3 || g < -DefaultProfiles().Settings.EQCutLimitDB.Value {
		t.Errorf("cut at %g Hz, %g dB; want 280-440 Hz, -3 to -6 dB", fr, g)
	}
	if s := suggestionsFor(r, "Gtr R", KindEQ); len(s) > 0 {
		t.Errorf("the clean take got EQ suggestions: %+v", s)
	}
	before := mudDB(t, f, f.s)
	after := mudDB(t, f, r.Assisted)
	t.Logf("planted mud: cut %g dB at %g Hz (Q %g); 300-400 Hz of Gtr L over Gtr R: %.2f dB before, %.2f dB after (drop %.2f dB)",
		g, fr, cut.Change.Band.Params["q"], before, after, before-after)
	if before < 6 {
		t.Fatalf("the planted bump measures only %.2f dB", before)
	}
	if before-after < 4 {
		t.Errorf("bump dropped %.2f dB; want at least 4", before-after)
	}
}

// vocalOverRest is the loudness of the lead vocal alone over the rest of
// the mix (the vocal muted), where the vocal sings (4 to 15.5 s of the
// demo), from two mixes of s.
func vocalOverRest(t *testing.T, f *fixture, s *mixer.Session) float64 {
	voc := f.render(t, solo(s, "Lead Vocal"))
	rest := f.render(t, without(s, "Lead Vocal"))
	return loudnessBetween(t, voc, 4, 15.5) - loudnessBetween(t, rest, 4, 15.5)
}

func TestBuriedVocalIsRaised(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	setGain(t, f.s, "Lead Vocal", trackByName(f.s, "Lead Vocal").Gain-12)
	r := f.assist(t, Options{Genre: "pop"})
	moves := suggestionsFor(r, "Lead Vocal", KindBalance)
	if len(moves) != 1 {
		t.Fatalf("%d balance moves on the vocal; want 1 (suggestions %+v)", len(moves), r.Suggestions)
	}
	up := moves[0].Change.To.(float64) - moves[0].Change.From.(float64)
	want := DefaultProfiles().Genres[0].FocusOverRestLU.Value
	before := vocalOverRest(t, f, f.s)
	after := vocalOverRest(t, f, r.Assisted)
	t.Logf("buried vocal: fader +%.1f dB; vocal over the rest of the mix %.2f LU before, %.2f LU after (profile %+g LU)", up, before, after, want)
	if up < 8 {
		t.Errorf("vocal raised %.1f dB; want about 12", up)
	}
	if math.Abs(after-want) > 2 {
		t.Errorf("vocal over the rest %.2f LU after; want within 2 LU of %g", after, want)
	}
}

// addKickMic adds a second kick microphone "Kick Sub": the kick stem
// scaled by gain (negative: inverted polarity), delayed by delay frames,
// through the kick's own insert chain.
func addKickMic(f *fixture, gain float64, delay int) {
	k := f.stems["kick.wav"][0]
	x := make([]float32, len(k))
	for i := range x {
		if j := i - delay; j >= 0 {
			x[i] = float32(gain) * k[j]
		}
	}
	f.stems["kick_sub.wav"] = [][]float32{x}
	kick := trackByName(f.s, "Kick")
	f.s.Tracks = append(f.s.Tracks, mixer.Track{Name: "Kick Sub", File: "kick_sub.wav", Gain: kick.Gain, Output: kick.Output,
		Inserts: (&mixer.Session{Tracks: []mixer.Track{*kick}}).Clone().Tracks[0].Inserts})
}

// pairLowDB is the energy (dB) of 40-120 Hz of the two kick microphones
// played together.
func pairLowDB(t *testing.T, f *fixture, s *mixer.Session) float64 {
	x := f.render(t, solo(s, "Kick", "Kick Sub"))
	return db10(bandPowers(x, [][2]float64{{40, 120}})[0])
}

func TestInvertedKickMicIsFlipped(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	addKickMic(f, -0.5, 0)
	r := f.assist(t, Options{})
	flips := suggestionsFor(r, "Kick Sub", KindPhase)
	if len(flips) != 1 || flips[0].Change.Field != "phaseInvert" || flips[0].Change.To != true {
		t.Fatalf("want phaseInvert on Kick Sub; got %+v (pairs %+v)", flips, r.Pairs)
	}
	if s := suggestionsFor(r, "Kick", KindPhase); len(s) > 0 {
		t.Errorf("the main kick got %+v", s)
	}
	before, after := pairLowDB(t, f, f.s), pairLowDB(t, f, r.Assisted)
	t.Logf("inverted kick mic: correlation %.3f at %.2f ms; 40-120 Hz of the pair %.2f dB before, %.2f dB after (+%.2f dB)",
		r.Pairs[0].Correlation, r.Pairs[0].LagMs, before, after, after-before)
	if after-before < 3 {
		t.Errorf("low band rose %.2f dB; want at least 3 (ideal 9.5: |1+0.5| over |1-0.5|)", after-before)
	}
}

func TestLateKickMicIsAligned(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	addKickMic(f, 0.5, 2*testRate/1000) // 2 ms late
	r := f.assist(t, Options{})
	var d *Suggestion
	for _, s := range suggestionsFor(r, "Kick", KindPhase) {
		if s.Change.Op == OpAddInsert && s.Change.Insert.Type == "delay" {
			d = &s
		}
	}
	if d == nil {
		t.Fatalf("no delay on the early Kick; pairs %+v, suggestions %+v", r.Pairs, r.Suggestions)
	}
	ms := d.Change.Insert.Params["time"]
	a2 := f.with(r.Assisted).analyze(t)
	var lag float64
	for _, p := range a2.Pairs {
		if a2.Tracks[p.A].Name == "Kick" && a2.Tracks[p.B].Name == "Kick Sub" {
			lag = p.LagMs
		}
	}
	t.Logf("late kick mic: delay %.2f ms suggested (planted 2.00 ms); lag after %.3f ms", ms, lag)
	if math.Abs(ms-2) > 0.05 || math.Abs(lag) > 0.05 {
		t.Errorf("delay %.2f ms, lag after %.3f ms; want 2 and 0", ms, lag)
	}
}

// withoutDucking removes the demo bass's sidechain compressor.
func withoutDucking(s *mixer.Session) {
	b := trackByName(s, "Bass")
	var keep []mixer.Insert
	for _, in := range b.Inserts {
		if in.Sidechain == "" {
			keep = append(keep, in)
		}
	}
	b.Inserts = keep
}

// maskingFixture plants kick/bass masking in the session balanced for a
// genre: the bass no longer ducks under the kick and its stem gets boostDB
// of low shelf at 90 Hz, right on the kick's fundamental, while its fader keeps
// its loudness (measured alone over the vocal's time) where the balance
// put it.
func maskingFixture(t *testing.T, genre string, boostDB float64) *fixture {
	f := balancedFixture(t, genre)
	was := loudnessBetween(t, f.render(t, solo(f.s, "Bass")), vocalFrom, vocalTo)
	withoutDucking(f.s)
	p := filter.DefaultBandParams()
	p.Kind, p.FreqHz, p.GainDB = filter.LowShelf, 90, boostDB
	f.stems["bass.wav"] = [][]float32{filtered(t, f.stems["bass.wav"][0], p)}
	now := loudnessBetween(t, f.render(t, solo(f.s, "Bass")), vocalFrom, vocalTo)
	setGain(t, f.s, "Bass", trackByName(f.s, "Bass").Gain+was-now)
	return f
}

// maskedKick measures how often the kick is masked by the bass in its
// key band in session s (the package's masking measure).
func maskedKick(t *testing.T, f *fixture, s *mixer.Session) float64 {
	a := f.with(s).analyze(t)
	p := DefaultProfiles()
	as := newAssistant(a, Options{Profiles: p}, p.Genres[0])
	as.roles()
	k, b := trackIndex(s, "Kick"), trackIndex(s, "Bass")
	frac, _ := as.maskedFraction(k, b, as.tr[k].rp.KeyBands[0], nil)
	return frac
}

func TestKickBassMaskingIsFixed(t *testing.T) {
	if testing.Short() {
		t.Skip("balances the demo first")
	}
	t.Parallel()
	for _, c := range []struct {
		genre string
		boost float64
	}{{"pop", 6}, {"rock", 14}} {
		genre := c.genre
		t.Run(genre, func(t *testing.T) {
			f := maskingFixture(t, genre, c.boost)
			before := maskedKick(t, f, f.s)
			r := f.assist(t, Options{Genre: genre})
			fixes := suggestionsFor(r, "Bass", KindMasking)
			if len(fixes) != 1 {
				t.Fatalf("want one masking fix on Bass (masking %+v); got %+v", r.Masking, fixes)
			}
			fix := fixes[0].Change
			sidechain := fix.Op == OpAddInsert && fix.Insert.Sidechain == "Kick"
			switch {
			case genre == "pop" && !sidechain:
				t.Errorf("pop: want a compressor keyed by Kick, got %s", fix.Describe())
			case !sidechain && fix.Op != OpEQBand:
				t.Errorf("%s: want a sidechain or a complementary cut, got %s", genre, fix.Describe())
			}
			after := maskedKick(t, f, r.Assisted)
			t.Logf("%s: kick masked by bass %.3f of the time before, %.3f after (%s; predicted %.3f)", genre, before, after,
				fix.Describe(), fixes[0].Expected["maskedFraction"].To)
			if before < DefaultProfiles().Settings.MaskingFraction.Value || after >= DefaultProfiles().Settings.MaskingFraction.Value {
				t.Errorf("masked fraction %.3f -> %.3f; want it above the threshold before and under it after", before, after)
			}
		})
	}
}

func TestClippingMasterIsTrimmed(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	f.s.Master.Gain += 12
	before := truePeak(t, f.render(t, f.s))
	r := f.assist(t, Options{})
	if len(suggestionsFor(r, mixer.MasterName, KindGain)) != 1 {
		t.Fatalf("want one gain suggestion on the master; got %+v", r.Suggestions)
	}
	after := truePeak(t, f.render(t, r.Assisted))
	t.Logf("clipping master: true peak %.2f dBTP before, %.2f dBTP after (target -6)", before, after)
	if before < 0 {
		t.Fatalf("the planted master does not clip (%.2f dBTP)", before)
	}
	if math.Abs(after+6) > 1 {
		t.Errorf("true peak %.2f dBTP; want -6 ± 1", after)
	}
}
