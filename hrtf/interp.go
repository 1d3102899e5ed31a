package hrtf

import (
	"fmt"
	"math"

	"immerse/geom"
)

// Interpolator computes the HRIR pair of any direction from a measured set.
//
// Method (all of it done once in NewInterpolator except the last step):
//
//  1. Onsets. Each measured response's onset is the first time its
//     band-limited magnitude reaches -20 dB of its peak (sub-sample, by
//     bisection on the windowed-sinc interpolation). For sets with noise
//     or pre-ringing before the direct sound, detected by how erratic
//     these onsets are, the -6 dB point of the 3 kHz low-passed responses
//     is used instead (see onsetSpread). The set's Delay is added, giving
//     per measurement and ear a total delay d in samples.
//  2. Alignment. Every response is delayed, band-limited (phase ramp on a
//     zero-padded FFT), so that its onset lands at the same
//     pre-delay P (the latest onset of the set, rounded up): aligned
//     responses of neighbouring directions add coherently instead of
//     comb-filtering.
//  3. Triangulation. The unit measurement directions (duplicates, closer
//     than 0.006°, dropped; the first kept) are meshed by their 3-D convex hull (randomised
//     incremental construction, O(n log n)); coplanar hull triangles are
//     merged into polygons (the quadrilaterals of elevation/azimuth grids),
//     interpolated with Wachspress coordinates, which equal barycentric
//     coordinates on triangles and treat a symmetric quadrilateral
//     symmetrically.
//  4. Uncovered regions. A hull polygon whose circumcircle is wider than
//     30° (or twice the set's median, if larger, up to 60°) spans a
//     region without measurements — the cap below -40° of KEMAR, CIPIC or
//     LISTEN. A virtual direction is added at the polygon's centre, whose
//     aligned response and delays are the plain average of the polygon's
//     corners (for KEMAR: the average of the -40° ring, with an ITD of
//     zero); the hull is then rebuilt. A set in one plane (a horizontal
//     ring) gets two virtual poles this way, averaging all measurements.
//  5. Lookup (per call). A cube-map grid gives a polygon near the
//     direction; a walk across edges reaches the polygon containing it
//     (typically zero to two steps).
//  6. Interpolation (per call). The aligned responses of the polygon's
//     corners are summed with the weights, the delays are interpolated with
//     the same weights, and the interpolated delay is re-applied with a
//     16-tap Kaiser-windowed-sinc fractional delay. Finally the corners'
//     round-trip residuals (measured response minus its aligned,
//     re-delayed self, computed in step 2) are added with the same
//     weights.
//
// The residuals make HRIR exact at a measured direction (to float32
// rounding) whatever the response holds near fs/2, where no fractional
// delay is possible (a half-sample delay has no real-valued form at the
// Nyquist frequency): a set like IRCAM LISTEN, with strong content there,
// would otherwise come back 15-25 dB off; band-limited responses leave
// residuals below -80 dB. Distances are ignored (far field).
//
// An Interpolator keeps scratch buffers: HRIR and Delay are not safe for
// concurrent use. Clone returns an Interpolator sharing the tables with its
// own scratch.
type Interpolator struct {
	*interpTables
	vert []int32
	w    []float64
	prod []float64
	acc  []float32
	kern []float32
}

// interpTables is the read-only part of an Interpolator.
type interpTables struct {
	rate    int
	taps    int     // output length
	pre     float64 // onset of every aligned response, samples
	aligned [][2][]float32
	// resid is, per mesh point and ear, the measured response minus the
	// re-delayed aligned one (Taps long; nil for virtual points): what the
	// windowed-sinc delay cannot restore, mostly content near fs/2.
	resid   [][2][]float32
	delay   [][2]float64 // total delay (onset + Set.Delay), samples
	source  []int        // measurement index per mesh point, -1 for virtual
	virtual int
	// lowpassOnsets tells that onsets were taken on low-passed responses.
	lowpassOnsets bool
	mesh          *mesh // nil for a single-direction set
}

// MaxTaps is the longest response NewInterpolator takes (0.68 s at 48 kHz;
// HRIR sets have 128 to 2048 taps).
const MaxTaps = 1 << 15

// dupChord is the distance below which a direction counts as a duplicate
// of an earlier one (0.006°): closer points would sit within the hull's
// coplanarity tolerance of each other's faces.
const dupChord = 1e-4

