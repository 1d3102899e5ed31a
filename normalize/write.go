package normalize

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"immerse/dsp"
	"immerse/dsp/dynamics"
	"immerse/encoders"
)

// write streams the input once more: gain, then (when lim is not nil) the
// limiter, into a new output writer, metering what is written. The
// limiter delays its output by lim.Latency() frames: the first that many
// output frames are dropped and as many frames of silence are fed at the
// end, so the output has the input's length and every sample its
// position. The writer is returned open (Close publishes, Abort discards).
func (n *normalizer) write(out string, wf encoders.Format, gainDB float64, lim *dynamics.Limiter) (*result, error) {
	if err := n.r.SeekFrame(0); err != nil {
		return nil, fmt.Errorf("normalize: %s: %w", n.in, err)
	}
	w, err := encoders.Create(out, wf, encoders.WriteOptions{Overwrite: n.opt.Overwrite})
	if err != nil {
		if errors.Is(err, fs.ErrExist) || errors.Is(err, encoders.ErrUnsupported) {
			err = inputErr(fmt.Errorf("normalize: %w", err))
		} else {
			err = fmt.Errorf("normalize: %w", err)
		}
		return nil, err
	}
	fail := func(err error) (*result, error) {
		w.Abort()
		return nil, err
	}
	n.meter.Reset()
	g := float32(dsp.DBToGain(gainDB))
	skip := 0 // output frames still to drop
	if lim != nil {
		skip = lim.Latency()
	}
	tail := skip // frames of silence to feed at the end
	var done int64
	// emit meters and writes frames [a, b) of the processed block.
	emit := func(buf [][]float32, a, b int) error {
		if d := min(skip, b-a); d > 0 {
			skip -= d
			a += d
		}
		if a == b {
			return nil
		}
		v := n.view(buf, a, b)
		n.meter.Process(v)
		return w.Write(v)
	}
	process := func(k int) error {
		in := n.view(n.buf, 0, k)
		for _, ch := range in {
			for i := range ch {
				ch[i] *= g
			}
		}
		if lim == nil {
			return emit(n.buf, 0, k)
		}
		n.ohdr = dsp.Slice(n.ohdr, n.outBuf, 0, k)
		lim.Process(n.ohdr, n.view(n.buf, 0, k))
		return emit(n.outBuf, 0, k)
	}
	for {
		k, rerr := n.r.Read(n.buf)
		if k > 0 {
			if err := process(k); err != nil {
				return fail(fmt.Errorf("normalize: write %s: %w", out, err))
			}
			done += int64(k)
			n.progress(done)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fail(fmt.Errorf("normalize: %w", rerr))
		}
	}
	for tail > 0 {
		k := min(tail, blockSize)
		for _, ch := range n.buf {
			clear(ch[:k])
		}
		if err := process(k); err != nil {
			return fail(fmt.Errorf("normalize: write %s: %w", out, err))
		}
		tail -= k
	}
	n.pass++
	res := n.meter.Result()
	r := &result{w: w, gain: gainDB, lufs: res.IntegratedLUFS, tp: res.TruePeakDBTP}
	if lim != nil {
		r.grMax = lim.MaxGainReductionDB()
	}
	return r, nil
}
