package delivery

import (
	"fmt"
	"math"
	"math/cmplx"
	"strings"

	"immerse/dsp/filter"
)

// System is a playback model: a frequency response (a few RBJ biquads)
// and whether the device plays a mono sum.
type System struct {
	Name  string `json:"system"`
	Title string `json:"title"`
	// Mono: the device plays (L+R)/√2 (a phone held at arm's length).
	Mono bool `json:"mono"`
	// Curve describes the response; Basis says where it comes from.
	Curve string `json:"curve"`
	Basis string `json:"basis"`
	bands []filter.BandParams
}

func hp(hz float64, slope int) filter.BandParams {
	return filter.BandParams{Kind: filter.HighPass, FreqHz: hz, Q: math.Sqrt2 / 2, SlopeDBOct: slope}
}
func lp(hz float64, slope int) filter.BandParams {
	return filter.BandParams{Kind: filter.LowPass, FreqHz: hz, Q: math.Sqrt2 / 2, SlopeDBOct: slope}
}
func peak(hz, db, q float64) filter.BandParams {
	return filter.BandParams{Kind: filter.Peak, FreqHz: hz, GainDB: db, Q: q}
}
func shelf(k filter.Kind, hz, db float64) filter.BandParams {
	return filter.BandParams{Kind: k, FreqHz: hz, GainDB: db, ShelfSlope: 1, Q: math.Sqrt2 / 2}
}

const typical = "typical, documented approximation (no single published measurement)"

// systems are the playback models, in listing order.
var systems = []System{
	{Name: "phone", Title: "phone speaker", Mono: true,
		Curve: "mono; 4th-order Butterworth high-pass at 300 Hz, +4 dB peak at 2.5 kHz (Q 1), 2nd-order low-pass at 12 kHz",
		Basis: typical + ": micro-speakers in small sealed volumes fall off steeply below their resonance; a published measurement of a OnePlus 6T reads roughly flat from 260 Hz (vpervolume.com). Phones with two speakers still play nearly mono at arm's length",
		bands: []filter.BandParams{hp(300, 24), peak(2500, 4, 1), lp(12000, 12)}},
	{Name: "earbuds", Title: "earbuds (unsealed)",
		Curve: "stereo; 2nd-order high-pass at 60 Hz, +4 dB peak at 3 kHz (Q 1.5), -4 dB high shelf at 9 kHz",
		Basis: typical + ": unsealed earbuds leak low frequencies (no seal in the ear canal), keep some of the ear-canal resonance and roll off the top",
		bands: []filter.BandParams{hp(60, 12), peak(3000, 4, 1.5), shelf(filter.HighShelf, 9000, -4)}},
	{Name: "laptop", Title: "laptop speakers",
		Curve: "stereo; 4th-order high-pass at 200 Hz, +3 dB peak at 1 kHz (Q 1), 2nd-order low-pass at 15 kHz",
		Basis: typical + ": small drivers in a thin chassis",
		bands: []filter.BandParams{hp(200, 24), peak(1000, 3, 1), lp(15000, 12)}},
	{Name: "car", Title: "car",
		Curve: "stereo; 2nd-order high-pass at 35 Hz, +6 dB low shelf at 80 Hz (cabin gain), -3 dB dip at 250 Hz (Q 1), -3 dB high shelf at 8 kHz",
		Basis: typical + ": a closed cabin raises the lowest octaves (cabin gain), door-mounted woofers dip in the low mids, seats and glass damp the top",
		bands: []filter.BandParams{hp(35, 12), shelf(filter.LowShelf, 80, 6), peak(250, -3, 1), shelf(filter.HighShelf, 8000, -3)}},
	{Name: "tv", Title: "TV speakers",
		Curve: "stereo; 4th-order high-pass at 120 Hz, +2 dB peak at 2 kHz (Q 1), 2nd-order low-pass at 14 kHz",
		Basis: typical + ": small down- or rear-firing drivers of a flat-panel TV",
		bands: []filter.BandParams{hp(120, 24), peak(2000, 2, 1), lp(14000, 12)}},
}

// Systems returns the playback models.
func Systems() []System { return append([]System(nil), systems...) }

// SystemNames lists the models' names.
func SystemNames() []string {
	n := make([]string, len(systems))
	for i, s := range systems {
		n[i] = s.Name
	}
	return n
}

// ParseSystems reads a comma-separated list of model names ("phone,car";
// "all" for every model).
func ParseSystems(list string) ([]*System, error) {
	var out []*System
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(strings.ToLower(name))
		if name == "" {
			continue
		}
		if name == "all" {
			out = out[:0]
			for i := range systems {
				out = append(out, &systems[i])
			}
			return out, nil
		}
		found := false
		for i := range systems {
			if systems[i].Name == name {
				if !seen[name] {
					out = append(out, &systems[i])
					seen[name] = true
				}
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("delivery: unknown playback system %q; use %s or all", name, strings.Join(SystemNames(), ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("delivery: no playback system given; use %s or all", strings.Join(SystemNames(), ", "))
	}
	return out, nil
}

// sections designs the model's biquads at rate.
func (s *System) sections(rate int) []filter.Coeffs {
	var out []filter.Coeffs
	for _, b := range s.bands {
		out = append(out, filter.Design(make([]filter.Coeffs, 0, filter.MaxSections), b, rate)...)
	}
	return out
}

// ResponseDB is the model's magnitude response at hz for rate, in dB.
func (s *System) ResponseDB(hz float64, rate int) float64 {
	h := complex(1, 0)
	for _, c := range s.sections(rate) {
		h *= c.Response(hz, rate)
	}
	return 20 * math.Log10(cmplx.Abs(h))
}
