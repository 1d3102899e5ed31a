package mixer

// delayLine delays a planar signal by a whole number of frames, in place.
// The mixer uses it for plugin delay compensation: paths into a bus, and
// sidechain keys, are delayed to line up with the slowest path.
type delayLine struct {
	ring [][]float32
	pos  int
}

// newDelayLine returns a delay of frames frames on channels channels, or
// nil for no delay.
func newDelayLine(channels, frames int) *delayLine {
	if frames <= 0 {
		return nil
	}
	d := &delayLine{ring: make([][]float32, channels)}
	for c := range d.ring {
		d.ring[c] = make([]float32, frames)
	}
	return d
}

// frames is the delay (0 for a nil line).
func (d *delayLine) frames() int {
	if d == nil {
		return 0
	}
	return len(d.ring[0])
}

// process delays buf in place (every channel the same number of frames).
func (d *delayLine) process(buf [][]float32) {
	if d == nil || len(buf) == 0 {
		return
	}
	n := len(d.ring[0])
	pos := d.pos
	for c, x := range buf {
		r := d.ring[c]
		pos = d.pos
		for i, v := range x {
			x[i] = r[pos]
			r[pos] = v
			if pos++; pos == n {
				pos = 0
			}
		}
	}
	d.pos = pos
}

// processInto writes src delayed into dst (same shape), leaving src as it
// is.
func (d *delayLine) processInto(dst, src [][]float32) {
	n := len(d.ring[0])
	pos := d.pos
	for c, x := range src {
		r, y := d.ring[c], dst[c]
		pos = d.pos
		for i, v := range x {
			y[i] = r[pos]
			r[pos] = v
			if pos++; pos == n {
				pos = 0
			}
		}
	}
	d.pos = pos
}
