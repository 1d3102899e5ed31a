package mixer

import (
	"immerse/dsp"
)

// EffectInfo describes an insert type: what `immerse effects` lists.
type EffectInfo struct {
	// Type is the value of an insert's "type".
	Type string `json:"type"`
	// Doc is one line about the effect.
	Doc string `json:"doc"`
	// Channels is "mono or stereo" or "stereo".
	Channels string `json:"channels"`
	// Params are the insert's parameters by their session names.
	Params []ParamDoc `json:"params"`
	// BandParams, for eq and midside, are the fields of each entry of
	// "bands".
	BandParams []ParamDoc `json:"bandParams,omitempty"`
	// Sidechain: the insert takes "sidechain", the name of a track or bus
	// whose post-insert, pre-fader signal keys it.
	Sidechain bool `json:"sidechain,omitempty"`
}

// ParamDoc is one parameter: the dsp table's entry (unit, range, default,
// choices, doc) under its session name, and whether it can be automated.
type ParamDoc struct {
	dsp.ParamInfo
	// DefaultChoice is the default of a choice parameter.
	DefaultChoice string `json:"defaultChoice,omitempty"`
	// Automatable parameters take automation ("inserts.<i>.<name>" or
	// "inserts.<i>.bands.<j>.<name>"); the others are fixed when the mix
	// starts.
	Automatable bool `json:"automatable"`
}

// Effects lists every insert type with its parameters, units, ranges and
// defaults, generated from the dsp packages' Describe tables.
func Effects() []EffectInfo {
	out := make([]EffectInfo, 0, len(effects))
	for _, e := range effects {
		ei := EffectInfo{Type: e.name, Doc: e.doc, Channels: "mono or stereo", Sidechain: e.sidechain, Params: []ParamDoc{}}
		if e.stereo {
			ei.Channels = "stereo"
		}
		for i := range e.params {
			p := &e.params[i]
			ei.Params = append(ei.Params, paramDoc(e.renameDoc(e.info(p)), p.set != nil))
		}
		if e.bands {
			ei.BandParams = BandParamDocs()
		}
		out = append(out, ei)
	}
	return out
}

// BandParamDocs describes the fields of an EQ band.
func BandParamDocs() []ParamDoc {
	kind := bandInfo(bandTypeTag)
	kind.Name = "type"
	docs := []ParamDoc{paramDoc(kind, false)}
	for i := range bandParams {
		bp := &bandParams[i]
		info := bandInfo(bp.tag)
		info.Name = bp.name
		docs = append(docs, paramDoc(info, bp.set != nil))
	}
	return docs
}

// renameDoc replaces the dsp field names a doc line may mention
// ("time_ms") by their session names ("time").
func (e *effect) renameDoc(info dsp.ParamInfo) dsp.ParamInfo {
	info.Doc = e.rename(info.Doc)
	return info
}

func paramDoc(info dsp.ParamInfo, auto bool) ParamDoc {
	return ParamDoc{ParamInfo: info, DefaultChoice: info.DefaultChoice(), Automatable: auto}
}
