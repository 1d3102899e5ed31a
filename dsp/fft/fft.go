package fft

import (
	"fmt"
	"math"
)

// Size limits of New.
const (
	MinSize = 64
	MaxSize = 1 << 16
)

// FFT is a real-to-complex transform of one power-of-two size with its
// twiddle tables and scratch buffers.
type FFT struct {
	n, m   int         // real size, complex half size m = n/2
	stages []stage     // twiddled radix-4 stages, first to last
	tail   int         // 4: untwiddled radix-4 last stage, 2: radix-2 last stage
	fwd    []complex64 // -0.5i·W_n^k, k = 0..m/2 (forward real split)
	inv    []complex64 // i·conj(W_n^k)/n, k = 0..m/2 (inverse real merge)
	a, b   []complex64 // scratch, m each
}

// stage is one radix-4 Stockham pass over sub-transforms of length l with
// stride s (l·s = m); tw holds W_l^p, W_l^2p, W_l^3p for p < l/4.
type stage struct {
	l, s int
	tw   []complex64
}

// New returns the transform of size n, a power of two in
// [MinSize, MaxSize]. It panics for other sizes: a size is a programming
// decision, not data.
func New(n int) *FFT {
	if n < MinSize || n > MaxSize || n&(n-1) != 0 {
		panic(fmt.Sprintf("fft: size %d is not a power of two in [%d, %d]", n, MinSize, MaxSize))
	}
	m := n / 2
	f := &FFT{n: n, m: m, a: make([]complex64, m), b: make([]complex64, m)}
	l, s := m, 1
	for l >= 8 {
		tw := make([]complex64, 3*(l/4))
		for p := 0; p < l/4; p++ {
			for r := 1; r <= 3; r++ {
				tw[3*p+r-1] = twiddle(r*p, l)
			}
		}
		f.stages = append(f.stages, stage{l: l, s: s, tw: tw})
		l, s = l/4, s*4
	}
	f.tail = l // 4 or 2 (m >= 32)
	f.fwd = make([]complex64, m/2+1)
	f.inv = make([]complex64, m/2+1)
	for k := range f.fwd {
		w := twiddle128(k, n)
		f.fwd[k] = complex64(complex(0, -0.5) * w)
		f.inv[k] = complex64(complex(0, 1) * complex(real(w), -imag(w)) / complex(float64(n), 0))
	}
	return f
}

// Len is the real transform size n.
func (f *FFT) Len() int { return f.n }

// Forward writes the n/2+1 non-negative-frequency bins of the unnormalised
// DFT of src (n samples) to dst. It panics when the lengths are wrong.
func (f *FFT) Forward(dst []complex64, src []float32) {
	if len(src) != f.n || len(dst) != f.m+1 {
		panic(fmt.Sprintf("fft: Forward of size %d got %d samples and %d bins, want %d and %d", f.n, len(src), len(dst), f.n, f.m+1))
	}
	m := f.m
	z := f.complexFFT(dst[:m], src, nil, nil)
	// Real split: with Z the transform of z[k] = x[2k] + i·x[2k+1],
	// X[k] = E[k] + W^k·O[k], X[m-k] = conj(E[k] - W^k·O[k]), where
	// E = (Z[k] + conj Z[m-k])/2 and O = (Z[k] - conj Z[m-k])/2i.
	z0 := z[0]
	dst[0] = complex(real(z0)+imag(z0), 0)
	dst[m] = complex(real(z0)-imag(z0), 0)
	fw := f.fwd[:m/2+1]
	for k := 1; k <= m/2; k++ {
		zk, zj := z[k], z[m-k]
		sr, si := real(zk)+real(zj), imag(zk)-imag(zj) // zk + conj(zj)
		dr, di := real(zk)-real(zj), imag(zk)+imag(zj) // zk - conj(zj)
		w := fw[k]
		tr := real(w)*dr - imag(w)*di
		ti := real(w)*di + imag(w)*dr
		dst[k] = complex(0.5*sr+tr, 0.5*si+ti)
		dst[m-k] = complex(0.5*sr-tr, -(0.5*si - ti))
	}
}

