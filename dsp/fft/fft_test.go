package fft

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// sizes are every size New accepts.
func sizes() []int {
	var s []int
	for n := MinSize; n <= MaxSize; n *= 2 {
		s = append(s, n)
	}
	return s
}

func randomSignal(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.Float64()*2 - 1)
	}
	return x
}

// relErr is ||got-want||₂ / ||want||₂ and the largest bin error relative to
// the largest reference magnitude.
func relErr(got []complex64, want []complex128) (l2, peak float64) {
	var num, den, maxErr, maxRef float64
	for i, w := range want {
		d := cmplx.Abs(complex128(got[i]) - w)
		num += d * d
		den += real(w)*real(w) + imag(w)*imag(w)
		maxErr = max(maxErr, d)
		maxRef = max(maxRef, cmplx.Abs(w))
	}
	return math.Sqrt(num / den), maxErr / maxRef
}

// TestForwardMatchesGonum compares every size with gonum's float64 real FFT
// on random input: the float32 result must agree to 1e-5 relative (L2 and
// per-bin against the peak).
func TestForwardMatchesGonum(t *testing.T) {
	for _, n := range sizes() {
		x := randomSignal(n, uint64(n))
		x64 := make([]float64, n)
		for i, v := range x {
			x64[i] = float64(v)
		}
		want := fourier.NewFFT(n).Coefficients(nil, x64)
		got := make([]complex64, n/2+1)
		New(n).Forward(got, x)
		l2, peak := relErr(got, want)
		t.Logf("n=%5d forward: L2 error %.2e, peak error %.2e", n, l2, peak)
		if l2 > 1e-5 || peak > 1e-5 {
			t.Errorf("n=%d: forward differs from gonum: L2 %.2e, peak %.2e (limit 1e-5)", n, l2, peak)
		}
	}
}

// TestInverseMatchesGonum checks Inverse on a random Hermitian spectrum
// against gonum's Sequence divided by n.
func TestInverseMatchesGonum(t *testing.T) {
	for _, n := range sizes() {
		r := rand.New(rand.NewPCG(uint64(n), 11))
		spec := make([]complex64, n/2+1)
		spec128 := make([]complex128, n/2+1)
		for k := range spec {
			c := complex(r.Float64()*2-1, r.Float64()*2-1)
			if k == 0 || k == n/2 {
				c = complex(real(c), 0)
			}
			spec[k], spec128[k] = complex64(c), c
		}
		want := fourier.NewFFT(n).Sequence(nil, spec128)
		got := make([]float32, n)
		New(n).Inverse(got, spec)
		var num, den float64
		for i := range want {
			w := want[i] / float64(n)
			d := float64(got[i]) - w
			num += d * d
			den += w * w
		}
		if e := math.Sqrt(num / den); e > 1e-5 {
			t.Errorf("n=%d: inverse differs from gonum: L2 error %.2e (limit 1e-5)", n, e)
		}
	}
}

// TestRoundTrip checks Inverse(Forward(x)) = x for every size.
func TestRoundTrip(t *testing.T) {
	for _, n := range sizes() {
		f := New(n)
		x := randomSignal(n, uint64(3*n))
		spec := make([]complex64, n/2+1)
		y := make([]float32, n)
		f.Forward(spec, x)
		f.Inverse(y, spec)
		var maxErr float64
		for i := range x {
			maxErr = max(maxErr, math.Abs(float64(y[i]-x[i])))
		}
		if maxErr > 2e-6 {
			t.Errorf("n=%d: round trip max error %.2e (limit 2e-6 on samples in [-1,1])", n, maxErr)
		}
	}
}

// TestParseval checks Σx² = (|X0|² + 2Σ|Xk|² + |X(n/2)|²)/n.
func TestParseval(t *testing.T) {
	for _, n := range sizes() {
		x := randomSignal(n, uint64(5*n))
		spec := make([]complex64, n/2+1)
		New(n).Forward(spec, x)
		var et, ef float64
		for _, v := range x {
			et += float64(v) * float64(v)
		}
		for k, c := range spec {
			p := float64(real(c))*float64(real(c)) + float64(imag(c))*float64(imag(c))
			if k != 0 && k != n/2 {
				p *= 2
			}
			ef += p
		}
		ef /= float64(n)
		if math.Abs(et-ef) > 1e-5*et {
			t.Errorf("n=%d: time energy %.6f, spectral energy %.6f", n, et, ef)
		}
	}
}

