package assist

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"immerse/dsp"
	"immerse/encoders"
)

// FileReport is what AnalyzeFile measures of one audio file: what
// `immerse analyze` prints.
type FileReport struct {
	File            string  `json:"file"`
	SampleRate      int     `json:"sampleRate"`
	DurationSeconds float64 `json:"durationSeconds"`
	// Bands are the nominal centres (Hz) of SpectrumDB.
	Bands []float64 `json:"bands"`
	Measurements
	// Role is the guessed role: from the file name when it says, else
	// from the sound (RoleFrom "name" or "spectrum").
	Role     string        `json:"role"`
	RoleFrom string        `json:"roleFrom"`
	Sound    SoundFeatures `json:"sound"`
	// KeptLU is how much of its loudness each playback device keeps.
	KeptLU map[string]float64 `json:"keptLU"`
}

// maxFileChannels: AnalyzeFile takes stems and stereo masters.
const maxFileChannels = 2

// analyzeSource measures a mono or stereo source to its end (length in
// frames, -1 when unknown, for the progress only).
func analyzeSource(src dsp.Source, length int64, name string, progress func(done, total int64)) (*SignalAnalysis, *framing, int64, error) {
	ch := src.Channels()
	if ch < 1 || ch > maxFileChannels {
		return nil, nil, 0, fmt.Errorf("assist: %s: %d channels; give a mono or stereo file (split a multichannel file first, e.g. with `ffmpeg -i in.wav -ac 2 out.wav`)", name, ch)
	}
	rate := src.SampleRate()
	if rate < 8000 || rate > 768000 {
		return nil, nil, 0, fmt.Errorf("assist: %s: sample rate %d Hz; want 8000 to 768000 Hz", name, rate)
	}
	f := newFraming(rate)
	seconds := 3600.0
	if length > 0 {
		seconds = float64(length) / float64(rate)
	}
	sig, err := newSignal(f, ch, sigOpts{midSide: true, truePeak: true, seconds: seconds})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("assist: %s: %w", name, err)
	}
	buf := dsp.NewBuffer(ch, 8192)
	var done int64
	for {
		n, rerr := src.Read(buf)
		if n > 0 {
			view := make([][]float32, ch)
			for c := range view {
				view[c] = buf[c][:n]
			}
			sig.push(view)
			for sig.ready() {
				sig.step(-1, false)
			}
			done += int64(n)
			if progress != nil {
				progress(done, length)
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return nil, nil, 0, fmt.Errorf("assist: %s: %w", name, rerr)
		}
	}
	if done == 0 {
		return nil, nil, 0, fmt.Errorf("assist: %s: the file holds no audio", name)
	}
	sig.finish(done)
	return finishSignal(sig), f, done, nil
}

// AnalyzeFile measures a mono or stereo WAV or FLAC file: loudness
// (integrated, short-term, LRA), sample and true peak, crest factor and
// PLR, the level distribution, the 1/3-octave spectrum and its tilt,
// width and correlation, what playback devices keep of it, and a guess
// of its role. progress (optional) gets the frames read and the total.
func AnalyzeFile(path string, progress func(done, total int64)) (*FileReport, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, fmt.Errorf("assist: %w", err)
	}
	defer r.Close()
	sa, f, frames, err := analyzeSource(r, r.Length(), path, progress)
	if err != nil {
		return nil, err
	}
	rep := &FileReport{File: path, SampleRate: f.rate, DurationSeconds: float64(frames) / float64(f.rate),
		Measurements: sa.Measurements.rounded(), KeptLU: map[string]float64{}}
	for _, b := range f.third {
		rep.Bands = append(rep.Bands, b.Nominal)
	}
	rep.Sound = sa.features(f.third).rounded()
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if role := RoleForName(base); role != "" {
		rep.Role, rep.RoleFrom = role, RoleFromName
	} else {
		rep.Role, rep.RoleFrom = RoleForSound(rep.Sound), RoleFromSound
	}
	kw := kWeights(f.third, f.rate)
	pw := powers(sa.SpectrumDB)
	for _, d := range devices() {
		rep.KeptLU[d.Name] = roundTo(loudnessChange(pw, f.third, kw, deviceGain(d, f.rate)), 0.1)
	}
	return rep, nil
}
