package hrtf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func noise32(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 17))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.Float64()*2 - 1)
	}
	return x
}

// directConv is the float64 reference: y[n] = Σ h[j]·x[n-j], len(y) = len(x).
func directConv(x, h []float32) []float64 {
	y := make([]float64, len(x))
	for n := range y {
		var s float64
		for j := 0; j < len(h) && j <= n; j++ {
			s += float64(h[j]) * float64(x[n-j])
		}
		y[n] = s
	}
	return y
}

// relRMSError is ||got-want|| / ||want||.
func relRMSError(got []float32, want []float64) float64 {
	var e, w float64
	for i, v := range want {
		d := float64(got[i]) - v
		e += d * d
		w += v * v
	}
	return math.Sqrt(e / w)
}

func mustConvolver(t testing.TB, h []float32, b int) *Convolver {
	t.Helper()
	f, err := NewFilter(h, b)
	if err != nil {
		t.Fatal(err)
	}
	return NewConvolver(f)
}

// TestConvolverMatchesDirect: for filters shorter than, equal to and
// several times the block size, the partitioned convolution equals direct
// float64 convolution to 1e-5 relative (RMS) and 1e-5 of the output peak
// per sample.
func TestConvolverMatchesDirect(t *testing.T) {
	for _, b := range []int{32, 64, 256} {
		for _, taps := range []int{1, 5, b / 2, b, b + 1, 3*b + 5, 8 * b} {
			h := noise32(taps, uint64(taps))
			x := noise32(12*b, 99)
			want := directConv(x, h)
			y := make([]float32, len(x))
			mustConvolver(t, h, b).Process(y, x)
			var peak, maxErr float64
			for i, v := range want {
				peak = max(peak, math.Abs(v))
				maxErr = max(maxErr, math.Abs(float64(y[i])-v))
			}
			if e := relRMSError(y, want); e > 1e-5 || maxErr > 1e-5*peak {
				t.Errorf("B=%d taps=%d: RMS error %.2e, peak error %.2e of peak %.3g", b, taps, e, maxErr, peak)
			}
		}
	}
}

// TestConvolverBlockInvariance: the output does not depend on the block
// size chosen (64, 256, 1024: equal within float rounding) nor on how the
// stream is cut into calls (B, 2B, 8B frames: bit-identical).
func TestConvolverBlockInvariance(t *testing.T) {
	h := noise32(700, 1)
	x := noise32(8192, 2)
	ref := make([]float32, len(x))
	mustConvolver(t, h, 64).Process(ref, x)
	for _, b := range []int{256, 1024} {
		y := make([]float32, len(x))
		mustConvolver(t, h, b).Process(y, x)
		var e float64
		for i := range y {
			e = max(e, math.Abs(float64(y[i]-ref[i])))
		}
		if e > 1e-4 {
			t.Errorf("B=%d differs from B=64 by %.2e", b, e)
		}
	}
	for _, chunk := range []int{256, 512, 2048} {
		c := mustConvolver(t, h, 256)
		y := make([]float32, len(x))
		for off := 0; off < len(x); off += chunk {
			c.Process(y[off:off+chunk], x[off:off+chunk])
		}
		base := make([]float32, len(x))
		mustConvolver(t, h, 256).Process(base, x)
		for i := range y {
			if y[i] != base[i] {
				t.Fatalf("calls of %d frames: sample %d differs", chunk, i)
			}
		}
	}
}

// TestConvolverResetAndAlias: a Reset convolver equals a new one, and
// in-place processing (dst = src) works.
func TestConvolverResetAndAlias(t *testing.T) {
	h := noise32(300, 3)
	x := noise32(1024, 4)
	c := mustConvolver(t, h, 128)
	a := make([]float32, len(x))
	c.Process(a, x)
	c.Reset()
	b := append([]float32(nil), x...)
	c.Process(b, b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("after Reset, in place: sample %d is %v, want %v", i, b[i], a[i])
		}
	}
}

func TestConvolverNoAllocs(t *testing.T) {
	c := mustConvolver(t, noise32(1000, 5), 256)
	x := noise32(256, 6)
	y := make([]float32, 256)
	if a := testing.AllocsPerRun(20, func() { c.Process(y, x) }); a != 0 {
		t.Errorf("Process allocates %v times per block", a)
	}
}

func TestFilterErrors(t *testing.T) {
	for _, b := range []int{0, 16, 100, 1 << 16} {
		if _, err := NewFilter([]float32{1}, b); err == nil {
			t.Errorf("block size %d accepted", b)
		}
	}
	if _, err := NewFilter(nil, 64); err == nil {
		t.Error("empty filter accepted")
	}
	f, _ := NewFilter(make([]float32, 1000), 256)
	if f.Partitions() != 4 || f.Taps() != 1000 || f.BlockSize() != 256 {
		t.Errorf("partitions %d taps %d block %d", f.Partitions(), f.Taps(), f.BlockSize())
	}
	defer func() {
		if recover() == nil {
			t.Error("Process with a partial block did not panic")
		}
	}()
	NewConvolver(f).Process(make([]float32, 100), make([]float32, 100))
}

// BenchmarkConvolver: one mono block per op, 48 kHz real-time factor.
func BenchmarkConvolver(b *testing.B) {
	for _, bs := range []int{256, 512, 1024} {
		for _, taps := range []int{512, 4096, 48000} {
			b.Run(fmt.Sprintf("B%d-taps%d", bs, taps), func(b *testing.B) {
				c := mustConvolver(b, noise32(taps, 1), bs)
				x := noise32(bs, 2)
				y := make([]float32, bs)
				b.ReportAllocs()
				b.SetBytes(int64(4 * bs))
				for b.Loop() {
					c.Process(y, x)
				}
				b.ReportMetric(float64(bs)/48000*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
			})
		}
	}
}
