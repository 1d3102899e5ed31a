package resample

// Len is the length of Resample's output for n input samples:
// ceil(n * to / from), the output samples whose times fall inside the
// input's span.
func Len(n, from, to int) int {
	up, down, err := ratio(from, to)
	if err != nil {
		panic(err.Error())
	}
	return int((int64(n)*int64(up) + int64(down) - 1) / int64(down))
}

// Resample converts a whole signal src from rate from to rate to and
// appends the result to dst, returning the extended slice. It is meant for
// short signals such as impulse responses.
//
// Output sample n is the band-limited value of the input at input time
// n*from/to, with the input taken as zero outside [0, len(src)): there is
// no delay, so an impulse at input sample i lands at output time i*to/from
// (exactly on sample i*to/from when that is a whole number) and keeps its
// place relative to the start. The output has Len(len(src), from, to)
// samples; ringing of the filter before time 0 and after the last input
// sample is cut off. Rates that are not positive panic.
func Resample(dst, src []float32, from, to int) []float32 {
	r, err := New(1, from, to)
	if err != nil {
		panic(err.Error())
	}
	want := Len(len(src), from, to)
	skip := r.Latency()
	// The stream's output is the one-shot result delayed by skip frames.
	buf := make([]float32, r.MaxOut(len(src))+skip+1)
	n := r.Process([][]float32{buf}, [][]float32{src})
	n += r.Flush([][]float32{buf[n:]})
	if n < skip+want {
		panic("resample: internal error: short output")
	}
	return append(dst, buf[skip:skip+want]...)
}
