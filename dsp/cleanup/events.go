package cleanup

import (
	"fmt"
	"math"
)

// Click is one repaired click: Length samples from Frame (frames of the
// input stream, counted from the first sample given to Process) on one
// channel.
type Click struct {
	Frame   int64
	Length  int
	Channel int
}

// Region is a stretch of frames [Start, End) of the input stream. End is
// -1 for a region still open when it was taken (it runs to the end of the
// stream).
type Region struct {
	Start, End int64
}

// EventCapacity is how many events (clicks, regions) a processor holds
// between two calls of its Take method; further events are counted in
// Dropped but not kept. Process never allocates, so the log cannot grow.
const EventCapacity = 4096

// eventLog is a fixed-capacity list of events, drained by take.
type eventLog[T any] struct {
	items   []T
	dropped int64
}

func newEventLog[T any]() eventLog[T] { return eventLog[T]{items: make([]T, 0, EventCapacity)} }

func (l *eventLog[T]) add(e T) {
	if len(l.items) == cap(l.items) {
		l.dropped++
		return
	}
	l.items = append(l.items, e)
}

// take appends the events to dst, forgets them and returns dst.
func (l *eventLog[T]) take(dst []T) []T {
	dst = append(dst, l.items...)
	l.items = l.items[:0]
	return dst
}

func (l *eventLog[T]) reset() {
	l.items = l.items[:0]
	l.dropped = 0
}

// msFrames converts milliseconds to whole frames at rate (rounded).
func msFrames(ms float64, rate int) int {
	return int(math.Round(ms * float64(rate) / 1000))
}

// checkRate validates a sample rate and channel count for a constructor.
func checkRate(name string, rate, channels int) error {
	if rate < 8000 || rate > 768000 {
		return fmt.Errorf("cleanup: %s: sample rate %d Hz: use 8000 to 768000 Hz", name, rate)
	}
	if channels < 1 || channels > 64 {
		return fmt.Errorf("cleanup: %s: %d channels: use 1 to 64", name, channels)
	}
	return nil
}
