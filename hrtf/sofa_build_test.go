package hrtf

import (
	"math"

	"immerse/hrtf/internal/hdf5/hdf5test"
)

// sofaSpec describes a small synthetic SOFA file built with hdf5test.
// By default: SimpleFreeFieldHRIR, 8 measurements around the horizontal
// plane every 45° (spherical, 1.5 m), 16 taps at 48 kHz; the ear nearer to
// the source is louder (receiver 0 = left).
type sofaSpec struct {
	sofa     string // the Conventions attribute
	conv     string
	dataType string
	az, el   []float64
	dist     float64
	taps     int
	irType   hdf5test.Type
	irShape  []int // nil: M x 2 x N
	rate     []float64
	delay    []float64
	delayDim []int
	swapEars bool // store the right ear first

	srcCart   [][3]float64 // SOFA cartesian source positions instead
	listener  []float64
	view, up  []float64
	receivers []float64 // ReceiverPosition 2 x 3
	noIR      bool
	edit      func(root *hdf5test.Group)
}

func defaultSpec() *sofaSpec {
	s := &sofaSpec{sofa: "SOFA", conv: "SimpleFreeFieldHRIR", dataType: "FIR", dist: 1.5, taps: 16, irType: hdf5test.F64LE, rate: []float64{48000}}
	for a := 0.0; a < 360; a += 45 {
		s.az = append(s.az, a)
		s.el = append(s.el, 0)
	}
	return s
}

// gains returns the left and right ear amplitudes for a source at
// SOFA azimuth az: 1 on the near side, 0.1 on the far side.
func specGains(az float64) (left, right float64) {
	s := math.Sin(az * math.Pi / 180)
	return 0.55 + 0.45*s, 0.55 - 0.45*s
}

// sofaSpecIR is the value of tap n of receiver r of measurement m.
func (s *sofaSpec) ir(m, r, n int) float64 {
	l, rt := specGains(s.az[m])
	g := l
	if (r == 1) != s.swapEars {
		g = rt
	}
	return g * math.Exp(-float64(n)/3) * math.Cos(float64(n+m))
}

func (s *sofaSpec) bytes() []byte {
	root := hdf5test.NewRoot()
	root.Attr("Conventions", s.sofa).Attr("Version", "2.1").Attr("SOFAConventions", s.conv).
		Attr("SOFAConventionsVersion", "1.0").Attr("DataType", s.dataType).Attr("Title", "synthetic").
		Attr("Organization", "immerse tests")
	m := len(s.az)
	if s.srcCart != nil {
		m = len(s.srcCart)
	}
	if !s.noIR {
		var v []float64
		for i := 0; i < m; i++ {
			for r := 0; r < 2; r++ {
				for n := 0; n < s.taps; n++ {
					v = append(v, s.ir(i%len(s.az), r, n))
				}
			}
		}
		shape := s.irShape
		if shape == nil {
			shape = []int{m, 2, s.taps}
		}
		root.Dataset("Data.IR", s.irType, shape, v)
	}
	root.Dataset("Data.SamplingRate", hdf5test.F64LE, []int{len(s.rate)}, s.rate).Attr("Units", "hertz")
	if s.delay != nil {
		root.Dataset("Data.Delay", hdf5test.F64LE, s.delayDim, s.delay)
	}
	if s.srcCart != nil {
		var v []float64
		for _, p := range s.srcCart {
			v = append(v, p[:]...)
		}
		root.Dataset("SourcePosition", hdf5test.F64LE, []int{m, 3}, v).Attr("Type", "cartesian").Attr("Units", "metre")
	} else {
		var v []float64
		for i := range s.az {
			v = append(v, s.az[i], s.el[i], s.dist)
		}
		root.Dataset("SourcePosition", hdf5test.F64LE, []int{m, 3}, v).Attr("Type", "spherical").Attr("Units", "degree, degree, metre")
	}
	if s.listener != nil {
		root.Dataset("ListenerPosition", hdf5test.F64LE, []int{1, 3}, s.listener).Attr("Type", "cartesian").Attr("Units", "metre")
	}
	if s.view != nil {
		root.Dataset("ListenerView", hdf5test.F64LE, []int{1, 3}, s.view).Attr("Type", "cartesian").Attr("Units", "metre")
	}
	if s.up != nil {
		root.Dataset("ListenerUp", hdf5test.F64LE, []int{1, 3}, s.up)
	}
	if s.receivers != nil {
		root.Dataset("ReceiverPosition", hdf5test.F64LE, []int{2, 3, 1}, s.receivers).Attr("Type", "cartesian").Attr("Units", "metre")
	}
	if s.edit != nil {
		s.edit(root)
	}
	return root.Bytes()
}
