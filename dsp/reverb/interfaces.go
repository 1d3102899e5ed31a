package reverb

import "immerse/dsp"

var (
	_ dsp.Processor = (*Reverb)(nil)
	_ dsp.ParamSet  = Params{}
)
