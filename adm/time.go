package adm

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Time is an exact ADM time: Num/Den seconds (Den > 0). ADM writes times
// as "hh:mm:ss.zzzzz" (decimal fraction) or, from BS.2076-2, as
// "hh:mm:ss.nnnnnSddddd" (nnnnn samples of a second divided in ddddd
// parts); both are kept exactly, and String writes a time back in the form
// it was read.
type Time struct {
	Num int64 // numerator: Num/Den seconds
	Den int64 // denominator: a power of ten for decimal times, else the S rate
}

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return float64(t.Num) / float64(t.Den) }

// IsZero reports whether t is zero seconds.
func (t Time) IsZero() bool { return t.Num == 0 }

// Samples returns t as a sample index at rate Hz, rounded to the nearest
// sample (halves up).
func (t Time) Samples(rate int) int64 {
	n := new(big.Int).Mul(big.NewInt(t.Num), big.NewInt(int64(rate)))
	n.Mul(n, big.NewInt(2))
	n.Add(n, big.NewInt(t.Den))
	n.Div(n, new(big.Int).Mul(big.NewInt(t.Den), big.NewInt(2)))
	return n.Int64()
}

// Add returns t + u exactly (over the least common denominator).
func (t Time) Add(u Time) Time {
	switch {
	case t.Den == u.Den:
		return Time{t.Num + u.Num, t.Den}
	case t.Den%u.Den == 0:
		return Time{t.Num + u.Num*(t.Den/u.Den), t.Den}
	case u.Den%t.Den == 0:
		return Time{t.Num*(u.Den/t.Den) + u.Num, u.Den}
	}
	g := gcd(t.Den, u.Den)
	l := t.Den / g * u.Den
	return Time{t.Num*(l/t.Den) + u.Num*(l/u.Den), l}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Cmp compares t and u: -1, 0 or +1.
func (t Time) Cmp(u Time) int {
	a := new(big.Int).Mul(big.NewInt(t.Num), big.NewInt(u.Den))
	b := new(big.Int).Mul(big.NewInt(u.Num), big.NewInt(t.Den))
	return a.Cmp(b)
}

// SampleTime returns the time of sample n at rate Hz, written in the
// sample form when it is not a whole number of 10 µs.
func SampleTime(n int64, rate int) Time {
	if (n*100000)%int64(rate) == 0 {
		return Time{n * 100000 / int64(rate), 100000}
	}
	return Time{n, int64(rate)}
}

// SecondsTime returns a decimal time of s seconds rounded to 10 µs.
func SecondsTime(s float64) Time { return Time{int64(math.Round(s * 1e5)), 100000} }

// maxTimeDigits bounds the digits of each field of a time.
const maxTimeDigits = 9

// ParseTime parses an ADM time, "hh:mm:ss.zzzzz" or "hh:mm:ss.nnnnnSddddd".
func ParseTime(s string) (Time, error) {
	bad := func(why string) (Time, error) {
		return Time{}, fmt.Errorf("time %q: %s; write it as hh:mm:ss.zzzzz (or hh:mm:ss.nnnnnSrate)", clipText(s), why)
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return bad("not three fields separated by ':'")
	}
	digits := func(f string) (int64, bool) {
		if f == "" || len(f) > maxTimeDigits {
			return 0, false
		}
		for _, c := range f {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		v, err := strconv.ParseInt(f, 10, 64)
		return v, err == nil
	}
	h, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	if !ok1 || !ok2 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return bad("hours or minutes are not numbers")
	}
	if m > 59 {
		return bad("minutes over 59")
	}
	sec, frac, found := strings.Cut(parts[2], ".")
	if !found {
		return bad("the seconds have no fraction")
	}
	ss, ok := digits(sec)
	if !ok || len(sec) > 2 {
		return bad("seconds are not a number")
	}
	if ss > 59 {
		return bad("seconds over 59")
	}
	whole := (h*60+m)*60 + ss
	if num, den, isS := strings.Cut(frac, "S"); isS {
		n, ok1 := digits(num)
		d, ok2 := digits(den)
		if !ok1 || !ok2 || d == 0 {
			return bad("the sample fraction is not two numbers")
		}
		if n >= d {
			return bad("the sample count is not less than the rate")
		}
		return Time{whole*d + n, d}, nil
	}
	n, ok := digits(frac)
	if !ok || len(frac) > 9 {
		return bad("the fraction is not 1 to 9 digits")
	}
	den := int64(1)
	for range frac {
		den *= 10
	}
	return Time{whole*den + n, den}, nil
}

// String formats t as an ADM time: the sample form for non-decimal
// denominators, else at least five decimals.
func (t Time) String() string {
	if t.Den <= 0 {
		return "invalid"
	}
	neg := ""
	num := t.Num
	if num < 0 {
		neg, num = "-", -num
	}
	whole, rem := num/t.Den, num%t.Den
	h, m, s := whole/3600, whole/60%60, whole%60
	digitsOf := func(d int64) int {
		n := 0
		for d > 1 && d%10 == 0 {
			d /= 10
			n++
		}
		if d != 1 {
			return -1
		}
		return n
	}
	if nd := digitsOf(t.Den); nd >= 0 {
		frac := fmt.Sprintf("%0*d", nd, rem)
		for len(frac) < 5 {
			frac += "0"
		}
		return fmt.Sprintf("%s%02d:%02d:%02d.%s", neg, h, m, s, frac)
	}
	return fmt.Sprintf("%s%02d:%02d:%02d.%05dS%d", neg, h, m, s, rem, t.Den)
}

// clipText shortens s for error messages.
func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
