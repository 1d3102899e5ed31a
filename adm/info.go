package adm

import (
	"errors"
	"sort"

	"immerse/dsp"
	"immerse/encoders"
)

// FileInfo is what `immerse adm info` reports about an ADM file: the audio
// format and the ADM structure, element by element.
type FileInfo struct {
	File       string  `json:"file"`
	Container  string  `json:"container"`
	Format     string  `json:"format"`
	SampleRate int     `json:"sampleRate"`
	Tracks     int     `json:"tracks"`
	Frames     int64   `json:"frames"`
	Duration   float64 `json:"duration"`
	// AXML is false for a file whose chna alone points at common
	// definitions.
	AXML       bool            `json:"axml"`
	Version    int             `json:"admVersion,omitempty"`
	Programmes []ProgrammeInfo `json:"programmes,omitempty"`
	Contents   []ContentInfo   `json:"contents,omitempty"`
	Objects    []ObjectInfo    `json:"objects,omitempty"`
	Packs      []PackInfo      `json:"packs"`
	Channels   []ChannelInfo   `json:"channels"`
	TrackMap   []TrackInfo     `json:"trackMap"`
}

// ProgrammeInfo describes an audioProgramme.
type ProgrammeInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Language string   `json:"language,omitempty"`
	Start    *float64 `json:"start,omitempty"`
	End      *float64 `json:"end,omitempty"`
	Contents []string `json:"contents"`
}

// ContentInfo describes an audioContent.
type ContentInfo struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"`
	Objects []string `json:"objects"`
}

// ObjectInfo describes an audioObject.
type ObjectInfo struct {
	ID            string   `json:"id"`
	Name          string   `json:"name,omitempty"`
	Start         *float64 `json:"start,omitempty"`
	Duration      *float64 `json:"duration,omitempty"`
	GainDB        float64  `json:"gainDB"`
	Mute          bool     `json:"mute,omitempty"`
	Objects       []string `json:"objects,omitempty"`
	Packs         []string `json:"packs,omitempty"`
	Tracks        []int    `json:"tracks,omitempty"`
	Complementary []string `json:"complementary,omitempty"`
}

// PackInfo describes an audioPackFormat.
type PackInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Type     string   `json:"type"`
	Common   bool     `json:"common,omitempty"`
	Channels []string `json:"channels"`
	Packs    []string `json:"packs,omitempty"`
}

// ChannelInfo describes an audioChannelFormat and its blocks: how many,
// and the time from the start of the first to the end of the last
// (relative to the object; 0 for blocks without timing).
type ChannelInfo struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Type     string  `json:"type"`
	Common   bool    `json:"common,omitempty"`
	Blocks   int     `json:"blocks"`
	Duration float64 `json:"blockDuration"`
	Label    string  `json:"label,omitempty"`
}

// TrackInfo is one entry of the chna: a file track and what it carries.
type TrackInfo struct {
	Track   int    `json:"track"`
	UID     string `json:"uid"`
	Channel string `json:"channel,omitempty"`
	Pack    string `json:"pack,omitempty"`
}

// Inspect reads the metadata of an ADM file (the audio is not read).
func Inspect(path string) (*FileInfo, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	d, err := ReadFrom(r, path)
	if err != nil {
		return nil, err
	}
	f := r.Format()
	info := d.Describe()
	info.File, info.Container, info.Format = path, r.Container().String(), f.String()
	info.SampleRate, info.Tracks, info.Frames = f.SampleRate, f.Channels, r.Length()
	if f.SampleRate > 0 {
		info.Duration = float64(r.Length()) / float64(f.SampleRate)
	}
	if _, err := r.ReadChunk("axml"); err == nil {
		info.AXML = true
	} else if !errors.Is(err, encoders.ErrNoChunk) {
		return nil, err
	}
	return info, nil
}

func secondsOf(t *Time) *float64 {
	if t == nil {
		return nil
	}
	s := t.Seconds()
	return &s
}

// Describe summarises a resolved document (FileInfo without the file's
// format).
func (d *Document) Describe() *FileInfo {
	info := &FileInfo{Version: d.Version, Packs: []PackInfo{}, Channels: []ChannelInfo{}, TrackMap: []TrackInfo{}}
	for _, p := range d.Programmes {
		info.Programmes = append(info.Programmes, ProgrammeInfo{ID: p.ID, Name: p.Name, Language: p.Language,
			Start: secondsOf(p.Start), End: secondsOf(p.End), Contents: p.ContentRefs})
	}
	for _, c := range d.Contents {
		info.Contents = append(info.Contents, ContentInfo{ID: c.ID, Name: c.Name, Objects: c.ObjectRefs})
	}
	for _, o := range d.Objects {
		oi := ObjectInfo{ID: o.ID, Name: o.Name, Start: secondsOf(o.Start), Duration: secondsOf(o.Duration),
			GainDB: dsp.GainToDB(o.Gain), Mute: o.Mute, Objects: o.ObjectRefs, Packs: o.PackRefs,
			Complementary: o.ComplementaryRefs}
		for _, u := range o.TrackUIDs {
			if u != nil && u.Track > 0 {
				oi.Tracks = append(oi.Tracks, u.Track)
			}
		}
		info.Objects = append(info.Objects, oi)
	}
	for _, p := range d.PackFormats {
		info.Packs = append(info.Packs, PackInfo{ID: p.ID, Name: p.Name, Type: p.Type.String(), Common: p.Common,
			Channels: p.ChannelRefs, Packs: p.PackRefs})
	}
	for _, c := range d.ChannelFormats {
		ci := ChannelInfo{ID: c.ID, Name: c.Name, Type: c.Type.String(), Common: c.Common, Blocks: len(c.Blocks)}
		if n := len(c.Blocks); n > 0 && c.Blocks[0].RTime != nil && c.Blocks[n-1].RTime != nil {
			last := c.Blocks[n-1]
			ci.Duration = last.RTime.Add(*last.Duration).Seconds() - c.Blocks[0].RTime.Seconds()
		}
		if c.Type == DirectSpeakers && len(c.Blocks) > 0 {
			if b := c.Blocks[0].DirectSpeakers; b != nil && len(b.Labels) > 0 {
				ci.Label = SpeakerLabel(b.Labels[0])
			}
		}
		info.Channels = append(info.Channels, ci)
	}
	for _, u := range d.TrackUIDs {
		ti := TrackInfo{Track: u.Track, UID: u.ID}
		if ch := u.ChannelOf(); ch != nil {
			ti.Channel = ch.ID
		}
		if u.Pack != nil {
			ti.Pack = u.Pack.ID
		}
		info.TrackMap = append(info.TrackMap, ti)
	}
	sort.SliceStable(info.TrackMap, func(a, b int) bool { return info.TrackMap[a].Track < info.TrackMap[b].Track })
	return info
}
