package dynamics

import (
	"math"
	"math/rand"
	"testing"
)

func TestFastExp(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	worst := 0.0
	for i := 0; i < 200000; i++ {
		x := (r.Float64()*2 - 1) * 60
		if i%4 == 0 {
			x = (r.Float64()*2 - 1) * 700
		}
		want := math.Exp(x)
		got := fastExp(x)
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	if worst > 5e-9 {
		t.Errorf("fastExp relative error %g", worst)
	}
	for _, x := range []float64{-800, 800, 0} {
		if fastExp(x) != math.Exp(x) {
			t.Errorf("fastExp(%g) = %g", x, fastExp(x))
		}
	}
}

func TestFastPowerToDB(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	worst := 0.0
	for i := 0; i < 200000; i++ {
		p := math.Pow(10, (r.Float64()*2-1)*30)
		worst = math.Max(worst, math.Abs(fastPowerToDB(p)-10*math.Log10(p)))
	}
	for _, p := range []float64{1, 2, math.Sqrt2, 0.5, 1e-300, 1e300} {
		worst = math.Max(worst, math.Abs(fastPowerToDB(p)-10*math.Log10(p)))
	}
	if worst > 1e-8 {
		t.Errorf("fastPowerToDB error %g dB", worst)
	}
	if !math.IsInf(fastPowerToDB(0), -1) {
		t.Error("fastPowerToDB(0) is not -Inf")
	}
}

func BenchmarkFastExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += fastExp(-float64(i&1023) * 0.01)
	}
	_ = s
}

func BenchmarkMathExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += math.Exp(-float64(i&1023) * 0.01)
	}
	_ = s
}
