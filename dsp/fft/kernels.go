package fft

// The passes of the complex FFT: radix-4 decimation in frequency in
// Stockham autosort form (Stockham 1966; the formulation of Takahashi's
// OTFFT), which needs no bit-reversal permutation. A pass over
// sub-transforms of length l with stride s reads, for p < l/4 and q < s,
//
//	a = x[q+s·p], b = x[q+s·(p+l/4)], c = x[q+s·(p+l/2)], d = x[q+s·(p+3l/4)]
//
// and writes
//
//	y[q+s·4p]     = (a+c) + (b+d)
//	y[q+s·(4p+1)] = W^p  · ((a-c) - i(b-d))
//	y[q+s·(4p+2)] = W^2p · ((a+c) - (b+d))
//	y[q+s·(4p+3)] = W^3p · ((a-c) + i(b-d))
//
// with W = exp(-2πi/l). The slices are cut per p so that the inner loops run
// without bounds checks.

// firstReal is the first pass (s = 1) reading the real input as packed
// complex pairs z[j] = src[2j] + i·src[2j+1].
func firstReal(y []complex64, src []float32, tw []complex64) {
	q4 := len(src) / 8 // l/4 complex points
	s0 := src[0 : 2*q4]
	s1 := src[2*q4 : 4*q4]
	s2 := src[4*q4 : 6*q4]
	s3 := src[6*q4 : 8*q4]
	y = y[:4*q4]
	tw = tw[:3*q4]
	for p := 0; p < q4; p++ {
		j := 2 * p
		ar, ai := s0[j], s0[j+1]
		br, bi := s1[j], s1[j+1]
		cr, ci := s2[j], s2[j+1]
		dr, di := s3[j], s3[j+1]
		w := tw[3*p : 3*p+3 : 3*p+3]
		o := y[4*p : 4*p+4 : 4*p+4]
		butterfly(o, ar, ai, br, bi, cr, ci, dr, di, w[0], w[1], w[2])
	}
}

// first is the first pass (s = 1) on complex input.
func first(y, x, tw []complex64) {
	q4 := len(x) / 4
	x0 := x[0:q4]
	x1 := x[q4 : 2*q4]
	x2 := x[2*q4 : 3*q4]
	x3 := x[3*q4 : 4*q4]
	x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
	y = y[:4*q4]
	tw = tw[:3*q4]
	for p, a := range x0 {
		b, c, d := x1[p], x2[p], x3[p]
		w := tw[3*p : 3*p+3 : 3*p+3]
		o := y[4*p : 4*p+4 : 4*p+4]
		butterfly(o, real(a), imag(a), real(b), imag(b), real(c), imag(c), real(d), imag(d), w[0], w[1], w[2])
	}
}

// butterfly writes one radix-4 butterfly to o[0..3].
func butterfly(o []complex64, ar, ai, br, bi, cr, ci, dr, di float32, w1, w2, w3 complex64) {
	apcr, apci := ar+cr, ai+ci
	amcr, amci := ar-cr, ai-ci
	bpdr, bpdi := br+dr, bi+di
	bmdr, bmdi := br-dr, bi-di // i·(b-d) = (-bmdi, bmdr)
	o[0] = complex(apcr+bpdr, apci+bpdi)
	t1r, t1i := amcr+bmdi, amci-bmdr
	t2r, t2i := apcr-bpdr, apci-bpdi
	t3r, t3i := amcr-bmdi, amci+bmdr
	o[1] = complex(real(w1)*t1r-imag(w1)*t1i, real(w1)*t1i+imag(w1)*t1r)
	o[2] = complex(real(w2)*t2r-imag(w2)*t2i, real(w2)*t2i+imag(w2)*t2r)
	o[3] = complex(real(w3)*t3r-imag(w3)*t3i, real(w3)*t3i+imag(w3)*t3r)
}

// radix4 is a pass with stride s > 1.
func radix4(y, x, tw []complex64, l, s int) {
	q4 := l / 4 * s
	x0 := x[0:q4]
	x1 := x[q4 : 2*q4]
	x2 := x[2*q4 : 3*q4]
	x3 := x[3*q4 : 4*q4]
	for p := 0; p < l/4; p++ {
		w := tw[3*p : 3*p+3 : 3*p+3]
		w1r, w1i := real(w[0]), imag(w[0])
		w2r, w2i := real(w[1]), imag(w[1])
		w3r, w3i := real(w[2]), imag(w[2])
		o := p * s
		a0 := x0[o : o+s]
		a1 := x1[o : o+s]
		a2 := x2[o : o+s]
		a3 := x3[o : o+s]
		a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
		yy := y[4*o : 4*o+4*s]
		y0 := yy[0:s]
		y1 := yy[s : 2*s]
		y2 := yy[2*s : 3*s]
		y3 := yy[3*s : 4*s]
		y0, y1, y2, y3 = y0[:len(a0)], y1[:len(a0)], y2[:len(a0)], y3[:len(a0)]
		for q, a := range a0 {
			b, c, d := a1[q], a2[q], a3[q]
			apcr, apci := real(a)+real(c), imag(a)+imag(c)
			amcr, amci := real(a)-real(c), imag(a)-imag(c)
			bpdr, bpdi := real(b)+real(d), imag(b)+imag(d)
			bmdr, bmdi := real(b)-real(d), imag(b)-imag(d)
			y0[q] = complex(apcr+bpdr, apci+bpdi)
			t1r, t1i := amcr+bmdi, amci-bmdr
			t2r, t2i := apcr-bpdr, apci-bpdi
			t3r, t3i := amcr-bmdi, amci+bmdr
			y1[q] = complex(w1r*t1r-w1i*t1i, w1r*t1i+w1i*t1r)
			y2[q] = complex(w2r*t2r-w2i*t2i, w2r*t2i+w2i*t2r)
			y3[q] = complex(w3r*t3r-w3i*t3i, w3r*t3i+w3i*t3r)
		}
	}
}

