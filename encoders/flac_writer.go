package encoders

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/mewkiz/flac"
	"github.com/mewkiz/flac/frame"
	"github.com/mewkiz/flac/meta"
)

// flacBlockSize is the number of frames per FLAC frame (libFLAC's default
// for 44.1/48 kHz).
const flacBlockSize = 4096

// flacSink encodes FLAC through mewkiz/flac's encoder, choosing each
// subframe's prediction itself (see flac_analysis.go) so the file is
// compressed rather than stored verbatim.
type flacSink struct {
	name     string
	ws       *writeSeeker
	enc      *flac.Encoder
	format   Format
	bits     uint
	rate     uint32    // sample rate in frame headers, 0 = see STREAMINFO
	block    [][]int32 // quantized samples waiting for a full FLAC frame
	fill     int
	mid      []int32
	side     []int32
	planner  *subframePlanner
	fr       frame.Frame
	subs     []*frame.Subframe
	rice     []frame.RiceSubframe
	minFrame int64 // smallest and largest encoded frame in bytes
	maxFrame int64
}

func newFLACSink(ws *writeSeeker, f Format, name string) (*flacSink, error) {
	info := &meta.StreamInfo{
		BlockSizeMin: flacBlockSize, BlockSizeMax: flacBlockSize,
		SampleRate: uint32(f.SampleRate), NChannels: uint8(f.Channels), BitsPerSample: uint8(f.BitDepth),
	}
	var blocks []*meta.Block
	if f.Channels > 2 && f.ChannelMask != 0 {
		vendor := "immerse"
		tags := [][2]string{{maskTag, fmt.Sprintf("0x%X", f.ChannelMask)}}
		blocks = append(blocks, &meta.Block{
			Header: meta.Header{Type: meta.TypeVorbisComment, Length: int64(len(vorbisComment(vendor, tags)))},
			Body:   &meta.VorbisComment{Vendor: vendor, Tags: tags},
		})
	}
	enc, err := flac.NewEncoder(ws, info, blocks...)
	if err != nil {
		return nil, wrapf(nil, err, name, "writing the FLAC header")
	}
	enc.EnablePredictionAnalysis(false) // the sink plans every subframe
	s := &flacSink{
		name: name, ws: ws, enc: enc, format: f, bits: uint(f.BitDepth),
		rate:    frameRate(uint32(f.SampleRate)),
		block:   make([][]int32, f.Channels),
		planner: newSubframePlanner(flacBlockSize),
		subs:    make([]*frame.Subframe, f.Channels),
		rice:    make([]frame.RiceSubframe, f.Channels),
	}
	for c := range s.block {
		s.block[c] = make([]int32, flacBlockSize)
		s.subs[c] = &frame.Subframe{}
		s.rice[c].Partitions = make([]frame.RicePartition, 1<<maxPartOrder)
	}
	if f.Channels == 2 {
		s.mid, s.side = make([]int32, flacBlockSize), make([]int32, flacBlockSize)
	}
	return s, nil
}

// frameRate returns the sample rate as a FLAC frame header can state it,
// or 0 ("get from STREAMINFO") when the header has no code for it.
func frameRate(r uint32) uint32 {
	switch {
	case r <= 255000 && r%1000 == 0, r <= 65535, r <= 655350 && r%10 == 0:
		return r
	}
	return 0
}

func (s *flacSink) write(src [][]float32, n int) error {
	for off := 0; off < n; {
		k := min(n-off, flacBlockSize-s.fill)
		for c, x := range src {
			b := s.block[c][s.fill : s.fill+k]
			for i := range b {
				b[i] = quantize(x[off+i], s.bits)
			}
		}
		s.fill += k
		off += k
		if s.fill == flacBlockSize {
			if err := s.encodeFrame(s.fill); err != nil {
				return err
			}
			s.fill = 0
		}
	}
	return nil
}

// encodeFrame encodes the first n buffered frames as one FLAC frame.
func (s *flacSink) encodeFrame(n int) error {
	ch := len(s.block)
	assign := frame.Channels(ch - 1) // independent channels
	if ch == 2 {
		// The signals the encoder codes after its decorrelation.
		assign = s.chooseStereo(n)
		l, r, m, d := s.block[0][:n], s.block[1][:n], s.mid[:n], s.side[:n]
		b := s.bits
		switch assign {
		case frame.ChannelsLR:
			s.planStereo(l, b, r, b)
		case frame.ChannelsLeftSide:
			s.planStereo(l, b, d, b+1)
		case frame.ChannelsSideRight:
			s.planStereo(d, b+1, r, b)
		case frame.ChannelsMidSide:
			s.planStereo(m, b, d, b+1)
		}
	} else {
		for c, sf := range s.subs {
			s.planner.plan(sf, &s.rice[c], s.block[c][:n], s.bits)
		}
	}
	for c, sf := range s.subs {
		sf.Samples, sf.NSamples = s.block[c][:n], n
	}
	s.fr.Header = frame.Header{
		HasFixedBlockSize: true, BlockSize: uint16(n), SampleRate: s.rate,
		Channels: assign, BitsPerSample: uint8(s.bits),
	}
	s.fr.Subframes = s.subs
	start := s.ws.pos
	if err := s.enc.WriteFrame(&s.fr); err != nil {
		return wrapf(nil, err, s.name, "encoding a FLAC frame")
	}
	size := s.ws.pos - start
	if s.minFrame == 0 || size < s.minFrame {
		s.minFrame = size
	}
	s.maxFrame = max(s.maxFrame, size)
	return nil
}

