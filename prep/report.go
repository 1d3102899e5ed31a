package prep

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Report says what File did to one file.
type Report struct {
	File       string  `json:"file"`
	Output     string  `json:"output"`
	SampleRate int     `json:"sampleRate"`
	Channels   int     `json:"channels"`
	Duration   float64 `json:"duration"` // seconds
	// The steps run, in processing order (nil: not run).
	Dehum   *DehumStep
	Declick *DeclickStep
	Denoise *DenoiseStep
	Strip   *StripStep
	// Passes counts the reads of the input.
	Passes   int      `json:"passes"`
	Warnings []string `json:"warnings,omitempty"`
}

// DehumStep is the de-hum's report.
type DehumStep struct {
	// Detected is "50" or "60" (what auto found, or was given), or
	// "none" when auto found no hum (the step then changed nothing).
	Detected string `json:"detected"`
	// Frequency is the mean measured fundamental (Hz), FrequencyMin and
	// FrequencyMax its range over the file (drift).
	Frequency    float64 `json:"frequency"`
	FrequencyMin float64 `json:"frequencyMin"`
	FrequencyMax float64 `json:"frequencyMax"`
	// Harmonics is the number notched (the fundamental included: every
	// harmonic up to Options.Harmonics below 0.45 of the rate);
	// HarmonicsFound the highest found standing out of the noise in at
	// least half of the file.
	Harmonics      int `json:"harmonics"`
	HarmonicsFound int `json:"harmonicsFound"`
	// LevelDB and LevelAfterDB: the hum's level in the input and the
	// output (dB re full scale, the powers of harmonics 1..HarmonicsFound
	// summed: those known to be hum);
	// ReductionDB is their difference. When the hum falls under the noise
	// floor, the "after" figure is the floor's and the reduction a lower
	// bound.
	LevelDB      float64 `json:"levelDB"`
	LevelAfterDB float64 `json:"levelAfterDB"`
	ReductionDB  float64 `json:"reductionDB"`
}

// DeclickStep is the de-clicker's report.
type DeclickStep struct {
	// Clicks repaired, in time order; the same click on several channels
	// is listed once (its span over the channels).
	Clicks []ClickReport `json:"clicks"`
	// Count is len(Clicks); Dropped counts clicks repaired but not
	// listed (more than cleanup.EventCapacity between two reads).
	Count   int   `json:"count"`
	Dropped int64 `json:"dropped,omitempty"`
}

// ClickReport is one repaired click: its start in seconds and length in
// samples.
type ClickReport struct {
	Time    float64 `json:"time"`
	Samples int     `json:"samples"`
}

// DenoiseStep is the noise reduction's report.
type DenoiseStep struct {
	ReductionDB    float64 `json:"reductionDB"`
	SensitivityDB  float64 `json:"sensitivityDB"`
	SmoothingBands int     `json:"smoothingBands"`
	AttackMs       float64 `json:"attackMs"`
	ReleaseMs      float64 `json:"releaseMs"`
	// Profile is the stretch the noise profile was learned from, [start,
	// end] in seconds; NoiseLevelDB the noise's level there.
	Profile      [2]float64 `json:"profile"`
	NoiseLevelDB float64    `json:"noiseLevelDB"`
}

// StripStep is the strip-silence's report.
type StripStep struct {
	ThresholdDB float64 `json:"thresholdDB"`
	// Regions silenced (exact zeros, fades not included), [start, end] in
	// seconds; Silenced is their total length.
	Regions  [][2]float64 `json:"regions"`
	Silenced float64      `json:"silencedSeconds"`
	Dropped  int64        `json:"dropped,omitempty"`
}

// Step names in the JSON report.
const (
	StepDehum   = "dehum"
	StepDeclick = "declick"
	StepDenoise = "denoise"
	StepStrip   = "stripSilence"
)

// reportJSON is the JSON form: the steps as a list in processing order,
// each with its "name".
type reportJSON struct {
	File       string            `json:"file"`
	Output     string            `json:"output"`
	SampleRate int               `json:"sampleRate"`
	Channels   int               `json:"channels"`
	Duration   float64           `json:"duration"`
	Steps      []json.RawMessage `json:"steps"`
	Passes     int               `json:"passes"`
	Warnings   []string          `json:"warnings,omitempty"`
}

// MarshalJSON writes {"file", "output", …, "steps": [{"name": "dehum",
// …}, {"name": "declick", "clicks": […]}, {"name": "denoise", …},
// {"name": "stripSilence", "regions": […]}]}.
func (r *Report) MarshalJSON() ([]byte, error) {
	out := reportJSON{File: r.File, Output: r.Output, SampleRate: r.SampleRate, Channels: r.Channels,
		Duration: r.Duration, Passes: r.Passes, Warnings: r.Warnings, Steps: []json.RawMessage{}}
	add := func(name string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		// Prepend the name: {"name":"…", …fields}.
		head := fmt.Sprintf(`{"name":%q`, name)
		if len(b) > 2 {
			head += ","
		}
		out.Steps = append(out.Steps, json.RawMessage(head+string(b[1:])))
		return nil
	}
	for _, s := range []struct {
		name string
		v    any
		on   bool
	}{{StepDehum, r.Dehum, r.Dehum != nil}, {StepDeclick, r.Declick, r.Declick != nil},
		{StepDenoise, r.Denoise, r.Denoise != nil}, {StepStrip, r.Strip, r.Strip != nil}} {
		if s.on {
			if err := add(s.name, s.v); err != nil {
				return nil, err
			}
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the JSON form back.
func (r *Report) UnmarshalJSON(data []byte) error {
	var in reportJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*r = Report{File: in.File, Output: in.Output, SampleRate: in.SampleRate, Channels: in.Channels,
		Duration: in.Duration, Passes: in.Passes, Warnings: in.Warnings}
	for i, raw := range in.Steps {
		var head struct{ Name string }
		if err := json.Unmarshal(raw, &head); err != nil {
			return err
		}
		var err error
		switch head.Name {
		case StepDehum:
			r.Dehum = &DehumStep{}
			err = json.Unmarshal(raw, r.Dehum)
		case StepDeclick:
			r.Declick = &DeclickStep{}
			err = json.Unmarshal(raw, r.Declick)
		case StepDenoise:
			r.Denoise = &DenoiseStep{}
			err = json.Unmarshal(raw, r.Denoise)
		case StepStrip:
			r.Strip = &StripStep{}
			err = json.Unmarshal(raw, r.Strip)
		default:
			err = errors.New("unknown step name " + fmt.Sprintf("%q", head.Name))
		}
		if err != nil {
			return fmt.Errorf("prep: report step %d: %w", i+1, err)
		}
	}
	return nil
}