// last4 is a final radix-4 pass with l = 4 (all twiddles 1).
func last4(y, x []complex64) {
	s := len(x) / 4
	x0 := x[0:s]
	x1 := x[s : 2*s]
	x2 := x[2*s : 3*s]
	x3 := x[3*s : 4*s]
	x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
	y0 := y[0:s]
	y1 := y[s : 2*s]
	y2 := y[2*s : 3*s]
	y3 := y[3*s : 4*s]
	y0, y1, y2, y3 = y0[:len(x0)], y1[:len(x0)], y2[:len(x0)], y3[:len(x0)]
	for q, a := range x0 {
		b, c, d := x1[q], x2[q], x3[q]
		apcr, apci := real(a)+real(c), imag(a)+imag(c)
		amcr, amci := real(a)-real(c), imag(a)-imag(c)
		bpdr, bpdi := real(b)+real(d), imag(b)+imag(d)
		bmdr, bmdi := real(b)-real(d), imag(b)-imag(d)
		y0[q] = complex(apcr+bpdr, apci+bpdi)
		y1[q] = complex(amcr+bmdi, amci-bmdr)
		y2[q] = complex(apcr-bpdr, apci-bpdi)
		y3[q] = complex(amcr-bmdi, amci+bmdr)
	}
}

// last2 is a final radix-2 pass with l = 2.
func last2(y, x []complex64) {
	s := len(x) / 2
	x0 := x[0:s]
	x1 := x[s : 2*s]
	x1 = x1[:len(x0)]
	y0 := y[0:s]
	y1 := y[s : 2*s]
	y0, y1 = y0[:len(x0)], y1[:len(x0)]
	for q, a := range x0 {
		b := x1[q]
		y0[q] = a + b
		y1[q] = a - b
	}
}

// last4Conj is last4 writing the conjugate of its result to out as
// interleaved real and imaginary parts (the inverse transform's output).
func last4Conj(out []float32, x []complex64) {
	s := len(x) / 4
	x0 := x[0:s]
	x1 := x[s : 2*s]
	x2 := x[2*s : 3*s]
	x3 := x[3*s : 4*s]
	x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
	o0 := out[0 : 2*s]
	o1 := out[2*s : 4*s]
	o2 := out[4*s : 6*s]
	o3 := out[6*s : 8*s]
	for q, a := range x0 {
		b, c, d := x1[q], x2[q], x3[q]
		apcr, apci := real(a)+real(c), imag(a)+imag(c)
		amcr, amci := real(a)-real(c), imag(a)-imag(c)
		bpdr, bpdi := real(b)+real(d), imag(b)+imag(d)
		bmdr, bmdi := real(b)-real(d), imag(b)-imag(d)
		j := 2 * q
		r0, r1, r2, r3 := o0[j:j+2:j+2], o1[j:j+2:j+2], o2[j:j+2:j+2], o3[j:j+2:j+2]
		r0[0], r0[1] = apcr+bpdr, -(apci + bpdi)
		r1[0], r1[1] = amcr+bmdi, -(amci - bmdr)
		r2[0], r2[1] = apcr-bpdr, -(apci - bpdi)
		r3[0], r3[1] = amcr-bmdi, -(amci + bmdr)
	}
}

// last2Conj is last2 writing the conjugate of its result to out as
// interleaved real and imaginary parts.
func last2Conj(out []float32, x []complex64) {
	s := len(x) / 2
	x0 := x[0:s]
	x1 := x[s : 2*s]
	x1 = x1[:len(x0)]
	o0 := out[0 : 2*s]
	o1 := out[2*s : 4*s]
	for q, a := range x0 {
		b := x1[q]
		j := 2 * q
		r0, r1 := o0[j:j+2:j+2], o1[j:j+2:j+2]
		r0[0], r0[1] = real(a)+real(b), -(imag(a) + imag(b))
		r1[0], r1[1] = real(a)-real(b), -(imag(a) - imag(b))
	}
}
