package render

import (
	"immerse/speakers"
)

// layoutOrder presents a file's channels (WAV order) in the layout's
// BS.2051 order.
type layoutOrder struct {
	LengthSource
	order []int // file channel -> layout channel
	view  [][]float32
}

// fileSource is what package encoders' readers provide.
type fileSource interface {
	Read(dst [][]float32) (int, error)
	Channels() int
	SampleRate() int
	Length() int64
	Close() error
}

func newLayoutOrder(r fileSource, l *speakers.Layout) *layoutOrder {
	return &layoutOrder{LengthSource: r, order: l.WAVOrder(), view: make([][]float32, len(l.Channels))}
}

// Read fills dst (BS.2051 order) from the file (WAV order).
func (o *layoutOrder) Read(dst [][]float32) (int, error) {
	for f, k := range o.order {
		o.view[f] = dst[k]
	}
	return o.LengthSource.Read(o.view)
}
