package gaincalc

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"

	"immerse/speakers"
)

// DecorrelatorLength is the length in taps of the decorrelation filters of
// the diffuse path (BS.2127 §7.4: random-phase all-pass FIR filters),
// through which renderers pass the diffuse gains of Gains.
const DecorrelatorLength = 512

// DecorrelatorDelay is the delay, in frames, that BS.2127 attributes to a
// decorrelation filter, (DecorrelatorLength-1)/2; the direct path is
// delayed by as much so that both paths stay aligned.
const DecorrelatorDelay = (DecorrelatorLength - 1) / 2

// DecorrelationFilter designs the decorrelation filter with the given seed
// (BS.2127 §7.4): a filter of n taps (n even) whose spectrum has magnitude
// 1 at every bin, phase 0 at DC and Nyquist and, at bins 1 … n/2-1, phases
// 2π·u with u the successive outputs of the MT19937 generator seeded with
// seed, divided by 2^32. The filter is the inverse real DFT of that
// spectrum, so its energy is 1.
func DecorrelationFilter(seed uint32, n int) []float64 {
	if n < 4 || n%2 != 0 {
		panic("gaincalc: DecorrelationFilter needs an even length of at least 4")
	}
	rng := newMT19937(seed)
	spec := make([]complex128, n/2+1)
	spec[0], spec[n/2] = 1, 1
	for k := 1; k < n/2; k++ {
		phase := 2 * math.Pi * (float64(rng.next()) / (1 << 32))
		spec[k] = complex(math.Cos(phase), math.Sin(phase))
	}
	h := fourier.NewFFT(n).Sequence(nil, spec)
	for i := range h {
		h[i] /= float64(n) // gonum's inverse is unnormalised
	}
	return h
}

// Decorrelators returns one decorrelation filter per channel of l (BS.2051
// order, LFE included). The seed of a channel is the index of its label
// among the layout's labels sorted in byte order, so a channel keeps its
// filter whatever the order of the layout (BS.2127 §7.4).
func Decorrelators(l *speakers.Layout) [][]float64 {
	sorted := l.Labels()
	sort.Strings(sorted)
	out := make([][]float64, len(l.Channels))
	for i, c := range l.Channels {
		seed := sort.SearchStrings(sorted, c.Label)
		out[i] = DecorrelationFilter(uint32(seed), DecorrelatorLength)
	}
	return out
}

// mt19937 is the 32-bit Mersenne Twister of Matsumoto and Nishimura
// (1998), seeded like their init_genrand.
type mt19937 struct {
	state [624]uint32
	i     int
}

func newMT19937(seed uint32) *mt19937 {
	m := &mt19937{i: 624}
	m.state[0] = seed
	for i := 1; i < 624; i++ {
		prev := m.state[i-1]
		m.state[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	return m
}

func (m *mt19937) next() uint32 {
	if m.i >= 624 {
		m.twist()
	}
	y := m.state[m.i]
	m.i++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (m *mt19937) twist() {
	s := &m.state
	for k := 0; k < 624; k++ {
		y := s[k]&0x80000000 | s[(k+1)%624]&0x7fffffff
		v := s[(k+397)%624] ^ y>>1
		if y&1 != 0 {
			v ^= 0x9908b0df
		}
		s[k] = v
	}
	m.i = 0
}
