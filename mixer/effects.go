package mixer

import (
	"immerse/dsp"
	"immerse/dsp/delay"
	"immerse/dsp/dynamics"
	"immerse/dsp/filter"
	"immerse/dsp/reverb"
	"immerse/dsp/saturate"
	"immerse/dsp/stereo"
)

// param maps one session parameter of an insert type onto a field of the
// dsp params struct (by its json tag); the range, unit, default and doc
// come from the dsp package's Describe table, so the listing and the
// checks cannot drift from the processors.
type param struct {
	name string // the key in session files
	tag  string // the dsp params struct field's json tag
	// set applies an automated value to a built processor (called on the
	// automation grid); nil means the parameter is fixed at construction.
	set func(p dsp.Processor, v float64)
	// check reports a constraint beyond the range ("" = fine).
	check func(v float64) string
}

// bandParam is a parameter of an EQ band, automated on the band's filter.
type bandParam struct {
	name  string
	tag   string
	set   func(f *filter.Filter, v float64)
	check func(v float64) string
}

// effect is one insert type.
type effect struct {
	name     string
	doc      string
	describe func() []dsp.ParamInfo // the dsp table (nil: no scalar parameters)
	params   []param
	// bands: the insert takes "bands" (EQ bands); band returns band i of a
	// built processor for automation.
	bands bool
	band  func(p dsp.Processor, i int) *filter.Filter
	// sidechain: the insert takes "sidechain" (a key source).
	sidechain bool
	// stereo: the insert needs a two-channel signal.
	stereo bool
	// defaults returns a pointer to the dsp params struct at its defaults;
	// build constructs the processor from it.
	defaults func() any
	build    func(p any, bands []filter.BandParams, rate, channels int) (dsp.Processor, error)
	// check validates combinations of values ("" = fine).
	check func(p any) string
}

var bandParams = []bandParam{
	{name: "freq", tag: "freq_hz", set: (*filter.Filter).SetFreq},
	{name: "gain", tag: "gain_db", set: (*filter.Filter).SetGainDB},
	{name: "q", tag: "q", set: (*filter.Filter).SetQ},
	{name: "slope", tag: "slope_db_oct", check: multipleOf6},
	{name: "shelfSlope", tag: "shelf_slope", set: (*filter.Filter).SetShelfSlope},
}

// bandTypeTag is the dsp tag of a band's "type" (the filter kind).
const bandTypeTag = "kind"

func multipleOf6(v float64) string {
	if int(v)%6 != 0 {
		return "is not a multiple of 6; use 6, 12, 18, 24, 30, 36, 42 or 48 dB/oct"
	}
	return ""
}

func oversampleFactor(v float64) string {
	switch v {
	case 1, 2, 4, 8:
		return ""
	}
	return "is not 1, 2, 4 or 8"
}

func passFilter(kind filter.Kind, doc string) *effect {
	return &effect{
		name: string(kind), doc: doc,
		describe: filter.DefaultBandParams().Describe,
		params: []param{
			{name: "freq", tag: "freq_hz", set: func(p dsp.Processor, v float64) { p.(*filter.Filter).SetFreq(v) }},
			{name: "q", tag: "q", set: func(p dsp.Processor, v float64) { p.(*filter.Filter).SetQ(v) }},
			{name: "slope", tag: "slope_db_oct", check: multipleOf6},
		},
		defaults: func() any { p := filter.DefaultBandParams(); p.Kind = kind; return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return filter.New(*p.(*filter.BandParams), rate, ch)
		},
	}
}

func detectorParams() []param {
	return []param{
		{name: "detector", tag: "detector"},
		{name: "rmsWindow", tag: "rms_window_ms"},
		{name: "link", tag: "link"},
		{name: "lookahead", tag: "lookahead_ms"},
	}
}

func comp(p dsp.Processor) *dynamics.Compressor { return p.(*dynamics.Compressor) }
func gate(p dsp.Processor) *dynamics.Gate       { return p.(*dynamics.Gate) }
func lim(p dsp.Processor) *dynamics.Limiter     { return p.(*dynamics.Limiter) }
func sat(p dsp.Processor) *saturate.Saturator   { return p.(*saturate.Saturator) }
func exc(p dsp.Processor) *saturate.Exciter     { return p.(*saturate.Exciter) }
func dly(p dsp.Processor) *delay.Delay          { return p.(*delay.Delay) }
func rev(p dsp.Processor) *reverb.Reverb        { return p.(*reverb.Reverb) }
func ms(p dsp.Processor) *stereo.MidSide        { return p.(*stereo.MidSide) }
func util(p dsp.Processor) *stereo.Utility      { return p.(*stereo.Utility) }

