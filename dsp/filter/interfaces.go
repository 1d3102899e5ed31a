package filter

import "immerse/dsp"

var (
	_ dsp.Processor = (*Filter)(nil)
	_ dsp.Processor = (*EQ)(nil)
	_ dsp.ParamSet  = BandParams{}
)