// NewInterpolator prepares the interpolation of s (see Interpolator).
func NewInterpolator(s *Set) (*Interpolator, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Taps() > MaxTaps {
		return nil, fmt.Errorf("hrtf: %s: responses of %d taps are longer than the %d an Interpolator takes; truncate or window them", setName(s), s.Taps(), MaxTaps)
	}
	t := &interpTables{rate: s.SampleRate}
	pts, err := t.distinct(s)
	if err != nil {
		return nil, err
	}
	t.align(s)
	t.residuals(s)
	if len(pts) > 1 {
		m, err := t.buildMesh(pts)
		if err != nil {
			return nil, fmt.Errorf("hrtf: %s: %w", setName(s), err)
		}
		t.mesh = m
	}
	return t.newInterpolator(), nil
}

// distinct returns the set's distinct directions (the first of duplicates
// kept) and records which measurement each is in t.source. A hash of
// cells of 0.01 (larger than dupChord) finds the candidates.
func (t *interpTables) distinct(s *Set) ([]geom.Vec, error) {
	const cell = 0.01
	type key [3]int
	keyOf := func(d geom.Vec) key {
		return key{int(math.Floor(d[0] / cell)), int(math.Floor(d[1] / cell)), int(math.Floor(d[2] / cell))}
	}
	seen := map[key][]int{}
	var pts []geom.Vec
	for i, d := range s.Directions {
		if n := d.Norm(); !(math.Abs(n-1) < 1e-6) {
			return nil, fmt.Errorf("hrtf: %s: measurement %d: direction %v is not a unit vector", setName(s), i, d)
		}
		k := keyOf(d)
		dup := false
		for dx := -1; dx <= 1 && !dup; dx++ {
			for dy := -1; dy <= 1 && !dup; dy++ {
				for dz := -1; dz <= 1 && !dup; dz++ {
					for _, j := range seen[key{k[0] + dx, k[1] + dy, k[2] + dz}] {
						if pts[j].Sub(d).Norm() < dupChord {
							dup = true
							break
						}
					}
				}
			}
		}
		if !dup {
			seen[k] = append(seen[k], len(pts))
			pts = append(pts, d)
			t.source = append(t.source, i)
		}
	}
	return pts, nil
}

// align estimates the onsets of the distinct measurements, chooses the
// common pre-delay and the output length, and stores the aligned responses
// and total delays.
func (t *interpTables) align(s *Set) {
	irs := make([][2][]float32, len(t.source))
	for k, i := range t.source {
		irs[k] = s.IR[i]
	}
	onsets, lowpassed := estimateOnsets(irs, s.SampleRate)
	t.lowpassOnsets = lowpassed
	maxOn, minOn, maxExtra := 0.0, math.Inf(1), 0.0
	for k, i := range t.source {
		for ear := 0; ear < 2; ear++ {
			maxOn, minOn = max(maxOn, onsets[k][ear]), min(minOn, onsets[k][ear])
			if s.Delay != nil {
				maxExtra = max(maxExtra, s.Delay[i][ear])
			}
		}
	}
	taps := s.Taps()
	t.pre = math.Ceil(maxOn)
	t.taps = taps + int(math.Ceil(maxExtra))
	alen := taps + int(math.Ceil(t.pre-minOn)) + 1
	al := newFracAligner(alen)
	t.aligned = make([][2][]float32, len(t.source))
	t.delay = make([][2]float64, len(t.source))
	for k, i := range t.source {
		for ear := 0; ear < 2; ear++ {
			a := make([]float32, alen)
			al.delay(a, s.IR[i][ear], t.pre-onsets[k][ear])
			t.aligned[k][ear] = a
			t.delay[k][ear] = onsets[k][ear]
			if s.Delay != nil {
				t.delay[k][ear] += s.Delay[i][ear]
			}
		}
	}
}

// residuals stores, per measurement and ear, what the windowed-sinc
// re-delay of the aligned response misses of the measured one (with its
// Set.Delay applied exactly), so that HRIR is exact at the measured
// directions whatever their content near fs/2.
func (t *interpTables) residuals(s *Set) {
	kern := make([]float32, shiftTaps)
	t.resid = make([][2][]float32, len(t.source))
	want := make([]float32, t.taps)
	var wal *fracAligner
	for k, i := range t.source {
		for ear := 0; ear < 2; ear++ {
			r := make([]float32, t.taps)
			delayInto(r, t.aligned[k][ear], t.delay[k][ear]-t.pre, kern)
			clear(want)
			if s.Delay == nil || s.Delay[i][ear] == 0 {
				copy(want, s.IR[i][ear])
			} else {
				if wal == nil {
					wal = newFracAligner(t.taps)
				}
				wal.delay(want, s.IR[i][ear], s.Delay[i][ear])
			}
			for j := range r {
				r[j] = want[j] - r[j]
			}
			t.resid[k][ear] = r
		}
	}
}