// Inverse writes the n samples whose spectrum is src (n/2+1 bins) to dst,
// scaled by 1/n so that Inverse(Forward(x)) = x. src is not modified; the
// imaginary parts of src[0] and src[n/2] are ignored. It panics when the
// lengths are wrong.
func (f *FFT) Inverse(dst []float32, src []complex64) {
	if len(dst) != f.n || len(src) != f.m+1 {
		panic(fmt.Sprintf("fft: Inverse of size %d got %d bins and %d samples, want %d and %d", f.n, len(src), len(dst), f.m+1, f.n))
	}
	m := f.m
	y := f.a[:m]
	// Merge: Y[k] = (X[k] + conj X[m-k] + i·conj(W^k)·(X[k] - conj X[m-k]))/n
	// is the transform of z[k] = x[2k] + i·x[2k+1]; the complex FFT runs
	// forward on conj(Y) and the result is conjugated on the way out.
	scale := 1 / float32(f.n)
	x0, xm := real(src[0]), real(src[m])
	y[0] = complex((x0+xm)*scale, -(x0-xm)*scale)
	iv := f.inv[:m/2+1]
	for k := 1; k <= m/2; k++ {
		xk, xj := src[k], src[m-k]
		sr, si := real(xk)+real(xj), imag(xk)-imag(xj)
		dr, di := real(xk)-real(xj), imag(xk)+imag(xj)
		w := iv[k]
		tr := real(w)*dr - imag(w)*di
		ti := real(w)*di + imag(w)*dr
		sr, si = sr*scale, si*scale
		y[k] = complex(sr+tr, -(si + ti))
		y[m-k] = complex(sr-tr, si-ti)
	}
	f.complexFFT(nil, nil, y, dst)
}

// complexFFT runs the m-point complex FFT. Forward (src != nil): the input
// is the real src read as packed complex pairs and the result lands in dst,
// which is returned. Inverse (src == nil): the input is in (which is f.a)
// and the last pass writes the conjugated result to out as interleaved
// real and imaginary parts.
func (f *FFT) complexFFT(dst []complex64, src []float32, in []complex64, out []float32) []complex64 {
	passes := len(f.stages) + 1
	// Choose buffers so that the last pass writes to the wanted place.
	var bufs [2][]complex64
	var x []complex64
	if src != nil {
		// Forward: pass i writes bufs[i%2]; the last (passes-1) writes dst.
		if (passes-1)%2 == 0 {
			bufs = [2][]complex64{dst, f.a}
		} else {
			bufs = [2][]complex64{f.a, dst}
		}
	} else {
		bufs = [2][]complex64{f.b, f.a}
		x = in
	}
	for i, st := range f.stages {
		y := bufs[i%2]
		switch {
		case i == 0 && src != nil:
			firstReal(y, src, st.tw)
		case st.s == 1:
			first(y, x, st.tw)
		default:
			radix4(y, x, st.tw, st.l, st.s)
		}
		x = y
	}
	if out != nil {
		if f.tail == 4 {
			last4Conj(out, x)
		} else {
			last2Conj(out, x)
		}
		return nil
	}
	y := bufs[(passes-1)%2]
	if f.tail == 4 {
		last4(y, x)
	} else {
		last2(y, x)
	}
	return y
}

// twiddle returns exp(-2πi·k/l) in float32, computed in float64.
func twiddle(k, l int) complex64 { return complex64(twiddle128(k, l)) }

func twiddle128(k, l int) complex128 {
	// Reduce to the first octant for exact symmetry at multiples of π/4.
	k %= l
	s, c := math.Sincos(2 * math.Pi * float64(k) / float64(l))
	switch {
	case 8*k == l:
		s, c = math.Sqrt2/2, math.Sqrt2/2
	case 4*k == l:
		s, c = 1, 0
	case 2*k == l:
		s, c = 0, -1
	case 4*k == 3*l:
		s, c = -1, 0
	}
	return complex(c, -s)
}
