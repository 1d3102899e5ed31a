package saturate

import "immerse/dsp"

var (
	_ dsp.Processor = (*Saturator)(nil)
	_ dsp.Processor = (*Exciter)(nil)
	_ dsp.ParamSet  = Params{}
	_ dsp.ParamSet  = ExciterParams{}
)
