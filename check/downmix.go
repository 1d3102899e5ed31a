package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"immerse/bed"
	"immerse/speakers"
)

// Limits of a custom downmix file.
const (
	maxDownmixBytes  = 1 << 20
	maxDownmixStages = 8
	maxDownmixGain   = 16 // |gain| (linear, +24 dB)
)

// DownmixSpec is a custom fold-down chain read from a JSON file (see the
// package documentation for the format). Its matrices are bound to a
// layout by Chain.
type DownmixSpec struct {
	// Name is the file, for errors and reports.
	Name   string
	Stages []DownmixStage
}

// DownmixStage is one stage of a custom chain: its layout and its matrix,
// Matrix[out][in] by channel label; missing entries are 0.
type DownmixStage struct {
	Layout *speakers.Layout
	Matrix map[string]map[string]float64
}

type downmixFile struct {
	Stages []struct {
		Layout string                        `json:"layout"`
		Matrix map[string]map[string]float64 `json:"matrix"`
	} `json:"stages"`
}

// LoadDownmix reads a custom downmix file (see ParseDownmix).
func LoadDownmix(path string) (*DownmixSpec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("check: downmix file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDownmixBytes+1))
	if err != nil {
		return nil, fmt.Errorf("check: downmix file %s: %w", path, err)
	}
	return ParseDownmix(data, path)
}

// ParseDownmix decodes and validates a custom downmix chain; name is used
// in errors. Each stage names a built-in layout (name or alias) and gives
// its matrix by labels: output labels must be channels of that layout,
// gains finite and at most 16 in magnitude. Input labels are checked
// against the previous stage by Chain.
func ParseDownmix(data []byte, name string) (*DownmixSpec, error) {
	if len(data) > maxDownmixBytes {
		return nil, fmt.Errorf("check: %s: the downmix file is over %d bytes; a matrix chain needs far less", name, maxDownmixBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f downmixFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("check: %s: %w; see the format: {\"stages\": [{\"layout\": \"5.1\", \"matrix\": {\"M+030\": {\"M+030\": 1, \"U+045\": 0.7071}}}]}", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("check: %s: data after the JSON object; give one object {\"stages\": [...]}", name)
	}
	switch {
	case len(f.Stages) == 0:
		return nil, fmt.Errorf("check: %s: no stages; give \"stages\": [{\"layout\": ..., \"matrix\": {...}}, ...]", name)
	case len(f.Stages) > maxDownmixStages:
		return nil, fmt.Errorf("check: %s: %d stages; at most %d are allowed", name, len(f.Stages), maxDownmixStages)
	}
	spec := &DownmixSpec{Name: name}
	for i, st := range f.Stages {
		where := fmt.Sprintf("check: %s: stage %d", name, i+1)
		if st.Layout == "" {
			return nil, fmt.Errorf("%s: \"layout\" is missing; name a built-in layout such as \"5.1\" or \"2.0\"", where)
		}
		l, err := speakers.Get(st.Layout)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		where += " (" + StageName(l) + ")"
		if len(st.Matrix) == 0 {
			return nil, fmt.Errorf("%s: \"matrix\" is missing or empty; give {\"output label\": {\"input label\": gain, ...}, ...}", where)
		}
		for _, out := range sortedKeys(st.Matrix) {
			if l.Index(out) < 0 {
				return nil, fmt.Errorf("%s: output %q is not a channel of %s (channels: %s)", where, out, StageName(l), joinLabels(l.Labels()))
			}
			for _, in := range sortedKeys(st.Matrix[out]) {
				g := st.Matrix[out][in]
				if math.IsNaN(g) || math.Abs(g) > maxDownmixGain {
					return nil, fmt.Errorf("%s: output %s: input %s: gain %g is outside [-%d, %d] (linear gains: 0.7071 = -3 dB)", where, out, in, g, maxDownmixGain, maxDownmixGain)
				}
			}
		}
		spec.Stages = append(spec.Stages, DownmixStage{Layout: l, Matrix: st.Matrix})
	}
	return spec, nil
}

// Chain builds the matrices for a file of layout from: stage 1's inputs
// are from's channels, each later stage's the previous stage's.
func (s *DownmixSpec) Chain(from *speakers.Layout) ([]*bed.Downmix, error) {
	var chain []*bed.Downmix
	prev, prevWhat := from, "the file's layout"
	for i, st := range s.Stages {
		d := &bed.Downmix{From: prev, To: st.Layout, Gains: make([][]float64, len(st.Layout.Channels)),
			Source: fmt.Sprintf("custom matrix, %s stage %d", s.Name, i+1)}
		for o := range d.Gains {
			d.Gains[o] = make([]float64, len(prev.Channels))
		}
		for _, out := range sortedKeys(st.Matrix) {
			o := st.Layout.Index(out)
			for _, in := range sortedKeys(st.Matrix[out]) {
				k := prev.Index(in)
				if k < 0 {
					return nil, fmt.Errorf("check: %s: stage %d (%s): output %s: input %q is not a channel of %s (%s; channels: %s)",
						s.Name, i+1, StageName(st.Layout), out, in, StageName(prev), prevWhat, joinLabels(prev.Labels()))
				}
				d.Gains[o][k] = st.Matrix[out][in]
			}
		}
		chain = append(chain, d)
		prev, prevWhat = st.Layout, "the previous stage"
	}
	return chain, nil
}

// String describes the chain's stages.
func (s *DownmixSpec) String() string {
	var names []string
	for _, st := range s.Stages {
		names = append(names, StageName(st.Layout))
	}
	return s.Name + ": " + strings.Join(names, " -> ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