// planStereo plans the two subframes of a stereo frame for the signals
// x0 and x1 of b0 and b1 bits.
func (s *flacSink) planStereo(x0 []int32, b0 uint, x1 []int32, b1 uint) {
	s.planner.plan(s.subs[0], &s.rice[0], x0, b0)
	s.planner.plan(s.subs[1], &s.rice[1], x1, b1)
}

// chooseStereo computes mid and side for the first n frames and returns the
// channel assignment (left/right, left/side, side/right or mid/side) with
// the smallest estimated size.
func (s *flacSink) chooseStereo(n int) frame.Channels {
	l, r := s.block[0][:n], s.block[1][:n]
	m, d := s.mid[:n], s.side[:n]
	for i := range l {
		m[i] = (l[i] + r[i]) >> 1
		d[i] = l[i] - r[i]
	}
	cl, cr := subframeCost(l, s.bits), subframeCost(r, s.bits)
	cm, cd := subframeCost(m, s.bits), subframeCost(d, s.bits+1)
	best, assign := cl+cr, frame.ChannelsLR
	if cl+cd < best {
		best, assign = cl+cd, frame.ChannelsLeftSide
	}
	if cd+cr < best {
		best, assign = cd+cr, frame.ChannelsSideRight
	}
	if cm+cd < best {
		assign = frame.ChannelsMidSide
	}
	return assign
}

// subframeCost estimates the bits of a subframe for x of b bits: the best
// fixed predictor, or verbatim when that is smaller.
func subframeCost(x []int32, b uint) uint64 {
	_, c := fixedOrder(x, b)
	return min(c, uint64(len(x))*uint64(b))
}

// finish encodes the last partial frame, lets the encoder write its
// STREAMINFO (MD5, sample count) and then rewrites STREAMINFO with the
// nominal block size and the frame sizes the encoder does not track.
func (s *flacSink) finish(frames int64) error {
	if s.fill > 0 {
		if err := s.encodeFrame(s.fill); err != nil {
			return err
		}
		s.fill = 0
	}
	if err := s.enc.Close(); err != nil {
		return wrapf(nil, err, s.name, "finishing the FLAC stream")
	}
	body := streamInfoBody(s.enc.Info, s.minFrame, s.maxFrame, frames)
	if _, err := s.ws.Seek(8, io.SeekStart); err != nil { // "fLaC" + block header
		return wrapf(nil, err, s.name, "rewriting STREAMINFO")
	}
	if _, err := s.ws.Write(body); err != nil {
		return wrapf(nil, err, s.name, "rewriting STREAMINFO")
	}
	if err := s.ws.Flush(); err != nil {
		return wrapf(nil, err, s.name, "rewriting STREAMINFO")
	}
	return nil
}

// streamInfoBody encodes the 34-byte STREAMINFO body (FLAC format §
// METADATA_BLOCK_STREAMINFO): block sizes (16 bits each), frame sizes (24
// bits each), sample rate (20), channels-1 (3), bits-1 (5), total samples
// (36, 0 = unknown) and the MD5 of the samples.
func streamInfoBody(si *meta.StreamInfo, minFrame, maxFrame, frames int64) []byte {
	b := make([]byte, 0, 34)
	b = binary.BigEndian.AppendUint16(b, flacBlockSize)
	b = binary.BigEndian.AppendUint16(b, flacBlockSize)
	for _, v := range [2]int64{minFrame, maxFrame} {
		if v >= 1<<24 {
			v = 0 // unknown
		}
		b = append(b, byte(v>>16), byte(v>>8), byte(v))
	}
	total := uint64(frames)
	if total >= 1<<36 {
		total = 0 // unknown
	}
	packed := uint64(si.SampleRate)<<44 | uint64(si.NChannels-1)<<41 | uint64(si.BitsPerSample-1)<<36 | total
	b = binary.BigEndian.AppendUint64(b, packed)
	return append(b, si.MD5sum[:]...)
}
