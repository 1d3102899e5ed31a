package bed

import (
	"fmt"

	"immerse/dsp"
	"immerse/geom"
	"immerse/panner"
	"immerse/speakers"
)

// DefaultLFEToMainsDB is the gain with which, under LFEToMains, the LFE
// channel is mixed into each of M+030 and M-030 when the target has no LFE:
// -3 dB each, so the pair carries the LFE signal at its original power like
// a centre-panned source. The +10 dB in-band gain that a playback system
// gives the LFE channel is not applied (apply it with LFEGainDB if the
// material needs it).
const DefaultLFEToMainsDB = -3.0

// Options controls routing.
type Options struct {
	// LFEToMains mixes LFE into M+030/M-030 when the target has no LFE
	// channel (otherwise LFE is dropped and a warning says so).
	LFEToMains bool
	// LFEGainDB overrides DefaultLFEToMainsDB when non-nil.
	LFEGainDB *float64
}

// Tap is one connection of a routing matrix.
type Tap struct {
	Out  int     // output channel (index in the target layout)
	Gain float64 // linear
}

// Matrix routes the channels of one layout to another (or to the channels
// of an encoder, To = nil). Taps[i] lists the outputs of input channel i
// (BS.2051 order of the source layout).
type Matrix struct {
	From, To *speakers.Layout
	Outputs  int // number of output channels
	Taps     [][]Tap
}

// Route builds the matrix that renders a bed in layout from on the target
// layout to. Warnings describe what could not be routed as is (a dropped
// LFE).
func Route(from, to *speakers.Layout, opt Options) (*Matrix, []string, error) {
	m := &Matrix{From: from, To: to, Outputs: len(to.Channels), Taps: make([][]Tap, len(from.Channels))}
	var warnings []string
	var psp *panner.PointSource
	targetLFE := -1
	for i, c := range to.Channels {
		if c.LFE {
			targetLFE = i
			break
		}
	}
	for i, c := range from.Channels {
		if c.LFE {
			switch {
			case to.Index(c.Label) >= 0 && to.Channels[to.Index(c.Label)].LFE:
				m.Taps[i] = []Tap{{Out: to.Index(c.Label), Gain: 1}}
			case targetLFE >= 0:
				m.Taps[i] = []Tap{{Out: targetLFE, Gain: 1}}
			case opt.LFEToMains:
				l, r := to.Index("M+030"), to.Index("M-030")
				if l < 0 || r < 0 {
					warnings = append(warnings, fmt.Sprintf("%s channel %s dropped: layout %s has no LFE and no M+030/M-030 pair to mix it into", from.DisplayName(), c.Label, to.DisplayName()))
					continue
				}
				db := DefaultLFEToMainsDB
				if opt.LFEGainDB != nil {
					db = *opt.LFEGainDB
				}
				g := dsp.DBToGain(db)
				m.Taps[i] = []Tap{{Out: l, Gain: g}, {Out: r, Gain: g}}
			default:
				warnings = append(warnings, fmt.Sprintf("%s channel %s dropped: layout %s has no LFE channel (use --lfe-to-mains to mix it into the front pair at %g dB)", from.DisplayName(), c.Label, to.DisplayName(), DefaultLFEToMainsDB))
			}
			continue
		}
		if k := to.Index(c.Label); k >= 0 && !to.Channels[k].LFE {
			m.Taps[i] = []Tap{{Out: k, Gain: 1}}
			continue
		}
		if psp == nil {
			var err error
			if psp, err = panner.NewPointSource(to); err != nil {
				return nil, nil, fmt.Errorf("bed: route %s to %s: %w", from.DisplayName(), to.DisplayName(), err)
			}
		}
		g := psp.Gains(nil, c.NominalDirection())
		for k, v := range g {
			if v > 1e-12 {
				m.Taps[i] = append(m.Taps[i], Tap{Out: k, Gain: v})
			}
		}
	}
	return m, warnings, nil
}

// Dense returns the matrix as rows of output channels × input channels.
func (m *Matrix) Dense() [][]float64 {
	out := make([][]float64, m.Outputs)
	for o := range out {
		out[o] = make([]float64, len(m.From.Channels))
	}
	for i, taps := range m.Taps {
		for _, t := range taps {
			out[t.Out][i] += t.Gain
		}
	}
	return out
}

// Encode builds the matrix that encodes a bed in layout from with an
// encoder's gains (e.g. ambisonics): each channel at its nominal direction.
// LFE channels are dropped with a warning: an encoded sound field has no LFE.
func Encode(from *speakers.Layout, outputs int, gains func(dst []float64, dir geom.Vec) []float64) (*Matrix, []string) {
	m := &Matrix{From: from, Outputs: outputs, Taps: make([][]Tap, len(from.Channels))}
	var warnings []string
	for i, c := range from.Channels {
		if c.LFE {
			warnings = append(warnings, fmt.Sprintf("%s channel %s dropped: the encoded format has no LFE channel", from.DisplayName(), c.Label))
			continue
		}
		for k, v := range gains(nil, c.NominalDirection()) {
			if v != 0 {
				m.Taps[i] = append(m.Taps[i], Tap{Out: k, Gain: v})
			}
		}
	}
	return m, warnings
}

// Spread routes each channel of layout from to its own output channel,
// first+i for channel i, out of outputs (a bus of separate channels).
func Spread(from *speakers.Layout, outputs, first int) *Matrix {
	m := &Matrix{From: from, Outputs: outputs, Taps: make([][]Tap, len(from.Channels))}
	for i := range from.Channels {
		m.Taps[i] = []Tap{{Out: first + i, Gain: 1}}
	}
	return m
}

// Mix adds gain × the routed src (channels of From) into dst (channels of
// To). A gain and tap of exactly 1 copy samples bit-exactly.
func (m *Matrix) Mix(dst, src [][]float32, gain float32) {
	for i, taps := range m.Taps {
		in := src[i]
		for _, t := range taps {
			g := float32(t.Gain) * gain
			out := dst[t.Out][:len(in)]
			for n, v := range in {
				out[n] += v * g
			}
		}
	}
}
