package mixer

import (
	"fmt"
	"io"

	"immerse/dsp"
)

// Taps receive the signals of the tracks and buses as the session plays
// them: after the strip's inserts (a track's after its phase invert too),
// before its fader, pan, mute and sends — the signal a sidechain key
// carries. Tools that listen to a session (a mix assistant, meters per
// track) read them with ReadTapped.
//
// Each call gets the strip's index in the session (Session.Tracks or
// Session.Buses), the timeline frame of block[c][0] and the block itself
// (a track's stem channels, two for a bus). Timeline frames count from the
// start of the stems: the strip's latency (lookahead dynamics, oversampled
// saturation before it) is taken out, so equal frames of different strips
// are simultaneous; the first blocks of a strip with latency start at
// negative frames, which precede the stems. The block is valid only during
// the call and must not be modified. Only active strips are tapped: muted
// tracks are not processed unless they key a sidechain (then they are
// tapped although they are not heard). Either function may be nil.
type Taps struct {
	Track func(index int, frame int64, block [][]float32)
	Bus   func(index int, frame int64, block [][]float32)
}

// ReadTapped is Read that also hands every internal block of the active
// tracks and buses to taps, right after the mixer has processed it. The
// mix written to dst is the same as Read's, and it allocates nothing
// either. Reading a Mixer with both Read and ReadTapped is allowed; only
// the blocks mixed during ReadTapped calls are tapped.
func (m *Mixer) ReadTapped(dst [][]float32, taps Taps) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if len(dst) != 2 {
		panic(fmt.Sprintf("mixer: Read got %d channels; the mix is stereo", len(dst)))
	}
	want := dsp.Frames(dst)
	n := 0
	for n < want {
		if m.outFrom == m.outTo {
			if m.total >= 0 && m.emitted >= m.total {
				break
			}
			if err := m.step(); err != nil {
				m.err = err
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
			m.tap(taps)
			continue
		}
		k := min(want-n, m.outTo-m.outFrom)
		copy(dst[0][n:n+k], m.master.post[0][m.outFrom:m.outFrom+k])
		copy(dst[1][n:n+k], m.master.post[1][m.outFrom:m.outFrom+k])
		m.outFrom += k
		m.emitted += int64(k)
		n += k
	}
	if n == 0 && want > 0 {
		if !m.flushed {
			m.flushed = true
			m.master.meter.flush()
		}
		return 0, io.EOF
	}
	return n, nil
}

// tap hands the block just mixed (stream frames [pos-blockFrames, pos))
// to the taps: a strip's buffer holds its post-insert signal until the
// next step.
func (m *Mixer) tap(taps Taps) {
	start := m.pos - blockFrames
	if taps.Track != nil {
		for i, st := range m.tracks {
			if st.active {
				taps.Track(i, start-int64(st.lat), st.buf)
			}
		}
	}
	if taps.Bus != nil {
		for i, st := range m.buses {
			if st.active {
				taps.Bus(i, start-int64(st.lat), st.buf)
			}
		}
	}
}

// TrackLatency is the latency in frames of a track's tapped signal (the
// sum of its inserts' latencies); ReadTapped has already taken it out of
// the frames it reports.
func (m *Mixer) TrackLatency(i int) int { return m.tracks[i].lat }
