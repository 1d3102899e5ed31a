package assist

import (
	"testing"
)

// TestGenreMovesTheBalance: hip-hop puts kick and bass louder against the
// vocal than pop does (its shares give them +8 dB against the rest's -4
// dB: 2.9 LU more than pop), measured on mixes of the assisted sessions,
// each track alone over the vocal's time.
func TestGenreMovesTheBalance(t *testing.T) {
	if testing.Short() {
		t.Skip("assists and mixes the demo twice")
	}
	t.Parallel()
	f := demoFixture()
	rel := map[string]map[string]float64{}
	for _, genre := range []string{"pop", "hiphop"} {
		r := f.assist(t, Options{Genre: genre})
		s := r.Assisted
		voc := loudnessBetween(t, f.render(t, solo(s, "Lead Vocal")), vocalFrom, vocalTo)
		rel[genre] = map[string]float64{}
		for _, name := range []string{"Kick", "Bass", "Snare", "Keys"} {
			rel[genre][name] = loudnessBetween(t, f.render(t, solo(s, name)), vocalFrom, vocalTo) - voc
		}
		t.Logf("%s: against the vocal kick %+.2f, bass %+.2f, snare %+.2f, keys %+.2f LU", genre,
			rel[genre]["Kick"], rel[genre]["Bass"], rel[genre]["Snare"], rel[genre]["Keys"])
	}
	for _, name := range []string{"Kick", "Bass"} {
		if d := rel["hiphop"][name] - rel["pop"][name]; d < 1.5 {
			t.Errorf("%s: hip-hop leaves it only %+.2f LU louder against the vocal than pop; want at least 1.5", name, d)
		}
	}
	if d := rel["hiphop"]["Keys"] - rel["pop"]["Keys"]; d > 0 {
		t.Errorf("keys: hip-hop puts them %+.2f LU louder than pop; its shares put them back", d)
	}
}
