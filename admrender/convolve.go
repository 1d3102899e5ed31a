package admrender

import (
	"sync"

	"gonum.org/v1/gonum/dsp/fourier"
)

// decorrelator convolves each channel of the diffuse bus with its
// decorrelation filter by overlap-save in float64: blocks of B frames, an
// FFT of 2B, filters of at most B taps, so the output of a block is the
// causal convolution y[n] = Σ h[k]·x[n-k] with no added delay. A channel
// whose input has been silent for as long as the filter rings costs
// nothing. The channels are independent, so workers share them out (each
// channel always on the same worker, with its own FFT): the output does
// not depend on the number of workers.
type decorrelator struct {
	b     int
	filt  [][]complex128 // spectra of the filters
	hist  [][]float64    // per channel: the previous block, then the current one (2B)
	quiet []int          // per channel: consecutive silent input blocks (the history starts silent)
	work  []*fftWorker

	tasks   chan int
	wg      sync.WaitGroup
	out, in [][]float64 // the block being processed
}

// fftWorker is the scratch space of one worker.
type fftWorker struct {
	fft  *fourier.FFT
	spec []complex128
	seq  []float64
}

func newDecorrelator(filters [][]float64, b, workers int) *decorrelator {
	workers = max(1, min(workers, len(filters)))
	d := &decorrelator{b: b}
	for w := 0; w < workers; w++ {
		d.work = append(d.work, &fftWorker{fft: fourier.NewFFT(2 * b), spec: make([]complex128, b+1), seq: make([]float64, 2*b)})
	}
	pad := make([]float64, 2*b)
	for _, h := range filters {
		if len(h) > b {
			panic("admrender: decorrelation filter longer than the block")
		}
		clear(pad)
		copy(pad, h)
		d.filt = append(d.filt, d.work[0].fft.Coefficients(nil, pad))
		d.hist = append(d.hist, make([]float64, 2*b))
		d.quiet = append(d.quiet, 1)
	}
	if workers > 1 {
		tasks := make(chan int)
		d.tasks = tasks
		for w := 1; w < workers; w++ {
			go func() {
				for w := range tasks {
					d.run(w)
					d.wg.Done()
				}
			}()
		}
	}
	return d
}

// process filters one block: in[c] (B frames) is the diffuse input of
// channel c; the filtered block is added to out[c][:B].
func (d *decorrelator) process(out, in [][]float64) {
	d.out, d.in = out, in
	if d.tasks != nil {
		d.wg.Add(len(d.work) - 1)
		for w := 1; w < len(d.work); w++ {
			d.tasks <- w
		}
	}
	d.run(0)
	d.wg.Wait()
}

// run filters the channels of worker w: c ≡ w modulo the worker count.
func (d *decorrelator) run(w int) {
	b, fw := d.b, d.work[w]
	for c := w; c < len(d.in); c += len(d.work) {
		x, h := d.in[c], d.hist[c]
		copy(h[:b], h[b:])
		copy(h[b:], x[:b])
		silent := true
		for _, v := range x[:b] {
			if v != 0 {
				silent = false
				break
			}
		}
		if !silent {
			d.quiet[c] = 0
		} else if d.quiet[c]++; d.quiet[c] >= 2 {
			continue // this block and the previous one are silent: no output
		}
		spec := fw.fft.Coefficients(fw.spec, h)
		for k, f := range d.filt[c] {
			spec[k] *= f
		}
		y := fw.fft.Sequence(fw.seq, spec)
		o := d.out[c][:b]
		scale := 1 / float64(2*b) // gonum's inverse is unnormalised
		for i, v := range y[b:] {
			o[i] += v * scale
		}
	}
}

// close stops the workers.
func (d *decorrelator) close() {
	if d.tasks != nil {
		close(d.tasks)
		d.tasks = nil
	}
}
