package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"immerse/encoders"
)

// Written lists the files Write created.
type Written struct {
	Scene   string   `json:"scene"`
	Session string   `json:"session"`
	Stems   []string `json:"stems"`
}

// Write puts the demo material on disk in dir, so every command can be
// tried on real files: scene.json with its stems in scene/ (the demo
// scene: three objects and a 7.1.2 bed) and session.json with its stems in
// session/ (the eight-track demo mix session), all 24-bit WAV at rate. dir
// is created if needed; existing files are replaced only with overwrite.
func Write(dir string, rate int, overwrite bool) (*Written, error) {
	w := &Written{Scene: filepath.Join(dir, "scene.json"), Session: filepath.Join(dir, "session.json")}
	sc, sst := Scene(rate)
	se, est := Session(rate)
	for _, p := range []string{w.Scene, w.Session} {
		if _, err := os.Stat(p); err == nil && !overwrite {
			return nil, fmt.Errorf("demo: %s exists; use --force to replace the demo files", p)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "scene"), 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "session"), 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	// Stems, with the documents pointing at them relative to dir.
	for i := range sc.Objects {
		sc.Objects[i].File = "scene/" + sc.Objects[i].File
	}
	for i := range sc.Beds {
		sc.Beds[i].File = "scene/" + sc.Beds[i].File
	}
	for i := range se.Tracks {
		se.Tracks[i].File = "session/" + se.Tracks[i].File
	}
	for _, set := range []struct {
		sub   string
		stems Stems
	}{{"scene", sst}, {"session", est}} {
		names := make([]string, 0, len(set.stems))
		for name := range set.stems {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			p := filepath.Join(dir, set.sub, name)
			if err := writeStem(p, set.stems[name], rate, overwrite); err != nil {
				return nil, err
			}
			w.Stems = append(w.Stems, p)
		}
	}
	if err := writeJSON(w.Scene, sc, overwrite); err != nil {
		return nil, err
	}
	if err := writeJSON(w.Session, se, overwrite); err != nil {
		return nil, err
	}
	return w, nil
}

func writeStem(path string, data [][]float32, rate int, overwrite bool) error {
	mask := uint32(0)
	if len(data) == 10 {
		mask = 0x563F // the 7.1.2 bed: FL FR FC LFE BL BR SL SR TFL TFR
	}
	if err := encoders.WriteAll(path, encoders.Format{SampleRate: rate, Channels: len(data), BitDepth: 24, ChannelMask: mask}, data, encoders.WriteOptions{Overwrite: overwrite}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

func writeJSON(path string, v any, overwrite bool) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return os.Rename(tmp, path)
}
