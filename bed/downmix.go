package bed

import (
	"fmt"
	"math"
	"strings"

	"immerse/speakers"
)

// Downmix is a static matrix from one layout to another: Gains[out][in]
// over the channels of To and From in BS.2051 order.
type Downmix struct {
	From, To *speakers.Layout
	Gains    [][]float64
	// Source says where the coefficients come from.
	Source string
}

// Apply writes To's channels into dst from From's channels in src
// (BS.2051 order; dst must not alias src).
func (d *Downmix) Apply(dst, src [][]float32) {
	for o, row := range d.Gains {
		out := dst[o]
		clear(out)
		for i, g := range row {
			if g == 0 {
				continue
			}
			gf := float32(g)
			for n, v := range src[i][:len(out)] {
				out[n] += v * gf
			}
		}
	}
}

// Gain returns the coefficient from input label in to output label out.
func (d *Downmix) Gain(out, in string) float64 {
	o, i := d.To.Index(out), d.From.Index(in)
	if o < 0 || i < 0 {
		return 0
	}
	return d.Gains[o][i]
}

// FoldOptions sets the fold-down coefficients, as linear gains (0.7071 =
// 1/√2 = -3.01 dB, the value the standards write as "-3 dB"). The zero
// value is not useful; start from DefaultFold.
type FoldOptions struct {
	// Height: gain of a height (upper, top or bottom layer) channel into the
	// floor channel(s) of its sector. Default -3 dB (1/√2), the coefficient
	// the ARIB STD-B32 downmix of 22.2 gives its upper layer (Sugimoto, Oode
	// & Nakayama, "Downmixing method for 22.2 multichannel sound signal in
	// 8K Super Hi-Vision broadcasting", JAES 63(7/8), 2015).
	Height float64
	// Unmatched: gain of a mid-layer channel with no 5.1 counterpart (7.1's
	// side and back surrounds, wides, screen speakers) into the 5.1 channel of
	// its sector. Default -3 dB, so that 7.1's two surround pairs folding into
	// 5.1's one keep the power of uncorrelated surrounds (some tools sum them
	// at 0 dB instead; pass Unmatched 1 for that).
	Unmatched float64
	// Centre and Surround: 5.1 -> 2.0 mix levels of C and Ls/Rs into L/R.
	// Default 1/√2 each, the Lo/Ro downmix of ITU-R BS.775-3 (Table 2).
	Centre, Surround float64
	// LFE: LFE into L and R in the 2.0 stage; nil drops it, as BS.775 does.
	LFE *float64
	// Mono: L and R into mono. Default 1/√2: M = 0.7071·(L+R), BS.775-3
	// Table 2 (2/0 -> 1/0), so identical L and R keep their loudness and
	// uncorrelated ones lose 3 LU.
	Mono float64
	// LtRt makes the 2.0 stage a matrix-surround-compatible Lt/Rt downmix:
	// Lt = L + c·C - s·(Ls+Rs)/√2, Rt = R + c·C + s·(Ls+Rs)/√2 (the passive
	// Dolby Surround-compatible matrix without the 90° phase shift, as
	// ffmpeg's matrix_encoding=dolby builds it).
	LtRt bool
}

// DefaultFold returns the default fold-down coefficients (all -3 dB, LFE
// dropped, Lo/Ro).
func DefaultFold() FoldOptions {
	return FoldOptions{Height: math.Sqrt2 / 2, Unmatched: math.Sqrt2 / 2, Centre: math.Sqrt2 / 2, Surround: math.Sqrt2 / 2, Mono: math.Sqrt2 / 2}
}

// FoldPresets are named coefficient sets for --downmix-preset.
func FoldPresets() map[string]FoldOptions {
	def := DefaultFold()
	loudHeights := def
	loudHeights.Height = 1
	noHeights := def
	noHeights.Height = 0
	ltrt := def
	ltrt.LtRt = true
	quietSurround := def
	quietSurround.Surround = 0.5
	return map[string]FoldOptions{
		"default":         def,           // all -3 dB, Lo/Ro
		"heights-0db":     loudHeights,   // heights at full level
		"no-heights":      noHeights,     // heights dropped
		"ltrt":            ltrt,          // Lt/Rt matrix-surround-compatible stereo
		"surround-minus6": quietSurround, // Ls/Rs at 0.5 (-6 dB) in stereo
	}
}

func builtin(name string) *speakers.Layout {
	l, err := speakers.Get(name)
	if err != nil {
		panic(err) // built-in names
	}
	return l
}

