package hrtf

import (
	"math"
	"sort"
)

// Summary describes a Set for people (immerse hrtf info) and scripts
// (JSON). Angles are ADM degrees, distances metres.
type Summary struct {
	Convention        string `json:"convention"`                  // SOFAConventions
	ConventionVersion string `json:"conventionVersion,omitempty"` // SOFAConventionsVersion
	Version           string `json:"sofaVersion,omitempty"`       // SOFA Version
	Title             string `json:"title,omitempty"`
	Organization      string `json:"organization,omitempty"`
	Database          string `json:"database,omitempty"` // DatabaseName
	Listener          string `json:"listener,omitempty"` // ListenerShortName
	SampleRate        int    `json:"sampleRate"`         // Hz
	Measurements      int    `json:"measurements"`
	Taps              int    `json:"taps"`
	// Azimuth and elevation ranges covered by the measurements, degrees.
	AzimuthMin   float64 `json:"azimuthMin"`
	AzimuthMax   float64 `json:"azimuthMax"`
	ElevationMin float64 `json:"elevationMin"`
	ElevationMax float64 `json:"elevationMax"`
	// Distances lists the distinct measurement distances in metres
	// (rounded to millimetres, ascending); empty when unknown.
	Distances []float64 `json:"distances"`
	// UsesDelay is true when the set carries non-zero broadband delays
	// (SOFA Data.Delay) besides its impulse responses.
	UsesDelay bool `json:"usesDelay"`
}

// Summary returns the set's description.
func (s *Set) Summary() Summary {
	sum := Summary{
		Convention:        s.Meta["SOFAConventions"],
		ConventionVersion: s.Meta["SOFAConventionsVersion"],
		Version:           s.Meta["Version"],
		Title:             s.Meta["Title"],
		Organization:      s.Meta["Organization"],
		Database:          s.Meta["DatabaseName"],
		Listener:          s.Meta["ListenerShortName"],
		SampleRate:        s.SampleRate,
		Measurements:      s.Len(),
		Taps:              s.Taps(),
		Distances:         []float64{},
	}
	for i, d := range s.Directions {
		az, el := summaryRound(d.Azimuth()), summaryRound(d.Elevation())
		if i == 0 || az < sum.AzimuthMin {
			sum.AzimuthMin = az
		}
		if i == 0 || az > sum.AzimuthMax {
			sum.AzimuthMax = az
		}
		if i == 0 || el < sum.ElevationMin {
			sum.ElevationMin = el
		}
		if i == 0 || el > sum.ElevationMax {
			sum.ElevationMax = el
		}
	}
	seen := map[float64]bool{}
	for _, d := range s.Distances {
		mm := math.Round(d*1000) / 1000
		if d > 0 && !seen[mm] {
			seen[mm] = true
			sum.Distances = append(sum.Distances, mm)
		}
	}
	sort.Float64s(sum.Distances)
	for _, d := range s.Delay {
		sum.UsesDelay = sum.UsesDelay || d[0] != 0 || d[1] != 0
	}
	return sum
}

// summaryRound rounds to 1e-6 degree and turns -0 into 0, so that printed
// ranges read 0 and 90 rather than -0 and 89.99999999999999.
func summaryRound(x float64) float64 {
	x = math.Round(x*1e6) / 1e6
	if x == 0 {
		return 0
	}
	return x
}