// effects is the registry, in listing order.
var effects = []*effect{
	passFilter(filter.HighPass, "high-pass filter: Butterworth, 6 to 48 dB/oct (-3 dB at freq); at 12 dB/oct q shapes the corner"),
	passFilter(filter.LowPass, "low-pass filter: Butterworth, 6 to 48 dB/oct (-3 dB at freq); at 12 dB/oct q shapes the corner"),
	{
		name: "eq", doc: "parametric EQ: RBJ cookbook bands in series (see the band parameters)",
		bands:    true,
		band:     func(p dsp.Processor, i int) *filter.Filter { return p.(*filter.EQ).Band(i) },
		defaults: func() any { return &filter.EQParams{} },
		build: func(_ any, bands []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return filter.NewEQ(filter.EQParams{Bands: bands}, rate, ch)
		},
	},
	{
		name: "compressor", doc: "feed-forward compressor (Giannoulis, Massberg & Reiss 2012), soft knee, peak or RMS detector, external sidechain, lookahead",
		describe: dynamics.DefaultCompressorParams().Describe, sidechain: true,
		params: append([]param{
			{name: "threshold", tag: "threshold_db", set: func(p dsp.Processor, v float64) { comp(p).SetThresholdDB(v) }},
			{name: "ratio", tag: "ratio", set: func(p dsp.Processor, v float64) { comp(p).SetRatio(v) }},
			{name: "knee", tag: "knee_db", set: func(p dsp.Processor, v float64) { comp(p).SetKneeDB(v) }},
			{name: "attack", tag: "attack_ms", set: func(p dsp.Processor, v float64) { comp(p).SetAttackMs(v) }},
			{name: "release", tag: "release_ms", set: func(p dsp.Processor, v float64) { comp(p).SetReleaseMs(v) }},
			{name: "makeup", tag: "makeup_db", set: func(p dsp.Processor, v float64) { comp(p).SetMakeupDB(v) }},
			{name: "autoMakeup", tag: "auto_makeup"},
			{name: "sidechainHighpass", tag: "sidechain_hpf_hz", set: func(p dsp.Processor, v float64) { comp(p).SetSidechainHPF(v) }},
		}, detectorParams()...),
		defaults: func() any { p := dynamics.DefaultCompressorParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return dynamics.NewCompressor(*p.(*dynamics.CompressorParams), rate, ch)
		},
	},
	{
		name: "gate", doc: "noise gate / downward expander with hold, external sidechain, lookahead",
		describe: dynamics.DefaultGateParams().Describe, sidechain: true,
		params: append([]param{
			{name: "threshold", tag: "threshold_db", set: func(p dsp.Processor, v float64) { gate(p).SetThresholdDB(v) }},
			{name: "range", tag: "range_db", set: func(p dsp.Processor, v float64) { gate(p).SetRangeDB(v) }},
			{name: "ratio", tag: "ratio", set: func(p dsp.Processor, v float64) { gate(p).SetRatio(v) }},
			{name: "attack", tag: "attack_ms", set: func(p dsp.Processor, v float64) { gate(p).SetAttackMs(v) }},
			{name: "hold", tag: "hold_ms", set: func(p dsp.Processor, v float64) { gate(p).SetHoldMs(v) }},
			{name: "release", tag: "release_ms", set: func(p dsp.Processor, v float64) { gate(p).SetReleaseMs(v) }},
			{name: "sidechainHighpass", tag: "sidechain_hpf_hz", set: func(p dsp.Processor, v float64) { gate(p).SetSidechainHPF(v) }},
		}, detectorParams()...),
		defaults: func() any { p := dynamics.DefaultGateParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return dynamics.NewGate(*p.(*dynamics.GateParams), rate, ch)
		},
	},
	{
		name: "limiter", doc: "true-peak lookahead limiter: sample peaks never exceed the ceiling",
		describe: dynamics.DefaultLimiterParams().Describe,
		params: []param{
			{name: "ceiling", tag: "ceiling_db", set: func(p dsp.Processor, v float64) { lim(p).SetCeilingDB(v) }},
			{name: "inputGain", tag: "input_gain_db", set: func(p dsp.Processor, v float64) { lim(p).SetInputGainDB(v) }},
			{name: "lookahead", tag: "lookahead_ms"},
			{name: "release", tag: "release_ms", set: func(p dsp.Processor, v float64) { lim(p).SetReleaseMs(v) }},
		},
		defaults: func() any { p := dynamics.DefaultLimiterParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return dynamics.NewLimiter(*p.(*dynamics.LimiterParams), rate, ch)
		},
	},
	{
		name: "saturation", doc: "oversampled waveshaper (tanh, soft clip, hard clip, asymmetric) with dry/wet mix",
		describe: saturate.DefaultParams().Describe,
		params: []param{
			{name: "curve", tag: "curve"},
			{name: "drive", tag: "drive_db", set: func(p dsp.Processor, v float64) { sat(p).SetDriveDB(v) }},
			{name: "output", tag: "output_db", set: func(p dsp.Processor, v float64) { sat(p).SetOutputDB(v) }},
			{name: "mix", tag: "mix", set: func(p dsp.Processor, v float64) { sat(p).SetMix(v) }},
			{name: "oversample", tag: "oversample", check: oversampleFactor},
		},
		defaults: func() any { p := saturate.DefaultParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return saturate.New(*p.(*saturate.Params), rate, ch)
		},
	},
	{
		name: "exciter", doc: "exciter: a high-passed band saturated and added back",
		describe: saturate.DefaultExciterParams().Describe,
		params: []param{
			{name: "freq", tag: "freq_hz", set: func(p dsp.Processor, v float64) { exc(p).SetFreq(v) }},
			{name: "drive", tag: "drive_db", set: func(p dsp.Processor, v float64) { exc(p).SetDriveDB(v) }},
			{name: "amount", tag: "amount", set: func(p dsp.Processor, v float64) { exc(p).SetAmount(v) }},
			{name: "curve", tag: "curve"},
			{name: "oversample", tag: "oversample", check: oversampleFactor},
		},
		defaults: func() any { p := saturate.DefaultExciterParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return saturate.NewExciter(*p.(*saturate.ExciterParams), rate, ch)
		},
	},
	{
		name: "delay", doc: "feedback delay (ms or tempo-synced note), ping-pong, filters in the feedback path",
		describe: delay.DefaultParams().Describe,
		params: []param{
			{name: "time", tag: "time_ms", set: func(p dsp.Processor, v float64) { dly(p).SetTimeMs(v) }},
			{name: "note", tag: "note"},
			{name: "bpm", tag: "bpm", set: func(p dsp.Processor, v float64) { dly(p).SetBPM(v) }},
			{name: "feedback", tag: "feedback", set: func(p dsp.Processor, v float64) { dly(p).SetFeedback(v) }},
			{name: "pingPong", tag: "ping_pong"},
			{name: "highpass", tag: "low_cut_hz", set: func(p dsp.Processor, v float64) { dly(p).SetLowCut(v) }},
			{name: "lowpass", tag: "high_cut_hz", set: func(p dsp.Processor, v float64) { dly(p).SetHighCut(v) }},
			{name: "mix", tag: "mix", set: func(p dsp.Processor, v float64) { dly(p).SetMix(v) }},
		},
		defaults: func() any { p := delay.DefaultParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return delay.New(*p.(*delay.Params), rate, ch)
		},
		check: func(p any) string {
			d := p.(*delay.Params)
			if ms := d.DelayMs(); ms > delay.MaxTimeMs {
				return "note " + quote(d.Note) + " at " + fmtG(d.BPM) + " bpm lasts " + fmtG(ms) + " ms, longer than " + fmtG(delay.MaxTimeMs) + " ms; pick a shorter note or a faster tempo"
			}
			return ""
		},
	},
	{
		name: "reverb", doc: "algorithmic reverb: 16-line feedback delay network with input diffusion; decay is RT60",
		describe: reverb.DefaultParams().Describe,
		params: []param{
			{name: "size", tag: "size"},
			{name: "decay", tag: "decay_s", set: func(p dsp.Processor, v float64) { rev(p).SetDecay(v) }},
			{name: "damping", tag: "damping", set: func(p dsp.Processor, v float64) { rev(p).SetDamping(v) }},
			{name: "predelay", tag: "predelay_ms"},
			{name: "width", tag: "width", set: func(p dsp.Processor, v float64) { rev(p).SetWidth(v) }},
			{name: "mix", tag: "mix", set: func(p dsp.Processor, v float64) { rev(p).SetMix(v) }},
		},
		defaults: func() any { p := reverb.DefaultParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return reverb.New(*p.(*reverb.Params), rate, ch)
		},
	},
	{
		name: "midside", doc: "mid/side: mid and side gains, width, EQ bands on the mid or the side only (stereo)",
		describe: stereo.DefaultMidSideParams().Describe, stereo: true, bands: true,
		band: func(p dsp.Processor, i int) *filter.Filter { return ms(p).EQ().Band(i) },
		params: []param{
			{name: "mid", tag: "mid_gain_db", set: func(p dsp.Processor, v float64) { ms(p).SetMidGainDB(v) }},
			{name: "side", tag: "side_gain_db", set: func(p dsp.Processor, v float64) { ms(p).SetSideGainDB(v) }},
			{name: "width", tag: "width", set: func(p dsp.Processor, v float64) { ms(p).SetWidth(v) }},
			{name: "eqTarget", tag: "eq_target"},
		},
		defaults: func() any { p := stereo.DefaultMidSideParams(); return &p },
		build: func(p any, bands []filter.BandParams, rate, _ int) (dsp.Processor, error) {
			q := *p.(*stereo.MidSideParams)
			q.EQ.Bands = bands
			return stereo.NewMidSide(q, rate)
		},
	},
	{
		name: "utility", doc: "gain, polarity per channel, mono sum, channel swap, balance",
		describe: stereo.DefaultUtilityParams().Describe,
		params: []param{
			{name: "gain", tag: "gain_db", set: func(p dsp.Processor, v float64) { util(p).SetGainDB(v) }},
			{name: "invertLeft", tag: "invert_left"},
			{name: "invertRight", tag: "invert_right"},
			{name: "mono", tag: "mono"},
			{name: "swap", tag: "swap"},
			{name: "balance", tag: "balance", set: func(p dsp.Processor, v float64) { util(p).SetBalance(v) }},
		},
		defaults: func() any { p := stereo.DefaultUtilityParams(); return &p },
		build: func(p any, _ []filter.BandParams, rate, ch int) (dsp.Processor, error) {
			return stereo.NewUtility(*p.(*stereo.UtilityParams), rate, ch)
		},
	},
}

