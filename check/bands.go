package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// BandLoss is the mono loss of one octave band.
type BandLoss struct {
	CenterHz float64 // nominal centre, 31.5 … 16000 Hz
	LU       float64
}

// BandLosses are the mono losses per octave band, lowest band first. In
// JSON they are an object keyed by the nominal centre frequency in Hz,
// in ascending order: {"31.5": 0.1, "63": 0.2, …, "16000": 3.0}.
type BandLosses []BandLoss

// BandKey is the JSON key of a band: the centre in Hz, shortest form.
func BandKey(hz float64) string { return strconv.FormatFloat(hz, 'f', -1, 64) }

// MarshalJSON writes the bands as an object in frequency order.
func (b BandLosses) MarshalJSON() ([]byte, error) {
	if b == nil {
		return []byte("null"), nil
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, x := range b {
		if i > 0 {
			buf.WriteByte(',')
		}
		v, err := json.Marshal(x.LU)
		if err != nil {
			return nil, fmt.Errorf("check: band %s Hz: %w", BandKey(x.CenterHz), err)
		}
		fmt.Fprintf(&buf, "%q:%s", BandKey(x.CenterHz), v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads the object form back, sorted by frequency.
func (b *BandLosses) UnmarshalJSON(data []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	if m == nil {
		*b = nil
		return nil
	}
	out := make(BandLosses, 0, len(m))
	for k, v := range m {
		hz, err := strconv.ParseFloat(k, 64)
		if err != nil {
			return fmt.Errorf("check: band key %q is not a frequency in Hz", k)
		}
		out = append(out, BandLoss{CenterHz: hz, LU: v})
	}
	slices.SortFunc(out, func(x, y BandLoss) int {
		switch {
		case x.CenterHz < y.CenterHz:
			return -1
		case x.CenterHz > y.CenterHz:
			return 1
		}
		return 0
	})
	*b = out
	return nil
}
