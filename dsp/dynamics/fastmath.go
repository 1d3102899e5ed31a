package dynamics

import "math"

// The gain computers convert levels between dB and linear once per sample
// and channel group; math.Exp and math.Log10 are most of a mixing session's
// time. These versions are accurate to a few parts in 1e9 (far below the
// float32 samples they scale), branch-free in the common range, and fall
// back to the math package outside it.

const (
	ln10over10  = math.Ln10 / 10
	log2of10    = 3.321928094887362 // log2(10)
	db10PerLog2 = 10 / log2of10     // 10·log10(2)
)

// fastExp returns e^x for x in [-700, 700] with a relative error below
// 5e-9.
func fastExp(x float64) float64 {
	if x < -700 || x > 700 || x != x {
		return math.Exp(x)
	}
	// e^x = 2^(x·log2 e) = 2^k · 2^f, k integer, f in [-0.5, 0.5].
	y := x * math.Log2E
	k := math.Floor(y + 0.5)
	f := (y - k) * math.Ln2 // e^f with |f| <= ln2/2
	// Taylor series to f^9: error < (0.347)^10/10! ≈ 7e-12.
	p := 1 + f*(1+f*(1.0/2+f*(1.0/6+f*(1.0/24+f*(1.0/120+f*(1.0/720+f*(1.0/5040+f*(1.0/40320+f*(1.0/362880)))))))))
	return math.Float64frombits(math.Float64bits(p) + uint64(int64(k))<<52)
}

// fastPowerToDB returns 10·log10(p) for positive, normal p with an absolute
// error below 1e-8 dB.
func fastPowerToDB(p float64) float64 {
	bits := math.Float64bits(p)
	e := int64(bits>>52&0x7ff) - 1023
	if e <= -1023 || e >= 1024 || p <= 0 {
		return 10 * math.Log10(p) // zero, subnormal, Inf, NaN
	}
	m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // mantissa in [1, 2)
	if m > math.Sqrt2 {
		m /= 2
		e++
	}
	// ln m = 2·atanh(t), t = (m-1)/(m+1), |t| <= 0.1716.
	t := (m - 1) / (m + 1)
	t2 := t * t
	ln := 2 * t * (1 + t2*(1.0/3+t2*(1.0/5+t2*(1.0/7+t2*(1.0/9+t2*(1.0/11+t2*(1.0/13)))))))
	return float64(e)*db10PerLog2 + ln*(10/math.Ln10)
}