// ToFiveOne folds any layout onto 5.1 (0+5+0). Channels with a 5.1
// counterpart (same label) pass at 0 dB; LFE channels go to LFE1; the rest
// fold into the 5.1 channel(s) of their sector, by nominal position:
//
//	centre   |az| <= 10      -> M+000
//	front    10 < |az| < 70  -> M±030 of that side
//	side     70 <= |az| <= 100: mid layer -> M±110 of that side;
//	                            height layer -> split over M±030 and M±110
//	rear     100 < |az| < 170 -> M±110 of that side
//	back     |az| >= 170      -> split over M+110 and M-110
//	overhead |el| >= 80       -> split over M±030 and M±110
//
// with gain Unmatched (mid layer) or Height (other layers); a split over k
// channels scales each by 1/√k so the power of the fold is kept.
func ToFiveOne(from *speakers.Layout, opt FoldOptions) *Downmix {
	to := builtin("5.1")
	d := &Downmix{From: from, To: to, Gains: zeros(len(to.Channels), len(from.Channels)),
		Source: fmt.Sprintf("counterparts 1; other mid-layer channels %.4g and height channels %.4g into their 5.1 sector", opt.Unmatched, opt.Height)}
	L, R, C, Ls, Rs, LFE := to.Index("M+030"), to.Index("M-030"), to.Index("M+000"), to.Index("M+110"), to.Index("M-110"), to.Index("LFE1")
	for i, c := range from.Channels {
		if c.LFE {
			d.Gains[LFE][i] = 1
			continue
		}
		if k := to.Index(c.Label); k >= 0 && !to.Channels[k].LFE {
			d.Gains[k][i] = 1
			continue
		}
		az, el := c.NominalAzimuth, c.NominalElevation
		mid := math.Abs(el) <= 10
		g := opt.Height
		if mid {
			g = opt.Unmatched
		}
		front, surround := L, Ls
		if az < 0 {
			front, surround = R, Rs
		}
		var targets []int
		a := math.Abs(az)
		switch {
		case math.Abs(el) >= 80:
			targets = []int{L, R, Ls, Rs}
		case a <= 10:
			targets = []int{C}
		case a < 70:
			targets = []int{front}
		case a <= 100 && mid:
			targets = []int{surround}
		case a <= 100:
			targets = []int{front, surround}
		case a < 170:
			targets = []int{surround}
		default:
			targets = []int{Ls, Rs}
		}
		share := g / math.Sqrt(float64(len(targets)))
		for _, t := range targets {
			d.Gains[t][i] += share
		}
	}
	return d
}

// FiveOneToStereo is the 5.1 -> 2.0 stage: Lo/Ro per ITU-R BS.775-3
// (L' = L + c·C + s·Ls, R' = R + c·C + s·Rs, LFE dropped unless LFE is
// set), or Lt/Rt (see FoldOptions.LtRt).
func FiveOneToStereo(opt FoldOptions) *Downmix {
	from, to := builtin("5.1"), builtin("stereo")
	d := &Downmix{From: from, To: to, Gains: zeros(2, len(from.Channels))}
	c, s := opt.Centre, opt.Surround
	L, R, C, Ls, Rs, LFE := from.Index("M+030"), from.Index("M-030"), from.Index("M+000"), from.Index("M+110"), from.Index("M-110"), from.Index("LFE1")
	d.Gains[0][L], d.Gains[1][R] = 1, 1
	d.Gains[0][C], d.Gains[1][C] = c, c
	if opt.LtRt {
		k := s / math.Sqrt2
		d.Gains[0][Ls], d.Gains[0][Rs] = -k, -k
		d.Gains[1][Ls], d.Gains[1][Rs] = k, k
		d.Source = fmt.Sprintf("Lt/Rt: Lt = L %+.4g C - %.4g (Ls+Rs), Rt = R %+.4g C + %.4g (Ls+Rs)", c, k, c, k)
	} else {
		d.Gains[0][Ls], d.Gains[1][Rs] = s, s
		d.Source = fmt.Sprintf("Lo/Ro, ITU-R BS.775-3: L = L + %.4g C + %.4g Ls", c, s)
	}
	if opt.LFE != nil {
		g := *opt.LFE
		d.Gains[0][LFE], d.Gains[1][LFE] = g, g
		d.Source += fmt.Sprintf(", LFE %.4g", g)
	} else {
		d.Source += ", LFE dropped"
	}
	return d
}

// StereoToMono is the 2.0 -> 1.0 stage: M = m·(L + R), m = Mono (BS.775-3).
func StereoToMono(opt FoldOptions) *Downmix {
	from, to := builtin("stereo"), builtin("mono")
	m := opt.Mono
	return &Downmix{From: from, To: to, Gains: [][]float64{{m, m}},
		Source: fmt.Sprintf("ITU-R BS.775-3: M = %.4g (L + R)", m)}
}

// FoldChain returns the fold-down stages after from: for 7.1.4 the
// matrices to 5.1, 2.0 and 1.0; for 5.1 to 2.0 and 1.0; for stereo to 1.0.
func FoldChain(from *speakers.Layout, opt FoldOptions) []*Downmix {
	var chain []*Downmix
	switch len(from.Channels) {
	case 1:
		return nil
	}
	if from.Name == "0+2+0" {
		return []*Downmix{StereoToMono(opt)}
	}
	if from.Name != "0+5+0" {
		chain = append(chain, ToFiveOne(from, opt))
	}
	return append(chain, FiveOneToStereo(opt), StereoToMono(opt))
}

func zeros(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}

// String prints the matrix with labels, one output channel per line.
func (d *Downmix) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s (%s)\n", d.From.DisplayName(), d.To.DisplayName(), d.Source)
	for o, row := range d.Gains {
		var terms []string
		for i, g := range row {
			if g != 0 {
				terms = append(terms, fmt.Sprintf("%+.4f %s", g, d.From.Channels[i].Label))
			}
		}
		fmt.Fprintf(&b, "  %-6s = %s\n", d.To.Channels[o].Label, strings.Join(terms, " "))
	}
	return b.String()
}
