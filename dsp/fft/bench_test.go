package fft

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

var benchSizes = []int{256, 512, 1024, 2048, 4096}

// realFlops is the conventional flop count of a real FFT of size n,
// 5·n·log2(n)/2 (half the 5·n·log2(n) of a complex FFT of size n).
func realFlops(n int) float64 { return 2.5 * float64(n) * math.Log2(float64(n)) }

func reportGFlops(b *testing.B, n int) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(realFlops(n)/ns, "GFLOP/s")
}

func BenchmarkForward(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := New(n)
			x := randomSignal(n, 1)
			y := make([]complex64, n/2+1)
			b.ReportAllocs()
			b.SetBytes(int64(4 * n))
			for b.Loop() {
				f.Forward(y, x)
			}
			reportGFlops(b, n)
		})
	}
}

func BenchmarkInverse(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := New(n)
			x := randomSignal(n, 1)
			y := make([]complex64, n/2+1)
			f.Forward(y, x)
			b.ReportAllocs()
			b.SetBytes(int64(4 * n))
			for b.Loop() {
				f.Inverse(x, y)
			}
			reportGFlops(b, n)
		})
	}
}

// BenchmarkGonumForward is the reference point: gonum's float64 real FFT.
func BenchmarkGonumForward(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := fourier.NewFFT(n)
			x := make([]float64, n)
			for i, v := range randomSignal(n, 1) {
				x[i] = float64(v)
			}
			y := make([]complex128, n/2+1)
			b.ReportAllocs()
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				f.Coefficients(y, x)
			}
			reportGFlops(b, n)
		})
	}
}

// BenchmarkMulAdd measures the spectral multiply-accumulate over the n/2+1
// bins of a real FFT of size n (8 flops per bin).
func BenchmarkMulAdd(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := n/2 + 1
			acc, x, h := make([]complex64, m), make([]complex64, m), make([]complex64, m)
			f := New(n)
			f.Forward(x, randomSignal(n, 1))
			f.Forward(h, randomSignal(n, 2))
			b.ReportAllocs()
			b.SetBytes(int64(8 * m))
			for b.Loop() {
				MulAdd(acc, x, h)
			}
			b.ReportMetric(8*float64(m)/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "GFLOP/s")
		})
	}
}
