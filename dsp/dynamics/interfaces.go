package dynamics

import "immerse/dsp"

// SidechainProcessor is a processor whose gain can be keyed by another
// signal: the compressor and the gate.
type SidechainProcessor interface {
	dsp.Processor
	// ProcessSidechain processes src into dst with the detector fed by key
	// (any channel count from 1 to MaxKeyChannels, the block's frames).
	ProcessSidechain(dst, src, key [][]float32)
}

var (
	_ SidechainProcessor = (*Compressor)(nil)
	_ SidechainProcessor = (*Gate)(nil)
	_ dsp.Processor      = (*Limiter)(nil)
	_ dsp.ParamSet       = CompressorParams{}
	_ dsp.ParamSet       = GateParams{}
	_ dsp.ParamSet       = LimiterParams{}
)