// effectByName returns the insert type named name, or nil.
func effectByName(name string) *effect {
	for _, e := range effects {
		if e.name == name {
			return e
		}
	}
	return nil
}

// effectNames lists the insert types.
func effectNames() []string {
	s := make([]string, len(effects))
	for i, e := range effects {
		s[i] = e.name
	}
	return s
}

// param returns the parameter named name, or nil.
func (e *effect) param(name string) *param {
	for i := range e.params {
		if e.params[i].name == name {
			return &e.params[i]
		}
	}
	return nil
}

// info returns the dsp table entry of p, renamed to the session name.
func (e *effect) info(p *param) dsp.ParamInfo {
	return lookupInfo(e.describe(), p.tag, e.name, p.name)
}

func bandInfo(tag string) dsp.ParamInfo {
	return lookupInfo(filter.DefaultBandParams().Describe(), tag, "eq band", tag)
}

func lookupInfo(table []dsp.ParamInfo, tag, owner, name string) dsp.ParamInfo {
	for _, in := range table {
		if in.Name == tag {
			in.Name = name
			return in
		}
	}
	panic("mixer: " + owner + ": parameter " + name + " maps to dsp field " + tag + ", which the dsp table does not describe")
}

func bandParamByName(name string) *bandParam {
	for i := range bandParams {
		if bandParams[i].name == name {
			return &bandParams[i]
		}
	}
	return nil
}
