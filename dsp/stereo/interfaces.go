package stereo

import "immerse/dsp"

var (
	_ dsp.Processor = (*MidSide)(nil)
	_ dsp.Processor = (*Utility)(nil)
	_ dsp.ParamSet  = MidSideParams{}
	_ dsp.ParamSet  = UtilityParams{}
)
