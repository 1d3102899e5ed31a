package ambisonics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxSidecarBytes caps the size of a sidecar file read by ReadSidecar.
const maxSidecarBytes = 1 << 20

// SidecarFormat is the value of Sidecar.Format that marks an immerse
// ambisonics sidecar.
const SidecarFormat = "ambisonics"

// Sidecar is the JSON file written next to an ambisonic render (vr.wav ->
// vr.json) saying how to read its channels. WAV has no standard place for
// this (WAVE_FORMAT_EXTENSIBLE with a zero channel mask only says "not
// loudspeaker feeds"), and players and converters otherwise guess from the
// channel count.
type Sidecar struct {
	// Format is always "ambisonics".
	Format string `json:"format"`
	// Convention is "AmbiX" for ACN/SN3D, "FuMa" for FuMa, else "".
	Convention string `json:"convention,omitempty"`
	// Order is the ambisonic order, Channels = (Order+1)².
	Order    int `json:"order"`
	Channels int `json:"channels"`
	// ChannelOrdering is "ACN" or "FuMa" (W X Y Z).
	ChannelOrdering string `json:"channelOrdering"`
	// Normalization is "SN3D", "N3D" or "FuMa".
	Normalization string `json:"normalization"`
	// SampleRate in Hz.
	SampleRate int `json:"sampleRate,omitempty"`
	// Audio is the ambisonic file's name (relative to the sidecar).
	Audio string `json:"audio,omitempty"`
	// HeadLocked names the head-locked stereo file (relative to the
	// sidecar) that plays beside the sound field without rotating with
	// the head, when the scene has head-locked objects.
	HeadLocked string `json:"headLocked,omitempty"`
	// Rotation applied to the scene before encoding, if any.
	Rotation *Rotation `json:"rotation,omitempty"`
	// Coordinates documents the angle convention.
	Coordinates string `json:"coordinates,omitempty"`
}

// Coordinates is the Sidecar.Coordinates text immerse writes.
const Coordinates = "ADM/AmbiX: azimuth anticlockwise from the front (positive left), elevation positive up; Y (ACN 1) points left"

// NewSidecar describes an ambisonic stream of the given order and
// normalisation.
func NewSidecar(order int, norm Normalization) *Sidecar {
	s := &Sidecar{Format: SidecarFormat, Order: order, Channels: Channels(order),
		ChannelOrdering: norm.ChannelOrdering(), Normalization: norm.String(), Coordinates: Coordinates}
	switch norm {
	case SN3D:
		s.Convention = "AmbiX"
	case FuMa:
		s.Convention = "FuMa"
	}
	return s
}

// Norm returns the sidecar's normalisation.
func (s *Sidecar) Norm() (Normalization, error) { return ParseNormalization(s.Normalization) }

// SidecarPath returns the sidecar path of an audio file: its extension
// replaced by .json (vr.wav -> vr.json).
func SidecarPath(audio string) string {
	return strings.TrimSuffix(audio, filepath.Ext(audio)) + ".json"
}

// ParseSidecar reads and checks a sidecar; name is used in errors.
func ParseSidecar(data []byte, name string) (*Sidecar, error) {
	if len(data) > maxSidecarBytes {
		return nil, fmt.Errorf("ambisonics: %s: %d bytes is too big for a sidecar (limit %d)", name, len(data), maxSidecarBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Sidecar
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("ambisonics: %s: not an ambisonics sidecar: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("ambisonics: %s: extra data after the JSON object", name)
	}
	if s.Format != SidecarFormat {
		return nil, fmt.Errorf("ambisonics: %s: format %q, want %q; not an ambisonics sidecar", name, s.Format, SidecarFormat)
	}
	if s.Order < 0 || s.Order > MaxOrder {
		return nil, fmt.Errorf("ambisonics: %s: order %d is out of range 0 to %d", name, s.Order, MaxOrder)
	}
	if s.Channels != Channels(s.Order) {
		return nil, fmt.Errorf("ambisonics: %s: %d channels for order %d; a full-sphere stream has %d", name, s.Channels, s.Order, Channels(s.Order))
	}
	norm, err := s.Norm()
	if err != nil {
		return nil, fmt.Errorf("ambisonics: %s: %w", name, err)
	}
	if err := norm.check(s.Order); err != nil {
		return nil, fmt.Errorf("ambisonics: %s: %w", name, err)
	}
	if !strings.EqualFold(s.ChannelOrdering, norm.ChannelOrdering()) {
		return nil, fmt.Errorf("ambisonics: %s: channel ordering %q does not go with %s normalization (want %s)", name, s.ChannelOrdering, norm, norm.ChannelOrdering())
	}
	if s.SampleRate < 0 {
		return nil, fmt.Errorf("ambisonics: %s: sample rate %d", name, s.SampleRate)
	}
	return &s, nil
}

// ReadSidecar reads the sidecar at path. A missing file gives an error
// wrapping fs.ErrNotExist.
func ReadSidecar(path string) (*Sidecar, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ambisonics: sidecar: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSidecarBytes+1))
	if err != nil {
		return nil, fmt.Errorf("ambisonics: sidecar %s: %w", path, err)
	}
	return ParseSidecar(data, path)
}

// writeSidecar writes s to path as indented JSON.
func writeSidecar(path string, s *Sidecar) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Chmod(path, 0o644) // path may be a temporary file created 0600

}

// checkSidecarTarget returns an error when path exists and may not be
// replaced: without overwrite any existing file; with it, a file that is
// not an ambisonics sidecar (a scene file, say, that shares the output's
// base name).
func checkSidecarTarget(path string, overwrite bool) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ambisonics: sidecar %s: %w", path, err)
	}
	if !overwrite {
		return fmt.Errorf("ambisonics: sidecar %s already exists; use --force (Overwrite) to replace it", path)
	}
	if _, err := ParseSidecar(data, path); err != nil {
		return fmt.Errorf("ambisonics: %s exists and is not an ambisonics sidecar, so it is not replaced; choose another output name (the sidecar is the output's name with .json)", path)
	}
	return nil
}
