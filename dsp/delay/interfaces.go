package delay

import "immerse/dsp"

var (
	_ dsp.Processor = (*Delay)(nil)
	_ dsp.ParamSet  = Params{}
)