func (t *interpTables) newInterpolator() *Interpolator {
	n := 1
	if t.mesh != nil {
		n = t.mesh.maxN
	}
	return &Interpolator{
		interpTables: t,
		vert:         make([]int32, n),
		w:            make([]float64, n),
		prod:         make([]float64, n),
		acc:          make([]float32, len(t.aligned[0][0])),
		kern:         make([]float32, shiftTaps),
	}
}

// setName names a set in error messages.
func setName(s *Set) string {
	for _, k := range []string{"Filename", "Title", "DatabaseName"} {
		if v := s.Meta[k]; v != "" {
			return v
		}
	}
	return "HRTF set"
}

// Clone returns an Interpolator that shares ip's tables and has its own
// scratch, for use in another goroutine.
func (ip *Interpolator) Clone() *Interpolator { return ip.interpTables.newInterpolator() }

// SampleRate is the rate of the responses in Hz.
func (ip *Interpolator) SampleRate() int { return ip.rate }

// Taps is the length of the responses HRIR writes: the set's length plus
// its largest extra delay (Set.Delay), rounded up.
func (ip *Interpolator) Taps() int { return ip.taps }

// Virtual is the number of virtual directions added to cover regions
// without measurements.
func (ip *Interpolator) Virtual() int { return ip.virtual }

// weights finds the mesh points around dir and their weights; it returns
// the count (the points are in ip.vert, the weights in ip.w).
func (ip *Interpolator) weights(dir geom.Vec) int {
	if ip.mesh == nil {
		ip.vert[0], ip.w[0] = 0, 1
		return 1
	}
	d := dir.Unit()
	if d.Norm() == 0 || math.IsNaN(d[0]+d[1]+d[2]) {
		d = geom.Vec{0, 1, 0}
	}
	return ip.mesh.lookup(d, ip.vert, ip.w, ip.prod)
}

// Delay returns the interpolated total delay (onset) of each ear for
// direction dir, in samples: the delay HRIR applies.
func (ip *Interpolator) Delay(dir geom.Vec) (left, right float64) {
	n := ip.weights(dir)
	for i, v := range ip.vert[:n] {
		left += ip.w[i] * ip.delay[v][0]
		right += ip.w[i] * ip.delay[v][1]
	}
	return left, right
}

// HRIR writes the interpolated impulse responses of direction dir (a
// vector in the ADM frame, normalised here; the zero vector means front)
// to left and right. Both must hold at least Taps() samples; samples beyond
// Taps() are set to zero. It allocates nothing.
func (ip *Interpolator) HRIR(left, right []float32, dir geom.Vec) {
	if len(left) < ip.taps || len(right) < ip.taps {
		panic(fmt.Sprintf("hrtf: HRIR needs %d samples per ear, got %d and %d", ip.taps, len(left), len(right)))
	}
	n := ip.weights(dir)
	vert, w := ip.vert[:n], ip.w[:n]
	for ear, out := range [2][]float32{left, right} {
		acc := ip.acc
		var d float64
		if n == 3 {
			a, b, c := ip.aligned[vert[0]][ear], ip.aligned[vert[1]][ear], ip.aligned[vert[2]][ear]
			wa, wb, wc := float32(w[0]), float32(w[1]), float32(w[2])
			a, b, c = a[:len(acc)], b[:len(acc)], c[:len(acc)]
			for i := range acc {
				acc[i] = wa*a[i] + wb*b[i] + wc*c[i]
			}
			d = w[0]*ip.delay[vert[0]][ear] + w[1]*ip.delay[vert[1]][ear] + w[2]*ip.delay[vert[2]][ear]
		} else {
			clear(acc)
			for k, v := range vert {
				wk := float32(w[k])
				if wk == 0 {
					continue
				}
				a := ip.aligned[v][ear][:len(acc)]
				for i := range acc {
					acc[i] += wk * a[i]
				}
				d += w[k] * ip.delay[v][ear]
			}
		}
		// aligned(t) = response(t - (pre - d)), so the response is the
		// aligned one delayed by d - pre.
		out = out[:len(out):len(out)]
		delayInto(out[:ip.taps], acc, d-ip.pre, ip.kern)
		clear(out[ip.taps:])
		// Plus the weighted round-trip residuals (exact at measurements).
		o := out[:ip.taps]
		for k, v := range vert {
			r := ip.resid[v][ear]
			wk := float32(w[k])
			if r == nil || wk == 0 {
				continue
			}
			r = r[:len(o)]
			for i := range o {
				o[i] += wk * r[i]
			}
		}
	}
}
