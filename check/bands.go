package check

import (
	"strconv"

	"immerse/delivery"
)

// BandLoss is the mono loss of one octave band (CentreHz: the nominal
// centre, 31.5 … 16000 Hz).
type BandLoss = delivery.BandLevel

// BandLosses are the mono losses per octave band, lowest band first. In
// JSON they are an object keyed by the nominal centre frequency in Hz,
// in ascending order: {"31.5": 0.1, "63": 0.2, …, "16000": 3.0} — the
// same form as the playback losses (delivery.Bands).
type BandLosses = delivery.Bands

// BandKey is the JSON key of a band: the centre in Hz, shortest form.
func BandKey(hz float64) string { return strconv.FormatFloat(hz, 'f', -1, 64) }
