package fft

import "fmt"

// MulAdd accumulates the element-wise product of two spectra:
// acc[i] += a[i]·b[i]. It is the inner loop of partitioned convolution
// (input spectrum times filter partition, summed over partitions and
// sources). a and b must be at least as long as acc; it panics otherwise.
func MulAdd(acc, a, b []complex64) {
	n := len(acc)
	if len(a) < n || len(b) < n {
		panic(fmt.Sprintf("fft: MulAdd of %d bins got operands of %d and %d", n, len(a), len(b)))
	}
	a, b = a[:n], b[:n]
	i := 0
	for ; i <= n-4; i += 4 {
		y := acc[i : i+4 : i+4]
		x := a[i : i+4 : i+4]
		h := b[i : i+4 : i+4]
		x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
		h0, h1, h2, h3 := h[0], h[1], h[2], h[3]
		y[0] = complex(real(y[0])+real(x0)*real(h0)-imag(x0)*imag(h0), imag(y[0])+real(x0)*imag(h0)+imag(x0)*real(h0))
		y[1] = complex(real(y[1])+real(x1)*real(h1)-imag(x1)*imag(h1), imag(y[1])+real(x1)*imag(h1)+imag(x1)*real(h1))
		y[2] = complex(real(y[2])+real(x2)*real(h2)-imag(x2)*imag(h2), imag(y[2])+real(x2)*imag(h2)+imag(x2)*real(h2))
		y[3] = complex(real(y[3])+real(x3)*real(h3)-imag(x3)*imag(h3), imag(y[3])+real(x3)*imag(h3)+imag(x3)*real(h3))
	}
	for ; i < n; i++ {
		x, h := a[i], b[i]
		acc[i] = complex(real(acc[i])+real(x)*real(h)-imag(x)*imag(h), imag(acc[i])+real(x)*imag(h)+imag(x)*real(h))
	}
}

// Scale multiplies every element of x by the real factor s.
func Scale(x []complex64, s float32) {
	for i, v := range x {
		x[i] = complex(real(v)*s, imag(v)*s)
	}
}
