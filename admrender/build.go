package admrender

import (
	"fmt"

	"immerse/adm"
	"immerse/gaincalc"
	"immerse/panner"
)

// itemBuilder turns the selected adm.Items into the renderer's items.
type itemBuilder struct {
	r       *Renderer
	doc     *adm.Document
	calc    *gaincalc.Calculator
	psp     *panner.PointSource
	opt     *Options
	ds      *dsPanner
	hoa     *hoaDesigner
	diffuse bool
}

// where names an item in errors: its object and channel.
func where(it *adm.Item) string {
	s := ""
	if n := len(it.Objects); n > 0 {
		s = "audioObject " + it.Objects[n-1].ID + ", "
	}
	return s + "audioChannelFormat " + it.Channels[0].ID
}

func (b *itemBuilder) add(it *adm.Item) error {
	r := b.r
	w := where(it)
	tracks := make([]int, len(it.Tracks))
	silent := 0
	for i, t := range it.Tracks {
		switch {
		case t == 0:
			tracks[i] = -1
			silent++
		case t > len(r.used):
			return fmt.Errorf("admrender: %s: track %d, but the file has %d", w, t, len(r.used))
		default:
			tracks[i] = t - 1
			r.used[t-1] = true
		}
	}
	if silent > 0 {
		r.warn = append(r.warn, fmt.Sprintf("%s: %d of its audioTrackUIDs are on no track of the chna; they are silent", w, silent))
	}
	desc := Item{Type: it.Type.String(), Tracks: it.Tracks, Channel: it.Channels[0].ID, Blocks: len(it.Blocks)}
	if it.Pack != nil {
		desc.Pack = it.Pack.ID
	}
	if n := len(it.Objects); n > 0 {
		desc.Object = it.Objects[n-1].ID
	}
	r.items = append(r.items, desc)
	objGain := it.Gain
	if it.Mute {
		objGain = 0
	}
	switch it.Type {
	case adm.Objects:
		return b.addObject(it, w, tracks[0])
	case adm.DirectSpeakers:
		if it.PositionOffset != nil {
			return fmt.Errorf("admrender: %s: a positionOffset does not apply to DirectSpeakers (BS.2127 renders none); remove it", w)
		}
		if b.ds == nil {
			b.ds = newDSPanner(r.layout, b.psp, b.calc)
		}
		f := &fixedItem{tracks: tracks, spans: fixedSpans(it.Blocks, r.rate)}
		for _, tb := range it.Blocks {
			sb := tb.DirectSpeakers
			if sb == nil {
				return fmt.Errorf("admrender: %s: audioBlockFormat %s is not a DirectSpeakers block", w, tb.ID)
			}
			m := make([]float64, len(r.layout.Channels))
			b.ds.gains(m, sb, it.Channels[0], it.Pack)
			scale(m, sb.Gain*objGain)
			f.mats = append(f.mats, m)
		}
		r.fixed = append(r.fixed, f)
	case adm.HOA:
		return b.addHOA(it, w, tracks, objGain)
	default:
		return fmt.Errorf("admrender: %s: typeDefinition %s is not rendered", w, it.Type)
	}
	return nil
}

func (b *itemBuilder) addObject(it *adm.Item, w string, track int) error {
	r := b.r
	spans, err := objectSpans(it.Blocks, r.rate)
	if err != nil {
		return fmt.Errorf("admrender: %s: %w", w, err)
	}
	x := it.ExtraData(b.doc.Version)
	for _, tb := range it.Blocks {
		ob := tb.Objects
		if ob == nil {
			return fmt.Errorf("admrender: %s: audioBlockFormat %s is not an Objects block", w, tb.ID)
		}
		if off := x.PositionOffset; off != nil && off.Cartesian != ob.Position.Cartesian {
			return fmt.Errorf("admrender: %s: audioBlockFormat %s: the audioObject's positionOffset is %s but the position is not; give both in the same coordinates", w, tb.ID, coordKind(off.Cartesian))
		}
		if ob.Diffuse > 0 {
			b.diffuse = true
		}
	}
	if track < 0 {
		return nil // silent: nothing to render
	}
	r.objects = append(r.objects, newObjectItem(w, track, it.Blocks, spans, x, b.calc.Clone()))
	return nil
}

func coordKind(cart bool) string {
	if cart {
		return "cartesian"
	}
	return "polar"
}

func (b *itemBuilder) addHOA(it *adm.Item, w string, tracks []int, objGain float64) error {
	r := b.r
	if it.PositionOffset != nil {
		return fmt.Errorf("admrender: %s: a positionOffset does not apply to HOA (BS.2127 renders none); remove it", w)
	}
	first := it.Blocks[0]
	gains := make([]float64, len(it.Channels))
	for i, ch := range it.Channels {
		hb := ch.Blocks[0]
		if !sameTime(hb.RTime, first.RTime) || !sameTime(hb.Duration, first.Duration) {
			return fmt.Errorf("admrender: %s: HOA channel %s has other rtime/duration than %s; the channels of an HOA pack must share their timing", w, ch.ID, it.Channels[0].ID)
		}
		h := hb.HOA
		gains[i] = h.Gain * objGain
		if h.NFCRefDist != 0 {
			r.warn = append(r.warn, fmt.Sprintf("%s: nfcRefDist %g m ignored (no near-field compensation, as in the reference renderer)", w, h.NFCRefDist))
		}
		if h.ScreenRef {
			r.warn = append(r.warn, fmt.Sprintf("%s: screenRef ignored for HOA (as in the reference renderer)", w))
		}
	}
	if b.hoa == nil {
		b.hoa = newHOADesigner(r.layout, b.psp, b.opt.HOA)
	}
	m, err := b.hoa.design(it.Orders, it.Degrees, it.Normalization)
	if err != nil {
		return fmt.Errorf("admrender: %s: %w", w, err)
	}
	nc := len(it.Channels)
	for row := 0; row < len(r.layout.Channels); row++ {
		for c := 0; c < nc; c++ {
			m[row*nc+c] *= gains[c]
		}
	}
	spans := fixedSpans(it.Blocks[:1], r.rate)
	r.fixed = append(r.fixed, &fixedItem{tracks: tracks, spans: spans, mats: [][]float64{m}})
	return nil
}

func sameTime(a, b *adm.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(*b) == 0
}
