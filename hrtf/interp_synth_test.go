package hrtf

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/geom"
)

// Synthetic HRIR sets for the tests: the spherical-head model of Brown and
// Duda (1998). Each ear sits at the end of the interaural axis of a sphere
// of radius headRadius; for a source at angle θ from the ear's axis the
// response is the head-shadow filter
//
//	H(ω) = (1 + iαω/2ω0) / (1 + iω/2ω0),  ω0 = c/a,
//	α(θ) = 1 + αmin/2 + (1 - αmin/2)·cos(π·θ/θmin),  αmin = 0.1, θmin = 150°,
//
// delayed by Woodworth's path τ(θ) = -(a/c)·cos θ (θ < 90°) or
// (a/c)·(θ - 90°) (θ ≥ 90°, around the head), plus a fixed base delay and a
// fixed ear-canal resonance, band-limited above 0.35·fs. The ITD of a
// source at the side is (a/c)·(1 + π/2) = 0.656 ms.
const (
	headRadius = 0.0875
	soundSpeed = 343.0
	baseDelay  = 0.001 // s, so that every onset is well after the start
)

// woodworthITD is the model's interaural time difference (left ear earlier
// is positive) for a direction, in seconds.
func woodworthITD(d geom.Vec) float64 {
	return earDelay(d, 1) - earDelay(d, 0)
}

// earAxis is the unit vector to ear 0 (left, -X) or 1 (right, +X).
func earAxis(ear int) geom.Vec {
	if ear == 0 {
		return geom.Vec{-1, 0, 0}
	}
	return geom.Vec{1, 0, 0}
}

func earAngle(d geom.Vec, ear int) float64 {
	return math.Acos(max(-1, min(1, d.Dot(earAxis(ear)))))
}

// earDelay is the model's arrival time at an ear, seconds.
func earDelay(d geom.Vec, ear int) float64 {
	th := earAngle(d, ear)
	a := headRadius / soundSpeed
	if th < math.Pi/2 {
		return baseDelay - a*math.Cos(th)
	}
	return baseDelay + a*(th-math.Pi/2)
}

// sphericalHeadSet builds a set for dirs at rate with taps-long responses.
func sphericalHeadSet(dirs []geom.Vec, rate, taps int) *Set {
	n := 8192
	for n < 8*taps {
		n *= 2
	}
	ft := fourier.NewFFT(n)
	spec := make([]complex128, n/2+1)
	buf := make([]float64, n)
	s := &Set{SampleRate: rate, Meta: map[string]string{"Title": "spherical head"}}
	w0 := soundSpeed / headRadius
	for _, d := range dirs {
		var pair [2][]float32
		for ear := 0; ear < 2; ear++ {
			th := earAngle(d, ear)
			alpha := 1.05 + 0.95*math.Cos(math.Pi*geom.Degrees(th)/150)
			tau := earDelay(d, ear) * float64(rate)
			for k := range spec {
				f := float64(k) * float64(rate) / float64(n)
				w := 2 * math.Pi * f
				h := complex(1, alpha*w/(2*w0)) / complex(1, w/(2*w0))
				h *= resonance(f, 4000, 2, 8)
				h *= complex(rolloff(f/float64(rate)), 0)
				h *= cmplx.Exp(complex(0, -2*math.Pi*float64(k)*tau/float64(n)))
				spec[k] = h
			}
			spec[n/2] = complex(real(spec[n/2]), 0)
			ft.Sequence(buf, spec)
			ir := make([]float32, taps)
			for i := range ir {
				v := buf[i] / float64(n) * 0.3
				if fade := taps - taps/8; i >= fade { // half-Hann fade-out
					v *= 0.5 * (1 + math.Cos(math.Pi*float64(i-fade)/float64(taps-fade)))
				}
				ir[i] = float32(v)
			}
			pair[ear] = ir
		}
		s.Directions = append(s.Directions, d)
		s.IR = append(s.IR, pair)
	}
	s.Delay = make([][2]float64, len(dirs))
	return s
}

// resonance is a peaking response of gainDB at f0 with quality q (an
// ear-canal-like boost), as an analog second-order section.
func resonance(f, f0, q, gainDB float64) complex128 {
	g := math.Pow(10, gainDB/40)
	s := complex(0, f/f0)
	return (s*s + s*complex(g/q, 0) + 1) / (s*s + s*complex(1/(g*q), 0) + 1)
}

// rolloff is 1 below 0.3·fs, 0 above 0.4·fs, raised cosine between.
func rolloff(fn float64) float64 {
	switch {
	case fn <= 0.3:
		return 1
	case fn >= 0.4:
		return 0
	}
	return 0.5 * (1 + math.Cos(math.Pi*(fn-0.3)/0.1))
}

// staggeredGrid returns a mirror-symmetric full-sphere grid whose rings
// (every step degrees of elevation) hold perRing directions, odd rings
// rotated by half a step, plus both poles. No four directions of one hull
// face are cocircular, so the triangulation is unique (and symmetric).
func staggeredGrid(step float64, perRing int) []geom.Vec {
	dirs := []geom.Vec{geom.Cart(0, 90, 1), geom.Cart(0, -90, 1)}
	k := 0
	for el := -90 + step; el < 90-1e-9; el += step {
		off := 0.0
		if k%2 == 1 {
			off = 180 / float64(perRing)
		}
		for i := 0; i < perRing; i++ {
			az := geom.WrapAzimuth(off + 360*float64(i)/float64(perRing))
			dirs = append(dirs, geom.Cart(az, el, 1))
		}
		k++
	}
	return dirs
}

// kemarGrid returns the directions of the MIT KEMAR measurements (Gardner
// and Martin 1994): rings from -40° to 90° elevation in 10° steps with
// 56, 60, 72, 72, 72, 72, 72, 60, 56, 45, 36, 24, 12 and 1 azimuths.
func kemarGrid() []geom.Vec {
	counts := []int{56, 60, 72, 72, 72, 72, 72, 60, 56, 45, 36, 24, 12, 1}
	var dirs []geom.Vec
	for r, n := range counts {
		el := -40 + 10*float64(r)
		for i := 0; i < n; i++ {
			dirs = append(dirs, geom.Cart(geom.WrapAzimuth(360*float64(i)/float64(n)), el, 1))
		}
	}
	return dirs
}

// mirror reflects a direction left/right (X → -X).
func mirrorX(d geom.Vec) geom.Vec { return geom.Vec{-d[0], d[1], d[2]} }

// fibonacciSphere returns n nearly uniform directions on the sphere (a
// golden-angle spiral), a stand-in for dense measurement grids.
func fibonacciSphere(n int) []geom.Vec {
	dirs := make([]geom.Vec, n)
	ga := math.Pi * (3 - math.Sqrt(5))
	for i := range dirs {
		z := 1 - (2*float64(i)+1)/float64(n)
		r := math.Sqrt(1 - z*z)
		th := ga * float64(i)
		dirs[i] = geom.Vec{r * math.Cos(th), r * math.Sin(th), z}
	}
	return dirs
}