// TestKnownTransforms: an impulse at 0 has a flat spectrum of ones; an
// impulse at j has X[k] = exp(-2πi·jk/n); a cosine at bin k0 with amplitude
// A has X[k0] = A·n/2 and zeros elsewhere (A·n at k0 = 0 or n/2).
func TestKnownTransforms(t *testing.T) {
	const tol = 1e-5
	for _, n := range sizes() {
		f := New(n)
		spec := make([]complex64, n/2+1)
		x := make([]float32, n)
		x[0] = 1
		f.Forward(spec, x)
		for k, c := range spec {
			if cmplx.Abs(complex128(c)-1) > tol {
				t.Fatalf("n=%d: impulse at 0: bin %d = %v, want 1", n, k, c)
			}
		}
		x[0], x[3] = 0, 1
		f.Forward(spec, x)
		for k, c := range spec {
			want := cmplx.Exp(complex(0, -2*math.Pi*3*float64(k)/float64(n)))
			if cmplx.Abs(complex128(c)-want) > tol {
				t.Fatalf("n=%d: impulse at 3: bin %d = %v, want %v", n, k, c, want)
			}
		}
		for _, k0 := range []int{0, 1, 5, n / 4, n/2 - 1, n / 2} {
			const amp = 0.5
			for i := range x {
				x[i] = float32(amp * math.Cos(2*math.Pi*float64(k0*i)/float64(n)+0.3))
			}
			f.Forward(spec, x)
			for k, c := range spec {
				var want complex128
				switch {
				case k == k0 && (k0 == 0 || k0 == n/2):
					want = complex(amp*float64(n)*math.Cos(0.3), 0)
				case k == k0:
					want = cmplx.Rect(amp*float64(n)/2, 0.3)
				}
				if cmplx.Abs(complex128(c)-want) > tol*float64(n) {
					t.Fatalf("n=%d: cosine at bin %d: bin %d = %v, want %v", n, k0, k, c, want)
				}
			}
		}
	}
}

// TestMulAdd compares MulAdd with complex128 arithmetic for lengths around
// the unrolling boundary.
func TestMulAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := func() complex64 { return complex(float32(r.NormFloat64()), float32(r.NormFloat64())) }
	for n := 0; n <= 13; n++ {
		acc, a, b := make([]complex64, n), make([]complex64, n+2), make([]complex64, n+1)
		want := make([]complex128, n)
		for i := range acc {
			acc[i], a[i], b[i] = c(), c(), c()
			want[i] = complex128(acc[i]) + complex128(a[i])*complex128(b[i])
		}
		MulAdd(acc, a, b)
		for i := range acc {
			if cmplx.Abs(complex128(acc[i])-want[i]) > 1e-6*(1+cmplx.Abs(want[i])) {
				t.Errorf("n=%d bin %d: MulAdd gives %v, want %v", n, i, acc[i], want[i])
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MulAdd with a short operand did not panic")
		}
	}()
	MulAdd(make([]complex64, 4), make([]complex64, 3), make([]complex64, 4))
}

func TestScale(t *testing.T) {
	x := []complex64{1 + 2i, -3 + 0.5i}
	Scale(x, 2)
	if x[0] != 2+4i || x[1] != -6+1i {
		t.Errorf("Scale by 2 gives %v", x)
	}
}

// TestNoAllocs: Forward and Inverse allocate nothing.
func TestNoAllocs(t *testing.T) {
	f := New(1024)
	x := randomSignal(1024, 1)
	spec := make([]complex64, 513)
	if a := testing.AllocsPerRun(10, func() { f.Forward(spec, x); f.Inverse(x, spec) }); a != 0 {
		t.Errorf("Forward+Inverse allocate %v times per call", a)
	}
}

// TestNewPanics: sizes outside the supported set are programming errors.
func TestNewPanics(t *testing.T) {
	for _, n := range []int{0, 32, 100, 1 << 17} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%d) did not panic", n)
				}
			}()
			New(n)
		}()
	}
}
